// The viewer's top bar: back to the request, the document's title, zoom, rotation, page jump, find
// in document, print and export. A QToolBar, so that in a narrow window the controls that do not
// fit fold into its "»" menu instead of being squeezed until their labels are cut.
#pragma once

#include <QToolBar>

class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QToolButton;

namespace clerk {

class ViewerToolBar : public QToolBar
{
    Q_OBJECT
public:
    explicit ViewerToolBar(QWidget* parent = nullptr);

    QLabel* titleLabel() const { return m_title; }
    QLineEdit* searchField() const { return m_search; }
    void setTitle(const QString& title);
    void setPageCount(int pages);
    void showPage(int page); // from 0, without asking to go there
    // The zoom box: "Fit width", "Fit page" or the percentage.
    void showZoom(bool fitWidth, bool fitPage, double zoom);
    void setHitText(const QString& text);
    void setExportEnabled(bool enabled);
    void clearSearch();

Q_SIGNALS:
    void backRequested();
    void zoomInRequested();
    void zoomOutRequested();
    void fitWidthRequested();
    void fitPageRequested();
    void zoomRequested(double zoom); // 1.0 = 100 %
    void rotateRequested(int degrees); // clockwise
    void pageRequested(int page); // from 0
    void searchRequested(const QString& text); // after a short pause in typing
    void nextHitRequested();
    void previousHitRequested();
    void printRequested();
    void exportAnnotatedRequested(bool flatten);
    void exportRedactedRequested();
    void exportXfdfRequested();
    void importXfdfRequested();

private:
    QAction* addButton(const QString& text, const QString& tip, const QKeySequence& key = {});

    QLabel* m_title = nullptr;
    QComboBox* m_zoom = nullptr;
    QSpinBox* m_page = nullptr;
    QLabel* m_pageTotal = nullptr;
    QLineEdit* m_search = nullptr;
    QLabel* m_hits = nullptr;
    QToolButton* m_export = nullptr;
};

} // namespace clerk
