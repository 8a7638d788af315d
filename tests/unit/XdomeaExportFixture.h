// The scene of the tst_xdomea_export_* tests: a real SQLCipher store with a request without
// documents, one with twenty and one with umlauts and ß everywhere (real PDFs), made once in
// initTestCase; the hand-over exported and unzipped; and xmllint's verdict against the official
// 3.1.0 schema.
#pragma once

#include "core/Settings.h"
#include "core/pdf/SimplePdf.h"
#include "core/store/DocumentCache.h"
#include "core/store/Store.h"
#include "core/xdomea/XdomeaExport.h"

#include <KZip>
#include <QBuffer>
#include <QCryptographicHash>
#include <QDir>
#include <QJsonArray>
#include <QProcess>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>
#include <memory>

namespace clerk::xdomeatest {

inline const QString kSchema
    = QStringLiteral(CLERKDESK_SOURCE_DIR "/standards/xdomea/3.1.0/xdomea-Nachrichten-AbgabeDurchfuehren.xsd");
inline const QString kEmpty = QStringLiteral("0a1b2c3d-0000-4000-8000-000000000101");
inline const QString kTwenty = QStringLiteral("0a1b2c3d-0000-4000-8000-000000000202");
inline const QString kUmlauts = QStringLiteral("0a1b2c3d-0000-4000-8000-000000000303");

struct Unzipped
{
    QByteArray xml;
    QString xmlName;
    QMap<QString, QByteArray> files; // everything else, by name
};

// What the message names: each Dateiname.
inline QStringList namedFiles(const QByteArray& xml)
{
    QStringList names;
    QXmlStreamReader r(xml);
    while (!r.atEnd())
        if (r.readNext() == QXmlStreamReader::StartElement && r.name() == QLatin1String("Dateiname"))
            names << r.readElementText();
    return names;
}

inline int countElements(const QByteArray& xml, const QString& name)
{
    int n = 0;
    QXmlStreamReader r(xml);
    while (!r.atEnd())
        if (r.readNext() == QXmlStreamReader::StartElement && r.name() == name)
            ++n;
    return n;
}

// Test classes derive from this; its initTestCase runs before theirs (Qt Test finds
// it through the meta-object).
class XdomeaExportFixture : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();

protected:
    Unzipped exportAndUnzip(const QStringList& ids, const QString& name);
    // xmllint's verdict on `xml` against the 0401/0402 schema: empty when valid, its words otherwise.
    QString lint(const QByteArray& xml, const QString& name);
    void addPdf(const QString& requestId, const QString& id, const QString& title, int version = 1);

    QTemporaryDir m_dir;
    std::unique_ptr<Store> m_store;
    QMap<QString, QByteArray> m_bytes; // document id → bytes stored
    xdomea::Authority m_sender { QStringLiteral("Landeshauptstadt Stuttgart"), QStringLiteral("LHS Stuttgart"),
        QStringLiteral("ags:"), QStringLiteral("08111000"), QStringLiteral("Amt für öffentliche Ordnung") };
    xdomea::Authority m_receiver { QStringLiteral("Landratsamt Böblingen"), QStringLiteral("LRA BB"),
        QStringLiteral("ags:"), QStringLiteral("08115000"), {} };
};

