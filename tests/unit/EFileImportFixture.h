// The scene of the tst_efile_import_* tests: another request on this computer (a document kept in
// a file, a note, an annotation) in a fresh encrypted store before every test function; packages
// the tests describe (PackageSpec) built with KZip or byte by byte; and expectRefused(), which
// checks that a refused import left every row of every table and every content file as it was.
#pragma once

#include "../common/RawZip.h"
#include "core/archive/EFilePackage.h"
#include "core/domain/Json.h"
#include "core/pdf/Xfdf.h"
#include "core/store/ContentFiles.h"
#include "core/store/DocumentCache.h"
#include "core/store/Sql.h"
#include "core/store/Store.h"

#include <KZip>
#include <QBuffer>
#include <QCryptographicHash>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>
#include <QXmlStreamWriter>
#include <memory>

namespace clerk::efiletest {

using testzip::RawZip;

inline const QString kOtherRequest = QStringLiteral("5c0a7e21-3b4d-4c6e-8f10-2a3b4c5d6e7f");
inline const QString kOtherDocument = QStringLiteral("7d1b8f32-4c5e-4d7f-9a21-3b4c5d6e7f80");
inline const QString kOtherNote = QStringLiteral("8e2c9a43-5d6f-4e80-ab32-4c5d6e7f8091");
inline const QString kOtherAnnotation = QStringLiteral("9f3dab54-6e70-4f91-bc43-5d6e7f8091a2");
inline const QString kRequest = QStringLiteral("1a2b3c4d-5e6f-4a70-8b91-c2d3e4f5a6b7"); // the package's own
inline const QByteArray kOtherBytes = QByteArray("%PDF-1.7 the other request's document ") + QByteArray(5000, 'o');

inline QString uuid(int n)
{
    return QUuid::createUuidV5(QUuid::fromString(kRequest), QString::number(n)).toString(QUuid::WithoutBraces);
}

inline QByteArray sha(const QByteArray& b)
{
    return QCryptographicHash::hash(b, QCryptographicHash::Sha256).toHex();
}

inline QByteArray bytesOf(int n, qsizetype size = 4000)
{
    QByteArray b = "%PDF-1.7 package document " + QByteArray::number(n) + ' ';
    while (b.size() < size)
        b += char('a' + (b.size() * 7 + n) % 26);
    return b;
}

inline Request request(const QString& id, const QString& reference)
{
    Request r;
    r.id = id;
    r.reference = reference;
    r.serviceId = QStringLiteral("baumfaellung");
    r.teamId = QStringLiteral("gruenflaechen");
    r.submittedAt = QDateTime(QDate(2026, 11, 2), QTime(9, 15), QTimeZone::UTC);
    r.status = QStringLiteral("received");
    r.applicant.name = QStringLiteral("Erika Musterfrau");
    r.version = 1;
    return r;
}

inline Annotation annotation(const QString& id, const QString& documentId, const QString& text)
{
    Annotation a;
    a.id = id;
    a.documentId = documentId;
    a.type = AnnotationType::Stamp;
    a.geometry = { { QStringLiteral("rect"), QJsonArray { 400, 700, 520, 740 } } };
    a.text = text;
    a.author = QStringLiteral("m.yilmaz");
    a.createdAt = QDateTime(QDate(2026, 11, 5), QTime(10, 0), QTimeZone::UTC);
    a.version = 1;
    return a;
}

struct PackageDoc
{
    QString id;
    QByteArray bytes;
    QList<Annotation> annotations; // travel as XFDF
    qint64 manifestSize = -1; // the size the manifest gives; -1: bytes.size()
};

struct PackageSpec
{
    QString requestId = kRequest;
    QList<PackageDoc> documents;
    QList<Note> notes;
    QList<Annotation> manifestAnnotations; // the older form: JSON inside the manifest
};

inline QString fileOf(const PackageDoc& d)
{
    return QStringLiteral("content/%1.pdf").arg(d.id);
}

inline QByteArray xfdfOf(const PackageDoc& d)
{
    return d.annotations.isEmpty() ? QByteArray() : pdf::Xfdf::write(d.annotations, d.id + QStringLiteral(".pdf"));
}

inline QByteArray manifestOf(const PackageSpec& p)
{
    QByteArray out;
    QXmlStreamWriter w(&out);
    const QString ns = QStringLiteral("urn:clerkdesk:efile:1");
    auto attr = [&](const char* name, const QString& value) { w.writeAttribute(QLatin1String(name), value); };
    w.writeStartDocument();
    w.writeDefaultNamespace(ns);
    w.writeStartElement(ns, QStringLiteral("efile"));
    attr("version", QStringLiteral("1"));
    w.writeStartElement(ns, QStringLiteral("sender"));
    attr("system", QStringLiteral("Test"));
    attr("version", QStringLiteral("1"));
    attr("created", QStringLiteral("2026-11-20T08:00:00Z"));
    w.writeEndElement();
    w.writeStartElement(ns, QStringLiteral("request"));
    attr("id", p.requestId);
    attr("reference", QStringLiteral("STU-2026-000123"));
    attr("service", QStringLiteral("baumfaellung"));
    attr("team", QStringLiteral("gruenflaechen"));
    attr("submitted", QStringLiteral("2026-11-02T09:15:00Z"));
    attr("status", QStringLiteral("received"));
    attr("version", QStringLiteral("1"));
    w.writeStartElement(ns, QStringLiteral("applicant"));
    attr("name", QStringLiteral("Max Mustermann"));
    w.writeEndElement();
    w.writeTextElement(ns, QStringLiteral("form"), QStringLiteral("{}"));
    w.writeEndElement();
    w.writeStartElement(ns, QStringLiteral("documents"));
    for (const PackageDoc& d : p.documents) {
        w.writeStartElement(ns, QStringLiteral("document"));
        attr("id", d.id);
        attr("file", fileOf(d));
        attr("title", QStringLiteral("Dokument ") + d.id.left(4));
        attr("kind", QStringLiteral("attachment"));
        attr("mime", QStringLiteral("application/pdf"));
        attr("size", QString::number(d.manifestSize < 0 ? d.bytes.size() : d.manifestSize));
        attr("sha256", QString::fromLatin1(sha(d.bytes)));
        attr("version", QStringLiteral("1"));
        if (!d.annotations.isEmpty()) {
            attr("annotations", QStringLiteral("content/%1.xfdf").arg(d.id));
            attr("annotationsSha256", QString::fromLatin1(sha(xfdfOf(d))));
        }
        w.writeEndElement();
    }
    w.writeEndElement();
    w.writeStartElement(ns, QStringLiteral("notes"));
    for (const Note& n : p.notes) {
        w.writeStartElement(ns, QStringLiteral("note"));
        attr("id", n.id);
        attr("author", n.author);
        attr("created", QStringLiteral("2026-11-03T10:00:00Z"));
        w.writeCharacters(n.text);
        w.writeEndElement();
    }
    w.writeEndElement();
    if (!p.manifestAnnotations.isEmpty()) {
        w.writeStartElement(ns, QStringLiteral("annotations"));
        for (const Annotation& a : p.manifestAnnotations) {
            w.writeStartElement(ns, QStringLiteral("annotation"));
            attr("id", a.id);
            attr("document", a.documentId);
            w.writeCharacters(QString::fromUtf8(QJsonDocument(json::encode(a)).toJson(QJsonDocument::Compact)));
            w.writeEndElement();
        }
        w.writeEndElement();
    }
    w.writeStartElement(ns, QStringLiteral("timeline"));
    w.writeStartElement(ns, QStringLiteral("event"));
    attr("at", QStringLiteral("2026-11-02T09:15:00Z"));
    attr("actor", QStringLiteral("portal"));
    attr("kind", QStringLiteral("received"));
    w.writeCharacters(QStringLiteral("Eingegangen"));
    w.writeEndElement();
    w.writeEndElement();
    w.writeEndElement();
    w.writeEndDocument();
    return out;
}

// Test classes derive from this; its init() runs before each of their test functions (Qt Test
// finds it through the meta-object).
class EFileImportFixture : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();

protected:
    struct Snapshot
    {
        QStringList rows;
        QMap<QString, QByteArray> files;
    };
    Snapshot snapshot();
    QStringList otherRequestRows();
    QString build(const PackageSpec& spec, const QString& name);
    QString writeFile(const QString& name, const QByteArray& bytes);
    RawZip rawPackage(const PackageSpec& spec);
    void expectRefused(const QString& path, const QString& words, efile::IfExists mode = efile::IfExists::Refuse,
        const efile::Limits& limits = {});

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Store> m_store;
};

