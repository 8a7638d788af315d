#include "AussonderungFixture.h"

#include "../common/PeerTools.h"
#include "../common/XdomeaLint.h"
#include "core/store/Sql.h"
#include "server/Accounts.h"

#include <KZip>
#include <QDir>
#include <QStandardPaths>
#include <QTimeZone>
#include <QXmlStreamReader>

namespace clerk::aussonderungtest {

using namespace clerk::server;

const QString kNs = QStringLiteral("urn:xoev-de:xdomea:schema:3.1.0");

QStringList elementTexts(const QByteArray& xml, const QString& parent, const QString& child)
{
    QStringList out;
    QXmlStreamReader r(xml);
    bool inside = false;
    while (!r.atEnd()) {
        r.readNext();
        if (r.isStartElement() && r.name() == parent)
            inside = true;
        else if (r.isEndElement() && r.name() == parent)
            inside = false;
        else if (inside && r.isStartElement() && r.name() == child)
            out << r.readElementText();
    }
    return out;
}

int count(const QByteArray& xml, const QString& name)
{
    int n = 0;
    QXmlStreamReader r(xml);
    while (!r.atEnd())
        if (r.readNext() == QXmlStreamReader::StartElement && r.name() == name)
            ++n;
    return n;
}

namespace {

QString kopf(const QString& processId, const QString& type, const QString& typeName)
{
    return QStringLiteral(R"(<xdomea:Kopf>
  <xdomea:ProzessID>%1</xdomea:ProzessID>
  <xdomea:Nachrichtentyp listURI="urn:xoev-de:xdomea:codeliste:nachrichtentyp" listVersionID="2.0"><code>%2</code><name>%3</name></xdomea:Nachrichtentyp>
  <xdomea:Erstellungszeitpunkt>2030-02-01T10:00:00Z</xdomea:Erstellungszeitpunkt>
  <xdomea:Absender><xdomea:Institution><xdomea:Name>Stadtarchiv Stuttgart</xdomea:Name><xdomea:Kurzbezeichnung>StAS</xdomea:Kurzbezeichnung></xdomea:Institution></xdomea:Absender>
  <xdomea:Empfaenger><xdomea:Institution><xdomea:Name>Landeshauptstadt Stuttgart</xdomea:Name></xdomea:Institution></xdomea:Empfaenger>
  <xdomea:SendendesSystem><xdomea:Produktname>Archivsystem</xdomea:Produktname></xdomea:SendendesSystem>
)")
        .arg(processId, type, typeName);
}

} // namespace

// The archive's 0502: each object with its Aussonderungsart.
QByteArray bewertung(const QString& processId, const QList<QPair<QString, QString>>& decisions, const QString& ns)
{
    QString x
        = QStringLiteral("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xdomea:Aussonderung.Bewertungsverzeichnis.0502 "
                         "xmlns:xdomea=\"%1\">\n")
              .arg(ns);
    x += kopf(processId, QStringLiteral("0502"), QStringLiteral("Aussonderung.Bewertungsverzeichnis"));
    x += QStringLiteral("  <xdomea:Empfangsbestaetigung>0</xdomea:Empfangsbestaetigung>\n</xdomea:Kopf>\n");
    for (const auto& [id, decision] : decisions)
        x += QStringLiteral("<xdomea:BewertetesObjekt><xdomea:ID>%1</xdomea:ID><xdomea:Aussonderungsart>"
                            "<xdomea:Aussonderungsart listURI=\"urn:xoev-de:xdomea:codeliste:aussonderungsart\" "
                            "listVersionID=\"1.0\"><code>%2</code></xdomea:Aussonderungsart></xdomea:Aussonderungsart>"
                            "</xdomea:BewertetesObjekt>\n")
                 .arg(id, decision);
    x += QStringLiteral("</xdomea:Aussonderung.Bewertungsverzeichnis.0502>\n");
    return x.toUtf8();
}

// The archive's 0506: each object taken over (with its Archivkennung) or not.
QByteArray bestaetigung(const QString& processId, const QList<QPair<QString, bool>>& outcomes)
{
    QString x = QStringLiteral("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xdomea:Aussonderung."
                               "AussonderungImportBestaetigen.0506 xmlns:xdomea=\"%1\">\n")
                    .arg(kNs);
    x += kopf(processId, QStringLiteral("0506"), QStringLiteral("Aussonderung.AussonderungImportBestaetigen"));
    x += QStringLiteral("</xdomea:Kopf>\n");
    int n = 0;
    for (const auto& [id, ok] : outcomes) {
        x += QStringLiteral("<xdomea:AusgesondertesSGO><xdomea:IDSGO>%1</xdomea:IDSGO><xdomea:Erfolgreich>%2"
                            "</xdomea:Erfolgreich>")
                 .arg(id, ok ? QStringLiteral("1") : QStringLiteral("0"));
        x += ok ? QStringLiteral("<xdomea:Archivkennung>StAS Best. 4711 Nr. %1</xdomea:Archivkennung>").arg(++n)
                : QStringLiteral("<xdomea:Fehlermeldung>Primärdokument nicht lesbar</xdomea:Fehlermeldung>");
        x += QStringLiteral("</xdomea:AusgesondertesSGO>\n");
    }
    x += QStringLiteral("</xdomea:Aussonderung.AussonderungImportBestaetigen.0506>\n");
    return x.toUtf8();
}

QString Fixture::prepare()
{
    if (!accounts::initialise())
        return QStringLiteral("the accounts' password hashing could not be initialised");
    if (QStandardPaths::findExecutable(QStringLiteral("xmllint")).isEmpty())
        return QStringLiteral("xmllint (libxml2-utils) missing");
    return {};
}

QString Fixture::start()
{
    m_server = std::make_unique<testcity::City>();
    m_clientClock = ManualClock();
    testcity::Options o;
    o.file = QStringLiteral("city/city.db");
    o.seed.seed = 7;
    o.seed.requests = 160;
    o.seed.today = QDate(2026, 11, 26);
    if (const QString failed = m_server->start(o); !failed.isEmpty())
        return failed;
    m_clerk = m_server->seed.demoLogins.first();
    if (!m_server->store->clerk(m_clerk)->teams.contains(QStringLiteral("parkraum")))
        return QStringLiteral("the first demo clerk is not in the parkraum team");
    return {};
}

std::unique_ptr<Store> Fixture::newClient(const QString& name)
{
    auto s
        = std::make_unique<Store>(m_dir.filePath(QStringLiteral("%1-%2.db").arg(name).arg(++m_clients)), m_clientClock);
    if (!s->create("client-passphrase"))
        return nullptr;
    return s;
}

std::unique_ptr<WaitingSession> Fixture::signedIn(Store& store, const QString& login)
{
    auto sync = std::make_unique<WaitingSession>(store, m_server->url());
    if (!sync->signIn(login, QStringLiteral("demo")) || !sync->syncOnce())
        return nullptr;
    return sync;
}

QString Fixture::teamMate(const QString& login)
{
    for (const Clerk& c : m_server->store->clerksOfTeam(QStringLiteral("parkraum")))
        if (c.login != login)
            return c.login;
    return {};
}

QStringList Fixture::closeRequests(Store& synced, int n)
{
    QStringList ids;
    auto q = synced.connection().query("SELECT id FROM requests WHERE service_id = 'bewohnerparken' AND status IN "
                                       "('received', 'in_progress', 'waiting') ORDER BY reference LIMIT ?1");
    q.bindAll(n);
    while (q.next())
        ids << q.text(0);
    for (const QString& id : std::as_const(ids))
        if (!m_server->close(id, m_clerk))
            return {};
    return ids;
}

void Fixture::yearsLater()
{
    const QDateTime later(QDate(2030, 1, 7), QTime(9, 0), QTimeZone::UTC);
    m_server->clock.advanceSecs(m_server->clock.now().secsTo(later));
    m_clientClock.advanceSecs(m_clientClock.now().secsTo(later));
}

QString Fixture::write(const QByteArray& bytes, const QString& name)
{
    const QString path = m_dir.filePath(name);
    return test::writeFile(path, bytes) ? path : QString();
}

QString Fixture::lint(const QByteArray& xml, const QString& name)
{
    return testxdomea::lintAgainst(QStringLiteral(CLERKDESK_SOURCE_DIR), xml,
        QStringLiteral("3.1.0/xdomea-Nachrichten-AussonderungDurchfuehren.xsd"), m_dir.filePath(name));
}

QByteArray Fixture::unzipOne(const QString& zipPath, const QString& name, QMap<QString, QByteArray>* others)
{
    KZip zip(zipPath);
    if (!zip.open(QIODevice::ReadOnly))
        return {};
    QByteArray xml;
    for (const QString& entry : zip.directory()->entries()) {
        const auto* f = zip.directory()->file(entry);
        if (!f)
            continue;
        if (entry == name)
            xml = f->data();
        else if (others)
            others->insert(entry, f->data());
        else
            return {}; // nothing else expected
    }
    return xml;
}

QString Fixture::offerThree(Store& a, WaitingSession& sa, QStringList* ids)
{
    *ids = closeRequests(a, 3);
    if (ids->size() != 3)
        return {};
    if (!sa.syncOnce())
        return {};
    yearsLater();
    if (!sa.signIn(m_clerk, QStringLiteral("demo"))) // (the token expired in those years)
        return {};
    const QString pid = xdomea::newProcessId();
    auto offered = xdomea::offer(a, *ids, m_us, m_archive, pid, m_dir.path());
    if (!offered) {
        qWarning() << offered.errorString();
        return {};
    }
    return sa.syncOnce() ? pid : QString();
}

Fixture::Closed Fixture::closedProfile(const QString& name, int n)
{
    Closed c;
    c.store = newClient(name);
    if (c.store)
        c.sync = signedIn(*c.store, m_clerk);
    if (!c.sync)
        return c;
    const QStringList ids = closeRequests(*c.store, n);
    if (ids.size() == n && c.sync->syncOnce()) {
        c.ids = ids;
        c.id = ids.first();
    }
    return c;
}

Fixture::Offered Fixture::offeredProfile(const QString& name)
{
    Offered o;
    o.store = newClient(name);
    if (o.store)
        o.sync = signedIn(*o.store, m_clerk);
    if (o.sync)
        o.pid = offerThree(*o.store, *o.sync, &o.ids);
    return o;
}

} // namespace clerk::aussonderungtest
