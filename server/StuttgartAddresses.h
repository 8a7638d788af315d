// A small table of real Stuttgart streets with their postcode and city district, for demo
// applicants whose addresses a Stuttgart clerk recognises (postcode, street and district agree).
// Streets that span several postcodes appear with one of them; house numbers stay low.
#pragma once

#include <QHash>
#include <QList>
#include <QString>

namespace clerk::server {

struct StuttgartStreet
{
    QString street;
    QString postcode;
    QString district; // Stadtbezirk
};

const QList<StuttgartStreet>& stuttgartStreets();
// The Bewohnerparken zone of the catalogue for a district, empty where the demo city has none.
QString parkingZoneOf(const QString& district);

} // namespace clerk::server
