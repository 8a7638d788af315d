// The document viewer on real PDFs made with qpdf: pages, search hits, zoom, a damaged file and
// an image.
#include "core/pdf/SimplePdf.h"
#include "ui/DocumentViewer.h"
#include "ui/Translations.h"

#include <QApplication>
#include <QBuffer>
#include <QImage>
#include <QLineEdit>
#include <QPdfView>
#include <QScrollBar>
#include <QTest>

using namespace clerk;

class TestViewer : public QObject
{
    Q_OBJECT
private:
    static QByteArray threePages()
    {
        SimplePdf pdf;
        pdf.setTitle(QStringLiteral("Gutachten"));
        for (int p = 1; p <= 3; ++p) {
            pdf.newPage();
            pdf.text(56, 80, QStringLiteral("Seite %1 – Gutachten zur Standsicherheit").arg(p), 14, true);
            if (p != 2)
                pdf.paragraph(56, 120, 480, QStringLiteral("Nach der Baumschutzsatzung ist die Fällung genehmigungspflichtig."));
        }
        return pdf.toPdf();
    }

private Q_SLOTS:
    void showsPagesAndFindsText()
    {
        DocumentViewer v;
        v.resize(900, 700);
        v.show();
        QVERIFY(v.open(QStringLiteral("Gutachten"), QStringLiteral("application/pdf"), threePages()));
        QCOMPARE(v.pageCount(), 3);
        QVERIFY(v.message().isEmpty());
        v.search(QStringLiteral("Baumschutzsatzung"));
        QTRY_COMPARE(v.searchHits(), 2);
        v.nextHit();
        const double before = v.pdfView()->zoomFactor();
        v.zoomIn();
        QVERIFY(v.pdfView()->zoomFactor() > before);
        v.fitWidth();
        QCOMPARE(v.pdfView()->zoomMode(), QPdfView::ZoomMode::FitToWidth);
        // Pages render in the background: the page really carries ink once they have.
        QImage shot;
        QTRY_VERIFY_WITH_TIMEOUT((shot = v.pdfView()->viewport()->grab().toImage(),
                                  [&shot] {
                                      int dark = 0;
                                      for (int y = 0; y < shot.height(); y += 2)
                                          for (int x = 0; x < shot.width(); x += 2)
                                              dark += qGray(shot.pixel(x, y)) < 100;
                                      return dark > 50;
                                  }()),
                                 10000);
        shot = v.grab().toImage();
        if (const QString dir = qEnvironmentVariable("CLERKDESK_SCREENSHOT_DIR"); !dir.isEmpty())
            shot.save(dir + QStringLiteral("/viewer.png"));
    }

    void damagedPdfSaysSo()
    {
        DocumentViewer v;
        QByteArray broken = threePages();
        broken.truncate(broken.size() / 3);
        broken.replace(200, 200, QByteArray(200, '\0'));
        QVERIFY(!v.open(QStringLiteral("Kaputt"), QStringLiteral("application/pdf"), broken));
        QVERIFY2(v.message().contains(QLatin1String("damaged")), qPrintable(v.message()));
        QCOMPARE(v.pageCount(), 0);
        // And the viewer still works afterwards.
        QVERIFY(v.open(QStringLiteral("Gutachten"), QStringLiteral("application/pdf"), threePages()));
        QCOMPARE(v.pageCount(), 3);
    }

    void showsImages()
    {
        QImage img(200, 100, QImage::Format_RGB32);
        img.fill(Qt::darkGreen);
        QByteArray png;
        QBuffer b(&png);
        b.open(QIODevice::WriteOnly);
        img.save(&b, "PNG");
        DocumentViewer v;
        QVERIFY(v.open(QStringLiteral("Foto"), QStringLiteral("image/png"), png));
        QCOMPARE(v.pageCount(), 1);
        QVERIFY(!v.open(QStringLiteral("Foto"), QStringLiteral("image/png"), QByteArray("not an image")));
        QVERIFY(!v.message().isEmpty());
    }
};

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    installTranslations(QStringLiteral("en"));
    TestViewer t;
    return QTest::qExec(&t, argc, argv);
}

#include "tst_viewer.moc"
