// XFDF round trips (checked with xmllint, a peer parser), hostile XFDF refused, and the
// `clerkdesk-cli pdf` commands (info, render, annotate, xfdf, redact) on real files.
#include "PdfSamples.h"
#include "core/pdf/PdfExport.h"
#include "core/pdf/Xfdf.h"

#include <QTest>

using namespace clerk;
using namespace clerk::pdf;
using namespace clerk::pdf::samples;
using namespace clerk::test;

class TestPdfXfdf : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void xfdfRoundTrip();
    void xfdfRefusesHostileInput_data();
    void xfdfRefusesHostileInput();
    void cliCommands();

private:
    QTemporaryDir m_dir;
};

void TestPdfXfdf::xfdfRoundTrip()
{
    QList<Annotation> all = everyType();
    Annotation mark = make(AnnotationType::Redact);
    Geometry::setQuads(mark, { Geometry::quadOf(lineBox(200)) });
    all << mark;
    all.first().text = QStringLiteral("Zeile <wichtig> & \"prüfen\"");
    const QByteArray xml = Xfdf::write(all, QStringLiteral("antrag.pdf"));
    QVERIFY(xml.contains("xmlns=\"http://ns.adobe.com/xfdf/\""));
    QVERIFY(xml.contains("<highlight ") && xml.contains("<text ") && xml.contains("<square ") && xml.contains("<ink")
        && xml.contains("<stamp ") && xml.contains("<redact ") && xml.contains("<gesture>"));
    // xmllint (libxml2, a peer parser) finds it well-formed.
    const QString path = m_dir.filePath(QStringLiteral("a.xfdf"));
    QVERIFY(writeFile(path, xml));
    const QString xmllint = tool(QStringLiteral("xmllint"));
    QVERIFY2(!xmllint.isEmpty(), "xmllint (libxml2-utils) is needed");
    int rc = -1;
    const QString lint = run(xmllint, { QStringLiteral("--noout"), path }, &rc);
    QVERIFY2(rc == 0, qPrintable(lint));
    // xmllint does refuse what is not well-formed (the check above can fail).
    const QString broken = m_dir.filePath(QStringLiteral("broken.xfdf"));
    QVERIFY(writeFile(broken, xml.left(xml.size() - 20)));
    run(xmllint, { QStringLiteral("--noout"), broken }, &rc);
    QVERIFY2(rc != 0 && rc != -1, qPrintable(QString::number(rc)));

    auto back = Xfdf::read(xml, QStringLiteral("doc-1"));
    QVERIFY2(back, qPrintable(back.errorString()));
    QCOMPARE(back->size(), all.size());
    for (int i = 0; i < all.size(); ++i) {
        const Annotation &a = all.at(i), &b = back->at(i);
        QCOMPARE(b.id, a.id);
        QCOMPARE(b.type, a.type);
        QCOMPARE(b.page, a.page);
        QCOMPARE(b.text, a.text);
        QCOMPARE(b.author, a.author);
        QCOMPARE(b.createdAt, a.createdAt);
        QCOMPARE(QColor::fromString(b.color), colorOf(a));
        QCOMPARE(Geometry::rect(b), Geometry::rect(a));
        QCOMPARE(Geometry::quads(b).size(), Geometry::quads(a).size());
        if (!Geometry::quads(a).isEmpty())
            QCOMPARE(Geometry::quads(b).first().upperLeft, Geometry::quads(a).first().upperLeft);
        QCOMPARE(Geometry::ink(b), Geometry::ink(a));
        QCOMPARE(b.documentId, QStringLiteral("doc-1"));
    }
    // And XFDF → annotated PDF → XFDF gives the same annotations again.
    auto pdf = PdfExport::annotated(sample(), back.value());
    QVERIFY(pdf);
    auto fromPdf = PdfExport::readAnnotations(pdf.value(), QStringLiteral("doc-1"));
    QVERIFY(fromPdf);
    QCOMPARE(fromPdf->size(), all.size());
}

void TestPdfXfdf::xfdfRefusesHostileInput_data()
{
    QTest::addColumn<QByteArray>("xml");
    const QByteArray head = "<?xml version=\"1.0\"?><xfdf xmlns=\"http://ns.adobe.com/xfdf/\"><annots>";
    const QByteArray tail = "</annots></xfdf>";
    QTest::newRow("not xml") << QByteArray("this is not xml");
    QTest::newRow("other root") << QByteArray("<?xml version=\"1.0\"?><svg/>");
    QTest::newRow("dtd with entity") << QByteArray(
        "<?xml version=\"1.0\"?><!DOCTYPE xfdf [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
        "<xfdf xmlns=\"http://ns.adobe.com/xfdf/\"><annots><text page=\"0\" rect=\"0,0,20,20\">"
        "<contents>&x;</contents></text></annots></xfdf>");
    QTest::newRow("billion laughs") << QByteArray(
        "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>"
        "<xfdf xmlns=\"http://ns.adobe.com/xfdf/\"><annots/></xfdf>");
    QTest::newRow("no rect") << head + "<square page=\"0\"/>" + tail;
    QTest::newRow("nan") << head + "<square page=\"0\" rect=\"nan,0,1,1\"/>" + tail;
    QTest::newRow("huge number") << head + "<square page=\"0\" rect=\"0,0,1e300,1\"/>" + tail;
    QTest::newRow("negative page") << head + "<square page=\"-1\" rect=\"0,0,1,1\"/>" + tail;
    QTest::newRow("odd coords") << head + "<highlight page=\"0\" rect=\"0,0,1,1\" coords=\"1,2,3\"/>" + tail;
    QTest::newRow("highlight without coords") << head + "<highlight page=\"0\" rect=\"0,0,1,1\"/>" + tail;
    QTest::newRow("bad gesture") << head
            + "<ink page=\"0\" rect=\"0,0,1,1\"><inklist><gesture>1,2;x,y</gesture></inklist></ink>" + tail;
    QTest::newRow("truncated") << head + "<square page=\"0\" rect=\"0,0,1,1\">";
    QByteArray deep = head;
    for (int i = 0; i < 20; ++i)
        deep += "<a>";
    QTest::newRow("deep") << deep;
}

