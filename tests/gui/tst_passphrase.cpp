// Settings → "Change passphrase…" through the real dialogs on a real profile: wrong current
// passphrase, differing and short new ones are refused with a visible message and change nothing;
// the change re-encrypts the documents (progress shown) and replaces the key remembered in the
// keyring; a refused keyring write is explained; a re-encryption cut off is finished at the next
// unlock. The test machines have no keyring service (tst_keyring skips its round trip there), so a
// stand-in keeps the key in memory and can refuse a write (the fault).
#include "../common/ModalDialogs.h"
#include "../common/ScratchProfiles.h"
#include "../common/TestData.h"
#include "app/Workspace.h"
#include "core/Keyring.h"
#include "core/Settings.h"
#include "core/store/ContentFiles.h"
#include "core/store/ContentKeyRotation.h"
#include "core/store/DocumentCache.h"
#include "core/store/Store.h"
#include "models/InboxModel.h"
#include "models/ViewsModel.h"
#include "ui/ChangePassphraseDialog.h"
#include "ui/MainWindow.h"
#include "ui/SettingsDialog.h"
#include "ui/Translations.h"
#include "ui/UnlockDialog.h"

#include <QAbstractSpinBox>
#include <QAccessible>
#include <QApplication>
#include <QBuffer>
#include <QCheckBox>
#include <QCryptographicHash>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QProgressBar>
#include <QPushButton>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTranslator>
#include <optional>

using namespace clerk;

namespace {
const QByteArray kOld = QByteArrayLiteral("richtige-passphrase");
const QByteArray kNew = QByteArrayLiteral("Neue-Passphrase-2026");

// What the stand-in keyring holds; outlives the Workspace that owns the keyring.
struct KeyringState
{
    QHash<QString, QByteArray> entries;
    bool refuseWrites = false;
    bool refuseReads = false;
    int pending = 0; // calls not answered yet
};

// Answers later, as the OS keyring does; the entries change at once.
class MemoryKeyring : public Keyring
{
public:
    explicit MemoryKeyring(KeyringState& state)
        : m_state(state)
    { }
    void storeKey(const QString& profile, const QByteArray& key, StatusDone done) override
    {
        Status s;
        if (m_state.refuseWrites)
            s = Error { Error::Locked, Keyring::tr("Access to the keyring was denied."), QStringLiteral("test fault") };
        else
            m_state.entries.insert(profile, key);
        answer([done, s] { done(s); });
    }
    void readKey(const QString& profile, KeyDone done) override
    {
        Result<QByteArray> r = m_state.entries.value(profile);
        if (m_state.refuseReads)
            r = Error { Error::Locked, Keyring::tr("Access to the keyring was denied."), QStringLiteral("test fault") };
        else if (!m_state.entries.contains(profile))
            r = Error { Error::NotFound, Keyring::tr("No key is remembered on this computer."), {} };
        answer([done, r] { done(r); });
    }
    void removeKey(const QString& profile, StatusDone done) override
    {
        m_state.entries.remove(profile);
        answer([done] { done({}); });
    }

private:
    void answer(std::function<void()> f)
    {
        ++m_state.pending;
        QTimer::singleShot(0, context(), [this, f] {
            f(); // calls made from here count before this one is done
            --m_state.pending;
        });
    }
    KeyringState& m_state;
};

// Workspace::open() answers later (the keyring is asked first): waits for that answer.
bool opened(Workspace& workspace)
{
    std::optional<bool> answer;
    workspace.open([&answer](bool ok) { answer = ok; });
    return QTest::qWaitFor([&answer] { return answer.has_value(); }, 60000) && answer.value();
}

QByteArray fileHash(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex()
                                       : QByteArray("<missing>");
}

QPushButton* okButton(QDialog* d)
{
    return d->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
}

// Focusable widgets without a name as assistive technology sees it.
QString unnamed(QWidget* window)
{
    QStringList out;
    for (QWidget* w : window->findChildren<QWidget*>()) {
        if (!w->isVisible() || w->focusPolicy() == Qt::NoFocus)
            continue;
        if (qobject_cast<QAbstractSpinBox*>(w->parentWidget()))
            continue; // a spin box's line edit: the spin box is what assistive technology names
        QAccessibleInterface* iface = QAccessible::queryAccessibleInterface(w);
        if (!iface || iface->text(QAccessible::Name).trimmed().isEmpty())
            out << QStringLiteral("%1 (%2)").arg(QString::fromLatin1(w->metaObject()->className()), w->objectName());
    }
    return out.join(QStringLiteral(", "));
}
} // namespace