inline void EFileImportFixture::init()
{
    // Another request on this computer: a document kept in a file, a note, an annotation.
    m_store.reset();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_store = std::make_unique<Store>(m_dir->filePath(QStringLiteral("profile.db")));
    QVERIFY(m_store->create("import-test-passphrase"));
    QVERIFY(m_store->upsertRequests({ request(kOtherRequest, QStringLiteral("STU-2026-000777")) }));
    DocumentCache cache(*m_store);
    QVERIFY(cache.upsertDocuments({ Document { kOtherDocument, kOtherRequest, QStringLiteral("Bauplan"),
        QStringLiteral("attachment"), QStringLiteral("application/pdf"), kOtherBytes.size(), sha(kOtherBytes), 1 } }));
    QByteArray bytes = kOtherBytes;
    QBuffer in(&bytes);
    QVERIFY(in.open(QIODevice::ReadOnly));
    QVERIFY(cache.putContent(kOtherDocument, in));
    QVERIFY(QFile::exists(m_store->contentFiles()->pathOf(kOtherDocument)));
    QVERIFY(m_store->upsertNotes({ Note { kOtherNote, kOtherRequest, QStringLiteral("b.hartmann"),
        QStringLiteral("Vermerk B"), QDateTime(QDate(2026, 11, 4), QTime(8, 0), QTimeZone::UTC), 1 } }));
    QVERIFY(m_store->upsertAnnotations({ annotation(kOtherAnnotation, kOtherDocument, QStringLiteral("Geprüft B")) }));
}

