// The clerkdesk executable itself: --version, --help, bad arguments, --screenshot.
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

class TestAppCli : public QObject
{
    Q_OBJECT
private:
    static QProcess* run(const QStringList& args, QTemporaryDir& home)
    {
        auto* p = new QProcess;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.path());
        env.insert(QStringLiteral("XDG_DATA_HOME"), home.path());
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        p->setProcessEnvironment(env);
        p->start(QStringLiteral(CLERKDESK_APP_PATH), args);
        return p;
    }

private Q_SLOTS:
    void versionPrintsRealVersions()
    {
        QTemporaryDir home;
        std::unique_ptr<QProcess> p(run({ QStringLiteral("--version") }, home));
        QVERIFY(p->waitForFinished(30000));
        QCOMPARE(p->exitCode(), 0);
        const QString out = QString::fromUtf8(p->readAllStandardOutput());
        QVERIFY2(out.contains(QLatin1String("Qt 6.")), qPrintable(out));
        QVERIFY2(out.contains(QLatin1String("SQLCipher 4.")), qPrintable(out));
        QVERIFY2(out.contains(QLatin1String("KArchive 6.")), qPrintable(out));
        QVERIFY2(out.contains(QLatin1String("qpdf 1")), qPrintable(out));
    }

    void helpListsOptions()
    {
        QTemporaryDir home;
        std::unique_ptr<QProcess> p(run({ QStringLiteral("--help") }, home));
        QVERIFY(p->waitForFinished(30000));
        QCOMPARE(p->exitCode(), 0);
        const QString out = QString::fromUtf8(p->readAllStandardOutput());
        for (const char* opt : { "--lang", "--profile", "--demo", "--version", "--screenshot" })
            QVERIFY2(out.contains(QLatin1String(opt)), opt);
    }

    void badLanguageIsRefused()
    {
        QTemporaryDir home;
        std::unique_ptr<QProcess> p(run({ QStringLiteral("--lang"), QStringLiteral("fr") }, home));
        QVERIFY(p->waitForFinished(30000));
        QCOMPARE(p->exitCode(), 2);
        QVERIFY(QString::fromUtf8(p->readAllStandardError()).contains(QLatin1String("fr")));
    }

    void screenshotWritesPng()
    {
        QTemporaryDir home;
        const QString png = home.filePath(QStringLiteral("window.png"));
        std::unique_ptr<QProcess> p(
            run({ QStringLiteral("--screenshot"), png, QStringLiteral("--lang"), QStringLiteral("de") }, home));
        QVERIFY(p->waitForFinished(60000));
        QCOMPARE(p->exitCode(), 0);
        QImage img(png);
        QVERIFY(!img.isNull());
        QVERIFY(img.width() >= 800 && img.height() >= 500);
    }
};

QTEST_GUILESS_MAIN(TestAppCli)
#include "tst_app_cli.moc"