class TestPassphrase : public QObject
{
    Q_OBJECT
private:
    // Runs `fn` on the next modal dialog of type T (polling until it is up).
    template <typename T> void whenModal(std::function<void(T*)> fn) { test::whenModal<T>(this, std::move(fn)); }

    // A profile with three documents in files and one in the database; returns its raw key.
    QByteArray makeProfile(const QString& profile)
    {
        Store s(Workspace::profilePath(profile));
        if (!s.create(kOld))
            qFatal("create failed");
        if (!s.upsertServices({ testdata::parkingService() })
            || !s.upsertRequests({ testdata::request(1, QStringLiteral("Anna Koch")) }))
            qFatal("upsert failed");
        DocumentCache cache(s);
        m_docs.clear();
        for (int i = 0; i < 4; ++i) {
            const QString id = QStringLiteral("%1-doc-%2").arg(profile).arg(i);
            QByteArray bytes(300000 * (i + 1), Qt::Uninitialized);
            for (qsizetype b = 0; b < bytes.size(); ++b)
                bytes[b] = char((b * 31 + i * 7) & 0xff);
            if (!cache.upsertDocuments({ Document { id, QStringLiteral("req-000001"), id, QStringLiteral("attachment"),
                    QStringLiteral("application/pdf"), bytes.size(),
                    QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex(), 1 } }))
                qFatal("document failed");
            const bool ok = i == 3 ? cache.appendContent(id, bytes).ok() && cache.completeContent(id).ok() : [&] {
                QBuffer in(&bytes);
                in.open(QIODevice::ReadOnly);
                return cache.putContent(id, in).ok();
            }();
            if (!ok)
                qFatal("content failed");
            m_docs.insert(id, bytes);
        }
        m_contentKey = QByteArray::fromHex(s.meta().value(QStringLiteral("content_key")).value().toLatin1());
        return s.rawKey();
    }

    void verifyProfile(const QString& profile, const QByteArray& passphrase)
    {
        Store s(Workspace::profilePath(profile));
        QCOMPARE(s.unlock(kOld).error().code, Error::WrongPassphrase);
        QVERIFY(s.unlock(passphrase));
        QVERIFY(!s.contentKeyRotationPending());
        DocumentCache cache(s);
        for (auto it = m_docs.cbegin(); it != m_docs.cend(); ++it) {
            auto back = cache.content(it.key());
            QVERIFY2(back.ok() && back.value() == it.value(), qPrintable(it.key()));
        }
        // No file opens with the document key the profile had before the change.
        const ContentFiles old(s.contentFiles()->folder(), m_contentKey);
        int files = 0;
        for (auto it = m_docs.cbegin(); it != m_docs.cend(); ++it) {
            if (!QFile::exists(old.pathOf(it.key())))
                continue;
            ++files;
            QVERIFY2(!old.open(it.key(), 0, it.value().size()), qPrintable(it.key()));
        }
        QCOMPARE(files, 3);
    }

    // Opens the settings, presses "Change passphrase…" and hands the dialog to `fn`.
    void changeThroughSettings(MainWindow& window, bool* available, std::function<void(ChangePassphraseDialog*)> fn)
    {
        whenModal<SettingsDialog>([this, available, fn](SettingsDialog* settings) {
            *available = settings->passphraseButton()->isEnabled();
            whenModal<ChangePassphraseDialog>(fn);
            settings->passphraseButton()->click(); // returns when the dialog closed
            settings->reject();
        });
        window.showSettings();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        test::useScratchProfiles(m_dir);
    }