inline void XdomeaExportFixture::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // To look at the messages written: CLERKDESK_KEEP_TEST_FILES=1 keeps the folder.
    if (qEnvironmentVariableIsSet("CLERKDESK_KEEP_TEST_FILES")) {
        m_dir.setAutoRemove(false);
        qInfo() << "test files kept in" << m_dir.path();
    }
    m_store = std::make_unique<Store>(m_dir.filePath(QStringLiteral("profile.db")));
    QVERIFY(m_store->create("xdomea-test-passphrase"));
    Service trees;
    trees.id = QStringLiteral("baumfaellung");
    trees.nameDe = QStringLiteral("Baumfällgenehmigung");
    trees.nameEn = QStringLiteral("Tree felling permit");
    trees.office = QStringLiteral("67");
    trees.teamId = QStringLiteral("gruenflaechen");
    trees.states = { QStringLiteral("new"), QStringLiteral("in_progress"), QStringLiteral("approved") };
    trees.transitions = { { QStringLiteral("new"), QStringLiteral("in_progress") } };
    Service street = trees;
    street.id = QStringLiteral("sondernutzung");
    street.nameDe = QStringLiteral("Sondernutzung öffentlicher Straßenraum");
    street.office = QStringLiteral("32");
    QVERIFY(m_store->upsertServices({ trees, street }));

    auto request = [](const QString& id, const QString& reference, const QString& service, const QString& fileNumber) {
        Request r;
        r.id = id;
        r.reference = reference;
        r.fileNumber = fileNumber;
        r.serviceId = service;
        r.teamId = QStringLiteral("gruenflaechen");
        r.channel = QStringLiteral("portal");
        r.submittedAt = QDateTime(QDate(2026, 11, 2), QTime(9, 15), QTimeZone::UTC);
        r.dueDate = QDate(2026, 12, 14);
        r.status = QStringLiteral("in_progress");
        r.assignee = QStringLiteral("m.yilmaz");
        r.applicant = { QStringLiteral("Anna Schmidt"), QStringLiteral("Hauptstätter Straße 12"),
            QStringLiteral("70178"), QStringLiteral("Stuttgart"), QStringLiteral("a.schmidt@example.org"), {} };
        r.form = { { QStringLiteral("tree"), QStringLiteral("Linde") }, { QStringLiteral("trunk_cm"), 120 } };
        r.version = 3;
        return r;
    };
    Request empty = request(
        kEmpty, QStringLiteral("STU-2026-000101"), QStringLiteral("baumfaellung"), QStringLiteral("67.20-0101/2026"));
    Request twenty = request(
        kTwenty, QStringLiteral("STU-2026-000202"), QStringLiteral("baumfaellung"), QStringLiteral("67.20-0202/2026"));
    Request umlauts = request(kUmlauts, QStringLiteral("STU-2026-000303"), QStringLiteral("sondernutzung"),
        QStringLiteral("32.30-0303/2026"));
    umlauts.applicant = { QStringLiteral("Jürgen Weiß-Größer"), QStringLiteral("Königstraße 1a"),
        QStringLiteral("70173"), QStringLiteral("Stuttgart-Bad Cannstatt"), QStringLiteral("jürgen@weiß.example"),
        QStringLiteral("0711 555 0101") };
    umlauts.form = { { QStringLiteral("zweck"), QStringLiteral("Straßenfest „Süße Grüße“ – Maßnahme außerorts") },
        { QStringLiteral("flächen"), QJsonArray { QStringLiteral("Gehweg Öhringer Straße"), 12.5 } } };
    umlauts.assignee = QStringLiteral("ö.güneş");
    QVERIFY(m_store->upsertRequests({ empty, twenty, umlauts }));

    QVERIFY(m_store->addTimeline({ kEmpty, empty.submittedAt, QStringLiteral("portal"), QStringLiteral("received"),
        QStringLiteral("Received"), QJsonObject { { QStringLiteral("channel"), QStringLiteral("portal") } } }));
    QVERIFY(m_store->addTimeline({ kEmpty, empty.submittedAt.addDays(2), QStringLiteral("m.yilmaz"),
        QStringLiteral("status_changed"), QStringLiteral("Status changed"),
        QJsonObject { { QStringLiteral("from"), QStringLiteral("new") },
            { QStringLiteral("to"), QStringLiteral("in_progress") } } }));

    for (int i = 0; i < 20; ++i)
        addPdf(kTwenty, QStringLiteral("0b000000-0000-4000-8000-%1").arg(i, 12, 10, QLatin1Char('0')),
            QStringLiteral("Anlage %1").arg(i + 1), 1 + i % 3);
    Annotation a;
    a.id = QStringLiteral("3a5b1c7d-8e9f-4a01-b2c3-d4e5f6a7b8c9");
    a.documentId = QStringLiteral("0b000000-0000-4000-8000-000000000000");
    a.type = AnnotationType::Stamp;
    a.geometry = { { QStringLiteral("rect"), QJsonArray { 400, 700, 520, 740 } } };
    a.text = QStringLiteral("Geprüft");
    a.author = QStringLiteral("m.yilmaz");
    a.createdAt = twenty.submittedAt.addDays(4);
    a.version = 1;
    QVERIFY(m_store->upsertAnnotations({ a }));

    addPdf(kUmlauts, QStringLiteral("0c000000-0000-4000-8000-000000000001"),
        QStringLiteral("Übersichtsplan Straßenfest – Größe & Maße (Entwurf ä/ö/ü)"));
    QVERIFY(m_store->upsertNotes({ Note { QStringLiteral("2f4a0b6c-7d8e-4f90-a1b2-c3d4e5f6a7b8"), kUmlauts,
        QStringLiteral("ö.güneş"), QStringLiteral("Gemäß Rücksprache: Maßnahme außerplanmäßig; Größe prüfen <&>"),
        umlauts.submittedAt.addDays(3), 1 } }));
    // Characters XML 1.0 does not allow, as text pasted from a word processor carries them.
    QVERIFY(m_store->upsertNotes(
        { Note { QStringLiteral("2f4a0b6c-7d8e-4f90-a1b2-c3d4e5f6a7b9"), kUmlauts, QStringLiteral("ö.güneş"),
            QStringLiteral("Aus Word kopiert:\vZeile\x01zwei\uFFFE"), umlauts.submittedAt.addDays(4), 1 } }));
    QVERIFY(m_store->addTimeline({ kUmlauts, umlauts.submittedAt.addDays(5), QStringLiteral("ö.güneş"),
        QStringLiteral("documents_requested"), QStringLiteral("Documents requested"),
        QJsonObject {
            { QStringLiteral("message"), QStringLiteral("Bitte Lageplan für die Straßenfläche nachreichen") } } }));
}

