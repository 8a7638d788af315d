// A label whose text wraps and can be selected (the request pane's title, applicant and form
// values), that remembers its height for a width.
//
// QLabel lays its whole text out in a QTextDocument for every heightForWidth() call when its text
// can be selected, and the pane's layouts ask each label several times per pass, also the labels
// whose text did not change (a layout asks all its items again after any change): in ./dev bench
// week this was 8 % of the GUI thread's time. The heights are kept for the text, format and font
// they were measured with, for the last few widths.
#pragma once

#include <QFont>
#include <QLabel>

namespace clerk {

class WrappedLabel : public QLabel
{
    Q_OBJECT
public:
    explicit WrappedLabel(QWidget* parent = nullptr);

    int heightForWidth(int width) const override;

protected:
    void changeEvent(QEvent* event) override;

private:
    struct Height
    {
        int width = -1;
        int height = 0;
    };
    static constexpr int kWidthsKept = 4;
    mutable QString m_measuredText;
    mutable Qt::TextFormat m_measuredFormat = Qt::PlainText;
    mutable QFont m_measuredFont;
    mutable Height m_heights[kWidthsKept];
    mutable int m_next = 0;
};

} // namespace clerk
