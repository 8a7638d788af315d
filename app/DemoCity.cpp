#include "DemoCity.h"

#include "core/SecureWipe.h"
#include "server/Accounts.h"
#include "server/ApiServer.h"
#include "server/Catalogue.h"
#include "server/Seeder.h"
#include "server/SqlCityStore.h"

#include <QRandomGenerator>
#include <QUuid>

namespace clerk {

DemoCity::DemoCity(QObject* parent, Clock& clock)
    : QObject(parent)
    , m_clock(clock)
    , m_dir(QDir::tempPath() + QStringLiteral("/clerkdesk-demo-XXXXXX"))
{
    connect(&m_timer, &QTimer::timeout, this, &DemoCity::fileOneRequest);
}

DemoCity::~DemoCity()
{
    m_timer.stop();
    m_api.reset();
    m_store.reset();
}

QStringList DemoCity::clerkLogins()
{
    QStringList out;
    for (const server::SeedClerk& c : server::seedClerks())
        if (c.demo)
            out << c.login;
    return out;
}

QString DemoCity::describe(const QString& login)
{
    for (const server::SeedClerk& c : server::seedClerks())
        if (c.login == login)
            for (const server::Team& t : server::catalogue::teams())
                if (t.id == c.teamId)
                    return QStringLiteral("%1 – %2 (%3)").arg(c.name, t.name, login);
    return login;
}

Status DemoCity::start(quint32 seed, int requests, const QString& trainee)
{
    if (!m_dir.isValid())
        return Error { Error::Io, tr("The demo could not create its temporary folder."), m_dir.errorString() };
    if (!server::accounts::initialise())
        return Error { Error::Internal, tr("The demo could not start its city."), QStringLiteral("libsodium") };
    m_seed = seed;
    server::SqlCityStore::Options o;
    o.path = m_dir.filePath(QStringLiteral("city.db"));
    o.highwaterPath = m_dir.filePath(QStringLiteral("city.highwater"));
    QByteArray key(32, Qt::Uninitialized);
    QRandomGenerator::system()->generate(
        reinterpret_cast<quint32*>(key.data()), reinterpret_cast<quint32*>(key.data() + key.size()));
    o.key = key.toHex();
    secureWipe(key);
    auto store = server::SqlCityStore::open(o);
    secureWipe(o.key); // the store keeps no copy
    if (!store)
        return store.error();
    m_store = std::move(store.value());
    server::SeedOptions so;
    so.seed = seed;
    so.requests = requests;
    so.today = m_clock.now().toLocalTime().date();
    for (const server::SeedClerk& c : server::seedClerks())
        if (!trainee.isEmpty() && c.login == trainee)
            so.documentsForTeams << c.teamId;
    auto report = server::seedCity(*m_store, so);
    if (!report)
        return report.error();
    m_logins = report->demoLogins;
    m_api = std::make_unique<server::ApiServer>(*m_store, m_clock);
    const quint16 port = m_api->listen(QHostAddress::LocalHost, 0);
    if (!port)
        return Error { Error::Io, tr("The demo city could not open a local port."), m_api->errorString() };
    m_url = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
    return {};
}

Status DemoCity::colleagueChanges(const QString& requestId)
{
    auto r = m_store->request(requestId);
    if (!r)
        return r.error();
    auto svc = m_store->service(r->serviceId);
    const server::Clerk colleague { QStringLiteral("admin"), QStringLiteral("Kollegin (Demo)"), QStringLiteral("admin"),
        {}, false };
    Mutation m;
    m.mutationId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    m.kind = QStringLiteral("request");
    m.targetId = requestId;
    m.baseVersion = r->version;
    const QStringList next = svc ? svc->nextStates(r->status) : QStringList();
    if (!next.isEmpty()) {
        m.op = QStringLiteral("status");
        m.data = { { QStringLiteral("status"), next.first() } };
    } else {
        m.op = QStringLiteral("request_documents");
        m.data = { { QStringLiteral("message"), QStringLiteral("Bitte noch den Nachweis nachreichen.") } };
    }
    const server::MutationResult res = m_store->applyMutation(colleague, m, m_clock.now().toUTC());
    if (res.status != QLatin1String("applied"))
        return Error { Error::Invalid, tr("The colleague's change did not apply."), res.detail };
    return {};
}

void DemoCity::setArrivalSeconds(int seconds)
{
    if (seconds <= 0)
        m_timer.stop();
    else
        m_timer.start(seconds * 1000);
}

void DemoCity::fileOneRequest()
{
    if (!m_store)
        return;
    const QList<Service> services = server::catalogue::services();
    const quint32 n = m_seed * 7919u + quint32(++m_arrivals);
    const Service& s = services.at(int(n % quint32(services.size())));
    server::SyntheticRequest sr = server::syntheticRequest(s, n, m_clock.now().toUTC());
    auto filed = m_store->fileRequest(sr.request, sr.attachments, QStringLiteral("portal"));
    if (filed)
        Q_EMIT requestArrived(filed->reference);
}

} // namespace clerk
