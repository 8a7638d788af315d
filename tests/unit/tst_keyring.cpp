// The OS keyring through QtKeychain. Where no keyring exists (a headless test machine without a
// Secret Service), the answer must be the clear "no keyring" error, never a file fallback.
#include "core/Keyring.h"

#include <QDir>
#include <QDirIterator>
#include <QStandardPaths>
#include <QTest>

using namespace clerk;

class TestKeyring : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTripOrClearRefusal()
    {
        Keyring keyring(QStringLiteral("ClerkDesk-test-%1").arg(QCoreApplication::applicationPid()));
        const QByteArray key(48, '\x5c');
        const Status stored = keyring.storeKey(QStringLiteral("default"), key);
        if (!stored) {
            QCOMPARE(stored.error().code, Error::Unsupported);
            QVERIFY(stored.errorString().contains(QLatin1String("passphrase")));
            auto read = keyring.readKey(QStringLiteral("default"));
            QVERIFY(!read.ok());
            // Nothing of the key landed in a file instead.
            const QString config = QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation);
            QDirIterator it(config, QDir::Files, QDirIterator::Subdirectories);
            while (it.hasNext()) {
                QFile f(it.next());
                if (f.size() < 1000000 && f.open(QIODevice::ReadOnly))
                    QVERIFY2(!f.readAll().contains(key.toBase64()), qPrintable(f.fileName()));
            }
            QSKIP("no keyring on this machine: refusal checked, round trip not possible");
        }
        auto read = keyring.readKey(QStringLiteral("default"));
        QVERIFY(read.ok());
        QCOMPARE(read.value(), key);
        QVERIFY(keyring.removeKey(QStringLiteral("default")));
        QCOMPARE(keyring.readKey(QStringLiteral("default")).error().code, Error::NotFound);
    }
};

QTEST_GUILESS_MAIN(TestKeyring)
#include "tst_keyring.moc"
