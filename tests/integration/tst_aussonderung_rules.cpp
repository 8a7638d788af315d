// The server's rules of an Aussonderung against hostile or careless steps (the attacker review of
// issue 22), on the real reference server store (SQLCipher, or PostgreSQL as
// tst_aussonderung_rules_pg): a ProzessID must be a UUID; the archive's reference is given once.
#include "../common/TestCity.h"
#include "core/domain/Archiving.h"
#include "server/Accounts.h"

#include <QTest>
#include <QTimeZone>
#include <QUuid>

using namespace clerk;
using namespace clerk::server;

namespace {

const QString kProcess = QStringLiteral("6d1f8a2e-0000-4000-8000-000000000001");

} // namespace

class TestAussonderungRules : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void processIdIsAUuid_data();
    void processIdIsAUuid();
    void archiveReferenceGivenOnce();

private:
    // A closed request of the parkraum team whose retention has ended (the server's clock moved
    // to 2030); its id, or an empty string.
    QString closedAndDue();
    MutationResult apply(const QString& kind, const QString& op, const QString& target, const QJsonObject& data,
        qint64 baseVersion = 0);

    std::unique_ptr<testcity::City> m_server;
    Clerk m_clerk;
};

void TestAussonderungRules::initTestCase()
{
    QVERIFY(accounts::initialise());
}

void TestAussonderungRules::init()
{
    m_server = std::make_unique<testcity::City>();
    testcity::Options o;
    o.file = QStringLiteral("city/city.db");
    o.seed.seed = 7;
    o.seed.requests = 160;
    o.seed.today = QDate(2026, 11, 26);
    const QString failed = m_server->start(o);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    m_clerk = m_server->store->clerk(m_server->seed.demoLogins.first()).value();
    QVERIFY(m_clerk.teams.contains(QStringLiteral("parkraum")));
}

void TestAussonderungRules::cleanup()
{
    m_server.reset();
}

MutationResult TestAussonderungRules::apply(
    const QString& kind, const QString& op, const QString& target, const QJsonObject& data, qint64 baseVersion)
{
    Mutation m;
    m.mutationId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    m.kind = kind;
    m.op = op;
    m.targetId = target;
    m.baseVersion = baseVersion;
    m.data = data;
    return m_server->store->applyMutation(m_clerk, m, m_server->clock.now());
}

QString TestAussonderungRules::closedAndDue()
{
    const QHash<QString, QString> next { { QStringLiteral("received"), QStringLiteral("in_progress") },
        { QStringLiteral("in_progress"), QStringLiteral("approved") },
        { QStringLiteral("waiting"), QStringLiteral("in_progress") },
        { QStringLiteral("approved"), QStringLiteral("closed") } };
    QString id;
    for (const ChangeItem& item : m_server->store->changes(m_clerk, 0, 5000).items) {
        if (item.kind != QLatin1String("request") || !id.isEmpty())
            continue;
        auto r = m_server->store->request(item.id);
        if (r && r->serviceId == QLatin1String("bewohnerparken") && next.contains(r->status)
            && r->status != QLatin1String("approved"))
            id = r->id;
    }
    if (id.isEmpty())
        qWarning() << "no open request of the Bewohnerparkausweis";
    for (int guard = 0; guard < 6 && !id.isEmpty(); ++guard) {
        const Request r = m_server->store->request(id).value();
        if (r.status == QLatin1String("closed"))
            break;
        const MutationResult done = apply(QStringLiteral("request"), QStringLiteral("status"), id,
            { { QStringLiteral("status"), next.value(r.status) } }, r.version);
        if (done.status != QLatin1String("applied")) {
            qWarning() << "status" << r.status << done.reason << done.detail;
            return {};
        }
    }
    const QDateTime later(QDate(2030, 1, 7), QTime(9, 0), QTimeZone::UTC);
    m_server->clock.advanceSecs(m_server->clock.now().secsTo(later));
    return id;
}