    void changeFromSettings()
    {
        const QByteArray raw = makeProfile(QStringLiteral("change"));
        const QString path = Workspace::profilePath(QStringLiteral("change"));
        KeyringState state;
        KeyringState* remembered = &state;
        auto keyring = std::make_unique<MemoryKeyring>(state);
        remembered->entries.insert(QStringLiteral("change"), raw); // "remember on this computer" in use
        Settings settings(m_dir.filePath(QStringLiteral("user.conf")), { m_dir.filePath(QStringLiteral("none")) });
        {
            MainWindow window(settings);
            window.show();
            Workspace workspace(settings, window, QStringLiteral("change"), nullptr, std::move(keyring));
            QVERIFY(opened(workspace)); // quietly, with the remembered key
            window.viewsSidebar()->setCurrentIndex(window.viewsSidebar()->model()->index(5, 0)); // all requests
            QTRY_COMPARE(window.inboxModel()->rowCount(), 1);

            bool available = false;
            QStringList refusals;
            QByteArray untouched, afterRefusals;
            QString outcome, names;
            int progress = -1;
            bool closed = false;
            changeThroughSettings(window, &available, [&](ChangePassphraseDialog* d) {
                names = unnamed(d);
                untouched = fileHash(path);
                auto attempt = [&](const QString& current, const QString& fresh, const QString& repeat) {
                    d->currentField()->setText(current);
                    d->newField()->setText(fresh);
                    d->repeatField()->setText(repeat);
                    okButton(d)->click();
                    refusals << (d->messageLabel()->isVisible() ? d->messageLabel()->text()
                                                                : QStringLiteral("<hidden>"));
                };
                attempt(QStringLiteral("falsche-passphrase"), QString::fromLatin1(kNew), QString::fromLatin1(kNew));
                attempt(QString::fromLatin1(kOld), QString::fromLatin1(kNew), QStringLiteral("Neue-Passphrase-2027"));
                attempt(QString::fromLatin1(kOld), QStringLiteral("kurz"), QStringLiteral("kurz"));
                afterRefusals = fileHash(path);
                attempt(QString::fromLatin1(kOld), QString::fromLatin1(kNew), QString::fromLatin1(kNew));
                QVERIFY(
                    QTest::qWaitFor([remembered] { return remembered->pending == 0; })); // the keyring replaced the key
                outcome = refusals.takeLast();
                progress = d->progressBar()->value();
                okButton(d)->click(); // "Close"
                closed = !d->isVisible();
            });
            QVERIFY2(available, "the button is disabled although a profile is open");
            QVERIFY2(names.isEmpty(), qPrintable(names));
            QCOMPARE(refusals.size(), 3);
            QVERIFY2(refusals.at(0).contains(QLatin1String("current passphrase is wrong")), qPrintable(refusals.at(0)));
            QVERIFY2(refusals.at(1).contains(QLatin1String("differ")), qPrintable(refusals.at(1)));
            QVERIFY2(refusals.at(2).contains(QLatin1String("at least 8 characters")), qPrintable(refusals.at(2)));
            QCOMPARE(afterRefusals, untouched); // the refusals touched nothing
            QVERIFY2(outcome.contains(QLatin1String("has been changed")), qPrintable(outcome));
            QCOMPARE(progress, 100);
            QVERIFY(closed);
            // The workspace goes on with the new key: the inbox is there.
            QTRY_COMPARE(window.inboxModel()->rowCount(), 1);
        }
        // The keyring holds the new raw key, which opens the profile; the old one does not.
        QVERIFY(remembered->entries.contains(QStringLiteral("change")));
        const QByteArray now = remembered->entries.value(QStringLiteral("change"));
        QVERIFY(now != raw);
        {
            Store s(path);
            QCOMPARE(s.unlockWithKey(raw).error().code, Error::WrongPassphrase);
            QVERIFY(s.unlockWithKey(now));
        }
        verifyProfile(QStringLiteral("change"), kNew);
    }

