#include "DocumentTabs.h"

#include "DocumentExports.h"
#include "DocumentViewer.h"
#include "core/store/DocumentCache.h"
#include "core/store/Store.h"
#include "core/sync/SyncEngine.h"

#include <QDockWidget>
#include <QLabel>
#include <QMainWindow>
#include <QTabBar>

namespace clerk {

namespace {
// A sleeping tab's page: which document, and where the clerk was in it (DocumentTabs.h). Shown
// only when its document could not be read as it woke (it says why then).
class SleepingDocument : public QLabel
{
public:
    SleepingDocument(const DocumentViewer& viewer)
        : state(viewer.viewState())
    {
        setObjectName(QStringLiteral("sleepingDocument"));
        setAlignment(Qt::AlignCenter);
        setWordWrap(true);
        setMargin(24);
        for (const char* name : { "documentId", "requestId" })
            setProperty(name, viewer.property(name));
    }
    const DocumentViewer::ViewState state;
};
} // namespace

DocumentTabs::DocumentTabs(QWidget* inbox, QMainWindow* window)
    : QTabWidget(window)
    , m_window(window)
{
    setObjectName(QStringLiteral("documentTabs"));
    setAccessibleName(tr("Inbox and open documents"));
    setDocumentMode(true);
    setTabsClosable(true);
    setTabBarAutoHide(true); // no tab bar until a document is open: the inbox keeps its height
    tabBar()->setSelectionBehaviorOnRemove(QTabBar::SelectLeftTab); // as in a mail client (closeDocumentAt)
    tabBar()->setElideMode(Qt::ElideMiddle);
    tabBar()->setUsesScrollButtons(true);
    tabBar()->setAccessibleName(tr("Open documents"));
    addTab(inbox, tr("Inbox"));
    setTabToolTip(0, tr("The inbox (Ctrl+1)"));
    // The inbox never closes.
    for (auto side : { QTabBar::LeftSide, QTabBar::RightSide })
        tabBar()->setTabButton(0, side, nullptr);
    connect(this, &QTabWidget::tabCloseRequested, this, [this](int index) {
        if (index > 0)
            closeDocumentAt(index);
    });
    connect(this, &QTabWidget::currentChanged, this, &DocumentTabs::shown);
}

void DocumentTabs::setStore(Store* store, const QString& clerk)
{
    closeAllDocuments();
    m_store = store;
    m_clerk = clerk;
    if (!store)
        return;
    connect(store, &Store::locked, this, &DocumentTabs::closeAllDocuments, Qt::UniqueConnection);
    connect(store, &Store::requestsChanged, this, &DocumentTabs::closeDocumentsOfGone, Qt::UniqueConnection);
}

void DocumentTabs::closeDocumentsOfGone(const QStringList& requestIds)
{
    if (!m_store || !m_store->isUnlocked())
        return;
    // Which first, then each by its id: a tab closed may show the one to its left, which wakes
    // (or, its request gone too, is closed later): the indexes move meanwhile.
    QStringList gone;
    for (int i = 1; i < count(); ++i) {
        const QString request = widget(i)->property("requestId").toString();
        if (request.isEmpty() || (!requestIds.isEmpty() && !requestIds.contains(request)))
            continue;
        if (auto r = m_store->request(request); !r && r.error().code == Error::NotFound)
            gone << widget(i)->property("documentId").toString();
    }
    for (const QString& id : std::as_const(gone))
        closeDocumentAt(indexOfDocument(id)); // the decrypted bytes go with the viewer
}

void DocumentTabs::setSync(SyncEngine* sync)
{
    m_sync = sync;
    m_fetching.clear();
    if (!sync)
        return;
    connect(sync, &SyncEngine::documentFetched, this, [this](const QString& id, const QString& error) {
        if (!m_fetching.remove(id) || !m_store)
            return;
        DocumentViewer* viewer = viewerOf(id);
        auto doc = DocumentCache(*m_store).document(id);
        if (!viewer || !doc)
            return; // closed while it was on its way
        if (error.isEmpty())
            load(viewer, *doc);
        else
            viewer->showMessage(doc->title, error); // the failed fetch shows its reason under the title
    });
}

void DocumentTabs::openDocument(const QString& documentId)
{
    if (!m_store)
        return;
    DocumentCache cache(*m_store);
    auto doc = cache.document(documentId);
    if (!doc)
        return;
    if (const int open = indexOfDocument(documentId); open > 0) {
        setCurrentIndex(open); // (a sleeping tab wakes: shown())
        if (auto* viewer = viewerOf(documentId); viewer && viewer->pageCount() == 0 && !m_fetching.contains(documentId))
            load(viewer, *doc); // it failed before: try again
        return;
    }
    DocumentViewer* viewer = addViewer(*doc);
    setCurrentWidget(viewer);
    load(viewer, *doc);
    if (documentCount() > kMaxDocuments && !m_recent.isEmpty())
        closeDocumentAt(indexOfDocument(m_recent.first()));
}

DocumentViewer* DocumentTabs::addViewer(const Document& document)
{
    DocumentViewer* viewer = makeViewer(document);
    QString reference;
    if (auto request = m_store->request(document.requestId))
        reference = request->reference;
    const int index = addTab(viewer, document.title);
    setTabToolTip(index, reference.isEmpty() ? document.title : tr("Request %1: %2").arg(reference, document.title));
    return viewer;
}

DocumentViewer* DocumentTabs::makeViewer(const Document& document)
{
    // Built without a parent and put into its tab whole: each of its widgets then joins the
    // viewer's own focus chain, not the window's, which Qt walks in full for every widget added
    // (with eight documents open, a few thousand widgets per toolbar button).
    auto* viewer = new DocumentViewer;
    viewer->exports()->setJobRunner(m_jobs);
    viewer->setStore(m_store, m_clerk);
    viewer->setProperty("documentId", document.id);
    viewer->setProperty("requestId", document.requestId);
    connect(viewer, &DocumentViewer::closeRequested, this, [this, viewer] {
        closeDocumentAt(indexOf(viewer));
        showInbox();
    });
    return viewer;
}

void DocumentTabs::load(DocumentViewer* viewer, const Document& document)
{
    DocumentCache cache(*m_store);
    if (cache.hasContent(document.id)) {
        auto bytes = cache.content(document.id);
        if (bytes)
            viewer->open(document.title, document.mimeType, bytes.value(), document.id);
        else
            viewer->showMessage(document.title, bytes.errorString());
        return;
    }
    if (!m_sync) {
        viewer->showMessage(document.title,
            tr("This document is not on this computer yet, and there is no connection to "
               "the city backend to fetch it."));
        return;
    }
    m_fetching.insert(document.id);
    viewer->showMessage(document.title, tr("Fetching the document from the city backend…"));
    m_sync->fetchDocument(document.id);
}

void DocumentTabs::showInbox()
{
    setCurrentIndex(0);
}

bool DocumentTabs::closeCurrentDocument()
{
    if (!showsDocument())
        return false;
    closeDocumentAt(currentIndex());
    return true;
}

void DocumentTabs::closeAllDocuments()
{
    setCurrentIndex(0); // (first: no sleeping tab to the left of one closed wakes; the store may be locked)
    while (count() > 1)
        closeDocumentAt(count() - 1);
}

void DocumentTabs::closeDocumentAt(int index)
{
    QWidget* page = index > 0 ? widget(index) : nullptr;
    if (!page)
        return;
    const QString id = page->property("documentId").toString();
    m_recent.removeAll(id);
    m_fetching.remove(id);
    // The tab to the left follows, as in a mail client; the last document closed: the inbox. It is
    // shown once this one is gone (shown() may wake it, put others to sleep or close it: the
    // indexes move then).
    const bool wasShown = index == currentIndex();
    {
        const QSignalBlocker quiet(this);
        removeTab(index); // (SelectLeftTab: the one to its left is current now)
    }
    if (auto* viewer = qobject_cast<DocumentViewer*>(page))
        retire(viewer); // the decrypted bytes go with it
    else
        delete page; // a sleeping tab's stand-in
    if (wasShown)
        shown(currentIndex());
}

void DocumentTabs::retire(DocumentViewer* viewer)
{
    // Into a hidden window of its own before it goes: its widgets, removed one by one when it is
    // deleted, then leave that small focus chain and not the main window's (see makeViewer).
    // Deleted by the next pass of the event loop, or with this object at the latest.
    viewer->hide();
    viewer->setParent(closedViewers());
    viewer->deleteLater();
}

void DocumentTabs::sleepAllButRecent()
{
    const QStringList awake = m_recent.mid(qMax(0, m_recent.size() - kAwakeDocuments));
    for (int i = 1; i < count(); ++i)
        if (auto* viewer = qobject_cast<DocumentViewer*>(widget(i)); viewer && i != currentIndex()
            && !awake.contains(viewer->property("documentId").toString()) && viewer->canSleep())
            sleep(i);
}

void DocumentTabs::sleep(int index)
{
    auto* viewer = qobject_cast<DocumentViewer*>(widget(index));
    replaceTab(index, new SleepingDocument(*viewer));
    retire(viewer);
}

bool DocumentTabs::wake(int index)
{
    auto* sleeping = dynamic_cast<SleepingDocument*>(widget(index));
    const QString id = sleeping->property("documentId").toString();
    auto doc = m_store && m_store->isUnlocked() ? DocumentCache(*m_store).document(id)
                                                : Result<Document>(Error { Error::Locked, {}, id });
    if (!doc && doc.error().code == Error::NotFound) {
        // Its request went while it slept: closed when this change of tab is over (not from
        // inside it: a close may be what is showing this tab).
        QMetaObject::invokeMethod(this, [this, id] { closeDocumentAt(indexOfDocument(id)); }, Qt::QueuedConnection);
        return false;
    }
    if (!doc) { // (the store busy, a read failing): it stays asleep and says why
        sleeping->setText(tr("The document could not be read: %1\nShow another tab and this one again to retry.")
                .arg(doc.errorString()));
        return false;
    }
    DocumentViewer* viewer = makeViewer(*doc);
    replaceTab(index, viewer);
    load(viewer, *doc);
    viewer->restoreViewState(sleeping->state);
    delete sleeping;
    return true;
}

void DocumentTabs::replaceTab(int index, QWidget* page)
{
    // Quiet: the indexes shift on the way, and each shift would run shown() for a tab that is not
    // changing. The tab shown stays the one shown (the new page, if it was this one).
    const bool current = index == currentIndex();
    const QSignalBlocker quiet(this);
    insertTab(index + 1, page, tabText(index));
    setTabToolTip(index + 1, tabToolTip(index));
    if (current)
        setCurrentIndex(index + 1);
    removeTab(index);
}

QWidget* DocumentTabs::closedViewers()
{
    if (!m_closed)
        m_closed = std::make_unique<QWidget>();
    return m_closed.get();
}

DocumentViewer* DocumentTabs::currentViewer() const
{
    return qobject_cast<DocumentViewer*>(currentWidget());
}

DocumentViewer* DocumentTabs::lastViewer() const
{
    return m_recent.isEmpty() ? nullptr : viewerOf(m_recent.last());
}

DocumentViewer* DocumentTabs::viewerOf(const QString& documentId) const
{
    return qobject_cast<DocumentViewer*>(widget(indexOfDocument(documentId)));
}

int DocumentTabs::indexOfDocument(const QString& documentId) const
{
    for (int i = 1; i < count(); ++i)
        if (widget(i)->property("documentId").toString() == documentId)
            return i;
    return -1;
}

bool DocumentTabs::isAsleep(const QString& documentId) const
{
    const int index = indexOfDocument(documentId);
    return index > 0 && !qobject_cast<DocumentViewer*>(widget(index));
}

void DocumentTabs::shown(int index)
{
    if (index > 0 && !qobject_cast<DocumentViewer*>(widget(index)) && !wake(index)) {
        foldDocks(true);
        return; // (it says why, or is closed next)
    }
    if (auto* viewer = qobject_cast<DocumentViewer*>(widget(index))) {
        const QString id = viewer->property("documentId").toString();
        m_recent.removeAll(id);
        m_recent << id;
        sleepAllButRecent();
    }
    foldDocks(index > 0);
}

void DocumentTabs::foldDocks(bool fold)
{
    if (!m_window)
        return;
    if (fold) {
        for (QDockWidget* dock : m_window->findChildren<QDockWidget*>(Qt::FindDirectChildrenOnly))
            if (dock->isVisible() && !dock->isFloating()) {
                m_folded << dock;
                dock->hide();
            }
        return;
    }
    for (QDockWidget* dock : std::as_const(m_folded))
        if (dock)
            dock->show();
    m_folded.clear();
}

} // namespace clerk