void TestAussonderungRules::processIdIsAUuid_data()
{
    QTest::addColumn<QString>("processId");
    QTest::addRow("a colon (an NTFS stream)") << QStringLiteral("x:y");
    QTest::addRow("a plain id") << QStringLiteral("process-1");
    QTest::addRow("braces") << QStringLiteral("{6d1f8a2e-0000-4000-8000-000000000001}");
    QTest::addRow("a line break") << kProcess + QStringLiteral("\n");
}

void TestAussonderungRules::processIdIsAUuid()
{
    QFETCH(QString, processId);
    const QString id = closedAndDue();
    QVERIFY(!id.isEmpty());
    const qint64 seq = m_server->store->lastSeq();
    MutationResult r = apply(QStringLiteral("archiving"), QStringLiteral("offer"), id,
        { { QStringLiteral("process_id"), processId } });
    QCOMPARE(r.status, QStringLiteral("rejected"));
    QCOMPARE(r.reason, QStringLiteral("invalid_data"));
    QCOMPARE(r.params.value(QLatin1String("field")).toString(), QStringLiteral("process_id"));
    QCOMPARE(m_server->store->lastSeq(), seq);
    // A UUID is taken.
    QCOMPARE(apply(QStringLiteral("archiving"), QStringLiteral("offer"), id, { { QStringLiteral("process_id"), kProcess } })
                 .status,
        QStringLiteral("applied"));
}

void TestAussonderungRules::archiveReferenceGivenOnce()
{
    const QString id = closedAndDue();
    QVERIFY(!id.isEmpty());
    const QJsonObject process { { QStringLiteral("process_id"), kProcess } };
    QCOMPARE(apply(QStringLiteral("archiving"), QStringLiteral("offer"), id, process).status, QStringLiteral("applied"));
    QJsonObject assess = process;
    assess.insert(QStringLiteral("decision"), QStringLiteral("A"));
    QCOMPARE(apply(QStringLiteral("archiving"), QStringLiteral("assess"), id, assess).status, QStringLiteral("applied"));
    QCOMPARE(
        apply(QStringLiteral("archiving"), QStringLiteral("hand_over"), id, process).status, QStringLiteral("applied"));
    QJsonObject archive = process;
    archive.insert(QStringLiteral("archive_id"), QStringLiteral("StAS Best. 4711 Nr. 1"));
    MutationResult first = apply(QStringLiteral("archiving"), QStringLiteral("archive"), id, archive);
    QCOMPARE(first.status, QStringLiteral("applied"));
    // The same step again (another clerk imported the same 0506): applied, nothing changes.
    MutationResult same = apply(QStringLiteral("archiving"), QStringLiteral("archive"), id, archive);
    QCOMPARE(same.status, QStringLiteral("applied"));
    QCOMPARE(same.entity.value(QLatin1String("archive_id")).toString(), QStringLiteral("StAS Best. 4711 Nr. 1"));
    // Another reference under a new mutation id: refused, the first one stays.
    const qint64 seq = m_server->store->lastSeq();
    archive.insert(QStringLiteral("archive_id"), QStringLiteral("Fälschung"));
    MutationResult other = apply(QStringLiteral("archiving"), QStringLiteral("archive"), id, archive);
    QCOMPARE(other.status, QStringLiteral("rejected"));
    QCOMPARE(other.reason, QStringLiteral("archiving_step"));
    QCOMPARE(m_server->store->lastSeq(), seq);
    archive.remove(QStringLiteral("archive_id"));
    QCOMPARE(apply(QStringLiteral("archiving"), QStringLiteral("archive"), id, archive).reason,
        QStringLiteral("archiving_step"));
    QCOMPARE(m_server->store->lastSeq(), seq);
}

QTEST_GUILESS_MAIN(TestAussonderungRules)
#include "tst_aussonderung_rules.moc"
