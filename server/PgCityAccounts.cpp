// PgCityStore: teams, clerks, sign-in tokens and failed sign-ins, and the purge of what is kept
// only for a while.
#include "PgCityStore.h"
#include "PgConnection.h"

namespace clerk::server {

Status PgCityStore::addTeam(const Team& team)
{
    return db()
        .query("INSERT INTO teams(id, name) VALUES ($1, $2) ON CONFLICT(id) DO UPDATE SET name = $2")
        .bindAll(team.id, team.name)
        .exec();
}

QList<Team> PgCityStore::teams()
{
    QList<Team> out;
    auto q = db().query("SELECT id, name FROM teams ORDER BY id");
    while (q.next())
        out << Team { q.text(0), q.text(1) };
    return out;
}

Status PgCityStore::addClerk(const Clerk& c, const QString& passwordHash)
{
    pg::Transaction tx(db());
    if (!tx.ok())
        return tx.error();
    auto q = db().query("INSERT INTO clerks(login, name, role, password_hash) VALUES ($1, $2, $3, $4)");
    if (Status s = q.bindAll(c.login, c.name, c.role, passwordHash).exec(); !s)
        return s;
    for (const QString& t : c.teams) {
        auto tq = db().query("INSERT INTO clerk_teams(login, team_id) VALUES ($1, $2)");
        if (Status s = tq.bindAll(c.login, t).exec(); !s)
            return Error { Error::Invalid, tr("Unknown team: %1").arg(t), s.error().detail };
    }
    return tx.commit();
}

Status PgCityStore::setPasswordHash(const QString& login, const QString& hash)
{
    auto q = db().query("UPDATE clerks SET password_hash = $2 WHERE login = $1");
    if (Status s = q.bindAll(login, hash).exec(); !s)
        return s;
    if (db().changes() == 0)
        return Error { Error::NotFound, tr("No such user: %1").arg(login), {} };
    return db().query("UPDATE tokens SET revoked = 1 WHERE login = $1").bindAll(login).exec();
}

Status PgCityStore::setDisabled(const QString& login, bool disabled)
{
    pg::Transaction tx(db());
    auto q = db().query("UPDATE clerks SET disabled = $2 WHERE login = $1");
    if (Status s = q.bindAll(login, disabled).exec(); !s)
        return s;
    if (db().changes() == 0)
        return Error { Error::NotFound, tr("No such user: %1").arg(login), {} };
    if (disabled)
        if (Status s = db().query("UPDATE tokens SET revoked = 1 WHERE login = $1").bindAll(login).exec(); !s)
            return s;
    return tx.commit();
}

Result<Clerk> PgCityStore::clerk(const QString& login)
{
    auto q = db().query("SELECT login, name, role, disabled FROM clerks WHERE login = $1");
    q.bindAll(login);
    if (!q.next())
        return Error { Error::NotFound, tr("No such user: %1").arg(login), {} };
    Clerk c { q.text(0), q.text(1), q.text(2), {}, q.int64(3) != 0 };
    while (q.next()) { }
    auto t = db().query("SELECT team_id FROM clerk_teams WHERE login = $1 ORDER BY team_id");
    t.bindAll(login);
    while (t.next())
        c.teams << t.text(0);
    return c;
}

Result<QString> PgCityStore::passwordHash(const QString& login)
{
    auto q = db().query("SELECT password_hash FROM clerks WHERE login = $1");
    q.bindAll(login);
    if (!q.next())
        return Error { Error::NotFound, tr("No such user: %1").arg(login), {} };
    return q.text(0);
}

QList<Clerk> PgCityStore::clerksOfTeam(const QString& teamId)
{
    QStringList logins;
    auto q = db().query("SELECT c.login FROM clerks c JOIN clerk_teams t ON t.login = c.login "
                        "WHERE t.team_id = $1 AND c.disabled = 0 ORDER BY c.login");
    q.bindAll(teamId);
    while (q.next())
        logins << q.text(0);
    QList<Clerk> out;
    for (const QString& l : std::as_const(logins))
        if (auto c = clerk(l))
            out << c.value();
    return out;
}

Status PgCityStore::storeToken(const QByteArray& hash, const QString& login, const QDateTime& expiresAt)
{
    auto q = db().query("INSERT INTO tokens(hash, login, expires_at) VALUES ($1, $2, $3)");
    q.bindBlob(1, hash).bind(2, login).bind(3, expiresAt.toSecsSinceEpoch());
    return q.exec();
}

Result<Clerk> PgCityStore::clerkForToken(const QByteArray& hash, const QDateTime& now)
{
    auto q = db().query("SELECT t.login FROM tokens t JOIN clerks c ON c.login = t.login "
                        "WHERE t.hash = $1 AND t.revoked = 0 AND t.expires_at > $2 AND c.disabled = 0");
    q.bindBlob(1, hash).bind(2, now.toSecsSinceEpoch());
    if (!q.next())
        return Error { Error::Locked, tr("The sign-in has expired or was revoked."), {} };
    const QString login = q.text(0);
    while (q.next()) { }
    return clerk(login);
}

Status PgCityStore::revokeToken(const QByteArray& hash)
{
    auto q = db().query("UPDATE tokens SET revoked = 1 WHERE hash = $1");
    q.bindBlob(1, hash);
    return q.exec();
}

int PgCityStore::failuresSince(const QString& subject, const QDateTime& since)
{
    auto q = db().query("SELECT count(*) FROM login_failures WHERE subject = $1 AND at >= $2");
    q.bindAll(subject, since.toSecsSinceEpoch());
    return q.next() ? q.integer(0) : 0;
}

Status PgCityStore::recordFailure(const QString& subject, const QDateTime& at)
{
    return db()
        .query("INSERT INTO login_failures(subject, at) VALUES ($1, $2)")
        .bindAll(subject, at.toSecsSinceEpoch())
        .exec();
}

Result<PurgeReport> PgCityStore::purge(const QDateTime& now, const Retention& retention)
{
    PurgeReport report;
    const qint64 at = now.toSecsSinceEpoch();
    pg::Transaction tx(db());
    if (!tx.ok())
        return tx.error();
    // Expired tokens are refused already; revoked ones too. Neither is kept.
    if (Status s = db().query("DELETE FROM tokens WHERE expires_at <= $1 OR revoked <> 0").bindAll(at).exec(); !s)
        return s.error();
    report.tokens = db().changes();
    if (Status s = db().query("DELETE FROM login_failures WHERE at < $1").bindAll(at - retention.failureSecs).exec();
        !s)
        return s.error();
    report.failures = db().changes();
    if (Status s = db().query("DELETE FROM mutations WHERE at < $1").bindAll(at - retention.mutationResultSecs).exec();
        !s)
        return s.error();
    report.mutationResults = db().changes();
    if (Status s = tx.commit(); !s)
        return s.error();
    return report;
}

Status PgCityStore::clearFailures(const QString& subject)
{
    return db().query("DELETE FROM login_failures WHERE subject = $1").bindAll(subject).exec();
}

} // namespace clerk::server
