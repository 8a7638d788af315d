#include "SearchIndex.h"

#include "Sql.h"
#include "core/Logging.h"

#include <QRegularExpression>
#include <limits>

namespace clerk {

QString SearchIndex::fold(const QString& text)
{
    return fold(text, nullptr);
}

QString SearchIndex::fold(const QString& text, QList<qsizetype>* origin)
{
    // One pass over the case-folded text: ß and ẞ become "ss", ä ö ü their base letter, and an "e"
    // after a, o or u (as in "Mueller") is dropped, so that Müller, Mueller and Muller meet. An
    // "e" is dropped once per vowel ("aee" keeps one e). This runs for every column of every
    // request when the search index is built, so it does not allocate per rule.
    const QString folded = text.toCaseFolded();
    QString out;
    out.reserve(folded.size() + 4);
    // (Case folding keeps the length but for rare letters; then the origins are approximate.)
    auto from = [&](qsizetype i) { return qMin(i, text.size() - 1); };
    if (origin) {
        origin->clear();
        origin->reserve(folded.size() + 4);
    }
    qsizetype i = -1;
    bool vowelBefore = false; // the last letter written is an a, o or u not yet followed by a dropped e
    for (QChar c : folded) {
        ++i;
        switch (c.unicode()) {
        case 0x00DF: // ß (Qt's simple case folding keeps it)
        case 0x1E9E: // capital ẞ
            out += QLatin1String("ss");
            if (origin)
                *origin << from(i) << from(i);
            vowelBefore = false;
            continue;
        case 0x00E4:
            c = QLatin1Char('a');
            break;
        case 0x00F6:
            c = QLatin1Char('o');
            break;
        case 0x00FC:
            c = QLatin1Char('u');
            break;
        case 'e':
            if (vowelBefore) {
                vowelBefore = false;
                continue;
            }
            break;
        default:
            break;
        }
        vowelBefore = c == QLatin1Char('a') || c == QLatin1Char('o') || c == QLatin1Char('u');
        out += c;
        if (origin)
            *origin << from(i);
    }
    return out;
}

QStringList SearchIndex::terms(const QString& typed)
{
    static const QRegularExpression split(QStringLiteral("[^\\p{L}\\p{N}]+"));
    QStringList out;
    for (const QString& w : fold(typed).split(split, Qt::SkipEmptyParts))
        out << w;
    return out;
}

QString SearchIndex::matchExpression(const QString& typed)
{
    const QStringList words = terms(typed);
    // A space after the last word means the clerk finished it.
    const bool lastIsPrefix = !typed.isEmpty() && !typed.back().isSpace();
    QStringList parts;
    for (int i = 0; i < words.size(); ++i) {
        QString w = words.at(i);
        w.replace(QLatin1Char('"'), QLatin1String("\"\""));
        // The word being typed is a prefix ("Schm" finds Schmidt); the words before it are whole.
        // A single letter is not: FTS5 keeps prefix indexes for two and three letters, and
        // without one "s*" merges the lists of every word starting with s (0.55 s in a store of a
        // million requests, against 5 ms for "sc*").
        const bool prefix = i == words.size() - 1 && lastIsPrefix && w.size() >= 2;
        parts << QLatin1Char('"') + w + (prefix ? QStringLiteral("\"*") : QStringLiteral("\""));
    }
    return parts.join(QLatin1Char(' '));
}

Status SearchIndex::remove(qint64 rid)
{
    return m_conn.query("DELETE FROM request_fts WHERE rowid = ?1").bindAll(rid).exec();
}

namespace {
// One row of the index from the request's tables; the same text for a single request and for
// a rebuild of all. Applicant and form values are JSON objects: their values are indexed.
constexpr char kIndexSelect[]
    = "SELECT r.rid, clerk_fold(r.reference || ' ' || coalesce(b.file_number, '')), "
      "clerk_fold(coalesce(r.applicant, '') || ' ' || "
      "  coalesce((SELECT group_concat(value, ' ') FROM json_each(b.applicant_json)), '')), "
      "clerk_fold(coalesce((SELECT group_concat(value, ' ') FROM json_each(b.form_json)), '')), "
      "clerk_fold(coalesce((SELECT group_concat(text, ' ') FROM notes n WHERE n.request_id = r.id), '')), "
      "clerk_fold(coalesce((SELECT group_concat(d.title || ' ' || coalesce(t.text, ''), ' ') FROM documents d "
      "  LEFT JOIN document_text t ON t.document_id = d.id WHERE d.request_id = r.id), '')) "
      "FROM requests r LEFT JOIN request_bodies b ON b.rid = r.rid";
} // namespace

SearchIndex::SearchIndex(sql::Connection& conn)
    : m_conn(conn)
{
    if (Status s = m_conn.addTextFunction("clerk_fold", &SearchIndex::fold); !s)
        qCWarning(lcStore) << "the search's folding function is missing; searches will fail:" << s.error().detail;
}

namespace {
constexpr qint64 kNothingPending = std::numeric_limits<qint64>::max();
} // namespace

qint64 SearchIndex::pendingAfter()
{
    if (!m_pendingAfter) {
        auto v = m_conn.query("SELECT value FROM meta WHERE key = ?1");
        v.bindAll(QString::fromLatin1(kPendingKey));
        m_pendingAfter = v.next() ? v.int64(0) : kNothingPending;
    }
    return *m_pendingAfter;
}

Status SearchIndex::reindex(qint64 rid)
{
    if (rid > pendingAfter())
        return {}; // the deferred build reaches it
    if (Status s = remove(rid); !s)
        return s;
    static const QByteArray sql
        = QByteArray("INSERT INTO request_fts(rowid, reference, applicant, form, notes, doctext) ") + kIndexSelect
        + " WHERE r.rid = ?1";
    return m_conn.query(sql.constData()).bindAll(rid).exec();
}

Status SearchIndex::rebuild()
{
    if (Status s = m_conn.exec("INSERT INTO request_fts(request_fts) VALUES ('delete-all')"); !s)
        return s;
    if (Status s = m_conn.query("DELETE FROM meta WHERE key = ?1").bindAll(QString::fromLatin1(kPendingKey)).exec(); !s)
        return s;
    m_pendingAfter = kNothingPending;
    static const QByteArray sql
        = QByteArray("INSERT INTO request_fts(rowid, reference, applicant, form, notes, doctext) ") + kIndexSelect;
    // FTS5 collects terms in memory and writes a segment whenever they pass `hashsize` (1 MiB by
    // default); every few segments are merged again. A larger budget for the one big insert means
    // fewer, larger segments and far less merging; the default is restored for everyday writes.
    if (Status s = m_conn.exec("INSERT INTO request_fts(request_fts, rank) VALUES ('hashsize', 67108864)"); !s)
        qCInfo(lcStore) << "the larger term budget for the build was refused (it only costs time):" << s.error().detail;
    const Status built = m_conn.exec(sql.constData());
    if (Status s = m_conn.exec("INSERT INTO request_fts(request_fts, rank) VALUES ('hashsize', 1048576)"); !s && built)
        return s; // everyday writes would otherwise keep the build's 64 MiB budget
    return built;
}

Status SearchIndex::optimize()
{
    return m_conn.exec("INSERT INTO request_fts(request_fts) VALUES ('optimize')");
}

Status SearchIndex::deferRebuild()
{
    if (Status s = m_conn.exec("INSERT INTO request_fts(request_fts) VALUES ('delete-all')"); !s)
        return s;
    // Each slice is one segment; the large budget keeps a slice's terms in memory until its commit.
    if (Status s = m_conn.exec("INSERT INTO request_fts(request_fts, rank) VALUES ('hashsize', 67108864)"); !s)
        return s;
    m_pendingAfter = 0;
    return m_conn.query("INSERT INTO meta(key, value) VALUES (?1, '0') ON CONFLICT(key) DO UPDATE SET value = '0'")
        .bindAll(QString::fromLatin1(kPendingKey))
        .exec();
}

Result<SearchIndex::Slice> SearchIndex::indexSlice(int rows)
{
    const qint64 after = pendingAfter();
    if (after == kNothingPending)
        return Slice { 0, true };
    auto last = m_conn.query(
        "SELECT max(rid), count(*) FROM (SELECT rid FROM requests WHERE rid > ?1 ORDER BY rid LIMIT ?2)");
    last.bindAll(after, rows);
    if (!last.next())
        return last.error();
    if (last.isNull(0)) {
        // Every request is in: merge the slices' segments into one, a bounded step per call
        // (FTS5: a negative 'merge' merges across levels; fewer than two changes means nothing
        // was left to merge).
        const qint64 before = m_conn.totalChanges();
        if (Status s = m_conn.exec("INSERT INTO request_fts(request_fts, rank) VALUES ('merge', -2000)"); !s)
            return s.error();
        if (m_conn.totalChanges() - before >= 2)
            return Slice { 0, false };
        if (Status s = m_conn.exec("INSERT INTO request_fts(request_fts, rank) VALUES ('hashsize', 1048576)"); !s)
            return s.error();
        if (Status s = m_conn.query("DELETE FROM meta WHERE key = ?1").bindAll(QString::fromLatin1(kPendingKey)).exec();
            !s)
            return s.error();
        m_pendingAfter = kNothingPending;
        return Slice { 0, true };
    }
    const qint64 upTo = last.int64(0);
    const int count = int(last.int64(1));
    static const QByteArray sql
        = QByteArray("INSERT INTO request_fts(rowid, reference, applicant, form, notes, doctext) ") + kIndexSelect
        + " WHERE r.rid > ?1 AND r.rid <= ?2";
    if (Status s = m_conn.query(sql.constData()).bindAll(after, upTo).exec(); !s)
        return s.error();
    if (Status s = m_conn.query("UPDATE meta SET value = ?2 WHERE key = ?1")
            .bindAll(QString::fromLatin1(kPendingKey), QString::number(upTo))
            .exec();
        !s)
        return s.error();
    m_pendingAfter = upTo;
    return Slice { count, false };
}

Result<std::optional<SearchIndex::Progress>> SearchIndex::pending()
{
    const qint64 after = pendingAfter();
    if (after == kNothingPending)
        return std::optional<Progress> {};
    // (Counts every row: for the start of a build, not for each slice.)
    auto q = m_conn.query("SELECT count(*) FILTER (WHERE rid <= ?1), count(*) FROM requests");
    q.bindAll(after);
    if (!q.next())
        return q.error();
    return std::optional<Progress> { Progress { q.int64(0), q.int64(1) } };
}

Result<QList<qint64>> SearchIndex::search(const QString& typed, int limit, int window)
{
    const QString match = matchExpression(typed);
    QList<qint64> out;
    if (match.isEmpty())
        return out;
    // The newest `window` matches first: cheap, because FTS5 walks the doclist by rowid.
    QList<qint64> newest;
    {
        auto q = m_conn.query("SELECT rowid FROM request_fts WHERE request_fts MATCH ?1 ORDER BY rowid DESC LIMIT ?2");
        q.bindAll(match, window);
        while (q.next())
            newest << q.int64(0);
        if (q.error())
            return q.error();
    }
    if (newest.size() >= window) {
        // A common word: ranking every match would cost more than the clerk gains. The newest
        // requests come first; the clerk narrows with a second word.
        return newest.mid(0, limit);
    }
    auto q = m_conn.query("SELECT rowid FROM request_fts WHERE request_fts MATCH ?1 ORDER BY rank LIMIT ?2");
    q.bindAll(match, limit);
    while (q.next())
        out << q.int64(0);
    if (q.error())
        return q.error();
    return out;
}

} // namespace clerk
