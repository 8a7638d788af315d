// E-file packages between two encrypted stores: a real round trip (read by `unzip -t` too), an
// existing request never overwritten silently, documents stored uncompressed, cancelling, many large documents, a
// damaged stored copy, and the Verlauf through a package (its words, merges and a later sync add no entry twice).
#include "../common/RawZip.h"
#include "EFileFixture.h"
#include "core/archive/EFilePackage.h"
#include "core/archive/ZipScan.h"
#include "core/pdf/SimplePdf.h"
#include "core/store/ContentFiles.h"
#include "core/store/DocumentCache.h"
#include "core/store/Sql.h"
#include "core/store/Store.h"
#include "models/StatusNames.h"

#include <KZip>
#include <QBuffer>
#include <QCryptographicHash>
#include <QDir>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>
#include <QtEndian>

using namespace clerk;
using namespace clerk::efiletest;
using testzip::crc32;
using testzip::rawDeflate;
using testzip::RawZip;

namespace {

// A request with `count` documents of different sizes, several spanning many store chunks.
QList<QByteArray> addLargeRequest(Store& store, const QString& requestId, int count)
{
    Request r;
    r.id = requestId;
    r.reference = QStringLiteral("STU-2026-009001");
    r.serviceId = QStringLiteral("sondernutzung");
    r.teamId = QStringLiteral("tiefbau");
    r.submittedAt = QDateTime(QDate(2026, 11, 3), QTime(8, 0), QTimeZone::UTC);
    r.status = QStringLiteral("new");
    r.applicant.name = QStringLiteral("Baustelle Königstraße GmbH");
    r.version = 1;
    if (!store.upsertRequests({ r }))
        return {};
    DocumentCache cache(store);
    QList<QByteArray> contents;
    for (int i = 0; i < count; ++i) {
        // Sizes around the chunk size and well beyond it; each byte depends on the document.
        const qint64 size = (i % 3 == 0 ? DocumentCache::kChunkSize * (i + 1) : 1000 * (i + 1)) + i;
        QByteArray bytes(size, Qt::Uninitialized);
        for (qint64 k = 0; k < size; ++k)
            bytes[k] = char((k * 31 + i * 7) & 0xff);
        Document d {
            QUuid::createUuidV5(QUuid::fromString(requestId), QString::number(i)).toString(QUuid::WithoutBraces),
            requestId, QStringLiteral("Plan %1").arg(i + 1), QStringLiteral("attachment"),
            QStringLiteral("application/pdf"), size,
            QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex(), 1
        };
        QBuffer b(&bytes);
        b.open(QIODevice::ReadOnly);
        if (!cache.upsertDocuments({ d }) || !cache.putContent(d.id, b))
            return {};
        contents << bytes;
    }
    return contents;
}

} // namespace

class TestEFileRoundTrip : public EFileFixture
{
    Q_OBJECT
private Q_SLOTS:
    void roundTripIsIdentical();
    void existingRequestIsNeverOverwrittenSilently();
    void exportStoresDocumentsUncompressed();
    void cancelLeavesNothing();
    void manyLargeDocumentsKeepTheirOrderAndBytes();
    void damagedStoredCopyIsNotExported();
    void timelineKeepsItsWordsThroughAPackage();
    void mergedPackageAddsNoEntryTwice();
    void syncAfterAnImportAddsNoEntryTwice();
};

