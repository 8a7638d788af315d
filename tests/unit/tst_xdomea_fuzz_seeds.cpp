// The seeds of the xdomea fuzz target (tests/fuzz/corpus/xdomea) are worth mutating: each one but
// the hostile ones follows the official schema of its version (xmllint), and the reader takes it,
// the deliveries (0401, 0503) as messages with objects, the archive's answers (0502, 0506) as
// answers naming objects. Both kinds of answer are among them.
#include "../common/XdomeaLint.h"
#include "core/xdomea/XdomeaReader.h"

#include <QDir>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace clerk;

namespace {
const QString kSource = QStringLiteral(CLERKDESK_SOURCE_DIR);
const QString kCorpus = kSource + QStringLiteral("/tests/fuzz/corpus/xdomea");
} // namespace

class TestXdomeaFuzzSeeds : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void seedIsValidAndRead_data()
    {
        QTest::addColumn<QString>("file");
        const QStringList seeds = QDir(kCorpus).entryList({ QStringLiteral("*.xml") }, QDir::Files, QDir::Name);
        QVERIFY(seeds.size() >= 7);
        for (const QString& seed : seeds)
            if (!seed.startsWith(QLatin1String("hostile")))
                QTest::addRow("%s", qPrintable(seed)) << seed;
    }

    void seedIsValidAndRead()
    {
        QFETCH(QString, file);
        QFile f(QDir(kCorpus).filePath(file));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray xml = f.readAll();
        static const QRegularExpression root(
            QStringLiteral("<xdomea:((Abgabe|Aussonderung)\\.[A-Za-z]+\\.(0[0-9]{3}))[ >]"));
        static const QRegularExpression ns(QStringLiteral("urn:xoev-de:xdomea:schema:([0-9.]+)\""));
        const auto r = root.match(QString::fromUtf8(xml));
        const QString version = ns.match(QString::fromUtf8(xml)).captured(1);
        QVERIFY2(r.hasMatch() && !version.isEmpty(), qPrintable(file));
        const QString schema = QStringLiteral("%1/xdomea-Nachrichten-%2Durchfuehren.xsd").arg(version, r.captured(2));
        QTemporaryDir scratch;
        const QString verdict = testxdomea::lintAgainst(kSource, xml, schema, scratch.filePath(file));
        QVERIFY2(verdict.isEmpty(), qPrintable(verdict));
        const QString type = r.captured(3);
        if (type == QLatin1String("0502") || type == QLatin1String("0506")) {
            auto answer = xdomea::parseArchiveAnswer(xml);
            QVERIFY2(answer.ok(), qPrintable(answer.errorString()));
            QCOMPARE(answer->type, type);
            QVERIFY(!(type == QLatin1String("0502") ? answer->assessments.isEmpty() : answer->outcomes.isEmpty()));
        } else {
            auto message = xdomea::parseMessage(xml);
            QVERIFY2(message.ok(), qPrintable(message.errorString()));
            QCOMPARE(message->type, type);
            QVERIFY(!message->records.isEmpty());
        }
    }

    void bothAnswersAreSeeds()
    {
        QSet<QString> types;
        static const QRegularExpression root(QStringLiteral("<xdomea:Aussonderung\\.[A-Za-z]+\\.(050[26]) xmlns"));
        for (const QString& seed : QDir(kCorpus).entryList({ QStringLiteral("*.xml") }, QDir::Files)) {
            QFile f(QDir(kCorpus).filePath(seed));
            QVERIFY(f.open(QIODevice::ReadOnly));
            if (const auto m = root.match(QString::fromUtf8(f.readAll())); m.hasMatch())
                types.insert(m.captured(1));
        }
        QCOMPARE(types, (QSet<QString> { QStringLiteral("0502"), QStringLiteral("0506") }));
    }
};

QTEST_GUILESS_MAIN(TestXdomeaFuzzSeeds)
#include "tst_xdomea_fuzz_seeds.moc"
