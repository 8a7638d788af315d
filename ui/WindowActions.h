// The window's menus apart from File and Request (which MainWindow builds around the e-file
// actions): Edit (find, saved searches, settings), View (the views sidebar, the inbox and the
// document tabs), Help, and the main toolbar with the search field.
#pragma once

#include <QObject>

class QAction;
class QLabel;
class QLineEdit;

namespace clerk {

class DocumentTabs;
class InboxModel;
class MainWindow;

class WindowActions : public QObject
{
    Q_OBJECT
public:
    WindowActions(MainWindow& window, DocumentTabs& tabs);

    void addEditMenu();
    void addViewMenu();
    void addHelpMenu();
    // The toolbar: sync now, the search field, lock.
    void addToolBar(QAction* syncNow, QAction* lock);

    QLineEdit* searchField() const { return m_search; }
    // Beside the search field: how many requests the search shown found, or that it found more
    // than the list holds (refine it). Empty without a search; kept while a newer one is pending.
    QLabel* searchHitsLabel() const { return m_searchHits; }
    void showSearchHits(const InboxModel& model);
    QAction* saveSearchAction() const { return m_saveSearch; }
    QAction* removeSearchAction() const { return m_removeSearch; }

private:
    // Ctrl+F: the document's search in a document tab, the inbox's search elsewhere.
    void find();
    // Enables what fits the tab shown.
    void tabShown();
    // The inbox's search was cleared: the field's undo history goes (see the constructor).
    void forgetSearchEdits();

    MainWindow& m_window;
    DocumentTabs& m_tabs;
    QLineEdit* m_search = nullptr;
    QLabel* m_searchHits = nullptr;
    QAction* m_saveSearch = nullptr;
    QAction* m_removeSearch = nullptr;
    QAction* m_closeDocument = nullptr;
    QAction* m_showInbox = nullptr;
};

} // namespace clerk
