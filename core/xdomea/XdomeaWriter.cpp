// Writing xdomea 3.1.0 messages (see XdomeaWriter.h). Element order, cardinality and code lists
// follow xdomea-Baukasten.xsd, xdomea-Datentypen.xsd and the Nachrichten/Typen schemas of
// "Abgabe durchführen" in standards/xdomea/3.1.0; tests/unit/tst_xdomea_export validates every
// message written against them with xmllint.
#include "XdomeaWriter.h"

#include "XdomeaWriterParts.h"
#include "core/Settings.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMap>
#include <QRegularExpression>
#include <QUuid>
#include <QXmlStreamWriter>
#include <algorithm>

namespace clerk::xdomea {

namespace {
// Akte IDs are name-based (UUID v5) in this namespace of ours.
const QUuid kAkteNamespace(QStringLiteral("{5c0e6a52-8f0b-4f8e-9d3a-7a41c2b9e013}"));
} // namespace

using namespace detail;

Authority senderFromSettings(const Settings& settings)
{
    Authority a;
    a.name = settings.string(Settings::Key::AuthorityName).trimmed();
    a.shortName = settings.string(Settings::Key::AuthorityShortName).trimmed();
    const QString id = settings.string(Settings::Key::AuthorityId).trimmed();
    const qsizetype colon = id.indexOf(QLatin1Char(':'));
    a.idPrefix = colon < 0 ? QString() : id.left(colon + 1);
    a.id = colon < 0 ? id : id.mid(colon + 1);
    a.unit = settings.string(Settings::Key::AuthorityUnit).trimmed();
    return a;
}

QByteArray writeAbgabe(const Abgabe& message)
{
    QByteArray out;
    Writer x(&out);
    x.w.writeStartDocument();
    x.w.writeNamespace(x.ns, QStringLiteral("xdomea"));
    x.start("Abgabe.Abgabe.0401");
    x.kopfStart(message.processId, "0401", "Abgabe.Abgabe", message.created, message.sender, message.receiver);
    x.text("Importbestaetigung", QStringLiteral("1"));
    x.text("Empfangsbestaetigung", message.receiptWanted ? QStringLiteral("1") : QStringLiteral("0"));
    x.end(); // Kopf

    // One Akte per service and year, in the order their first request comes.
    QList<QPair<QString, QList<const RequestRecord*>>> akten;
    for (const RequestRecord& rec : message.requests) {
        const QString key
            = QStringLiteral("%1|%2").arg(rec.request.serviceId).arg(rec.request.submittedAt.toUTC().date().year());
        auto it = std::find_if(akten.begin(), akten.end(), [&](const auto& a) { return a.first == key; });
        if (it == akten.end())
            akten.append({ key, { &rec } });
        else
            it->second.append(&rec);
    }
    for (const auto& [key, records] : std::as_const(akten)) {
        const RequestRecord& first = *records.first();
        const int year = first.request.submittedAt.toUTC().date().year();
        QDate begin, endDate;
        for (const RequestRecord* r : records) {
            const QDate d = r->request.submittedAt.toUTC().date();
            begin = begin.isValid() ? qMin(begin, d) : d;
            endDate = endDate.isValid() ? qMax(endDate, d) : d;
        }
        x.start("Schriftgutobjekt");
        x.start("Akte");
        x.start("Identifikation");
        x.text("ID",
            QUuid::createUuidV5(kAkteNamespace, message.sender.idPrefix + message.sender.id + QLatin1Char('|') + key)
                .toString(QUuid::WithoutBraces));
        x.end();
        x.start("AllgemeineMetadaten");
        x.text("Betreff", QStringLiteral("%1 %2").arg(first.serviceName).arg(year));
        if (!first.request.fileNumber.isEmpty())
            x.text("Kennzeichen", QStringLiteral("%1/%2").arg(planPosition(first.request.fileNumber)).arg(year));
        x.code("Medium", kMedium, QStringLiteral("001"));
        x.end();
        if (begin.isValid()) {
            x.start("Laufzeit");
            x.text("Beginn", begin.toString(Qt::ISODate));
            x.text("Ende", endDate.toString(Qt::ISODate));
            x.end();
        }
        x.start("Akteninhalt");
        for (int i = 0; i < records.size(); ++i)
            x.vorgang(*records.at(i), i + 1);
        x.end(); // Akteninhalt
        x.end(); // Akte
        x.end(); // Schriftgutobjekt
    }
    x.end(); // Abgabe.Abgabe.0401
    x.w.writeEndDocument();
    return out;
}

QByteArray writeImportBestaetigen(const QString& processId, const QDateTime& created, const Authority& sender,
    const Authority& receiver, const QList<ImportOutcome>& objects, const QString& namespaceUri)
{
    if (objects.isEmpty())
        return {};
    QByteArray out;
    Writer x(&out, namespaceUri);
    x.w.writeStartDocument();
    x.w.writeNamespace(x.ns, QStringLiteral("xdomea"));
    x.start("Abgabe.ImportBestaetigen.0402");
    x.kopfStart(processId, "0402", "Abgabe.ImportBestaetigen", created, sender, receiver);
    x.end(); // Kopf
    for (const ImportOutcome& o : objects) {
        x.start("AbgegebenesObjekt");
        x.text("IDSGO", o.objectId);
        x.text("Erfolgreich", o.success ? QStringLiteral("1") : QStringLiteral("0"));
        for (const QString& e : o.errors)
            x.text("Fehlermeldung", e);
        x.end();
    }
    x.end();
    x.w.writeEndDocument();
    return out;
}

QString abgabeXmlName(const QString& processId)
{
    return processId + QStringLiteral("_Abgabe.Abgabe.0401.xml");
}

QString abgabeZipName(const QString& processId)
{
    return processId + QStringLiteral("_Abgabe.Abgabe.0401.zip");
}

QString importBestaetigenXmlName(const QString& processId)
{
    return processId + QStringLiteral("_Abgabe.ImportBestaetigen.0402.xml");
}

QString primaryFileName(const Document& document)
{
    const QString title = asciiName(document.title);
    return QStringLiteral("%1%2.%3").arg(document.id.toLower(), title.isEmpty() ? QString() : QLatin1Char('_') + title,
        QLatin1String(formatOf(document.mimeType).extension));
}

QString annotationsFileName(const Document& document)
{
    return document.id.toLower() + QStringLiteral("_Anmerkungen.xfdf");
}

QString newProcessId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

} // namespace clerk::xdomea
