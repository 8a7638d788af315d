// An e-file import changes nothing but its own request. Every package here is built by the test
// (KZip, or byte by byte for the malformed ones): ids that belong to another request, a document
// id twice, an annotation on another request's document, sizes that lie, a manifest that inflates
// beyond its directory entry, two archives in one file, more bytes than a package may unpack to.
// After every refusal the store (a dump of every table) and the content folder (names and bytes)
// are exactly as before.
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
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>
#include <QXmlStreamWriter>
#include <zlib.h>

using namespace clerk;
using testzip::RawZip;

namespace {

const QString kOtherRequest = QStringLiteral("5c0a7e21-3b4d-4c6e-8f10-2a3b4c5d6e7f");
const QString kOtherDocument = QStringLiteral("7d1b8f32-4c5e-4d7f-9a21-3b4c5d6e7f80");
const QString kOtherNote = QStringLiteral("8e2c9a43-5d6f-4e80-ab32-4c5d6e7f8091");
const QString kOtherAnnotation = QStringLiteral("9f3dab54-6e70-4f91-bc43-5d6e7f8091a2");
const QString kRequest = QStringLiteral("1a2b3c4d-5e6f-4a70-8b91-c2d3e4f5a6b7"); // the package's own
const QByteArray kOtherBytes = QByteArray("%PDF-1.7 the other request's document ") + QByteArray(5000, 'o');

QString uuid(int n)
{
    return QUuid::createUuidV5(QUuid::fromString(kRequest), QString::number(n)).toString(QUuid::WithoutBraces);
}

QByteArray sha(const QByteArray& b)
{
    return QCryptographicHash::hash(b, QCryptographicHash::Sha256).toHex();
}

QByteArray bytesOf(int n, qsizetype size = 4000)
{
    QByteArray b = "%PDF-1.7 package document " + QByteArray::number(n) + ' ';
    while (b.size() < size)
        b += char('a' + (b.size() * 7 + n) % 26);
    return b;
}

Request request(const QString& id, const QString& reference)
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

Annotation annotation(const QString& id, const QString& documentId, const QString& text)
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

QString fileOf(const PackageDoc& d)
{
    return QStringLiteral("content/%1.pdf").arg(d.id);
}

QByteArray xfdfOf(const PackageDoc& d)
{
    return d.annotations.isEmpty() ? QByteArray() : pdf::Xfdf::write(d.annotations, d.id + QStringLiteral(".pdf"));
}

QByteArray manifestOf(const PackageSpec& p)
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

// A raw deflate stream of `size` zero bytes, made in pieces (the test never holds them whole).
QByteArray deflatedZeros(qint64 size, quint32* crc)
{
    z_stream z {};
    if (deflateInit2(&z, 9, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return {};
    const QByteArray zeros(1 << 20, '\0');
    QByteArray out, buffer(1 << 16, Qt::Uninitialized);
    uLong c = ::crc32(0L, Z_NULL, 0);
    for (qint64 left = size; left >= 0; left -= zeros.size()) {
        const qint64 n = qMin<qint64>(left, zeros.size());
        c = ::crc32(c, reinterpret_cast<const Bytef*>(zeros.constData()), uInt(n));
        z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(zeros.constData()));
        z.avail_in = uInt(n);
        const int flush = left <= zeros.size() ? Z_FINISH : Z_NO_FLUSH;
        int rc = Z_OK;
        do {
            z.next_out = reinterpret_cast<Bytef*>(buffer.data());
            z.avail_out = uInt(buffer.size());
            rc = deflate(&z, flush);
            out.append(buffer.constData(), buffer.size() - qsizetype(z.avail_out));
        } while (z.avail_out == 0 || (flush == Z_FINISH && rc != Z_STREAM_END));
        if (flush == Z_FINISH)
            break;
    }
    deflateEnd(&z);
    *crc = quint32(c);
    return out;
}

// The process's peak resident memory (VmHWM) in KiB, -1 when unreadable. resetPeak() sets it back
// to the current resident size (writing "5" to /proc/self/clear_refs, Linux 4.0 and later), so
// that a peak measured afterwards is this case's, not that of an earlier case in the process.
qint64 peakKiB()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : f.readAll().split('\n'))
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    return -1;
}

