// The scene of the tst_xdomea_import_* tests: a fresh encrypted store before every test function,
// with the catalogue (one service of office 67, one of office 20) and a request of this computer
// whose document is in a content file; the fixtures of tests/data/xdomea packed into ZIPs; and a
// snapshot of every row of every table and every content file.
#pragma once

#include "../common/XdomeaFixtures.h"
#include "core/jobs/JobRunner.h"
#include "core/jobs/XdomeaJobs.h"
#include "core/pdf/SimplePdf.h"
#include "core/store/ContentFiles.h"
#include "core/store/DocumentCache.h"
#include "core/store/Sql.h"
#include "core/store/Store.h"
#include "core/xdomea/XdomeaPackage.h"

#include <KZip>
#include <QDir>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

namespace clerk::xdomeatest {

inline const QString kSource = QStringLiteral(CLERKDESK_SOURCE_DIR);

inline QString fixture(const QString& name)
{
    return testxdomea::fixture(kSource, name);
}

inline QString fixturePath(const QString& name)
{
    return testxdomea::fixturePath(kSource, name);
}

using testxdomea::Build;
using testxdomea::messageNameOf;
using testxdomea::namedFiles;
using testxdomea::pdfFor;

// Test classes derive from this; its init runs before theirs (Qt Test finds
// it through the meta-object).
class XdomeaImportFixture : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();

protected:
    QString zip(const QString& xml, const QString& name, const Build& build = {});
    QStringList snapshot();
    QList<Request> xdomeaRequests();
    qint64 requestCount();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Store> m_store;
};

inline void XdomeaImportFixture::init()
{
    m_store.reset();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_store = std::make_unique<Store>(m_dir->filePath(QStringLiteral("profile.db")));
    QVERIFY(m_store->create("xdomea-test-passphrase"));
    // The catalogue: one service of office 67 and one of office 20 (the fixtures' Aktenzeichen).
    Service trees;
    trees.id = QStringLiteral("baumfaellung");
    trees.nameDe = QStringLiteral("Baumfällgenehmigung");
    trees.office = QStringLiteral("67");
    trees.teamId = QStringLiteral("baumschutz");
    trees.states = { QStringLiteral("received"), QStringLiteral("in_progress") };
    Service dogs = trees;
    dogs.id = QStringLiteral("hundesteuer");
    dogs.nameDe = QStringLiteral("Hundesteuer-Anmeldung");
    dogs.office = QStringLiteral("20");
    dogs.teamId = QStringLiteral("hundesteuer");
    QVERIFY(m_store->upsertServices({ trees, dogs }));
    // Something on this computer already: a request with a document in a content file.
    Request other;
    other.id = QStringLiteral("5c0a7e21-3b4d-4c6e-8f10-2a3b4c5d6e7f");
    other.reference = QStringLiteral("STU-2026-000777");
    other.serviceId = trees.id;
    other.teamId = trees.teamId;
    other.channel = QStringLiteral("portal");
    other.submittedAt = QDateTime(QDate(2026, 11, 2), QTime(9, 15), QTimeZone::UTC);
    other.status = QStringLiteral("received");
    other.applicant.name = QStringLiteral("Erika Musterfrau");
    QVERIFY(m_store->upsertRequests({ other }));
    DocumentCache cache(*m_store);
    const QByteArray bytes = pdfFor(QStringLiteral("Bauplan.pdf"));
    QVERIFY(cache.upsertDocuments({ Document { QStringLiteral("7d1b8f32-4c5e-4d7f-9a21-3b4c5d6e7f80"), other.id,
        QStringLiteral("Bauplan"), QStringLiteral("plan"), QStringLiteral("application/pdf"), bytes.size(), {}, 1 } }));
    QFile file(m_dir->filePath(QStringLiteral("bauplan.pdf")));
    QVERIFY(file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size());
    file.close();
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(cache.putContent(QStringLiteral("7d1b8f32-4c5e-4d7f-9a21-3b4c5d6e7f80"), file));
}

inline QString XdomeaImportFixture::zip(const QString& xml, const QString& name, const Build& build)
{
    return testxdomea::pack(xml, m_dir->filePath(name), build);
}

// Every row of every table (the search index's own tables included) and every content file.
inline QStringList XdomeaImportFixture::snapshot()
{
    QStringList out;
    sql::Connection& c = m_store->connection();
    QStringList tables;
    auto t = c.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                     "AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name");
    while (t.next())
        tables << t.text(0);
    for (const QString& table : std::as_const(tables)) {
        QStringList columns;
        auto q = c.query("SELECT name FROM pragma_table_info(?1)");
        q.bindAll(table);
        while (q.next())
            columns << QStringLiteral("quote(\"%1\")").arg(q.text(0));
        auto rows
            = c.query(QStringLiteral("SELECT %1 FROM \"%2\"").arg(columns.join(QStringLiteral(" || '|' || ")), table));
        QStringList lines;
        while (rows.next())
            lines << table + QStringLiteral(": ") + rows.text(0);
        lines.sort();
        out << lines;
    }
    const QDir folder(m_store->contentFiles()->folder());
    for (const QString& name : folder.entryList(QDir::Files | QDir::Hidden | QDir::System)) {
        QFile f(folder.filePath(name));
        out << name + QStringLiteral(": ")
                + QString::fromLatin1((f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("unreadable")).toHex());
    }
    return out;
}

inline QList<Request> XdomeaImportFixture::xdomeaRequests()
{
    QList<Request> out;
    auto q = m_store->connection().query("SELECT id FROM requests WHERE channel = 'xdomea' ORDER BY rid");
    while (q.next()) {
        auto r = m_store->request(q.text(0));
        if (r)
            out << r.value();
    }
    return out;
}

inline qint64 XdomeaImportFixture::requestCount()
{
    auto q = m_store->connection().query("SELECT count(*) FROM requests");
    return q.next() ? q.int64(0) : -1;
}

} // namespace clerk::xdomeatest
