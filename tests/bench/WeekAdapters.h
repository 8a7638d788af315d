// Adapters of ./dev bench week: every touch point of the window, the store and the models. Adapt
// these when the APIs change; the week in bench_week.cpp only calls them.
#pragma once

#include "Synthetic.h"
#include "core/archive/EFilePackage.h"
#include "core/store/DocumentCache.h"
#include "core/store/Store.h"
#include "models/InboxModel.h"
#include "server/Catalogue.h"
#include "ui/DocumentViewer.h"
#include "ui/EFileCommands.h"
#include "ui/MainWindow.h"
#include "ui/RequestPane.h"

#include <QAction>
#include <QApplication>
#include <QJsonArray>
#include <QKeyEvent>
#include <QLineEdit>
#include <QListView>
#include <QRandomGenerator>
#include <QTableView>
#include <QTimer>

namespace clerk::bench::adapt {

inline const char* kClerk = "admin"; // the reference server's seeded administrator (all teams)

inline QTableView* list(MainWindow& w)
{
    return w.inboxView();
}
inline InboxModel* inbox(MainWindow& w)
{
    return w.inboxModel();
}
inline QString requestAt(MainWindow& w, int row)
{
    return w.inboxModel()->requestIdAt(row);
}
inline QString shownRequest(MainWindow& w)
{
    return w.requestPane()->requestId();
}
inline QString currentRequest(MainWindow& w)
{
    const QModelIndex i = w.inboxView()->currentIndex();
    return i.isValid() ? w.inboxModel()->requestIdAt(i.row()) : QString();
}
inline void showAllRequestsNewestFirst(MainWindow& w)
{
    w.viewsSidebar()->setCurrentIndex(w.viewsSidebar()->model()->index(5, 0)); // "all requests"
    w.inboxView()->sortByColumn(InboxModel::Received, Qt::DescendingOrder);
}
inline int allCount(MainWindow& w)
{
    return w.viewsSidebar()->model()->index(5, 0).data(ViewsModel::CountRole).toInt();
}

// The debounce timer of the search field (single-shot, 150 ms) made 1 ms.
inline void shortenSearchDebounce(MainWindow& w)
{
    for (QTimer* t : w.findChildren<QTimer*>())
        if (t->isSingleShot() && t->interval() == 150)
            t->setInterval(1);
}
// Types `text` into the search field as keystrokes (empty: clears it).
inline void typeSearch(MainWindow& w, const QString& text)
{
    QLineEdit* field = w.searchField();
    field->setFocus();
    field->selectAll();
    if (text.isEmpty()) {
        QKeyEvent del(QEvent::KeyPress, Qt::Key_Backspace, Qt::NoModifier);
        QCoreApplication::sendEvent(field, &del);
        return;
    }
    for (const QChar c : text) {
        QKeyEvent press(QEvent::KeyPress, 0, Qt::NoModifier, QString(c));
        QCoreApplication::sendEvent(field, &press);
    }
}
// The search's results are in the list (the search runs on a worker thread: its answer came).
inline bool searchShown(MainWindow& w, const QString& text)
{
    return w.inboxModel()->search() == text && !w.inboxModel()->searchPending();
}

// The Request menu's actions by object name; false when disabled.
inline bool trigger(MainWindow& w, const char* name)
{
    auto* a = w.findChild<QAction*>(QLatin1String(name));
    if (!a || !a->isEnabled())
        return false;
    a->trigger();
    return true;
}

inline void openDocument(MainWindow& w, const QString& documentId)
{
    w.openDocument(documentId);
}
inline bool documentShown(MainWindow& w, const QString& documentId)
{
    return w.documentViewer()->documentId() == documentId && w.documentViewer()->pageCount() > 0;
}
inline void closeDocument(MainWindow& w, const QString& requestId)
{
    w.showRequest(requestId);
}
// One rectangle on page 1, as the viewer's rectangle tool writes it.
inline bool annotate(Store& store, const QString& documentId, int n)
{
    Annotation a;
    a.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    a.documentId = documentId;
    a.page = 0;
    a.type = AnnotationType::Rect;
    const double x = 60 + (n % 20) * 20, y = 80 + (n % 30) * 22;
    a.geometry.insert(QStringLiteral("rect"), QJsonArray { x, y, x + 120, y + 18 });
    a.color = QStringLiteral("#e53935");
    a.text = QStringLiteral("Prüfvermerk %1").arg(n);
    return bool(store.createAnnotation(a, QLatin1String(kClerk)));
}
// A request's documents: (id, whether it is a PDF).
inline QList<QPair<QString, bool>> documentsOf(Store& store, const QString& requestId)
{
    QList<QPair<QString, bool>> out;
    for (const Document& d : DocumentCache(store).documentsOf(requestId))
        out << qMakePair(d.id, d.mimeType == QLatin1String("application/pdf"));
    return out;
}
inline bool hasContent(Store& store, const QString& documentId)
{
    return DocumentCache(store).hasContent(documentId);
}

// The e-file export as the Request menu runs it after its file dialog: a job on the window's runner;
// finished at efileExported.
inline bool startEFileExport(MainWindow& w, const QString& requestId, const QString& path)
{
    return w.efileCommands()->exportEFile(requestId, path) != nullptr;
}

// The evening's changes are written through a second Store on the same file (as another
// connection would), so that the window does not reload a thousand times for them.
inline bool addNote(Store& side, const QString& requestId, const QString& text)
{
    return bool(side.addNote(requestId, text, QLatin1String(kClerk)));
}
inline QString outboxSummary(Store& store)
{
    auto c = store.outboxCounts();
    return c ? QStringLiteral("%1 unsent, %2 conflicts, %3 rejected").arg(c->unsent).arg(c->conflicts).arg(c->rejected)
             : QStringLiteral("(outbox not readable: %1)").arg(c.errorString());
}
inline QString assigneeOf(Store& store, const QString& requestId)
{
    auto r = store.request(requestId);
    return r ? r->assignee : QStringLiteral("?");
}

inline Status fillSyntheticStore(Store& store, int rows)
{
    if (auto s = store.upsertServices(server::catalogue::services()); !s)
        return s.error();
    if (Status s = store.beginBulkImport(); !s)
        return s;
    QRandomGenerator g(7);
    QList<Request> batch;
    for (int i = 0; i < rows; ++i) {
        batch << bench::synthetic(i, g);
        if (batch.size() == 5000 || i + 1 == rows) {
            if (Status s = store.bulkImport(batch); !s)
                return s;
            batch.clear();
        }
    }
    return store.finishBulkImport();
}

} // namespace clerk::bench::adapt