inline void XdomeaExportFixture::addPdf(const QString& requestId, const QString& id, const QString& title, int version)
{
    SimplePdf pdf;
    pdf.setTitle(title);
    pdf.text(72, 760, title, 14, true);
    pdf.paragraph(72, 720, 450, QStringLiteral("Dokument %1 – für die Abgabe an eine andere Behörde.").arg(id));
    const QByteArray bytes = pdf.toPdf();
    const Document d { id, requestId, title, QStringLiteral("attachment"), QStringLiteral("application/pdf"),
        bytes.size(), QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex(), version };
    DocumentCache cache(*m_store);
    QVERIFY(cache.upsertDocuments({ d }));
    QBuffer b;
    b.setData(bytes);
    QVERIFY(b.open(QIODevice::ReadOnly));
    QVERIFY(cache.putContent(id, b));
    m_bytes.insert(id, bytes);
}

inline QString XdomeaExportFixture::lint(const QByteArray& xml, const QString& name)
{
    const QString xmllint = QStandardPaths::findExecutable(QStringLiteral("xmllint"));
    if (xmllint.isEmpty())
        return QStringLiteral("xmllint (libxml2-utils) is not installed");
    const QString path = m_dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(xml) != xml.size())
        return QStringLiteral("cannot write %1").arg(path);
    f.close();
    QProcess p;
    p.start(
        xmllint, { QStringLiteral("--noout"), QStringLiteral("--nonet"), QStringLiteral("--schema"), kSchema, path });
    if (!p.waitForFinished(60000))
        return QStringLiteral("xmllint did not finish");
    const QString err = QString::fromUtf8(p.readAllStandardError());
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        return err.isEmpty() ? QStringLiteral("xmllint failed") : err;
    return err.contains(QLatin1String("validates")) ? QString() : QStringLiteral("no verdict: ") + err;
}

inline Unzipped XdomeaExportFixture::exportAndUnzip(const QStringList& ids, const QString& name)
{
    Unzipped u;
    const QString pid = xdomea::newProcessId();
    QDir(m_dir.path()).mkpath(name);
    const QString path = QDir(m_dir.filePath(name)).filePath(xdomea::abgabeZipName(pid));
    auto r = xdomea::exportAbgabe(*m_store, ids, m_sender, m_receiver, pid, path);
    if (!r) {
        qWarning() << r.errorString() << r.error().detail;
        return u;
    }
    KZip zip(path);
    if (!zip.open(QIODevice::ReadOnly))
        return u;
    for (const QString& entry : zip.directory()->entries()) {
        const KArchiveFile* f = zip.directory()->file(entry);
        if (!f)
            continue;
        if (entry == xdomea::abgabeXmlName(pid)) {
            u.xml = f->data();
            u.xmlName = entry;
        } else {
            u.files.insert(entry, f->data());
        }
    }
    return u;
}

} // namespace clerk::xdomeatest
