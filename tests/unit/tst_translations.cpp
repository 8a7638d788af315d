// The German translation must be complete: a string that a clerk would see in English in the
// German UI is a defect. Reads the .ts file that lupdate maintains, and checks what the running
// program shows: messages made outside QObjects must be looked up under the context the .ts file
// has for them.
#include "core/domain/Json.h"
#include "core/store/Sql.h"
#include "core/store/Store.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
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
                { QStringLiteral("-DIN_FILE=" CLERKDESK_LUPDATE_PROJECT_IN), QStringLiteral("-DOUT_FILE=") + project,
                    QStringLiteral("-P"), QStringLiteral(CLERKDESK_LUPDATE_GENERATOR) });
            QVERIFY(gen.waitForFinished(60000));
            QVERIFY2(gen.exitCode() == 0, gen.readAllStandardError().constData());
            QProcess lupdate;
            lupdate.start(QStringLiteral(CLERKDESK_LUPDATE),
                { QStringLiteral("-project"), project, QStringLiteral("-ts"), copy, QStringLiteral("-no-obsolete"),
                    QStringLiteral("-locations"), QStringLiteral("none") });
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

    // The messages of the store's SQL layer and the JSON decoders, as the program shows them: in
    // English without a translator, in German with the shipped one — never the same text.
    void errorMessagesAreShownInGerman()
    {
        QTemporaryDir dir;
        clerk::Store store(dir.filePath(QStringLiteral("profile.db")));
        QVERIFY(store.create("richtige-passphrase"));
        {
            clerk::Store other(dir.filePath(QStringLiteral("other.db")));
            QVERIFY(other.create("richtige-passphrase"));
        }
        auto shown = [&] {
            QStringList out;
            for (int rc : { 5 /*BUSY*/, 10 /*IOERR*/, 11 /*CORRUPT*/, 13 /*FULL*/, 26 /*NOTADB*/, 1 /*ERROR*/ })
                out << store.connection().errorFor(rc, QStringLiteral("test")).message;
            out << clerk::json::decodeRequest(QJsonObject {}).error().message;
            clerk::Store other(dir.filePath(QStringLiteral("other.db")));
            out << other.unlock("falsche-passphrase").error().message;
            out << clerk::sql::Connection::open({}).error().message;
            return out;
        };
        const QStringList english = shown();
        QTranslator german;
        QVERIFY(german.load(QStringLiteral(CLERKDESK_GERMAN_QM)));
        QVERIFY(QCoreApplication::installTranslator(&german));
        const QStringList inGerman = shown();
        QCoreApplication::removeTranslator(&german);
        QCOMPARE(inGerman.size(), english.size());
        QStringList same;
        for (qsizetype i = 0; i < english.size(); ++i) {
            QVERIFY2(!english.at(i).isEmpty(), qPrintable(QString::number(i)));
            if (inGerman.at(i) == english.at(i))
                same << english.at(i);
        }
        QVERIFY2(same.isEmpty(),
            qPrintable(QStringLiteral("shown in English on a German screen:\n") + same.join(QLatin1Char('\n'))));
        QVERIFY(
            inGerman.contains(QStringLiteral("Die Passphrase ist falsch, oder die Datei ist keine ClerkDesk-Datenbank. "
                                             "Es wurde nichts verändert.")));
    }
};

QTEST_GUILESS_MAIN(TestTranslations)
#include "tst_translations.moc"