void TestEFileRoundTrip::roundTripIsIdentical()
{
    // The standard tool reads it.
    QProcess unzip;
    unzip.start(QStringLiteral("unzip"), { QStringLiteral("-t"), m_package });
    QVERIFY(unzip.waitForFinished(30000));
    const QByteArray tested = unzip.readAllStandardOutput();
    QVERIFY2(unzip.exitCode() == 0, tested.constData());
    QVERIFY2(tested.contains("No errors detected"), tested.constData());

    auto target = newStore(QStringLiteral("target.db"));
    auto imported = efile::importPackage(*target, m_package, efile::IfExists::Refuse, QStringLiteral("k.becker"));
    QVERIFY2(imported.ok(), qPrintable(imported.errorString() + QLatin1Char(' ') + imported.error().detail));
    QCOMPARE(imported->requestId, m_requestId);
    QCOMPARE(imported->documents, 2);
    const Request a = m_source->request(m_requestId).value(), b = target->request(m_requestId).value();
    QCOMPARE(b.reference, a.reference);
    QCOMPARE(b.fileNumber, a.fileNumber);
    QCOMPARE(b.applicant.name, a.applicant.name);
    QCOMPARE(b.applicant.street, a.applicant.street);
    QCOMPARE(b.form, a.form);
    QCOMPARE(b.status, a.status);
    QCOMPARE(b.dueDate, a.dueDate);
    QCOMPARE(b.submittedAt, a.submittedAt);
    QCOMPARE(b.version, a.version);
    DocumentCache src(*m_source), dst(*target);
    QCOMPARE(dst.documentsOf(m_requestId).size(), 2);
    for (const Document& d : src.documentsOf(m_requestId)) {
        QVERIFY(dst.hasContent(d.id));
        QCOMPARE(dst.content(d.id).value(), src.content(d.id).value());
        QCOMPARE(dst.document(d.id)->sha256, d.sha256);
    }
    QCOMPARE(target->notes().of(m_requestId).value().size(), 1);
    QCOMPARE(target->notes().of(m_requestId).value().first().text, QStringLiteral("Ortstermin am 20.11. vereinbart"));
    const QList<Annotation> anns
        = target->annotations().of(QStringLiteral("0d2e8f4a-5b6c-4d7e-8f90-a1b2c3d4e5f6")).value();
    QCOMPARE(anns.size(), 1);
    QCOMPARE(anns.first().text, QStringLiteral("Geprüft"));
    QCOMPARE(anns.first().geometry, m_source->annotations().of(anns.first().documentId).value().first().geometry);
    const QList<TimelineEvent> timeline = target->timeline().of(m_requestId).value();
    QVERIFY(timeline.size() >= 2);
    QCOMPARE(timeline.last().kind, QStringLiteral("imported"));
    // Searchable in the new profile.
    QCOMPARE(target->search(QStringLiteral("Weiß"))->size(), 1);
}

void TestEFileRoundTrip::existingRequestIsNeverOverwrittenSilently()
{
    auto target = newStore(QStringLiteral("twice.db"));
    QVERIFY(efile::importPackage(*target, m_package, efile::IfExists::Refuse, QStringLiteral("k.becker")).ok());
    // The clerk changed something locally meanwhile.
    QVERIFY(target->changeStatus(m_requestId, QStringLiteral("waiting"), QStringLiteral("k.becker")).ok());
    auto again = efile::importPackage(*target, m_package, efile::IfExists::Refuse, QStringLiteral("k.becker"));
    QVERIFY(!again.ok());
    QCOMPARE(again.error().code, Error::AlreadyExists);
    QVERIFY(again.errorString().contains(QLatin1String("STU-2026-004711")));
    // Merge keeps the local state and adds nothing twice.
    auto merged = efile::importPackage(*target, m_package, efile::IfExists::Merge, QStringLiteral("k.becker"));
    QVERIFY(merged.ok());
    QCOMPARE(merged->documents, 0);
    QCOMPARE(target->request(m_requestId)->status, QStringLiteral("waiting"));
    QCOMPARE(target->notes().of(m_requestId).value().size(), 1);
    // Keep both: a second request with its own ids.
    auto both = efile::importPackage(*target, m_package, efile::IfExists::KeepBoth, QStringLiteral("k.becker"));
    QVERIFY(both.ok());
    QVERIFY(both->requestId != m_requestId);
    QCOMPARE(target->connection().scalar("SELECT count(*) FROM requests")->toInt(), 2);
    QVERIFY(target->request(both->requestId)->reference.endsWith(QLatin1String(")")));
    QCOMPARE(DocumentCache(*target).documentsOf(both->requestId).size(), 2);
    QCOMPARE(target->connection().scalar("SELECT count(*) FROM documents")->toInt(), 4);
}

void TestEFileRoundTrip::exportStoresDocumentsUncompressed()
{
    QFile f(m_package);
    QVERIFY(f.open(QIODevice::ReadOnly));
    auto entries = zipscan::centralDirectory(f, 100);
    QVERIFY(entries.ok());
    QCOMPARE(entries->size(), 4); // manifest, PDF, PNG, the PDF's annotations as XFDF
    bool xfdf = false;
    for (const zipscan::RawEntry& e : entries.value()) {
        if (e.name == "efile.xml" || e.name.endsWith(".xfdf"))
            QCOMPARE(e.method, quint16(8)); // XML compressed
        else
            QCOMPARE(e.method, quint16(0)); // PDF and PNG stored as they are
        xfdf |= e.name.endsWith(".xfdf");
    }
    QVERIFY(xfdf);
    // The manifest validates against the schema kept in the repository.
    QProcess lint;
    lint.start(QStringLiteral("xmllint"),
        { QStringLiteral("--noout"), QStringLiteral("--schema"),
            QStringLiteral(CLERKDESK_SOURCE_DIR "/core/archive/efile-1.xsd"),
            writeFile(QStringLiteral("manifest.xml"), manifestOf(m_package)) });
    QVERIFY(lint.waitForFinished(30000));
    QVERIFY2(lint.exitCode() == 0, lint.readAllStandardError().constData());
}

