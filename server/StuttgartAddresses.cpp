#include "StuttgartAddresses.h"

namespace clerk::server {

const QList<StuttgartStreet>& stuttgartStreets()
{
    static const QList<StuttgartStreet> streets = [] {
        const char* const rows[][3] = {
            { "Königstraße", "70173", "Mitte" },
            { "Calwer Straße", "70173", "Mitte" },
            { "Eberhardstraße", "70173", "Mitte" },
            { "Hauptstätter Straße", "70173", "Mitte" },
            { "Marienstraße", "70178", "Mitte" },
            { "Tübinger Straße", "70178", "Mitte" },
            { "Olgastraße", "70182", "Mitte" },
            { "Charlottenstraße", "70182", "Mitte" },
            { "Urbanstraße", "70182", "Mitte" },
            { "Kernerstraße", "70182", "Mitte" },
            { "Hohenheimer Straße", "70184", "Mitte" },
            { "Heilbronner Straße", "70191", "Nord" },
            { "Nordbahnhofstraße", "70191", "Nord" },
            { "Wolframstraße", "70191", "Nord" },
            { "Birkenwaldstraße", "70191", "Nord" },
            { "Neckarstraße", "70190", "Ost" },
            { "Stöckachstraße", "70190", "Ost" },
            { "Landhausstraße", "70190", "Ost" },
            { "Gablenberger Hauptstraße", "70186", "Ost" },
            { "Wagenburgstraße", "70184", "Ost" },
            { "Filderstraße", "70180", "Süd" },
            { "Böblinger Straße", "70199", "Süd" },
            { "Möhringer Straße", "70199", "Süd" },
            { "Schickhardtstraße", "70199", "Süd" },
            { "Rotebühlstraße", "70197", "West" },
            { "Schwabstraße", "70197", "West" },
            { "Vogelsangstraße", "70197", "West" },
            { "Johannesstraße", "70176", "West" },
            { "Bebelstraße", "70193", "West" },
            { "Marktstraße", "70372", "Bad Cannstatt" },
            { "König-Karl-Straße", "70372", "Bad Cannstatt" },
            { "Waiblinger Straße", "70372", "Bad Cannstatt" },
            { "Daimlerstraße", "70372", "Bad Cannstatt" },
            { "Pragstraße", "70376", "Bad Cannstatt" },
            { "Stuttgarter Straße", "70469", "Feuerbach" },
            { "Wiener Straße", "70469", "Feuerbach" },
            { "Robert-Koch-Straße", "70563", "Vaihingen" },
            { "Hauptstraße", "70563", "Vaihingen" },
            { "Epplestraße", "70597", "Degerloch" },
            { "Löwenstraße", "70597", "Degerloch" },
            { "Unterländer Straße", "70435", "Zuffenhausen" },
            { "Ludwigsburger Straße", "70435", "Zuffenhausen" },
        };
        QList<StuttgartStreet> out;
        for (const auto& row : rows)
            out << StuttgartStreet { QString::fromUtf8(row[0]), QString::fromLatin1(row[1]),
                QString::fromUtf8(row[2]) };
        return out;
    }();
    return streets;
}

QString parkingZoneOf(const QString& district)
{
    static const QHash<QString, QString> zones { { QStringLiteral("Mitte"), QStringLiteral("S-Mitte 1") },
        { QStringLiteral("Nord"), QStringLiteral("S-Nord 1") }, { QStringLiteral("Ost"), QStringLiteral("S-Ost 2") },
        { QStringLiteral("Süd"), QStringLiteral("S-Süd 4") }, { QStringLiteral("West"), QStringLiteral("S-West 3") },
        { QStringLiteral("Bad Cannstatt"), QStringLiteral("Bad Cannstatt 2") } };
    return zones.value(district);
}

} // namespace clerk::server
