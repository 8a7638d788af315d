// The request pane's lists as item models over a real encrypted store: a request's documents and
// its timeline, under QAbstractItemModelTester. What the store changes arrives as rows inserted or
// changed (a view keeps its selection and scroll), never as a reset; another request's changes
// leave the rows alone; a locked store shows nothing.
#include "../common/TestData.h"
#include "core/Clock.h"
#include "core/store/DocumentCache.h"
#include "core/store/Store.h"
#include "models/DocumentListModel.h"
#include "models/StatusNames.h"
#include "models/TimelineModel.h"

#include <QAbstractItemModelTester>
#include <QBuffer>
#include <QCryptographicHash>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace clerk;

namespace {
const QString kFirst = QStringLiteral("req-000001");
const QString kSecond = QStringLiteral("req-000002");

Document doc(const QString& id, const QString& requestId, const QByteArray& content, const QString& title)
{
    return Document { id, requestId, title, QStringLiteral("attachment"), QStringLiteral("application/pdf"),
        content.size(), QCryptographicHash::hash(content, QCryptographicHash::Sha256).toHex(), 1 };
}

// The signals a view sees, counted.
struct ModelSignals
{
    explicit ModelSignals(QAbstractItemModel* m)
        : resets(m, &QAbstractItemModel::modelAboutToBeReset)
        , inserted(m, &QAbstractItemModel::rowsInserted)
        , removed(m, &QAbstractItemModel::rowsRemoved)
        , changed(m, &QAbstractItemModel::dataChanged)
    { }
    void clear()
    {
        resets.clear();
        inserted.clear();
        removed.clear();
        changed.clear();
    }
    QSignalSpy resets, inserted, removed, changed;
};
} // namespace