// QVERIFY for snapshot(), which returns a value: the failure is recorded, the snapshot is empty.
#define SNAPSHOT_VERIFY(cond)                                                                                          \
    do {                                                                                                               \
        if (!QTest::qVerify(static_cast<bool>(cond), #cond, "", __FILE__, __LINE__))                                   \
            return {};                                                                                                 \
    } while (false)

inline EFileImportFixture::Snapshot EFileImportFixture::snapshot()
{
    // Every row of every table (the FTS index's own tables included), and every file's bytes.
    Snapshot out;
    sql::Connection& c = m_store->connection();
    QStringList tables;
    {
        auto q = c.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                         "AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name");
        while (q.next())
            tables << q.text(0);
        SNAPSHOT_VERIFY(!q.error());
    }
    SNAPSHOT_VERIFY(!tables.isEmpty());
    for (const QString& table : std::as_const(tables)) {
        QStringList columns;
        auto q = c.query("SELECT name FROM pragma_table_info(?1)");
        q.bindAll(table);
        while (q.next())
            columns << QStringLiteral("quote(\"%1\")").arg(q.text(0));
        SNAPSHOT_VERIFY(!q.error());
        SNAPSHOT_VERIFY(!columns.isEmpty());
        auto rows
            = c.query(QStringLiteral("SELECT %1 FROM \"%2\"").arg(columns.join(QStringLiteral(" || '|' || ")), table));
        QStringList lines;
        while (rows.next())
            lines << table + QStringLiteral(": ") + rows.text(0);
        SNAPSHOT_VERIFY(!rows.error());
        lines.sort();
        out.rows << lines;
    }
    const QDir folder(m_store->contentFiles()->folder());
    for (const QString& name : folder.entryList(QDir::Files | QDir::Hidden | QDir::System)) {
        QFile f(folder.filePath(name));
        out.files.insert(name, f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("unreadable"));
    }
    // init() put rows (the other request) and a content file there: an empty snapshot is a
    // snapshot that failed, and two failed ones would compare equal.
    SNAPSHOT_VERIFY(!out.rows.isEmpty());
    SNAPSHOT_VERIFY(!out.files.isEmpty());
    return out;
}

inline QStringList EFileImportFixture::otherRequestRows()
{
    QStringList out;
    for (const char* sql : { "SELECT quote(id) || quote(reference) || quote(version) FROM requests WHERE id = ?1",
             "SELECT quote(id) || quote(request_id) || quote(sha256) || quote(content_file) || quote(stored_size) "
             "FROM documents WHERE request_id = ?1",
             "SELECT quote(id) || quote(request_id) || quote(text) FROM notes WHERE request_id = ?1",
             "SELECT quote(id) || quote(document_id) || quote(body) FROM annotations WHERE document_id IN "
             "(SELECT id FROM documents WHERE request_id = ?1)",
             "SELECT quote(kind) || quote(text) FROM timeline WHERE request_id = ?1" }) {
        auto q = m_store->connection().query(sql);
        q.bindAll(kOtherRequest);
        while (q.next())
            out << q.text(0);
    }
    return out;
}

inline QString EFileImportFixture::writeFile(const QString& name, const QByteArray& bytes)
{
    QFile f(m_dir->filePath(name));
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
        return {};
    return f.fileName();
}

inline QString EFileImportFixture::build(const PackageSpec& spec, const QString& name)
{
    const QString path = m_dir->filePath(name);
    KZip zip(path);
    if (!zip.open(QIODevice::WriteOnly))
        return {};
    zip.setCompression(KZip::DeflateCompression);
    bool ok = zip.writeFile(QStringLiteral("efile.xml"), manifestOf(spec));
    for (const PackageDoc& d : spec.documents)
        if (!d.annotations.isEmpty())
            ok = ok && zip.writeFile(QStringLiteral("content/%1.xfdf").arg(d.id), xfdfOf(d));
    zip.setCompression(KZip::NoCompression);
    for (const PackageDoc& d : spec.documents)
        ok = ok && zip.writeFile(fileOf(d), d.bytes);
    return zip.close() && ok ? path : QString();
}

inline RawZip EFileImportFixture::rawPackage(const PackageSpec& spec)
{
    RawZip z;
    z.add("efile.xml", manifestOf(spec));
    for (const PackageDoc& d : spec.documents)
        z.add(fileOf(d).toUtf8(), d.bytes);
    return z;
}

inline void EFileImportFixture::expectRefused(
    const QString& path, const QString& words, efile::IfExists mode, const efile::Limits& limits)
{
    QVERIFY(!path.isEmpty());
    const Snapshot before = snapshot();
    QVERIFY(!before.rows.isEmpty());
    QVERIFY(before.files.contains(ContentFiles::fileName(kOtherDocument)));
    auto r = efile::importPackage(*m_store, path, mode, QStringLiteral("k.becker"), limits);
    QVERIFY(!r.ok());
    // First what matters most: nothing changed, rows and files; then that the clerk is told why.
    const Snapshot after = snapshot();
    QVERIFY(!after.rows.isEmpty());
    QCOMPARE(after.rows, before.rows);
    QCOMPARE(after.files.keys(), before.files.keys());
    QVERIFY(after.files == before.files);
    QCOMPARE(DocumentCache(*m_store).content(kOtherDocument).value(), kOtherBytes);
    QVERIFY2(r.errorString().contains(words),
        qPrintable(QStringLiteral("expected \"%1\" in: %2").arg(words, r.errorString())));
}

} // namespace clerk::efiletest