    void refusedKeyringWriteIsExplained()
    {
        const QByteArray raw = makeProfile(QStringLiteral("refused"));
        KeyringState state;
        KeyringState* remembered = &state;
        auto keyring = std::make_unique<MemoryKeyring>(state);
        remembered->entries.insert(QStringLiteral("refused"), raw);
        remembered->refuseWrites = true;
        Settings settings(m_dir.filePath(QStringLiteral("user.conf")), { m_dir.filePath(QStringLiteral("none")) });
        {
            MainWindow window(settings);
            window.show();
            Workspace workspace(settings, window, QStringLiteral("refused"), nullptr, std::move(keyring));
            QVERIFY(opened(workspace));
            bool available = false;
            QString outcome;
            changeThroughSettings(window, &available, [&](ChangePassphraseDialog* d) {
                d->currentField()->setText(QString::fromLatin1(kOld));
                d->newField()->setText(QString::fromLatin1(kNew));
                d->repeatField()->setText(QString::fromLatin1(kNew));
                okButton(d)->click();
                QVERIFY(QTest::qWaitFor([&state] { return state.pending == 0; })); // the keyring has answered
                outcome = d->messageLabel()->text();
                okButton(d)->click();
            });
            QVERIFY(available);
            QVERIFY2(outcome.contains(QLatin1String("has been changed")), qPrintable(outcome));
            QVERIFY2(outcome.contains(QLatin1String("could not be replaced")), qPrintable(outcome));
            QVERIFY2(outcome.contains(QLatin1String("nothing is lost")), qPrintable(outcome));
        }
        // The stale key (it opens only old copies of the profile) is gone from the keyring.
        QVERIFY(!remembered->entries.contains(QStringLiteral("refused")));
        verifyProfile(QStringLiteral("refused"), kNew);
    }

    void unreadableKeyringIsReplacedAnyway()
    {
        // The keyring cannot be read at the change (access denied for a moment): the old key must
        // not stay behind there; the new one is written all the same.
        const QByteArray raw = makeProfile(QStringLiteral("unread"));
        KeyringState state;
        state.entries.insert(QStringLiteral("unread"), raw);
        Settings settings(m_dir.filePath(QStringLiteral("user.conf")), { m_dir.filePath(QStringLiteral("none")) });
        {
            MainWindow window(settings);
            window.show();
            Workspace workspace(
                settings, window, QStringLiteral("unread"), nullptr, std::make_unique<MemoryKeyring>(state));
            QVERIFY(opened(workspace));
            state.refuseReads = true;
            bool available = false;
            QString outcome;
            changeThroughSettings(window, &available, [&](ChangePassphraseDialog* d) {
                d->currentField()->setText(QString::fromLatin1(kOld));
                d->newField()->setText(QString::fromLatin1(kNew));
                d->repeatField()->setText(QString::fromLatin1(kNew));
                okButton(d)->click();
                QVERIFY(QTest::qWaitFor([&state] { return state.pending == 0; })); // the keyring has answered
                outcome = d->messageLabel()->text();
                okButton(d)->click();
            });
            QVERIFY(available);
            QVERIFY2(outcome.contains(QLatin1String("has been changed")), qPrintable(outcome));
            QVERIFY2(!outcome.contains(QLatin1String("could not be replaced")), qPrintable(outcome));
        }
        QVERIFY(state.entries.contains(QStringLiteral("unread")));
        const QByteArray now = state.entries.value(QStringLiteral("unread"));
        QVERIFY(now != raw);
        {
            Store s(Workspace::profilePath(QStringLiteral("unread")));
            QVERIFY(s.unlockWithKey(now));
        }
        verifyProfile(QStringLiteral("unread"), kNew);
    }