bool resetPeak()
{
    QFile f(QStringLiteral("/proc/self/clear_refs"));
    return f.open(QIODevice::WriteOnly) && f.write("5") == 1 && f.flush();
}

qint64 residentKiB()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : f.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    return -1;
}

} // namespace

class TestEFileImport : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void reusedDocumentIdOfAnotherRequest();
    void reusedNoteId();
    void reusedAnnotationId();
    void annotationOnAnotherRequestsDocument();
    void documentIdTwiceInOnePackage();
    void mergeThatWouldReparentADocument();
    void keepBothGivesNewIdsAndLeavesTheOtherRequest();
    void refusedAfterADocumentWasWritten();
    void upperCaseIdOfAnotherRequest();
    void filesOfAnotherSpellingAreNotRemoved();
    void manifestInflatesBeyondItsDirectoryEntry();
    void sizeMismatch_data();
    void sizeMismatch();
    void twoArchivesInOneFile_data();
    void twoArchivesInOneFile();
    void totalInflatedSizeOverTheCap();
    void cliShowsTheMessage();

private:
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

void TestEFileImport::init()
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

TestEFileImport::Snapshot TestEFileImport::snapshot()
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

QStringList TestEFileImport::otherRequestRows()
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

QString TestEFileImport::writeFile(const QString& name, const QByteArray& bytes)
{
    QFile f(m_dir->filePath(name));
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
        return {};
    return f.fileName();
}

QString TestEFileImport::build(const PackageSpec& spec, const QString& name)
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

RawZip TestEFileImport::rawPackage(const PackageSpec& spec)
{
    RawZip z;
    z.add("efile.xml", manifestOf(spec));
    for (const PackageDoc& d : spec.documents)
        z.add(fileOf(d).toUtf8(), d.bytes);
    return z;
}