void TestEFileRoundTrip::cancelLeavesNothing()
{
    // Export: cancelled at the first progress report; neither the package nor its partial file stays.
    const QString path = m_dir.filePath(QStringLiteral("cancelled.zip"));
    int calls = 0;
    const Status s = efile::exportRequest(*m_source, m_requestId, path, [&](qint64, qint64) { return ++calls < 1; });
    QVERIFY(!s.ok());
    QCOMPARE(s.error().code, Error::Cancelled);
    QVERIFY(s.errorString().contains(QLatin1String("cancelled")));
    QVERIFY(calls >= 1);
    QVERIFY(!QFile::exists(path));
    QVERIFY(!QFile::exists(path + QStringLiteral(".part")));
    // Import: cancelled midway; the store is as before.
    auto target = newStore(QStringLiteral("cancel-import.db"));
    auto r = efile::importPackage(*target, m_package, efile::IfExists::Refuse, QStringLiteral("k.becker"), {},
        [](qint64 done, qint64 total) { return done < total / 2 + 1 ? true : false; });
    QVERIFY(!r.ok());
    QCOMPARE(target->connection().scalar("SELECT count(*) FROM requests")->toInt(), 0);
    QCOMPARE(target->connection().scalar("SELECT count(*) FROM document_chunks")->toInt(), 0);
    // The document files written before the cancel went with the rollback.
    QVERIFY(QDir(target->contentFiles()->folder()).isEmpty());
}

void TestEFileRoundTrip::manyLargeDocumentsKeepTheirOrderAndBytes()
{
    // The export decrypts documents ahead on worker threads; what lands in the package must still
    // be each document's own bytes, whole and in its own entry.
    auto source = newStore(QStringLiteral("large-source.db"));
    const QString id = QStringLiteral("8e1d2c3b-4a59-4687-9a0b-1c2d3e4f5a6b");
    const QList<QByteArray> contents = addLargeRequest(*source, id, 9);
    QCOMPARE(contents.size(), 9);
    const QString path = m_dir.filePath(QStringLiteral("large.zip"));
    qint64 lastDone = -1, reports = 0;
    QVERIFY(efile::exportRequest(*source, id, path, [&](qint64 done, qint64 total) {
        ++reports;
        if (done < lastDone || done > total)
            return false;
        lastDone = done;
        return true;
    }));
    QVERIFY(reports >= 9);
    qint64 all = 0;
    for (const QByteArray& c : contents)
        all += c.size();
    QCOMPARE(lastDone, all);
    auto target = newStore(QStringLiteral("large-target.db"));
    auto imported = efile::importPackage(*target, path, efile::IfExists::Refuse, QStringLiteral("k.becker"));
    QVERIFY2(imported.ok(), qPrintable(imported.errorString()));
    QCOMPARE(imported->documents, 9);
    DocumentCache dst(*target);
    for (int i = 0; i < contents.size(); ++i) {
        const QString docId
            = QUuid::createUuidV5(QUuid::fromString(id), QString::number(i)).toString(QUuid::WithoutBraces);
        QCOMPARE(dst.content(docId).value(), contents.at(i));
    }
}

void TestEFileRoundTrip::damagedStoredCopyIsNotExported()
{
    const QString id = QStringLiteral("9f2e3d4c-5b6a-4798-8b0c-2d3e4f5a6b7c");
    auto docId = [&](int i) {
        return QUuid::createUuidV5(QUuid::fromString(id), QString::number(i)).toString(QUuid::WithoutBraces);
    };
    auto exportFails = [&](Store& store, const QString& name, const QString& title) {
        const QString path = m_dir.filePath(name);
        const Status s = efile::exportRequest(store, id, path);
        QVERIFY(!s.ok());
        QCOMPARE(s.error().code, Error::Corrupt);
        QVERIFY2(s.errorString().contains(title), qPrintable(s.errorString()));
        QVERIFY(!QFile::exists(path));
        QVERIFY(!QFile::exists(path + QStringLiteral(".part")));
    };
    {
        // A document kept in a file beside the database: one byte of its file changed on disk.
        auto source = newStore(QStringLiteral("damaged-source.db"));
        QCOMPARE(addLargeRequest(*source, id, 4).size(), 4);
        QFile f(source->contentFiles()->pathOf(docId(3)));
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.seek(24 + 100));
        const char flipped = char(f.peek(1).at(0) ^ 0x20);
        QVERIFY(f.write(&flipped, 1) == 1);
        f.close();
        exportFails(*source, QStringLiteral("damaged.zip"), QStringLiteral("Plan 4"));
    }
    {
        // A document kept in chunks inside the database (as a download arrives): one byte of its
        // second chunk differs from what its checksum says.
        auto source = newStore(QStringLiteral("damaged-chunks.db"));
        const QList<QByteArray> contents = addLargeRequest(*source, id, 4);
        QCOMPARE(contents.size(), 4);
        DocumentCache cache(*source);
        const QByteArray& bytes = contents.at(3);
        QVERIFY(cache.appendContent(docId(3), bytes.left(DocumentCache::kChunkSize)));
        QVERIFY(cache.appendContent(docId(3), bytes.mid(DocumentCache::kChunkSize)));
        QVERIFY(cache.completeContent(docId(3)));
        QVERIFY(!QFile::exists(source->contentFiles()->pathOf(docId(3)))); // the file went with the new copy
        QVERIFY(source->connection()
                .query("UPDATE document_chunks SET data = x'00' || substr(data, 2) WHERE document_id = ?1 AND seq = 1")
                .bindAll(docId(3))
                .exec());
        exportFails(*source, QStringLiteral("damaged-chunks.zip"), QStringLiteral("Plan 4"));
    }
}