    void staleRememberedKeyIsRemovedAtUnlock()
    {
        // The keyring holds a key that no longer opens the profile (changed elsewhere): the
        // passphrase is asked for, and the stale key goes from the keyring.
        const QByteArray stale = makeProfile(QStringLiteral("stale-elsewhere"));
        makeProfile(QStringLiteral("stale"));
        KeyringState state;
        state.entries.insert(QStringLiteral("stale"), stale);
        Settings settings(m_dir.filePath(QStringLiteral("user.conf")), { m_dir.filePath(QStringLiteral("none")) });
        {
            MainWindow window(settings);
            window.show();
            Workspace workspace(
                settings, window, QStringLiteral("stale"), nullptr, std::make_unique<MemoryKeyring>(state));
            bool asked = false;
            whenModal<UnlockDialog>([&asked](UnlockDialog* d) {
                asked = true;
                QVERIFY(!d->rememberBox()->isChecked());
                d->passphraseField()->setText(QString::fromLatin1(kOld));
                QTest::keyClick(d->passphraseField(), Qt::Key_Return);
            });
            QVERIFY(opened(workspace));
            QVERIFY(asked);
        }
        QVERIFY(!state.entries.contains(QStringLiteral("stale")));
    }

    void backgroundCountsFollowTheChange()
    {
        // A large store counts the sidebar on a worker connection opened with the raw key. The
        // change replaces the file under a new key: that connection must go, and the counts come
        // from a new one (they show what is in the new file, not the old one's figures).
        MainWindow::setBackgroundCountsFrom(0);
        auto restore = qScopeGuard([] { MainWindow::setBackgroundCountsFrom(50000); });
        const QByteArray raw = makeProfile(QStringLiteral("counts"));
        KeyringState state;
        state.entries.insert(QStringLiteral("counts"), raw);
        Settings settings(m_dir.filePath(QStringLiteral("user.conf")), { m_dir.filePath(QStringLiteral("none")) });
        MainWindow window(settings);
        window.show();
        Workspace workspace(
            settings, window, QStringLiteral("counts"), nullptr, std::make_unique<MemoryKeyring>(state));
        QVERIFY(opened(workspace));
        auto countOfAll = [&] {
            auto* views = window.viewsSidebar()->model();
            for (int r = 0; r < views->rowCount(); ++r) {
                const auto spec = views->index(r, 0).data(ViewsModel::SpecRole).value<ViewsModel::Spec>();
                if (spec.kind == ViewsModel::View::All && spec.param.isEmpty())
                    return views->index(r, 0).data(ViewsModel::CountRole).toInt();
            }
            return -2;
        };
        QTRY_COMPARE(countOfAll(), 1);
        bool available = false;
        QString outcome;
        changeThroughSettings(window, &available, [&](ChangePassphraseDialog* d) {
            d->currentField()->setText(QString::fromLatin1(kOld));
            d->newField()->setText(QString::fromLatin1(kNew));
            d->repeatField()->setText(QString::fromLatin1(kNew));
            okButton(d)->click();
            QVERIFY(QTest::qWaitFor([&state] { return state.pending == 0; })); // the keyring has answered
            outcome = d->messageLabel()->text();
            okButton(d)->click();
        });
        QVERIFY(available);
        QVERIFY2(outcome.contains(QLatin1String("has been changed")), qPrintable(outcome));
        QVERIFY(workspace.store() && workspace.store()->isUnlocked());
        QVERIFY(workspace.store()->upsertRequests({ testdata::request(2, QStringLiteral("Bernd Roth")) }));
        workspace.store()->notifyChanged({}); // as sync does after it wrote
        QTRY_COMPARE(countOfAll(), 2);
    }