class TestRequestModels : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_dir.reset(new QTemporaryDir);
        m_store.reset(new Store(m_dir->filePath(QStringLiteral("p.db")), m_clock));
        QVERIFY(m_store->create("test-passphrase"));
        QVERIFY(m_store->upsertServices({ testdata::parkingService() }));
        QVERIFY(m_store->upsertRequests({ testdata::request(1, QStringLiteral("Anna Koch")),
            testdata::request(2, QStringLiteral("Bernd Hoffmann")) }));
    }

    void documentsFollowTheStore()
    {
        DocumentCache cache(*m_store);
        const QByteArray bytes = QByteArrayLiteral("%PDF-1.4 not really, but bytes with a checksum");
        QVERIFY(cache.upsertDocuments({ doc(QStringLiteral("doc-a"), kFirst, bytes, QStringLiteral("Antrag")),
            doc(QStringLiteral("doc-b"), kFirst, bytes, QStringLiteral("Fahrzeugschein")),
            doc(QStringLiteral("doc-c"), kSecond, bytes, QStringLiteral("Meldebescheinigung")) }));

        DocumentListModel model(*m_store);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setRequest(kFirst);
        QCOMPARE(model.rowCount(), 2);
        QStringList ids;
        for (int r = 0; r < model.rowCount(); ++r)
            ids << model.index(r, 0).data(DocumentListModel::DocumentIdRole).toString();
        ids.sort();
        QCOMPARE(ids, (QStringList { QStringLiteral("doc-a"), QStringLiteral("doc-b") }));
        const int rowA = model.documentIdAt(0) == QLatin1String("doc-a") ? 0 : 1;
        QVERIFY(!model.index(rowA, 0).data(DocumentListModel::StoredRole).toBool());
        QVERIFY(model.index(rowA, 0).data().toString().startsWith(QLatin1String("Antrag (1 KB)")));
        QVERIFY(model.index(rowA, 0).data().toString().contains(QLatin1String("not on this computer yet")));

        ModelSignals seen(&model);
        // The bytes arrive: that row changes, in place.
        QBuffer in;
        in.setData(bytes);
        QVERIFY(in.open(QIODevice::ReadOnly));
        QVERIFY(cache.putContent(QStringLiteral("doc-a"), in));
        QCOMPARE(model.documentIdAt(rowA), QStringLiteral("doc-a"));
        QVERIFY(model.index(rowA, 0).data(DocumentListModel::StoredRole).toBool());
        QCOMPARE(model.index(rowA, 0).data().toString(), QStringLiteral("Antrag (1 KB)"));
        QCOMPARE(seen.changed.size(), 1);
        QCOMPARE(seen.changed.first().at(0).toModelIndex().row(), rowA);
        // A document of another request: nothing here.
        QVERIFY(cache.upsertDocuments({ doc(QStringLiteral("doc-d"), kSecond, bytes, QStringLiteral("Vollmacht")) }));
        QCOMPARE(model.rowCount(), 2);
        // A new one of this request: one row inserted.
        QVERIFY(cache.upsertDocuments({ doc(QStringLiteral("doc-e"), kFirst, bytes, QStringLiteral("Nachweis")) }));
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(seen.inserted.size(), 1);
        QCOMPARE(seen.removed.size(), 0);
        QCOMPARE(seen.resets.size(), 0);

        // Locked: the list empties (rows removed); unlocked: back.
        m_store->lock();
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(m_store->unlock("test-passphrase"));
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(seen.resets.size(), 0);

        // Another request is another list.
        model.setRequest(kSecond);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(seen.resets.size(), 1);
    }

    void timelineFollowsTheStore()
    {
        TimelineModel model(*m_store);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setRequest(kFirst);
        const int before = model.rowCount();
        ModelSignals seen(&model);

        auto claimed = m_store->claim(kFirst, QStringLiteral("a.koch"));
        QVERIFY(claimed);
        QCOMPARE(model.rowCount(), before + 1);
        const QModelIndex claim = model.index(before, 0);
        QCOMPARE(claim.data(TimelineModel::CodeRole).toString(), QStringLiteral("claimed"));
        QCOMPARE(claim.data(TimelineModel::ActorRole).toString(), QStringLiteral("a.koch"));
        QVERIFY(claim.data().toString().endsWith(claim.data(TimelineModel::TextRole).toString()));
        QVERIFY(!claim.data(TimelineModel::TextRole).toString().isEmpty());
        m_clock.advanceSecs(60);
        QVERIFY(m_store->addNote(kFirst, QStringLiteral("Rückruf vereinbart"), QStringLiteral("a.koch")));
        QCOMPARE(model.rowCount(), before + 2);
        QCOMPARE(model.index(before + 1, 0).data(TimelineModel::CodeRole).toString(), QStringLiteral("note_added"));
        QCOMPARE(seen.inserted.size(), 2);
        // Another request's history: nothing here.
        QVERIFY(m_store->claim(kSecond, QStringLiteral("a.koch")));
        QCOMPARE(model.rowCount(), before + 2);
        QCOMPARE(seen.inserted.size(), 2);

        // The server's copy of the claim (stamped when it arrived there, before the note) replaces
        // the clerk's own entry: the same row, changed.
        TimelineEvent server;
        server.requestId = kFirst;
        server.at = claim.data(TimelineModel::TimeRole).toDateTime().addSecs(2);
        server.actor = QStringLiteral("a.koch");
        server.kind = QStringLiteral("claimed");
        server.serverId = QStringLiteral("entry-17");
        server.mutationId = claimed->mutationId;
        QVERIFY(m_store->mergeTimeline({ server }));
        QCOMPARE(model.rowCount(), before + 2);
        QCOMPARE(seen.changed.size(), 1);
        QCOMPARE(seen.changed.first().at(0).toModelIndex().row(), before);
        QCOMPARE(model.index(before, 0).data(TimelineModel::TextRole).toString(), StatusNames::timelineEntry(server));
        QCOMPARE(seen.removed.size(), 0);
        QCOMPARE(seen.resets.size(), 0);

        m_store->lock();
        QCOMPARE(model.rowCount(), 0);
    }

private:
    ManualClock m_clock;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Store> m_store;
};

QTEST_GUILESS_MAIN(TestRequestModels)
#include "tst_request_models.moc"