void TestEFileImport::expectRefused(
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

void TestEFileImport::reusedDocumentIdOfAnotherRequest()
{
    PackageSpec p;
    p.documents = { { uuid(1), bytesOf(1), {} }, { kOtherDocument, bytesOf(2), {} } };
    expectRefused(build(p, QStringLiteral("reused-document.zip")),
        QStringLiteral("a document whose id belongs to another request (STU-2026-000777); nothing was imported"));
    // The same id in upper case is the same id (and the same file where names ignore case).
    p.documents = { { kOtherDocument.toUpper(), bytesOf(2), {} } };
    expectRefused(build(p, QStringLiteral("reused-document-upper.zip")), QStringLiteral("belongs to another request"));
}

void TestEFileImport::reusedNoteId()
{
    PackageSpec p;
    p.documents = { { uuid(1), bytesOf(1), {} } };
    p.notes = { Note { uuid(2), kRequest, QStringLiteral("k.becker"), QStringLiteral("Eigener Vermerk"), {}, 1 },
        Note { kOtherNote, kRequest, QStringLiteral("k.becker"), QStringLiteral("überschreibt B"), {}, 1 } };
    expectRefused(build(p, QStringLiteral("reused-note.zip")),
        QStringLiteral("a note whose id belongs to another request (STU-2026-000777); nothing was imported"));
}

void TestEFileImport::reusedAnnotationId()
{
    PackageSpec p;
    p.documents = { { uuid(1), bytesOf(1),
        { annotation(uuid(3), uuid(1), QStringLiteral("eigene")),
            annotation(kOtherAnnotation, uuid(1), QStringLiteral("überschreibt B")) } } };
    expectRefused(build(p, QStringLiteral("reused-annotation.zip")),
        QStringLiteral("an annotation whose id belongs to another request (STU-2026-000777); nothing was imported"));
}

void TestEFileImport::annotationOnAnotherRequestsDocument()
{
    // The older form of a package carries annotations in the manifest, each naming its document:
    // one that names a document of another request (not in the package) is refused.
    PackageSpec p;
    p.documents = { { uuid(1), bytesOf(1), {} } };
    p.manifestAnnotations = { annotation(uuid(4), kOtherDocument, QStringLiteral("auf B's Dokument")) };
    expectRefused(build(p, QStringLiteral("annotation-elsewhere.zip")),
        QStringLiteral("an annotation on a document that is not in the package"));
}

void TestEFileImport::documentIdTwiceInOnePackage()
{
    PackageSpec p;
    p.documents = { { uuid(1), bytesOf(1), {} }, { uuid(1), bytesOf(2), {} } };
    // Two files of one id: content/<id>.pdf twice is refused as a duplicate name, so the second
    // one comes as another file name (the schema allows any extension).
    RawZip z;
    QByteArray manifest = manifestOf(p);
    const QByteArray second = QStringLiteral("content/%1.pdf").arg(uuid(1)).toUtf8();
    const qsizetype at = manifest.lastIndexOf(second);
    QVERIFY(at > 0);
    manifest.replace(at, second.size(), QStringLiteral("content/%1.png").arg(uuid(1)).toUtf8());
    z.add("efile.xml", manifest);
    z.add(second, bytesOf(1));
    z.add(QStringLiteral("content/%1.png").arg(uuid(1)).toUtf8(), bytesOf(2));
    expectRefused(
        writeFile(QStringLiteral("twice.zip"), z.bytes()), QStringLiteral("the document id %1 twice").arg(uuid(1)));
}

void TestEFileImport::mergeThatWouldReparentADocument()
{
    // The package's request is here already; merging it must not take another request's document.
    PackageSpec first;
    first.documents = { { uuid(1), bytesOf(1), {} } };
    QVERIFY(efile::importPackage(
        *m_store, build(first, QStringLiteral("first.zip")), efile::IfExists::Refuse, QStringLiteral("k.becker")));
    PackageSpec p = first;
    p.documents << PackageDoc { kOtherDocument, bytesOf(5), {} };
    expectRefused(build(p, QStringLiteral("merge-reparent.zip")),
        QStringLiteral("a document whose id belongs to another request"), efile::IfExists::Merge);
    // What merging may add it adds; what the request has stays as it is.
    p.documents = { { uuid(1), bytesOf(9), {} },
        { uuid(6), bytesOf(6), { annotation(uuid(7), uuid(6), QStringLiteral("neu")) } } };
    auto merged = efile::importPackage(
        *m_store, build(p, QStringLiteral("merge-ok.zip")), efile::IfExists::Merge, QStringLiteral("k.becker"));
    QVERIFY2(merged.ok(), qPrintable(merged.errorString()));
    QCOMPARE(merged->documents, 1);
    QCOMPARE(merged->annotations, 1);
    DocumentCache cache(*m_store);
    QCOMPARE(cache.content(uuid(1)).value(), bytesOf(1));
    QCOMPARE(cache.content(uuid(6)).value(), bytesOf(6));
}

void TestEFileImport::keepBothGivesNewIdsAndLeavesTheOtherRequest()
{
    PackageSpec p;
    p.documents = { { kOtherDocument, bytesOf(1),
                        { annotation(kOtherAnnotation, kOtherDocument, QStringLiteral("Kopie")),
                            annotation(uuid(3), kOtherDocument, QStringLiteral("zweite")) } },
        { uuid(2), bytesOf(2), {} } };
    p.notes
        = { Note { kOtherNote, kRequest, QStringLiteral("k.becker"), QStringLiteral("Kopie des Vermerks"), {}, 1 } };
    const QString path = build(p, QStringLiteral("keep-both.zip"));
    const QStringList otherBefore = otherRequestRows();
    const Snapshot before = snapshot();
    QVERIFY(!before.rows.isEmpty());
    const QByteArray otherFile = before.files.value(ContentFiles::fileName(kOtherDocument));
    QVERIFY(!otherFile.isEmpty());
    auto r = efile::importPackage(*m_store, path, efile::IfExists::KeepBoth, QStringLiteral("k.becker"));
    QVERIFY2(r.ok(), qPrintable(r.errorString()));
    QVERIFY(r->requestId != kRequest);
    QVERIFY(m_store->request(r->requestId)->reference.endsWith(QLatin1String(")")));
    QCOMPARE(r->documents, 2);
    QCOMPARE(r->notes, 1);
    QCOMPARE(r->annotations, 2);
    // The other request: its rows and its file as they were.
    QCOMPARE(otherRequestRows(), otherBefore);
    QCOMPARE(snapshot().files.value(ContentFiles::fileName(kOtherDocument)), otherFile);
    DocumentCache cache(*m_store);
    QCOMPARE(cache.content(kOtherDocument).value(), kOtherBytes);
    // The copy: new ids throughout, annotations on the copy's own documents, bytes as packed.
    const QList<Document> docs = cache.documentsOf(r->requestId);
    QCOMPARE(docs.size(), 2);
    QSet<QByteArray> contents;
    for (const Document& d : docs) {
        QVERIFY(d.id != kOtherDocument && d.id != uuid(2));
        contents.insert(cache.content(d.id).value());
        for (const Annotation& a : m_store->annotations().of(d.id).value()) {
            QVERIFY(a.id != kOtherAnnotation && a.id != uuid(3));
            QCOMPARE(a.documentId, d.id);
        }
    }
    QCOMPARE(contents, (QSet<QByteArray> { bytesOf(1), bytesOf(2) }));
    QCOMPARE(m_store->connection().scalar("SELECT count(*) FROM annotations")->toInt(), 3);
    const QList<Note> notes = m_store->notes().of(r->requestId).value();
    QCOMPARE(notes.size(), 1);
    QVERIFY(notes.first().id != kOtherNote);
    QCOMPARE(m_store->notes().of(kOtherRequest).value().first().text, QStringLiteral("Vermerk B"));
    // The package's entry (written without params, as packages before them were): read as it was.
    const QList<TimelineEvent> timeline = m_store->timeline().of(r->requestId).value();
    QCOMPARE(timeline.size(), 2);
    QCOMPARE(timeline.first().kind, QStringLiteral("received"));
    QCOMPARE(timeline.first().text, QStringLiteral("Eingegangen"));
    QVERIFY(timeline.first().params.isEmpty());
    QCOMPARE(timeline.last().kind, QStringLiteral("imported"));
}

void TestEFileImport::refusedAfterADocumentWasWritten()
{
    // A package for a new request: its first document is written into a content file, its second
    // fails its checksum. The import is refused after that write; the transaction rolls back and
    // the file written for it goes too (DocumentCache::settleFiles(false)): rows and folder exactly
    // as before.
    PackageSpec p;
    p.documents = { { uuid(1), bytesOf(1), {} }, { uuid(2), bytesOf(2), {} } };
    RawZip z = rawPackage(p);
    z.items.last().data[100] = char(z.items.last().data.at(100) ^ 0x20); // same size, other bytes
    z.items.last().crc = testzip::crc32(z.items.last().data);
    const QString path = writeFile(QStringLiteral("second-damaged.zip"), z.bytes());
    QVERIFY(!path.isEmpty());
    const Snapshot before = snapshot();
    QVERIFY(!before.rows.isEmpty());
    const QString firstFile = m_store->contentFiles()->pathOf(uuid(1));
    int progressCalls = 0;
    bool firstWritten = false;
    auto r = efile::importPackage(
        *m_store, path, efile::IfExists::Refuse, QStringLiteral("k.becker"), {}, [&](qint64, qint64) {
            if (++progressCalls == 1) // after the first document
                firstWritten = QFile::exists(firstFile);
            return true;
        });
    QVERIFY(!r.ok());
    QVERIFY2(r.errorString().contains(QLatin1String("does not match its checksum")), qPrintable(r.errorString()));
    QCOMPARE(progressCalls, 1);
    QVERIFY(firstWritten); // the refusal came after a write
    QVERIFY(!QFile::exists(firstFile));
    const Snapshot after = snapshot();
    QVERIFY(!after.rows.isEmpty());
    QCOMPARE(after.rows, before.rows);
    QCOMPARE(after.files.keys(), before.files.keys());
    QVERIFY(after.files == before.files);
    QVERIFY(!m_store->request(kRequest).ok());
}

void TestEFileImport::upperCaseIdOfAnotherRequest()
{
    // A document of another request stored under an upper-case id (an older import, a backend
    // with upper-case GUIDs); the package brings the same id in lower case. The same document, and
    // on a file system that ignores case the same file: refused like any other id clash.
    const QString upper = uuid(7).toUpper();
    const QByteArray bytes = QByteArray("%PDF-1.7 upper-case id ") + QByteArray(3000, 'u');
    DocumentCache cache(*m_store);
    QVERIFY(cache.upsertDocuments({ Document { upper, kOtherRequest, QStringLiteral("Altakte"),
        QStringLiteral("attachment"), QStringLiteral("application/pdf"), bytes.size(), sha(bytes), 1 } }));
    QByteArray copy = bytes;
    QBuffer in(&copy);
    QVERIFY(in.open(QIODevice::ReadOnly));
    QVERIFY(cache.putContent(upper, in));
    QVERIFY(QFile::exists(m_store->contentFiles()->pathOf(upper)));
    PackageSpec p;
    p.documents = { { uuid(1), bytesOf(1), {} }, { uuid(7), bytesOf(7), {} } };
    QVERIFY(uuid(7) != upper);
    expectRefused(build(p, QStringLiteral("upper-case.zip")), QStringLiteral("belongs to another request"));
    QCOMPARE(cache.content(upper).value(), bytes);
    // Merge or keep both: keep both gives the package new ids; the other request keeps its file.
    auto r = efile::importPackage(*m_store, build(p, QStringLiteral("upper-case-keep.zip")), efile::IfExists::KeepBoth,
        QStringLiteral("k.becker"));
    QVERIFY2(r.ok(), qPrintable(r.errorString()));
    QCOMPARE(cache.content(upper).value(), bytes);
}

void TestEFileImport::filesOfAnotherSpellingAreNotRemoved()
{
    // Removing a document's files takes only names the folder lists in exactly that spelling: on a
    // file system that ignores case "<ID>.cdc" of another document is "<id>.cdc" too. (On Linux
    // the names are distinct; this pins that both are listed and only the exact one goes.)
    ContentFiles* files = m_store->contentFiles();
    const QString lower = uuid(8), upper = uuid(8).toUpper();
    for (const QString& name :
        { ContentFiles::fileName(upper), ContentFiles::fileName(upper, 2), ContentFiles::fileName(lower, 2) }) {
        QFile f(QDir(files->folder()).filePath(name));
        QVERIFY(f.open(QIODevice::WriteOnly));
        QVERIFY(f.write("x") == 1);
    }
    files->removeAllBut(lower, 0);
    files->remove(lower, 1);
    QStringList left = QDir(files->folder()).entryList({ uuid(8) + QLatin1Char('*') }, QDir::Files);
    left.sort();
    QStringList expected { ContentFiles::fileName(upper), ContentFiles::fileName(upper, 2) };
    expected.sort();
    QCOMPARE(left, expected);
}

void TestEFileImport::manifestInflatesBeyondItsDirectoryEntry()
{
    // efile.xml claims 4,000 bytes and inflates to 256 MiB: read no further than 4,001 bytes.
    quint32 crc = 0;
    const qint64 inflated = qint64(256) << 20;
    RawZip z;
    z.add("efile.xml", deflatedZeros(inflated, &crc));
    QVERIFY(z.items.last().data.size() > 1000);
    z.items.last().method = 8;
    z.items.last().size = 4000;
    z.items.last().crc = crc;
    const QString path = writeFile(QStringLiteral("manifest-bomb.zip"), z.bytes());
    // The process's peak, reset to what is resident now: ru_maxrss would keep the peak of any
    // earlier case (and of building the bomb above), hiding what this import takes.
    z = {};
    QVERIFY2(resetPeak(), "/proc/self/clear_refs cannot reset the peak");
    const qint64 peakBefore = peakKiB();
    QVERIFY(peakBefore > 0);
    QVERIFY(peakBefore <= residentKiB() + 1024); // the reset took
    expectRefused(path, QStringLiteral("\"efile.xml\" holds more data than announced"));
    const qint64 grew = peakKiB() - peakBefore;
    qInfo() << "peak memory grew by" << grew << "KiB while refusing a manifest that inflates to" << (inflated >> 20)
            << "MiB";
    QVERIFY2(grew < 64 * 1024, qPrintable(QStringLiteral("peak grew by %1 KiB").arg(grew)));
    QVERIFY(!efile::verify(path).ok());
}

void TestEFileImport::sizeMismatch_data()
{
    QTest::addColumn<QByteArray>("zip");
    QTest::addColumn<QString>("words");
    const QByteArray bytes = bytesOf(1, 20000);
    PackageSpec p;
    p.documents = { { uuid(1), bytes, {} } };
    {
        // The manifest says one byte less than the directory (and than the bytes).
        PackageSpec q = p;
        q.documents.first().manifestSize = bytes.size() - 1;
        QTest::newRow("manifest vs directory")
            << rawPackage(q).bytes() << QStringLiteral("by the package's directory, the manifest says");
    }
    {
        // Directory and manifest agree; the deflated entry inflates to 500 bytes more.
        RawZip z = rawPackage(p);
        z.items.last().data = testzip::rawDeflate(bytes + QByteArray(500, 'x'));
        z.items.last().method = 8;
        z.items.last().size = bytes.size();
        QTest::newRow("inflates to more") << z.bytes() << QStringLiteral("holds more data than announced");
    }
    {
        // ... or to 500 bytes fewer.
        RawZip z = rawPackage(p);
        z.items.last().data = testzip::rawDeflate(bytes.left(bytes.size() - 500));
        z.items.last().method = 8;
        z.items.last().size = bytes.size();
        QTest::newRow("inflates to fewer")
            << z.bytes()
            << QStringLiteral("has %1 bytes, the manifest says %2").arg(bytes.size() - 500).arg(bytes.size());
    }
}

void TestEFileImport::sizeMismatch()
{
    QFETCH(QByteArray, zip);
    QFETCH(QString, words);
    const QString tag = QString::fromLatin1(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('-'));
    const QString path = writeFile(QStringLiteral("size-%1.zip").arg(tag), zip);
    expectRefused(path, words);
    QVERIFY(!efile::verify(path).ok());
}

void TestEFileImport::twoArchivesInOneFile_data()
{
    QTest::addColumn<QByteArray>("zip");
    // What one reader finds need not be what another finds: a harmless package in front, another
    // behind it (its offsets counted from the start of the file), or a second directory and end
    // record after the first.
    PackageSpec harmless;
    harmless.documents = { { uuid(1), bytesOf(1), {} } };
    PackageSpec other;
    other.documents = { { kOtherDocument, bytesOf(2), {} } };
    const QByteArray front = rawPackage(harmless).bytes();
    QTest::newRow("two archives") << front + rawPackage(other).bytes(quint32(front.size()));
    const QByteArray otherFront = rawPackage(other).bytes();
    QTest::newRow("two archives, reversed") << otherFront + rawPackage(harmless).bytes(quint32(otherFront.size()));
    {
        // One run of entries, two directories and end records after it: the first directory
        // lists the harmless manifest and document, the last one (found from the end) the others.
        RawZip all = rawPackage(harmless);
        for (const RawZip::Item& item : rawPackage(other).items)
            all.items << item;
        const QByteArray bytes = all.bytes();
        const quint32 entries = qFromLittleEndian<quint32>(bytes.constData() + bytes.size() - 6);
        QList<QByteArray> records; // the directory's record of each item, in order
        for (qsizetype at = entries, i = 0; i < all.items.size(); ++i) {
            const qsizetype length = 46 + all.items.at(i).name.size();
            records << bytes.mid(at, length);
            at += length;
        }
        auto endRecord = [](quint16 count, quint32 size, quint32 offset) {
            QByteArray e(22, '\0');
            qToLittleEndian(quint32(0x06054b50), e.data());
            qToLittleEndian(count, e.data() + 8);
            qToLittleEndian(count, e.data() + 10);
            qToLittleEndian(size, e.data() + 12);
            qToLittleEndian(offset, e.data() + 16);
            return e;
        };
        const QByteArray first = records.at(0) + records.at(1), last = records.at(2) + records.at(3);
        QByteArray file = bytes.left(entries) + first + endRecord(2, quint32(first.size()), entries);
        file += last + endRecord(2, quint32(last.size()), quint32(file.size()));
        QTest::newRow("two directories") << file;
    }
}

void TestEFileImport::twoArchivesInOneFile()
{
    QFETCH(QByteArray, zip);
    const QString tag = QString::fromLatin1(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('-'));
    const QString path = writeFile(QStringLiteral("two-%1.zip").arg(tag).remove(QLatin1Char(',')), zip);
    expectRefused(path, QStringLiteral("not one plain ZIP archive"));
    QVERIFY(!efile::verify(path).ok());
}

void TestEFileImport::totalInflatedSizeOverTheCap()
{
    // Limits::maxTotalBytes (kMaxInflatedBytes: 8 GiB) lowered to 48 KiB for a package that
    // unpacks to ~60 KiB.
    QCOMPARE(efile::Limits().maxTotalBytes, efile::kMaxInflatedBytes);
    QVERIFY(efile::kMaxInflatedBytes >= efile::kMaxPackageBytes);
    PackageSpec p;
    p.documents = { { uuid(1), bytesOf(1, 30000), {} }, { uuid(2), bytesOf(2, 30000), {} } };
    efile::Limits limits;
    limits.maxTotalBytes = 48 << 10;
    const QString path = build(p, QStringLiteral("too-much.zip"));
    expectRefused(path, QStringLiteral("accepted 0 MiB"), efile::IfExists::Refuse, limits);
    QVERIFY(!efile::verify(path, limits).ok());
    // Within the cap the same package imports.
    limits.maxTotalBytes = 1 << 20;
    QVERIFY(efile::importPackage(*m_store, path, efile::IfExists::Refuse, QStringLiteral("k.becker"), limits).ok());
}

void TestEFileImport::cliShowsTheMessage()
{
    PackageSpec p;
    p.documents = { { kOtherDocument, bytesOf(1), {} } };
    const QString path = build(p, QStringLiteral("cli.zip"));
    m_store->lock();
    QProcess cli;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("CLERKDESK_PASSPHRASE"), QStringLiteral("import-test-passphrase"));
    cli.setProcessEnvironment(env);
    cli.start(QStringLiteral(CLERKDESK_CLI_PATH),
        { QStringLiteral("efile"), QStringLiteral("import"), QStringLiteral("--db"),
            m_dir->filePath(QStringLiteral("profile.db")), path });
    QVERIFY(cli.waitForFinished(60000));
    const QString err = QString::fromUtf8(cli.readAllStandardError());
    QCOMPARE(cli.exitCode(), 2);
    QVERIFY2(err.contains(QLatin1String(
                 "a document whose id belongs to another request (STU-2026-000777); nothing was imported")),
        qPrintable(err));
    // Keep both from the command line: imported under new ids.
    cli.start(QStringLiteral(CLERKDESK_CLI_PATH),
        { QStringLiteral("efile"), QStringLiteral("import"), QStringLiteral("--db"),
            m_dir->filePath(QStringLiteral("profile.db")), path, QStringLiteral("--keep-both") });
    QVERIFY(cli.waitForFinished(60000));
    QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
    QVERIFY(m_store->unlock("import-test-passphrase"));
    QCOMPARE(DocumentCache(*m_store).content(kOtherDocument).value(), kOtherBytes);
    QCOMPARE(m_store->connection().scalar("SELECT count(*) FROM requests")->toInt(), 2);
}

QTEST_GUILESS_MAIN(TestEFileImport)
#include "tst_efile_import.moc"
