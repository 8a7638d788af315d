// What our documentation says about the xdomea messages, held against the official 3.1.0 schemas:
// every message named in backticks (`Aussonderung.AnbietungEmpfangBestaetigen.0504`) is a root
// element of the schema; standards/xdomea/README.md names each message of the hand-over (0401–0403)
// and of the Aussonderung (0501–0507) by its root element; and nothing calls the 0504 (a receipt of
// the offer list) the archive's confirmation, which is the 0506. And `./dev fuzz` names the xdomea
// fuzz target, and the README shows the hand-over dialog.
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

namespace {

const QString kSource = QStringLiteral(CLERKDESK_SOURCE_DIR);

QString read(const QString& relative)
{
    QFile f(kSource + QLatin1Char('/') + relative);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

// The root elements of the 3.1.0 messages: "Abgabe.Abgabe.0401", …
QSet<QString> messagesOfTheSchema()
{
    QSet<QString> out;
    static const QRegularExpression element(QStringLiteral("element name=\"([A-Za-z]+\\.[A-Za-z]+\\.[0-9]{4})\""));
    for (const QString& file : { QStringLiteral("standards/xdomea/3.1.0/xdomea-Nachrichten-AbgabeDurchfuehren.xsd"),
             QStringLiteral("standards/xdomea/3.1.0/xdomea-Nachrichten-AussonderungDurchfuehren.xsd") })
        for (auto it = element.globalMatch(read(file)); it.hasNext();)
            out.insert(it.next().captured(1));
    return out;
}

} // namespace

class TestXdomeaDocs : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void namedMessagesExist_data()
    {
        QTest::addColumn<QString>("file");
        for (const char* f : { "standards/xdomea/README.md", "docs/ADMIN.md", "docs/ARCHITECTURE.md", "README.md" })
            QTest::addRow("%s", f) << QString::fromLatin1(f);
    }

    void namedMessagesExist()
    {
        QFETCH(QString, file);
        const QString text = read(file);
        QVERIFY2(!text.isEmpty(), qPrintable(file));
        const QSet<QString> schema = messagesOfTheSchema();
        QVERIFY(schema.contains(QStringLiteral("Aussonderung.AussonderungImportBestaetigen.0506")));
        static const QRegularExpression named(QStringLiteral("`((?:Abgabe|Aussonderung)\\.[A-Za-z]+\\.[0-9]{4})`"));
        for (auto it = named.globalMatch(text); it.hasNext();) {
            const QString name = it.next().captured(1);
            QVERIFY2(schema.contains(name), qPrintable(name + QStringLiteral(" is no xdomea 3.1.0 message")));
        }
    }

    void readmeListsEveryMessage()
    {
        const QString readme = read(QStringLiteral("standards/xdomea/README.md"));
        int listed = 0;
        for (const QString& name : messagesOfTheSchema()) {
            const int number = name.right(4).toInt();
            if ((number >= 401 && number <= 403) || (number >= 501 && number <= 507)) {
                QVERIFY2(readme.contains(QLatin1Char('`') + name + QLatin1Char('`')), qPrintable(name));
                ++listed;
            }
        }
        QCOMPARE(listed, 10);
    }

    void no0504AsTheConfirmation()
    {
        static const QRegularExpression wrong(
            QStringLiteral("archive's 0504|0504 Archivierung|0504[^\\n]{0,40}(delete|löschen)"));
        for (const char* f : { "standards/xdomea/README.md", "docs/ADMIN.md", "docs/ARCHITECTURE.md",
                 "core/xdomea/XdomeaAcknowledgement.h", "cli/XdomeaImportCommand.cpp" }) {
            const QString text = read(QString::fromLatin1(f));
            QVERIFY2(!text.isEmpty(), f);
            const auto m = wrong.match(text);
            QVERIFY2(!m.hasMatch(), qPrintable(QString::fromLatin1(f) + QStringLiteral(": ") + m.captured(0)));
        }
    }

    // `./dev fuzz` names every fuzz target (xdomea among them) in its usage.
    void devFuzzUsageNamesEveryTarget()
    {
        const QString dev = read(QStringLiteral("dev"));
        static const QRegularExpression usage(
            QStringLiteral("usage: ./dev fuzz NAME \\[SECONDS\\] +\\(NAME: ([a-z, ]+)\\)"));
        const auto m = usage.match(dev);
        QVERIFY2(m.hasMatch(), "no usage line in ./dev fuzz");
        const QStringList named = m.captured(1).split(QStringLiteral(", "));
        static const QRegularExpression target(QStringLiteral("clerkdesk_fuzz_target\\(([a-z]+) "));
        int targets = 0;
        for (auto it = target.globalMatch(read(QStringLiteral("tests/fuzz/CMakeLists.txt"))); it.hasNext(); ++targets) {
            const QString name = it.next().captured(1);
            QVERIFY2(named.contains(name), qPrintable(name + QStringLiteral(" missing from: ") + m.captured(1)));
        }
        QVERIFY(targets >= 8);
        QCOMPARE(named.size(), targets);
    }

    // The README shows the hand-over dialog (German, at the 1366×768 of the other screenshots), and
    // every screenshot it links is there.
    void readmeLinksTheHandOverScreenshot()
    {
        const QString readme = read(QStringLiteral("README.md"));
        QVERIFY(readme.contains(QLatin1String("(docs/screenshots/handover-de.png)")));
        static const QRegularExpression link(QStringLiteral("\\((docs/screenshots/[a-z0-9-]+\\.png)\\)"));
        for (auto it = link.globalMatch(readme); it.hasNext();) {
            const QString path = it.next().captured(1);
            QVERIFY2(QFile::exists(kSource + QLatin1Char('/') + path), qPrintable(path));
        }
        QFile png(kSource + QStringLiteral("/docs/screenshots/handover-de.png"));
        QVERIFY(png.open(QIODevice::ReadOnly));
        const QByteArray head = png.read(24); // signature, IHDR: width and height, big-endian
        QVERIFY(head.startsWith("\x89PNG"));
        auto be = [&head](int at) {
            return (quint32(quint8(head[at])) << 24) | (quint32(quint8(head[at + 1])) << 16)
                | (quint32(quint8(head[at + 2])) << 8) | quint32(quint8(head[at + 3]));
        };
        QCOMPARE(be(16), 1366u);
        QCOMPARE(be(20), 768u);
    }
};

QTEST_GUILESS_MAIN(TestXdomeaDocs)
#include "tst_xdomea_docs.moc"
