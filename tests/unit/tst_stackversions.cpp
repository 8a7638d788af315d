#include "core/StackVersions.h"

#include <QRegularExpression>
#include <QTest>

class TestStackVersions : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void loadedVersionsAreReal()
    {
        const auto v = clerk::StackVersions::loaded();
        const QRegularExpression semver(QStringLiteral("^\\d+\\.\\d+(\\.\\d+)?"));
        QVERIFY2(semver.match(v.qt).hasMatch(), qPrintable(v.qt));
        QVERIFY2(v.qt.startsWith(QLatin1String("6.")), qPrintable(v.qt));
        QVERIFY2(semver.match(v.sqlcipher).hasMatch(), qPrintable(v.sqlcipher));
        QVERIFY2(v.sqlcipher.startsWith(QLatin1Char('4')), qPrintable(v.sqlcipher)); // SQLCipher 4
        QVERIFY2(semver.match(v.sqlite).hasMatch(), qPrintable(v.sqlite));
        QVERIFY2(semver.match(v.karchive).hasMatch(), qPrintable(v.karchive));
        QVERIFY2(v.karchive.startsWith(QLatin1Char('6')), qPrintable(v.karchive));
        QVERIFY2(semver.match(v.qpdf).hasMatch(), qPrintable(v.qpdf));
        QVERIFY2(semver.match(v.sodium).hasMatch(), qPrintable(v.sodium));
        QVERIFY(v.toText().contains(QLatin1String("SQLCipher ") + v.sqlcipher));
    }
};

QTEST_GUILESS_MAIN(TestStackVersions)
#include "tst_stackversions.moc"