void TestPdfXfdf::xfdfRefusesHostileInput()
{
    QFETCH(QByteArray, xml);
    auto r = Xfdf::read(xml);
    QVERIFY(!r);
    QVERIFY(r.error().message.startsWith(Xfdf::tr("The XFDF file cannot be read: %1").section(QLatin1Char('%'), 0, 0)));
    // Unknown annotation kinds (circle, line …) are skipped, not refused.
    auto skipped = Xfdf::read("<xfdf xmlns=\"http://ns.adobe.com/xfdf/\"><annots><circle page=\"0\" rect=\"0,0,1,1\"/>"
                              "<square page=\"0\" rect=\"0,0,10,10\"/></annots></xfdf>");
    QVERIFY(skipped);
    QCOMPARE(skipped->size(), 1);
}

void TestPdfXfdf::cliCommands()
{
    const QString cli = QStringLiteral(CLERKDESK_CLI_PATH);
    const QString in = m_dir.filePath(QStringLiteral("cli.pdf"));
    QVERIFY(writeFile(in, sample()));
    int rc = -1;
    QString out = run(cli, { QStringLiteral("pdf"), QStringLiteral("info"), in }, &rc);
    QCOMPARE(rc, 0);
    QVERIFY2(out.contains(QLatin1String("pages: 3")) && out.contains(u"title: Bauantrag Müller"), qPrintable(out));

    const QString png = m_dir.filePath(QStringLiteral("p1.png"));
    out = run(cli,
        { QStringLiteral("pdf"), QStringLiteral("render"), in, QStringLiteral("1"), png, QStringLiteral("--dpi"),
            QStringLiteral("100") },
        &rc);
    QCOMPARE(rc, 0);
    QCOMPARE(QImage(png).size(), (QSizeF(SimplePdf::kA4Width, H) * 100 / 72).toSize());
    run(cli, { QStringLiteral("pdf"), QStringLiteral("render"), in, QStringLiteral("9"), png }, &rc);
    QCOMPARE(rc, 1);

    QList<Annotation> marks = everyType();
    Annotation mark = make(AnnotationType::Redact);
    Geometry::setQuads(mark, { Geometry::quadOf(lineBox(200, 160)) });
    marks << mark;
    const QString xfdf = m_dir.filePath(QStringLiteral("marks.xfdf"));
    QVERIFY(writeFile(xfdf, Xfdf::write(marks, QStringLiteral("cli.pdf"))));
    const QString annotated = m_dir.filePath(QStringLiteral("cli-annotated.pdf"));
    out = run(cli, { QStringLiteral("pdf"), QStringLiteral("annotate"), in, xfdf, annotated }, &rc);
    QVERIFY2(rc == 0, qPrintable(out));
    out = run(cli, { QStringLiteral("pdf"), QStringLiteral("xfdf"), annotated }, &rc);
    QCOMPARE(rc, 0);
    auto extracted = Xfdf::read(out.toUtf8());
    QVERIFY2(extracted, qPrintable(out.left(400)));
    QCOMPARE(extracted->size(), marks.size());

    const QString redacted = m_dir.filePath(QStringLiteral("cli-redacted.pdf"));
    out = run(cli, { QStringLiteral("pdf"), QStringLiteral("redact"), in, xfdf, redacted }, &rc);
    QVERIFY2(rc == 0 && out.contains(QLatin1String("1 redaction mark(s) applied")), qPrintable(out));
    const QString pdftotext = tool(QStringLiteral("pdftotext"));
    QVERIFY2(!pdftotext.isEmpty(), "pdftotext (poppler-utils) is needed");
    const QString text = run(pdftotext, { redacted, QStringLiteral("-") }, &rc);
    QVERIFY2(rc == 0 && text.contains(QLatin1String("Zweite Seite Lageplan")), qPrintable(text));
    QVERIFY2(!text.contains(QLatin1String("GEHEIMNIS")), qPrintable(text));

    // Refused input: exit code 2 with a reason.
    const QString junk = m_dir.filePath(QStringLiteral("junk.xfdf"));
    QVERIFY(writeFile(junk, "<svg/>"));
    out = run(cli, { QStringLiteral("pdf"), QStringLiteral("annotate"), in, junk, annotated }, &rc);
    QCOMPARE(rc, 2);
    QVERIFY(out.contains(QLatin1String("XFDF")));
    const QString broken = m_dir.filePath(QStringLiteral("broken.pdf"));
    QVERIFY(writeFile(broken, "not a pdf at all"));
    run(cli, { QStringLiteral("pdf"), QStringLiteral("info"), broken }, &rc);
    QCOMPARE(rc, 2);
    run(cli, { QStringLiteral("pdf"), QStringLiteral("info") }, &rc);
    QCOMPARE(rc, 1);
}

QTEST_MAIN(TestPdfXfdf)
#include "tst_pdf_xfdf.moc"
