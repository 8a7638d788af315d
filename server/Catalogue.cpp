#include "Catalogue.h"

#include <QHash>

namespace clerk::server::catalogue {

namespace {

FormField field(const char* key, const char* de, const char* en, const char* type, const char* group,
    bool required = true, QStringList choices = {})
{
    return FormField { QString::fromLatin1(key), QString::fromUtf8(de), QString::fromUtf8(en),
        QString::fromLatin1(type), QString::fromUtf8(group), required, std::move(choices) };
}

// A service's own outcome names (DOMAIN.md "Statuses"): status key, German, English.
struct Outcome
{
    const char* key;
    const char* de;
    const char* en;
};

// Aufbewahrungsfristen in full years after the year a request was closed in, as a city's records
// schedule (Aktenplan with Aufbewahrungsfristen) would set them: short for services whose result
// expires (a parking permit, a pickup), ten years where tax or benefit law asks for the records
// (§ 147 AO for the dog tax, housing benefit), longer where the permit stays in force (a felled tree,
// a business). Checked when a request is offered to the archive (docs/ADMIN.md, "Aussonderung").
int retentionYears(const QString& serviceId)
{
    static const QHash<QString, int> years { { QStringLiteral("bewohnerparken"), 3 },
        { QStringLiteral("meldebescheinigung"), 2 }, { QStringLiteral("gewerbeanmeldung"), 30 },
        { QStringLiteral("sperrmuell"), 2 }, { QStringLiteral("hundesteuer"), 10 },
        { QStringLiteral("baumfaellung"), 30 }, { QStringLiteral("sondernutzung"), 6 },
        { QStringLiteral("wohngeld"), 10 } };
    return years.value(serviceId, 10);
}

Service make(const char* id, const char* de, const char* en, const char* office, const char* team, int days,
    QList<Outcome> outcomes, QList<FormField> form)
{
    Service s;
    s.id = QString::fromLatin1(id);
    s.nameDe = QString::fromUtf8(de);
    s.nameEn = QString::fromUtf8(en);
    s.office = QString::fromLatin1(office);
    s.teamId = QString::fromLatin1(team);
    s.deadlineDays = days;
    s.retentionYears = retentionYears(s.id);
    // No service of this catalogue has a Genehmigungsfiktion: § 42a LVwVfG applies only where a
    // specific law orders it, and none of these services' laws does (docs/DOMAIN.md).
    s.permitFiction = false;
    for (const Outcome& o : outcomes) {
        s.statusNamesDe.insert(QLatin1String(o.key), QString::fromUtf8(o.de));
        s.statusNamesEn.insert(QLatin1String(o.key), QString::fromUtf8(o.en));
    }
    s.form = std::move(form);
    // The common workflow (DOMAIN.md, "Statuses"); every service allows these transitions.
    s.states = { QStringLiteral("received"), QStringLiteral("in_progress"), QStringLiteral("waiting"),
        QStringLiteral("approved"), QStringLiteral("rejected"), QStringLiteral("forwarded"), QStringLiteral("closed") };
    s.transitions = { { QStringLiteral("received"), QStringLiteral("in_progress") },
        { QStringLiteral("received"), QStringLiteral("forwarded") },
        { QStringLiteral("in_progress"), QStringLiteral("waiting") },
        { QStringLiteral("waiting"), QStringLiteral("in_progress") },
        { QStringLiteral("in_progress"), QStringLiteral("approved") },
        { QStringLiteral("in_progress"), QStringLiteral("rejected") },
        { QStringLiteral("in_progress"), QStringLiteral("forwarded") },
        { QStringLiteral("approved"), QStringLiteral("closed") },
        { QStringLiteral("rejected"), QStringLiteral("closed") },
        { QStringLiteral("forwarded"), QStringLiteral("closed") } };
    s.version = 1;
    return s;
}

} // namespace

QList<Team> teams()
{
    return { { QStringLiteral("parkraum"), QStringLiteral("Parkraummanagement") },
        { QStringLiteral("buergerbuero-mitte"), QStringLiteral("Bürgerbüro Mitte") },
        { QStringLiteral("gewerbe"), QStringLiteral("Gewerbeangelegenheiten") },
        { QStringLiteral("abfall"), QStringLiteral("Abfallwirtschaft – Sperrmüll") },
        { QStringLiteral("hundesteuer"), QStringLiteral("Hundesteuer") },
        { QStringLiteral("baumschutz"), QStringLiteral("Baumschutz") },
        { QStringLiteral("sondernutzungen"), QStringLiteral("Sondernutzungen") },
        { QStringLiteral("wohngeld"), QStringLiteral("Wohngeldstelle") } };
}

QList<Service> services()
{
    const QStringList zones { QStringLiteral("S-Mitte 1"), QStringLiteral("S-West 3"), QStringLiteral("S-Ost 2"),
        QStringLiteral("S-Süd 4"), QStringLiteral("S-Nord 1"), QStringLiteral("Bad Cannstatt 2") };
    return {
        make("bewohnerparken", "Bewohnerparkausweis", "Residential parking permit", "32", "parkraum", 20,
            { { "approved", "Erteilt", "Issued" } },
            { field("zone", "Parkzone", "Parking zone", "choice", "Fahrzeug", true, zones),
                field("plate", "Kennzeichen", "Registration number", "text", "Fahrzeug"),
                field("holder", "Fahrzeughalter/in", "Vehicle holder", "text", "Fahrzeug"),
                field("company_car", "Firmenwagen", "Company car", "bool", "Fahrzeug", false),
                field("valid_from", "Gültig ab", "Valid from", "date", "Gültigkeit"),
                field("months", "Laufzeit in Monaten", "Validity in months", "number", "Gültigkeit") }),
        make("meldebescheinigung", "Meldebescheinigung", "Certificate of registration", "33", "buergerbuero-mitte", 5,
            { { "approved", "Ausgestellt", "Issued" } },
            { field("birth_date", "Geburtsdatum", "Date of birth", "date", "Person"),
                field("purpose", "Verwendungszweck", "Purpose", "text", "Bescheinigung"),
                field("kind", "Art", "Kind", "choice", "Bescheinigung", true,
                    { QStringLiteral("einfach"), QStringLiteral("erweitert") }),
                field("delivery", "Zustellung", "Delivery", "choice", "Bescheinigung", true,
                    { QStringLiteral("Post"), QStringLiteral("Abholung") }) }),
        // § 15 Abs. 1 GewO: the authority acknowledges a notified trade; it grants nothing.
        make("gewerbeanmeldung", "Gewerbeanmeldung", "Business registration", "32", "gewerbe", 10,
            { { "approved", "Bestätigt", "Acknowledged" }, { "rejected", "Zurückgewiesen", "Returned" } },
            { field("trade_name", "Geschäftsbezeichnung", "Trade name", "text", "Betrieb"),
                field("legal_form", "Rechtsform", "Legal form", "choice", "Betrieb", true,
                    { QStringLiteral("Einzelunternehmen"), QStringLiteral("GbR"), QStringLiteral("GmbH"),
                        QStringLiteral("UG (haftungsbeschränkt)") }),
                field("activity", "Angemeldete Tätigkeit", "Activity", "longtext", "Betrieb"),
                field("start_date", "Beginn der Tätigkeit", "Start date", "date", "Betrieb"),
                field("business_address", "Betriebsstätte", "Business address", "text", "Betrieb"),
                field("owner_birth_date", "Geburtsdatum Inhaber/in", "Owner's date of birth", "date", "Inhaber/in") }),
        make("sperrmuell", "Sperrmüllabholung", "Bulky-waste pickup", "70", "abfall", 15,
            { { "approved", "Termin vergeben", "Scheduled" } },
            { field("items", "Gegenstände", "Items", "list", "Abholung"),
                field("volume_m3", "Geschätztes Volumen (m³)", "Estimated volume (m³)", "number", "Abholung"),
                field("preferred_date", "Wunschtermin", "Preferred date", "date", "Abholung"),
                field("access", "Zugangshinweise", "Access notes", "longtext", "Abholung", false) }),
        make("hundesteuer", "Hundesteuer-Anmeldung", "Dog tax registration", "20", "hundesteuer", 20,
            { { "approved", "Veranlagt", "Assessed" } },
            { field("dog_name", "Name des Hundes", "Dog's name", "text", "Hund"),
                field("breed", "Rasse", "Breed", "text", "Hund"),
                field("dog_birth_date", "Geburtsdatum des Hundes", "Dog's date of birth", "date", "Hund"),
                field("keeping_since", "Haltung seit", "Kept since", "date", "Hund"),
                // Baden-Württemberg says Kampfhund (Polizeiverordnung über das Halten gefährlicher Hunde).
                field("listed_dog", "Kampfhund", "Fighting dog (BW list)", "bool", "Hund") }),
        make("baumfaellung", "Baumfällgenehmigung", "Tree felling permit", "67", "baumschutz", 60,
            { { "approved", "Genehmigt", "Granted" } },
            { field("parcel", "Flurstück", "Land parcel", "text", "Grundstück"),
                field("species", "Baumart", "Species", "text", "Baum"),
                field("circumference_cm", "Stammumfang in 1 m Höhe (cm)", "Trunk circumference at 1 m (cm)", "number",
                    "Baum"),
                field("reason", "Begründung", "Reason", "longtext", "Baum") }),
        make("sondernutzung", "Sondernutzungserlaubnis", "Special use of public space", "32", "sondernutzungen", 20,
            { { "approved", "Erteilt", "Granted" } },
            { field("location", "Ort", "Location", "text", "Nutzung"),
                field("purpose", "Zweck", "Purpose", "choice", "Nutzung", true,
                    { QStringLiteral("Außengastronomie"), QStringLiteral("Gerüst"), QStringLiteral("Container"),
                        QStringLiteral("Umzug (Haltverbotszone)") }),
                field("from", "Von", "From", "date", "Zeitraum"), field("until", "Bis", "Until", "date", "Zeitraum"),
                field("area_m2", "Fläche (m²)", "Area (m²)", "number", "Nutzung") }),
        make("wohngeld", "Wohngeld", "Housing benefit", "50", "wohngeld", 60,
            { { "approved", "Bewilligt", "Granted" } },
            { field("household", "Haushaltsmitglieder", "Household members", "number", "Haushalt"),
                field("income", "Monatliches Gesamteinkommen (€)", "Monthly income (€)", "amount", "Einkommen"),
                field("rent", "Monatliche Miete (€)", "Monthly rent (€)", "amount", "Wohnung"),
                field("flat_m2", "Wohnfläche (m²)", "Flat size (m²)", "number", "Wohnung") }),
    };
}

} // namespace clerk::server::catalogue
