// A label whose text wraps and can be selected (the request pane's title, applicant and form
// values), that remembers its height for a width.
//
// QLabel lays its whole text out in a QTextDocument for every heightForWidth() call when its text
// can be selected, and the pane's layouts ask each label several times per pass, also the labels
// whose text did not change (a layout asks all its items again after any change): in ./dev bench
// week this was 8 % of the GUI thread's time. The heights are kept for the last few widths, with
// everything they depend on (the text by a hash: no copy of a request's words stays here).
#pragma once

#include <QFont>
#include <QLabel>
#include <QMargins>

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
    // What a height was measured with, but the width.
    struct Measure
    {
        size_t textHash = 0;
        qsizetype textLength = -1;
        Qt::TextFormat format = Qt::PlainText;
        QFont font;
        int dpi = 0, margin = 0, indent = 0;
        Qt::Alignment alignment;
        Qt::TextInteractionFlags interaction;
        QMargins contents;
        bool wordWrap = false;
        bool operator==(const Measure&) const = default;
    };
    struct Height
    {
        int width = -1;
        int height = 0;
    };
    static constexpr int kWidthsKept = 4;
    Measure measure() const;
    void forgetHeights() const;
    mutable Measure m_measured;
    mutable Height m_heights[kWidthsKept];
    mutable int m_next = 0;
};

} // namespace clerk
