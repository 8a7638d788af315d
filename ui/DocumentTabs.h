// The window's main area as a mail client keeps it: the inbox tab first (views, list and the
// request), which never closes, then one tab per open document, which gets the whole width of
// the window, as a message opened in its own tab in Thunderbird does. Opening a document that is
// open shows its tab; at most kMaxDocuments are open (opening another closes the one looked at
// longest ago); locking the store closes every document, their decrypted bytes with them. While a
// document is shown the window's dock panels (the trainer) fold away, and come back with the inbox.
//
// Only the kAwakeDocuments looked at last have a viewer; an older tab sleeps, as a browser's
// tab does: its viewer goes (widgets, decrypted bytes, the parsed PDF: 1.2-1.3 MiB for a short
// text PDF, a scanned image's whole picture), the tab keeps its title, page, zoom and rotation,
// and the viewer is built again from the store when the tab is chosen. What does not come back:
// the viewer's undo of annotations and its search (the annotations themselves are in the
// store). A document opened with a password, or with an export or print under way, stays awake.
#pragma once

#include <QPointer>
#include <QSet>
#include <QStringList>
#include <QTabWidget>
#include <memory>

class QDockWidget;
class QMainWindow;

namespace clerk {

class DocumentViewer;
class Store;
class SyncEngine;
struct Document;

class JobRunner;

class DocumentTabs : public QTabWidget
{
    Q_OBJECT
public:
    static constexpr int kMaxDocuments = 8;
    static constexpr int kAwakeDocuments = 3;

    // `inbox` becomes the first tab; `window`'s dock widgets fold away while a document is shown.
    DocumentTabs(QWidget* inbox, QMainWindow* window);

    // Documents are read from `store` and annotated as `clerk`; `sync` (may be null) fetches those
    // not on this computer yet.
    void setStore(Store* store, const QString& clerk);
    // The window's job runner: the viewers' exports and printing run on it.
    void setJobRunner(JobRunner* jobs) { m_jobs = jobs; }
    void setSync(SyncEngine* sync);

    // Shows the document in its tab: opened from the store, or fetched first.
    void openDocument(const QString& documentId);
    void showInbox();
    // Closes the document shown (false on the inbox tab).
    bool closeCurrentDocument();
    void closeAllDocuments();

    QWidget* inboxPage() const { return widget(0); }
    bool showsDocument() const { return currentIndex() > 0; }
    int documentCount() const { return count() - 1; }
    // The viewer of the tab shown, or null on the inbox.
    DocumentViewer* currentViewer() const;
    // The viewer shown last (kept when the clerk went back to the inbox), or null.
    DocumentViewer* lastViewer() const;
    // The viewer of an open document; null when it is not open or its tab sleeps.
    DocumentViewer* viewerOf(const QString& documentId) const;
    // The tab of an open document, sleeping or not; -1 when it is not open.
    int indexOfDocument(const QString& documentId) const;
    bool isAsleep(const QString& documentId) const; // (for tests)

private:
    DocumentViewer* addViewer(const Document& document);
    DocumentViewer* makeViewer(const Document& document);
    void sleepAllButRecent();
    void sleep(int index);
    // False when the document could not be read: gone (its tab closes next), or another error (the
    // tab says it and stays asleep).
    bool wake(int index);
    void replaceTab(int index, QWidget* page);
    void retire(DocumentViewer* viewer);
    void load(DocumentViewer* viewer, const Document& document);
    void closeDocumentAt(int index);
    // Closes the documents of requests no longer in the store (purged: the retention period, or the
    // archive took them over), of `requestIds` or of any open one when empty.
    void closeDocumentsOfGone(const QStringList& requestIds);
    void shown(int index);
    void foldDocks(bool fold);
    QWidget* closedViewers();

    QMainWindow* m_window = nullptr;
    Store* m_store = nullptr;
    JobRunner* m_jobs = nullptr;
    SyncEngine* m_sync = nullptr;
    QString m_clerk;
    QSet<QString> m_fetching; // documents asked of the sync engine, not arrived yet
    QStringList m_recent; // open documents, the one looked at longest ago first
    QList<QPointer<QDockWidget>> m_folded; // the docks hidden while a document is shown
    std::unique_ptr<QWidget> m_closed; // a hidden window, the closed viewers' until deleteLater()
};

} // namespace clerk
