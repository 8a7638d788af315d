// The OS keyring through QtKeychain. Where no keyring exists (a headless test machine without a
// Secret Service), the answer must be the clear "no keyring" error, never a file fallback.
#include "core/Keyring.h"

#include <QDir>
#include <QDirIterator>
#include <QStandardPaths>
#include <QTest>
#include <optional>

using namespace clerk;

namespace {
// The keyring answers later: these wait for the answer.
template <class T, class Start> T answerOf(Start start)
{
    std::optional<T> answer;
    start([&answer](T a) { answer.emplace(std::move(a)); });
    if (!QTest::qWaitFor([&answer] { return answer.has_value(); }, 60000))
        return T(Error { Error::Internal, QStringLiteral("the keyring did not answer"), {} });
    return std::move(*answer);
}
Status storeIn(Keyring& k, const QString& profile, const QByteArray& key)
{
    return answerOf<Status>([&](auto done) { k.storeKey(profile, key, done); });
}
Result<QByteArray> readFrom(Keyring& k, const QString& profile)
{
    return answerOf<Result<QByteArray>>([&](auto done) { k.readKey(profile, done); });
}
Status removeFrom(Keyring& k, const QString& profile)
{
    return answerOf<Status>([&](auto done) { k.removeKey(profile, done); });
}
} // namespace

class TestKeyring : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTripOrClearRefusal()
    {
        Keyring keyring(QStringLiteral("ClerkDesk-test-%1").arg(QCoreApplication::applicationPid()));
        const QByteArray key(48, '\x5c');
        const Status stored = storeIn(keyring, QStringLiteral("default"), key);
        if (!stored) {
            QCOMPARE(stored.error().code, Error::Unsupported);
            QVERIFY(stored.errorString().contains(QLatin1String("passphrase")));
            auto read = readFrom(keyring, QStringLiteral("default"));
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
        auto read = readFrom(keyring, QStringLiteral("default"));
        QVERIFY(read.ok());
        QCOMPARE(read.value(), key);
        QVERIFY(removeFrom(keyring, QStringLiteral("default")));
        QCOMPARE(readFrom(keyring, QStringLiteral("default")).error().code, Error::NotFound);
    }
};

QTEST_GUILESS_MAIN(TestKeyring)
#include "tst_keyring.moc"