void TestEFileRoundTrip::timelineKeepsItsWordsThroughAPackage()
{
    // The Verlauf words a coded entry from its parameters: they travel in the package, so an
    // imported request reads as the original does, not as raw codes ("received → in_progress").
    exportHistory();
    const QString original = m_serverEntries.first().requestId;
    const QList<TimelineEvent> before = m_history->timeline().of(original).value();
    auto imported
        = efile::importPackage(*m_history, m_historyPackage, efile::IfExists::KeepBoth, QStringLiteral("k.becker"));
    QVERIFY2(imported.ok(), qPrintable(imported.errorString() + QLatin1Char(' ') + imported.error().detail));
    QVERIFY(imported->requestId != original);
    const QList<TimelineEvent> after = m_history->timeline().of(imported->requestId).value();
    QCOMPARE(after.size(), before.size() + 1);
    QCOMPARE(after.last().kind, QStringLiteral("imported"));
    for (int i = 0; i < before.size(); ++i) {
        QCOMPARE(after.at(i).kind, before.at(i).kind);
        QCOMPARE(after.at(i).at, before.at(i).at);
        QCOMPARE(after.at(i).actor, before.at(i).actor);
        QCOMPARE(after.at(i).params, before.at(i).params);
        QCOMPARE(StatusNames::timelineEntry(after.at(i)), StatusNames::timelineEntry(before.at(i)));
    }
    QCOMPARE(StatusNames::timelineEntry(after.at(1)), StatusNames::timelineEntry(m_serverEntries.at(1)));
}

void TestEFileRoundTrip::mergedPackageAddsNoEntryTwice()
{
    // Merged into the request it came from: its entries are all there already (same code, time
    // and person); only the import's own entry is new.
    exportHistory();
    const QString id = m_serverEntries.first().requestId;
    const int before = int(m_history->timeline().of(id).value().size());
    auto merged
        = efile::importPackage(*m_history, m_historyPackage, efile::IfExists::Merge, QStringLiteral("k.becker"));
    QVERIFY2(merged.ok(), qPrintable(merged.errorString()));
    const QList<TimelineEvent> after = m_history->timeline().of(id).value();
    QCOMPARE(after.size(), before + 1);
    QCOMPARE(after.last().kind, QStringLiteral("imported"));
}

void TestEFileRoundTrip::syncAfterAnImportAddsNoEntryTwice()
{
    // Imported on a computer that then syncs the same request: the server's entries replace the
    // package's copies of them (which have no server id to merge on).
    exportHistory();
    const QString id = m_serverEntries.first().requestId;
    auto target = newStore(QStringLiteral("history-target.db"));
    QVERIFY(target);
    auto imported
        = efile::importPackage(*target, m_historyPackage, efile::IfExists::Refuse, QStringLiteral("k.becker"));
    QVERIFY2(imported.ok(), qPrintable(imported.errorString()));
    QCOMPARE(imported->requestId, id);
    QCOMPARE(target->timeline().of(id).value().size(), m_serverEntries.size() + 1);
    QVERIFY(target->mergeTimeline(m_serverEntries));
    QVERIFY(target->mergeTimeline(m_serverEntries)); // a page pulled again
    const QList<TimelineEvent> after = target->timeline().of(id).value();
    QCOMPARE(after.size(), m_serverEntries.size() + 1);
    for (int i = 0; i < m_serverEntries.size(); ++i) {
        QCOMPARE(after.at(i).serverId, m_serverEntries.at(i).serverId);
        QCOMPARE(after.at(i).params, m_serverEntries.at(i).params);
    }
    QCOMPARE(after.last().kind, QStringLiteral("imported"));
}

QTEST_GUILESS_MAIN(TestEFileRoundTrip)
#include "tst_efile_roundtrip.moc"
