// The scene of the tst_efile_* tests: an encrypted source store with one request (documents, a
// note, an annotation, a Verlauf entry) exported once as an e-file package in initTestCase; new
// stores to import into; expectRefused(), which checks that a refused package left no row and no
// file behind; and a request whose Verlauf came through the changes feed, exported on demand.
#pragma once

#include "../common/RawZip.h"
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
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>
#include <QtEndian>
#include <memory>

namespace clerk::efiletest {

// Test classes derive from this; its initTestCase runs before their test functions (Qt Test finds
// it through the meta-object).
class EFileFixture : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();

protected:
    std::unique_ptr<Store> newStore(const QString& name);
    QString writeFile(const QString& name, const QByteArray& bytes);
    QByteArray manifestOf(const QString& zipPath);
    void expectRefused(const QString& path, const QString& words, const efile::Limits& limits = {});

    QTemporaryDir m_dir;
    std::unique_ptr<Store> m_source;
    QString m_requestId;
    // A request whose history came through the changes feed (codes with parameters), exported.
    std::unique_ptr<Store> m_history;
    QList<TimelineEvent> m_serverEntries;
    QString m_historyPackage;
    void exportHistory();
    QString m_package;
    QByteArray m_pdf, m_png;
};

inline std::unique_ptr<Store> EFileFixture::newStore(const QString& name)
{
    auto s = std::make_unique<Store>(m_dir.filePath(name));
    if (!s->create("efile-test-passphrase"))
        return nullptr;
    return s;
}

inline QString EFileFixture::writeFile(const QString& name, const QByteArray& bytes)
{
    QFile f(m_dir.filePath(name));
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
        return {};
    return f.fileName();
}

inline void EFileFixture::initTestCase()
{
    m_source = newStore(QStringLiteral("source.db"));
    QVERIFY(m_source);
    Request r;
    r.id = QStringLiteral("6b1f6c3e-1d7a-4a59-9a0e-2c1b7d9e4f10");
    r.reference = QStringLiteral("STU-2026-004711");
    r.fileNumber = QStringLiteral("32.30-4711/2026");
    r.serviceId = QStringLiteral("baumfaellung");
    r.teamId = QStringLiteral("gruenflaechen");
    r.channel = QStringLiteral("portal");
    r.submittedAt = QDateTime(QDate(2026, 11, 2), QTime(9, 15), QTimeZone::UTC);
    r.dueDate = QDate(2026, 12, 14);
    r.status = QStringLiteral("in_progress");
    r.assignee = QStringLiteral("m.yilmaz");
    r.applicant = { QStringLiteral("Jürgen Weiß"), QStringLiteral("Hohenheimer Straße 12"), QStringLiteral("70184"),
        QStringLiteral("Stuttgart"), QStringLiteral("j.weiss@example.org"), QStringLiteral("0711 555 0101") };
    r.form = { { QStringLiteral("tree"), QStringLiteral("Rosskastanie") }, { QStringLiteral("trunk_cm"), 190 } };
    r.attachmentCount = 2;
    r.version = 4;
    QVERIFY(m_source->upsertRequests({ r }));
    m_requestId = r.id;
    SimplePdf pdf;
    pdf.setTitle(QStringLiteral("Antrag Baumfällung"));
    pdf.text(72, 760, QStringLiteral("Antrag auf Fällgenehmigung – Rosskastanie"), 14, true);
    m_pdf = pdf.toPdf();
    QImage img(64, 48, QImage::Format_RGB32);
    img.fill(QColor(30, 120, 60));
    QBuffer buf(&m_png);
    buf.open(QIODevice::WriteOnly);
    img.save(&buf, "PNG");
    DocumentCache cache(*m_source);
    const QList<QPair<Document, QByteArray>> docs
        = { { Document { QStringLiteral("0d2e8f4a-5b6c-4d7e-8f90-a1b2c3d4e5f6"), r.id, QStringLiteral("Antrag"),
                  QStringLiteral("application"), QStringLiteral("application/pdf"), m_pdf.size(),
                  QCryptographicHash::hash(m_pdf, QCryptographicHash::Sha256).toHex(), 1 },
                m_pdf },
              { Document { QStringLiteral("1e3f9a5b-6c7d-4e8f-9a01-b2c3d4e5f6a7"), r.id,
                    QStringLiteral("Foto des Baums"), QStringLiteral("photo"), QStringLiteral("image/png"),
                    m_png.size(), QCryptographicHash::hash(m_png, QCryptographicHash::Sha256).toHex(), 1 },
                  m_png } };
    for (const auto& [d, bytes] : docs) {
        QVERIFY(cache.upsertDocuments({ d }));
        QBuffer b;
        b.setData(bytes);
        b.open(QIODevice::ReadOnly);
        QVERIFY(cache.putContent(d.id, b));
    }
    QVERIFY(m_source->upsertNotes(
        { Note { QStringLiteral("2f4a0b6c-7d8e-4f90-a1b2-c3d4e5f6a7b8"), r.id, QStringLiteral("m.yilmaz"),
            QStringLiteral("Ortstermin am 20.11. vereinbart"), r.submittedAt.addDays(3), 1 } }));
    Annotation a;
    a.id = QStringLiteral("3a5b1c7d-8e9f-4a01-b2c3-d4e5f6a7b8c9");
    a.documentId = docs.first().first.id;
    a.page = 0;
    a.type = AnnotationType::Stamp;
    a.geometry = { { QStringLiteral("rect"), QJsonArray { 400, 700, 520, 740 } } };
    a.text = QStringLiteral("Geprüft");
    a.author = QStringLiteral("m.yilmaz");
    a.createdAt = r.submittedAt.addDays(4);
    a.version = 1;
    QVERIFY(m_source->upsertAnnotations({ a }));
    QVERIFY(m_source->addTimeline({ r.id, r.submittedAt, QStringLiteral("portal"), QStringLiteral("received"),
        QStringLiteral("Eingegangen über das Serviceportal") }));
    m_package = m_dir.filePath(QStringLiteral("efile.zip"));
    QVERIFY(efile::exportRequest(*m_source, m_requestId, m_package));
}

