// The German translation must be complete: a string that a clerk would see in English in the
// German UI is a defect. Reads the .ts file that lupdate maintains.
#include <QFile>
#include <QTest>
#include <QXmlStreamReader>

class TestTranslations : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void germanIsComplete()
    {
        QFile f(QStringLiteral(CLERKDESK_SOURCE_DIR "/translations/clerkdesk_de.ts"));
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
