// The inbox tab: the views sidebar, the request list and the request area side by side. Until the
// clerk moves a handle (the sizes are kept from then on), the parts follow the window's width: the
// sidebar its list's width, the request area about a third of the rest, and the list what remains —
// at 1366 px enough for reference, service, applicant and due date.
#pragma once

#include <QPointer>
#include <QSplitter>
#include <QStandardItemModel>

class QListView;
class QStackedWidget;
class QTableView;

namespace clerk {

class ViewsModel;

class InboxPage : public QSplitter
{
    Q_OBJECT
public:
    explicit InboxPage(QWidget* parent = nullptr);

    QListView* viewsSidebar() const { return m_viewsView; }
    ViewsModel* views() const { return m_views; }
    QTableView* inboxView() const { return m_inboxView; }
    // Column titles until a workspace brings the inbox model (the window deletes it then).
    QStandardItemModel* placeholderModel() const { return m_placeholder; }
    QStackedWidget* requestArea() const { return m_requestArea; }

    // J and K move through the list, Enter goes into the request (requestEntered).
    bool eventFilter(QObject* watched, QEvent* event) override;

    // The list's columns in the order a clerk triages by, for a clerk who has not arranged them:
    // reference, applicant and due date first, so that a list squeezed between the trainer's dock,
    // the sidebar and the request on a laptop screen still shows them.
    void arrangeColumnsForTriage();
    // The clerk shows and hides the list's columns in a menu at `globalPos` (the reference always
    // shows); true when a column was shown or hidden.
    bool chooseColumns(const QPoint& globalPos);

    // The sizes the clerk left (QSplitter::saveState); empty or unreadable: sized by the width.
    void restoreSizes(const QByteArray& state);

Q_SIGNALS:
    // Enter on a row of the list: the clerk goes into that request.
    void requestEntered();

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void sizeForWidth(int width);

    ViewsModel* m_views = nullptr;
    QListView* m_viewsView = nullptr;
    QPointer<QStandardItemModel> m_placeholder; // the window deletes it once the inbox model is set
    QTableView* m_inboxView = nullptr;
    QStackedWidget* m_requestArea = nullptr;
    bool m_sizedByClerk = false;
};

} // namespace clerk