inline QByteArray EFileFixture::manifestOf(const QString& zipPath)
{
    KZip zip(zipPath);
    if (!zip.open(QIODevice::ReadOnly))
        return {};
    const KArchiveFile* f = zip.directory()->file(QStringLiteral("efile.xml"));
    return f ? f->data() : QByteArray();
}

inline void EFileFixture::expectRefused(const QString& path, const QString& words, const efile::Limits& limits)
{
    auto target = newStore(QStringLiteral("hostile-%1.db").arg(QFileInfo(path).baseName()));
    QVERIFY(target);
    const QStringList before
        = QDir(m_dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden, QDir::Name);
    auto r = efile::importPackage(*target, path, efile::IfExists::Refuse, QStringLiteral("k.becker"), limits);
    QVERIFY(!r.ok());
    QVERIFY2(r.errorString().contains(words, Qt::CaseInsensitive),
        qPrintable(QStringLiteral("expected \"%1\" in: %2").arg(words, r.errorString())));
    QVERIFY(!efile::verify(path, limits).ok());
    // Nothing changed: no request, no document, no file written anywhere.
    QCOMPARE(target->connection().scalar("SELECT count(*) FROM requests")->toInt(), 0);
    QCOMPARE(target->connection().scalar("SELECT count(*) FROM documents")->toInt(), 0);
    QCOMPARE(QDir(m_dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden, QDir::Name), before);
    QVERIFY(!QFile::exists(QStringLiteral("/tmp/evil.txt")));
}

inline void EFileFixture::exportHistory()
{
    static int n = 0;
    ++n;
    m_history.reset();
    m_history = newStore(QStringLiteral("history-%1.db").arg(n));
    QVERIFY(m_history);
    Request r = m_source->request(m_requestId).value();
    r.id = QStringLiteral("4c2d8e1f-7a3b-4c5d-9e6f-0a1b2c3d4e5f");
    r.reference = QStringLiteral("STU-2026-004712");
    QVERIFY(m_history->upsertRequests({ r }));
    const QDateTime t0 = r.submittedAt;
    auto entry
        = [&](int minutes, const char* actor, const char* kind, const QJsonObject& params, const char* serverId) {
              return TimelineEvent { r.id, t0.addSecs(60 * minutes), QLatin1String(actor), QLatin1String(kind), {},
                  params, QLatin1String(serverId) };
          };
    m_serverEntries
        = { entry(0, "portal", "received", { { QStringLiteral("channel"), QStringLiteral("portal") } }, "srv-1"),
              entry(60, "m.yilmaz", "status_changed",
                  { { QStringLiteral("from"), QStringLiteral("received") },
                      { QStringLiteral("to"), QStringLiteral("in_progress") } },
                  "srv-2"),
              entry(120, "m.yilmaz", "assigned", { { QStringLiteral("to"), QStringLiteral("k.becker") } }, "srv-3"),
              entry(180, "k.becker", "documents_requested",
                  { { QStringLiteral("message"), QStringLiteral("Bitte den Lageplan nachreichen.") } }, "srv-4") };
    QVERIFY(m_history->mergeTimeline(m_serverEntries));
    QCOMPARE(m_history->timeline().of(r.id).value().size(), 4);
    m_historyPackage = m_dir.filePath(QStringLiteral("history-%1.zip").arg(n));
    QVERIFY(efile::exportRequest(*m_history, r.id, m_historyPackage));
}

} // namespace clerk::efiletest
