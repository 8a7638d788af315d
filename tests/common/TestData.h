// Synthetic requests for tests: plausible Stuttgart applicants, never real people.
#pragma once

#include "core/domain/Domain.h"

#include <QJsonArray>
#include <QTimeZone>

namespace clerk::testdata {

inline Service parkingService()
{
    Service s;
    s.id = QStringLiteral("bewohnerparken");
    s.nameDe = QStringLiteral("Bewohnerparkausweis");
    s.nameEn = QStringLiteral("Residential parking permit");
    s.office = QStringLiteral("32");
    s.teamId = QStringLiteral("parkraum");
    s.deadlineDays = 20;
    s.states = { QStringLiteral("received"), QStringLiteral("in_progress"), QStringLiteral("waiting"),
        QStringLiteral("approved"), QStringLiteral("rejected"), QStringLiteral("closed") };
    s.transitions = { { QStringLiteral("received"), QStringLiteral("in_progress") },
        { QStringLiteral("in_progress"), QStringLiteral("waiting") },
        { QStringLiteral("waiting"), QStringLiteral("in_progress") },
        { QStringLiteral("in_progress"), QStringLiteral("approved") },
        { QStringLiteral("in_progress"), QStringLiteral("rejected") },
        { QStringLiteral("approved"), QStringLiteral("closed") },
        { QStringLiteral("rejected"), QStringLiteral("closed") } };
    s.form = { { QStringLiteral("zone"), QStringLiteral("Parkzone"), QStringLiteral("Parking zone"),
                   QStringLiteral("choice"), QStringLiteral("Fahrzeug"), true, { QStringLiteral("S-West 3") } },
        { QStringLiteral("plate"), QStringLiteral("Kennzeichen"), QStringLiteral("Registration number"),
            QStringLiteral("text"), QStringLiteral("Fahrzeug"), true, {} } };
    s.version = 1;
    return s;
}

inline Request request(int n, const QString& name, const QString& street = QStringLiteral("Königstraße 12"))
{
    Request r;
    r.id = QStringLiteral("req-%1").arg(n, 6, 10, QLatin1Char('0'));
    r.reference = QStringLiteral("STU-2026-%1").arg(n, 6, 10, QLatin1Char('0'));
    r.fileNumber = QStringLiteral("32.30-%1/2026").arg(n, 4, 10, QLatin1Char('0'));
    r.serviceId = QStringLiteral("bewohnerparken");
    r.teamId = QStringLiteral("parkraum");
    r.channel = QStringLiteral("portal");
    r.submittedAt = QDateTime(QDate(2026, 11, 2), QTime(8, 0), QTimeZone::UTC).addSecs(n * 60);
    r.dueDate = QDate(2026, 11, 30).addDays(n % 20);
    r.status = QStringLiteral("received");
    r.applicant = { name, street, QStringLiteral("70173"), QStringLiteral("Stuttgart"),
        QStringLiteral("antrag%1@example.org").arg(n), QStringLiteral("0711 555%1").arg(n) };
    r.form = { { QStringLiteral("zone"), QStringLiteral("S-West 3") },
        { QStringLiteral("plate"), QStringLiteral("S-CD %1").arg(n) } };
    r.version = 1;
    return r;
}

} // namespace clerk::testdata
