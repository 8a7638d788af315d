// The production start: unlock the encrypted profile through the real dialog (wrong passphrase
// first), work, lock, unlock again and find the same request open.
#include "../common/ScratchProfiles.h"
#include "../common/TestData.h"
#include "app/Workspace.h"
#include "core/Settings.h"
#include "core/store/Store.h"
#include "models/InboxModel.h"
#include "ui/MainWindow.h"
#include "ui/RequestPane.h"
#include "ui/Translations.h"
#include "ui/UnlockDialog.h"

#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <optional>

using namespace clerk;

namespace {
// Workspace::open() answers later (the keyring is asked first): waits for that answer.
bool opened(Workspace& workspace)
{
    std::optional<bool> answer;
    workspace.open([&answer](bool ok) { answer = ok; });
    return QTest::qWaitFor([&answer] { return answer.has_value(); }, 60000) && answer.value();
}
} // namespace

class TestWorkspace : public QObject
{
    Q_OBJECT
private:
    // Answers the next modal unlock dialog: each passphrase in turn, pressing Enter.
    void answerUnlock(QStringList passphrases, QStringList* messages)
    {
        QTimer::singleShot(50, this, [this, passphrases, messages]() mutable {
            auto* dialog = qobject_cast<UnlockDialog*>(QApplication::activeModalWidget());
            if (!dialog) {
                answerUnlock(passphrases, messages);
                return;
            }
            const QString next = passphrases.takeFirst();
            dialog->passphraseField()->setText(next);
            QTest::keyClick(dialog->passphraseField(), Qt::Key_Return);
            if (dialog->isVisible()) {
                messages->append(dialog->messageLabel()->text());
                if (!passphrases.isEmpty())
                    answerUnlock(passphrases, messages);
                else
                    dialog->reject();
            }
        });
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        test::useScratchProfiles(m_dir);
        Store s(Workspace::profilePath(QStringLiteral("test")));
        QVERIFY(s.create("richtige-passphrase"));
        QVERIFY(s.upsertServices({ testdata::parkingService() }));
        QVERIFY(s.upsertRequests({ testdata::request(1, QStringLiteral("Anna Koch")),
            testdata::request(2, QStringLiteral("Bernd Bauer")) }));
        QVERIFY(s.setMeta(QStringLiteral("clerk_login"), QStringLiteral("b.hartmann")));
    }

    void unlockWorkLockUnlock()
    {
        Settings settings(m_dir.filePath(QStringLiteral("user.conf")), { m_dir.filePath(QStringLiteral("none")) });
        MainWindow window(settings);
        window.show();
        Workspace workspace(settings, window, QStringLiteral("test"));
        QStringList messages;
        answerUnlock({ QStringLiteral("falsch-falsch"), QStringLiteral("richtige-passphrase") }, &messages);
        QVERIFY(opened(workspace));
        QCOMPARE(messages.size(), 1);
        QVERIFY2(messages.first().contains(QLatin1String("passphrase is wrong")), qPrintable(messages.first()));
        window.viewsSidebar()->setCurrentIndex(window.viewsSidebar()->model()->index(5, 0)); // all requests
        QTRY_COMPARE(window.inboxModel()->rowCount(), 2);
        window.inboxView()->selectRow(1);
        QTRY_VERIFY(!window.requestPane()->requestId().isEmpty());
        const QString open = window.requestPane()->requestId();
        // No backend configured: said plainly, work goes on offline.
        QVERIFY(window.connectionIndicator()->toolTip().contains(QLatin1String("backend")));

        // Lock: nothing of the requests on screen while the dialog asks.
        bool emptyWhileLocked = false;
        QTimer::singleShot(30, this, [&] { emptyWhileLocked = window.inboxModel()->rowCount() == 0; });
        answerUnlock({ QStringLiteral("richtige-passphrase") }, &messages);
        workspace.lock();
        QVERIFY(emptyWhileLocked);
        QTRY_COMPARE(window.inboxModel()->rowCount(), 2);
        QCOMPARE(window.requestPane()->requestId(), open);
    }

private:
    QTemporaryDir m_dir;
};

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    installTranslations(QStringLiteral("en"));
    TestWorkspace t;
    return QTest::qExec(&t, argc, argv);
}

#include "tst_workspace.moc"