    void cutOffRotationIsFinishedAtUnlock()
    {
        makeProfile(QStringLiteral("cutoff"));
        {
            Store s(Workspace::profilePath(QStringLiteral("cutoff")));
            QVERIFY(s.unlock(kOld));
            QVERIFY(s.changePassphrase(kNew));
            ContentKeyRotation rotation(s);
            QVERIFY(!rotation.run([](qint64, qint64) { return false; })); // cut off after one file
            QVERIFY(s.contentKeyRotationPending());
        }
        Settings settings(m_dir.filePath(QStringLiteral("user.conf")), { m_dir.filePath(QStringLiteral("none")) });
        {
            MainWindow window(settings);
            window.show();
            KeyringState nothingRemembered;
            Workspace workspace(settings, window, QStringLiteral("cutoff"), nullptr,
                std::make_unique<MemoryKeyring>(nothingRemembered));
            whenModal<UnlockDialog>([](UnlockDialog* d) {
                d->passphraseField()->setText(QString::fromLatin1(kNew));
                QTest::keyClick(d->passphraseField(), Qt::Key_Return);
            });
            QVERIFY(opened(workspace));
        }
        verifyProfile(QStringLiteral("cutoff"), kNew);
    }

    // German screenshots of both dialogs (QWidget::grab, offscreen) into CLERKDESK_SCREENSHOT_DIR
    // (or the test's folder); CLERKDESK_EXTRA_QM adds a translation not yet folded into the .ts.
    void screenshots()
    {
        makeProfile(QStringLiteral("shots"));
        installTranslations(QStringLiteral("de"));
        QTranslator extra;
        if (!qEnvironmentVariableIsEmpty("CLERKDESK_EXTRA_QM")
            && extra.load(qEnvironmentVariable("CLERKDESK_EXTRA_QM")))
            QCoreApplication::installTranslator(&extra);
        const QString dir = qEnvironmentVariableIsEmpty("CLERKDESK_SCREENSHOT_DIR")
            ? m_dir.path()
            : qEnvironmentVariable("CLERKDESK_SCREENSHOT_DIR");
        Settings settings(m_dir.filePath(QStringLiteral("user.conf")), { m_dir.filePath(QStringLiteral("none")) });
        {
            SettingsDialog d(settings);
            d.setPassphraseChangeAvailable(true);
            d.show();
            QVERIFY(QTest::qWaitForWindowExposed(&d));
            QVERIFY2(unnamed(&d).isEmpty(), qPrintable(unnamed(&d)));
            QVERIFY(d.grab().save(dir + QStringLiteral("/settings-dialog.png")));
        }
        Store s(Workspace::profilePath(QStringLiteral("shots")));
        QVERIFY(s.unlock(kOld));
        ChangePassphraseDialog d(s);
        d.show();
        QVERIFY(QTest::qWaitForWindowExposed(&d));
        d.currentField()->setText(QString::fromLatin1(kOld));
        d.newField()->setText(QString::fromLatin1(kNew));
        d.repeatField()->setText(QStringLiteral("Neue-Passphrase-2027"));
        okButton(&d)->click();
        QVERIFY(d.messageLabel()->isVisible());
        QVERIFY(d.grab().save(dir + QStringLiteral("/change-passphrase-dialog.png")));
        d.currentField()->setText(QString::fromLatin1(kOld));
        d.newField()->setText(QString::fromLatin1(kNew));
        d.repeatField()->setText(QString::fromLatin1(kNew));
        okButton(&d)->click();
        QCOMPARE(d.progressBar()->value(), 100);
        QVERIFY2(unnamed(&d).isEmpty(), qPrintable(unnamed(&d)));
        QVERIFY(d.grab().save(dir + QStringLiteral("/change-passphrase-done.png")));
        QCoreApplication::removeTranslator(&extra);
        installTranslations(QStringLiteral("en"));
    }

private:
    QTemporaryDir m_dir;
    QMap<QString, QByteArray> m_docs;
    QByteArray m_contentKey;
};

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    installTranslations(QStringLiteral("en"));
    TestPassphrase t;
    return QTest::qExec(&t, argc, argv);
}

#include "tst_passphrase.moc"
