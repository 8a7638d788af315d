// prepareGuiProcess() before the QApplication keeps painting on the GUI thread: fills of thousands
// of spans and a smooth scaling of a large image start no thread (without it Qt's raster engine
// hands the pieces to a thread pool of its own and waits for them).
#include "ui/GuiProcess.h"

#include <QApplication>
#include <QDir>
#include <QImage>
#include <QPainter>
#include <QSet>
#include <QTest>

using namespace clerk;

namespace {

QSet<QString> threads()
{
    const QStringList ids = QDir(QStringLiteral("/proc/self/task")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    return QSet<QString>(ids.cbegin(), ids.cend());
}

} // namespace

class TestGuiProcess : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void paintingStartsNoThread()
    {
        if (!QDir(QStringLiteral("/proc/self/task")).exists())
            QSKIP("counts threads through /proc");
        const QSet<QString> before = threads();
        QImage image(2400, 2400, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::white);
        {
            QPainter painter(&image);
            painter.setRenderHint(QPainter::Antialiasing);
            painter.setBrush(QColor(200, 30, 30, 128));
            for (int i = 0; i < 20; ++i)
                painter.drawEllipse(QRectF(i * 10, i * 7, 2200 - i * 20, 2300 - i * 25));
        }
        const QImage scaled = image.scaled(1700, 1700, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
        QCOMPARE(scaled.width(), 1700);
        const QSet<QString> started = threads() - before;
        QVERIFY2(started.isEmpty(), qPrintable(QStringLiteral("%1 thread(s) started").arg(started.size())));
    }
};

int main(int argc, char** argv)
{
    qunsetenv("QT_NO_GUI_THREADPOOL"); // (a developer's environment may have it: the call must set it)
    prepareGuiProcess();
    QApplication app(argc, argv);
    TestGuiProcess test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_gui_process.moc"
