// A keyring that never answers (a hung Secret Service: a fault a real keyring cannot be made to
// show on demand) must not hold the clerk. Opening a profile asks for the passphrase once the
// keyring has not answered in time, and says why; "remember on this computer" closes the unlock
// dialog unlocked, the key not remembered. A late answer changes nothing.
#include "../common/ModalDialogs.h"
#include "../common/ScratchProfiles.h"
#include "app/Workspace.h"
#include "core/Keyring.h"
#include "core/Settings.h"
#include "core/store/Store.h"
#include "ui/MainWindow.h"
#include "ui/Translations.h"
#include "ui/UnlockDialog.h"

#include <QApplication>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace clerk;

namespace {
const QByteArray kPassphrase = QByteArrayLiteral("richtige-passphrase");

// Takes every call and answers none, until the test answers the calls it kept.
class SilentKeyring : public Keyring
{
public:
    void storeKey(const QString&, const QByteArray&, StatusDone done) override { stores << std::move(done); }
    void readKey(const QString&, KeyDone done) override { reads << std::move(done); }
    void removeKey(const QString&, StatusDone done) override { stores << std::move(done); }

    QList<StatusDone> stores;
    QList<KeyDone> reads;
};
} // namespace

class TestKeyringSilence : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        test::useScratchProfiles(m_dir);
    }

    void openingAsksForThePassphrase()
    {
        {
            Store s(Workspace::profilePath(QStringLiteral("silent")));
            QVERIFY(s.create(kPassphrase));
        }
        Settings settings(m_dir.filePath(QStringLiteral("user.conf")), { m_dir.filePath(QStringLiteral("none")) });
        MainWindow window(settings);
        window.show();
        auto owned = std::make_unique<SilentKeyring>();
        SilentKeyring* keyring = owned.get();
        Workspace workspace(settings, window, QStringLiteral("silent"), nullptr, std::move(owned));
        workspace.setKeyringTimeout(300);
        bool asked = false;
        QString shown;
        test::whenModal<UnlockDialog>(this, [&](UnlockDialog* d) {
            asked = true;
            shown = window.statusBar()->currentMessage();
            d->passphraseField()->setText(QString::fromLatin1(kPassphrase));
            QTest::keyClick(d->passphraseField(), Qt::Key_Return);
        });
        int answers = 0;
        bool opened = false;
        workspace.open([&](bool ok) {
            ++answers;
            opened = ok;
        });
        QCOMPARE(keyring->reads.size(), 1); // it was asked first
        QTRY_COMPARE_WITH_TIMEOUT(answers, 1, 30000);
        QVERIFY(asked);
        QVERIFY(opened);
        QVERIFY(workspace.store()->isUnlocked());
        QCOMPARE(shown, Workspace::tr("The keyring did not answer; please enter your passphrase."));
        // The keyring answers after all, with a key: nothing more happens.
        keyring->reads.first()(Result<QByteArray>(QByteArray(32, 'k')));
        QTest::qWait(50);
        QCOMPARE(answers, 1);
        QVERIFY(workspace.store()->isUnlocked());
    }

    void rememberingClosesTheDialogUnlocked()
    {
        const QString path = m_dir.filePath(QStringLiteral("remember.db"));
        {
            Store s(path);
            QVERIFY(s.create(kPassphrase));
        }
        Store store(path);
        SilentKeyring keyring;
        UnlockDialog dialog(store, &keyring, QStringLiteral("remember"));
        dialog.setKeyringTimeout(300);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        dialog.passphraseField()->setText(QString::fromLatin1(kPassphrase));
        dialog.rememberBox()->setChecked(true);
        dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
        QCOMPARE(keyring.stores.size(), 1);
        QVERIFY(store.isUnlocked());
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.isVisible(), 30000);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QVERIFY(dialog.isEnabled());
        QCOMPARE(dialog.messageLabel()->text(),
            UnlockDialog::tr("The keyring did not answer in time, so your key may not be remembered on this "
                             "computer; ClerkDesk then asks for your passphrase next time."));
        // A late refusal does not reopen or change anything.
        keyring.stores.first()(Error { Error::Locked, Keyring::tr("Access to the keyring was denied."), {} });
        QVERIFY(!dialog.isVisible());
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QVERIFY(store.isUnlocked());
    }

private:
    QTemporaryDir m_dir;
};

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    installTranslations(QStringLiteral("en"));
    TestKeyringSilence t;
    return QTest::qExec(&t, argc, argv);
}

#include "tst_keyring_silence.moc"
