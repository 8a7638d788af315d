// The German translation must be complete: a string that a clerk would see in English in the
// German UI is a defect. Reads the .ts file that lupdate maintains.
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

class TestTranslations : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void germanIsComplete_data()
    {
        QTest::addColumn<bool>("fresh");
        QTest::addRow("committed .ts") << false;
        QTest::addRow("sources now (lupdate)") << true;
    }

    void germanIsComplete()
    {
        QFETCH(bool, fresh);
        QString tsPath = QStringLiteral(CLERKDESK_SOURCE_DIR "/translations/clerkdesk_de.ts");
        QTemporaryDir tmp;
        if (fresh) {
            // Scan today's sources into a copy: a new tr() string without German fails here even
            // before anyone runs update_translations.
            const QString copy = tmp.filePath(QStringLiteral("de.ts"));
            QVERIFY(QFile::copy(tsPath, copy));
            QFile::setPermissions(copy, QFile::ReadOwner | QFile::WriteOwner);
            const QString project = tmp.filePath(QStringLiteral("project.json"));
            QProcess gen;
            gen.start(QStringLiteral(CLERKDESK_CMAKE),
                      {QStringLiteral("-DIN_FILE=" CLERKDESK_LUPDATE_PROJECT_IN), QStringLiteral("-DOUT_FILE=") + project,
                       QStringLiteral("-P"), QStringLiteral(CLERKDESK_LUPDATE_GENERATOR)});
            QVERIFY(gen.waitForFinished(60000));
            QVERIFY2(gen.exitCode() == 0, gen.readAllStandardError().constData());
            QProcess lupdate;
            lupdate.start(QStringLiteral(CLERKDESK_LUPDATE),
                          {QStringLiteral("-project"), project, QStringLiteral("-ts"),
                           copy, QStringLiteral("-no-obsolete"), QStringLiteral("-locations"), QStringLiteral("none")});
            QVERIFY(lupdate.waitForFinished(120000));
            QVERIFY2(lupdate.exitCode() == 0, lupdate.readAllStandardError().constData());
            tsPath = copy;
        }
        QFile f(tsPath);
        QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(f.errorString()));
        QXmlStreamReader xml(&f);
        int messages = 0;
        QStringList missing;
        QString context, source;
        while (!xml.atEnd()) {
            xml.readNext();
            if (!xml.isStartElement())
                continue;
            if (xml.name() == QLatin1String("name"))
                context = xml.readElementText();
            else if (xml.name() == QLatin1String("source"))
                source = xml.readElementText();
            else if (xml.name() == QLatin1String("translation")) {
                ++messages;
                const auto type = xml.attributes().value(QLatin1String("type"));
                const bool obsolete = type == QLatin1String("obsolete") || type == QLatin1String("vanished");
                const QString text = xml.readElementText(QXmlStreamReader::IncludeChildElements);
                if (!obsolete && (type == QLatin1String("unfinished") || text.trimmed().isEmpty()))
                    missing << context + QStringLiteral(": ") + source;
            }
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QVERIFY2(messages > 20, "the German .ts file holds suspiciously few messages");
        QVERIFY2(missing.isEmpty(), qPrintable(QStringLiteral("untranslated:\n") + missing.join(QLatin1Char('\n'))));
    }
};

QTEST_GUILESS_MAIN(TestTranslations)
#include "tst_translations.moc"
