// An e-file import changes nothing but its own request: ids that belong to another request (in
// any spelling), a document id twice, an annotation on another request's document, a merge that
// would move a document, "keep both", and a refusal after a document was already written. After
// every refusal the store (a dump of every table) and the content folder (names and bytes) are
// exactly as before.
#include "EFileImportFixture.h"
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
using namespace clerk::efiletest;

class TestEFileImportIds : public EFileImportFixture
{
    Q_OBJECT
private Q_SLOTS:
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
};

void TestEFileImportIds::reusedDocumentIdOfAnotherRequest()
{
    PackageSpec p;
    p.documents = { { uuid(1), bytesOf(1), {} }, { kOtherDocument, bytesOf(2), {} } };
    expectRefused(build(p, QStringLiteral("reused-document.zip")),
        QStringLiteral("a document whose id belongs to another request (STU-2026-000777); nothing was imported"));
    // The same id in upper case is the same id (and the same file where names ignore case).
    p.documents = { { kOtherDocument.toUpper(), bytesOf(2), {} } };
    expectRefused(build(p, QStringLiteral("reused-document-upper.zip")), QStringLiteral("belongs to another request"));
}

void TestEFileImportIds::reusedNoteId()
{
    PackageSpec p;
    p.documents = { { uuid(1), bytesOf(1), {} } };
    p.notes = { Note { uuid(2), kRequest, QStringLiteral("k.becker"), QStringLiteral("Eigener Vermerk"), {}, 1 },
        Note { kOtherNote, kRequest, QStringLiteral("k.becker"), QStringLiteral("überschreibt B"), {}, 1 } };
    expectRefused(build(p, QStringLiteral("reused-note.zip")),
        QStringLiteral("a note whose id belongs to another request (STU-2026-000777); nothing was imported"));
}

void TestEFileImportIds::reusedAnnotationId()
{
    PackageSpec p;
    p.documents = { { uuid(1), bytesOf(1),
        { annotation(uuid(3), uuid(1), QStringLiteral("eigene")),
            annotation(kOtherAnnotation, uuid(1), QStringLiteral("überschreibt B")) } } };
    expectRefused(build(p, QStringLiteral("reused-annotation.zip")),
        QStringLiteral("an annotation whose id belongs to another request (STU-2026-000777); nothing was imported"));
}

void TestEFileImportIds::annotationOnAnotherRequestsDocument()
{
    // The older form of a package carries annotations in the manifest, each naming its document:
    // one that names a document of another request (not in the package) is refused.
    PackageSpec p;
    p.documents = { { uuid(1), bytesOf(1), {} } };
    p.manifestAnnotations = { annotation(uuid(4), kOtherDocument, QStringLiteral("auf B's Dokument")) };
    expectRefused(build(p, QStringLiteral("annotation-elsewhere.zip")),
        QStringLiteral("an annotation on a document that is not in the package"));
}

void TestEFileImportIds::documentIdTwiceInOnePackage()
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

void TestEFileImportIds::mergeThatWouldReparentADocument()
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

void TestEFileImportIds::keepBothGivesNewIdsAndLeavesTheOtherRequest()
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

void TestEFileImportIds::refusedAfterADocumentWasWritten()
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

void TestEFileImportIds::upperCaseIdOfAnotherRequest()
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

void TestEFileImportIds::filesOfAnotherSpellingAreNotRemoved()
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

QTEST_GUILESS_MAIN(TestEFileImportIds)
#include "tst_efile_import_ids.moc"
