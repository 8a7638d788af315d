#include "SearchIndex.h"

#include "Sql.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace clerk {

QString SearchIndex::fold(const QString& text)
{
    QString s = text.toCaseFolded();
    s.replace(QChar(0x00DF), QLatin1String("ss")); // ß (toCaseFolded keeps it in Qt)
    s.replace(QChar(0x1E9E), QLatin1String("ss")); // capital ẞ
    s.replace(QChar(0x00E4), QLatin1Char('a'));
    s.replace(QChar(0x00F6), QLatin1Char('o'));
    s.replace(QChar(0x00FC), QLatin1Char('u'));
    s.replace(QLatin1String("ae"), QLatin1String("a"));
    s.replace(QLatin1String("oe"), QLatin1String("o"));
    s.replace(QLatin1String("ue"), QLatin1String("u"));
    return s;
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
        parts << QLatin1Char('"') + w + (i == words.size() - 1 && lastIsPrefix ? QStringLiteral("\"*") : QStringLiteral("\""));
    }
    return parts.join(QLatin1Char(' '));
}

Status SearchIndex::remove(qint64 rid)
{
    return m_conn.query("DELETE FROM request_fts WHERE rowid = ?1").bindAll(rid).exec();
}

Status SearchIndex::reindex(qint64 rid)
{
    QString reference, applicant, form, notes, doctext;
    {
        auto q = m_conn.query("SELECT r.reference || ' ' || coalesce(b.file_number, ''), r.applicant, "
                              "b.applicant_json, b.form_json, r.id FROM requests r "
                              "LEFT JOIN request_bodies b ON b.rid = r.rid WHERE r.rid = ?1");
        q.bindAll(rid);
        if (!q.next())
            return q.error() ? Status(q.error()) : remove(rid);
        reference = q.text(0);
        const QJsonObject app = QJsonDocument::fromJson(q.text(2).toUtf8()).object();
        QStringList appParts{q.text(1)};
        for (auto it = app.begin(); it != app.end(); ++it)
            appParts << it.value().toString();
        applicant = appParts.join(QLatin1Char(' '));
        const QJsonObject f = QJsonDocument::fromJson(q.text(3).toUtf8()).object();
        QStringList formParts;
        for (auto it = f.begin(); it != f.end(); ++it)
            formParts << (it.value().isString() ? it.value().toString()
                                                : QString::fromUtf8(QJsonDocument(QJsonObject{{it.key(), it.value()}})
                                                                        .toJson(QJsonDocument::Compact)));
        form = formParts.join(QLatin1Char(' '));
        const QString requestId = q.text(4);
        auto n = m_conn.query("SELECT group_concat(text, ' ') FROM notes WHERE request_id = ?1");
        n.bindAll(requestId);
        if (n.next())
            notes = n.text(0);
        auto d = m_conn.query("SELECT group_concat(d.title || ' ' || coalesce(t.text, ''), ' ') FROM documents d "
                              "LEFT JOIN document_text t ON t.document_id = d.id WHERE d.request_id = ?1");
        d.bindAll(requestId);
        if (d.next())
            doctext = d.text(0);
    }
    if (Status s = remove(rid); !s)
        return s;
    return m_conn
        .query("INSERT INTO request_fts(rowid, reference, applicant, form, notes, doctext) "
               "VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
        .bindAll(rid, fold(reference), fold(applicant), fold(form), fold(notes), fold(doctext))
        .exec();
}

Status SearchIndex::rebuild()
{
    if (Status s = m_conn.exec("DELETE FROM request_fts"); !s)
        return s;
    QList<qint64> rids;
    {
        auto q = m_conn.query("SELECT rid FROM requests");
        while (q.next())
            rids << q.int64(0);
        if (q.error())
            return q.error();
    }
    for (qint64 rid : std::as_const(rids))
        if (Status s = reindex(rid); !s)
            return s;
    return {};
}

Result<QList<qint64>> SearchIndex::search(const QString& typed, int limit, int window)
{
    const QString match = matchExpression(typed);
    QList<qint64> out;
    if (match.isEmpty())
        return out;
    // The rowid of the window-th most recent match bounds the set that gets ranked.
    qint64 floor = 0;
    {
        auto q = m_conn.query("SELECT rowid FROM request_fts WHERE request_fts MATCH ?1 "
                              "ORDER BY rowid DESC LIMIT 1 OFFSET ?2");
        q.bindAll(match, window - 1);
        if (q.next())
            floor = q.int64(0);
        else if (q.error())
            return q.error();
    }
    auto q = m_conn.query("SELECT rowid FROM request_fts WHERE request_fts MATCH ?1 AND rowid >= ?2 "
                          "ORDER BY rank LIMIT ?3");
    q.bindAll(match, floor, limit);
    while (q.next())
        out << q.int64(0);
    if (q.error())
        return q.error();
    return out;
}

} // namespace clerk
