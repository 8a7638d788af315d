// The Request menu's triage on the requests selected in the inbox: claim, assign, change status,
// add a note, request documents, open a document, mark read or unread, flag. A change to several
// requests is one change per request; the status bar says how many went through and why the
// first that did not failed.
#pragma once

#include "core/Result.h"
#include "core/domain/Domain.h"

#include <QObject>
#include <QPointer>
#include <functional>

class QAction;
class QInputDialog;

namespace clerk {

class MainWindow;
class Store;

class RequestActions : public QObject
{
    Q_OBJECT
public:
    explicit RequestActions(MainWindow& window);

    void attach(Store& store, const QString& clerk);
    // In menu order, separators included; disabled until requests are selected.
    QList<QAction*> actions() const { return m_actions; }

    void claim();
    void assign();
    void changeStatus();
    void addNote();
    void requestDocuments();
    void toggleRead();
    void toggleFlag();
    // The document chosen in the request's list, or its first: in a tab of its own.
    void openDocument();

private:
    QAction* add(const QString& text, const char* name, const QKeySequence& keys, void (RequestActions::*slot)());
    void report(int done, const QStringList& errors, const QString& what);
    // Asks for one of `items` (the first offered; `editable`: or a text typed) in one of the window's
    // two choice dialogs (one editable, one not), built at the first question and shown again for
    // each: built anew (as QInputDialog::getItem does) it stopped the window for about 40 ms at each
    // assignment (bench week's stall stacks). Not one dialog switched between editable and not:
    // QComboBox::setEditable gives the combo new item delegates each time and keeps the old ones
    // (heaptrack: 250 KiB over a week at scale 0.2). Empty when cancelled.
    QString choose(const QString& title, const QString& label, const QStringList& items, bool editable);
    // Applies one change per request and reports how many went through (and the first failure).
    void changeEach(const QStringList& ids, const std::function<Result<Mutation>(const QString&)>& change,
        const std::function<QString(int)>& success);

    MainWindow& m_window;
    Store* m_store = nullptr;
    QString m_clerk;
    QList<QAction*> m_actions;
    QPointer<QInputDialog> m_choosers[2]; // by `editable`
};

} // namespace clerk
