// Synthetic requests for the benchmarks: plausible Stuttgart-like data, deterministic for a seed.
// Request i carries a rare word (i == 4711), ~1 % a medium one, every one a common phrase.
#pragma once

#include "core/domain/Domain.h"

#include <QRandomGenerator>
#include <QTimeZone>

namespace clerk::bench {

inline const QStringList kFirst { "Anna", "Jürgen", "Ayşe", "Mehmet", "Giulia", "Nikos", "Ivana", "Piotr", "Sabine",
    "Thomas", "Fatma", "Klaus", "Monika", "Stefan", "Elif", "Marco", "Lena", "Jonas", "Hannelore", "Emre" };
inline const QStringList kLast { "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Wagner", "Becker", "Hoffmann",
    "Schäfer", "Koch", "Yılmaz", "Kaya", "Demir", "Rossi", "Russo", "Papadopoulos", "Kovačević", "Nowak", "Weiß",
    "Bauer" };
inline const QStringList kStreets { "Königstraße", "Marienstraße", "Tübinger Straße", "Hauptstätter Straße",
    "Olgastraße", "Neckarstraße", "Rotebühlstraße", "Schwabstraße", "Hohenheimer Straße", "Böblinger Straße",
    "Pragstraße", "Marktstraße" };
inline const QStringList kStatus { "received", "in_progress", "waiting", "approved", "rejected", "closed",
    "forwarded" };
inline const QStringList kServices { "bewohnerparken", "meldebescheinigung", "gewerbeanmeldung", "sperrmuell",
    "hundesteuer", "baumfaellung", "sondernutzung", "wohngeld" };
// A word that appears in exactly one request, one in ~1 %, and one in every request.
inline const QString kRare = QStringLiteral("Quastenflosser");
inline const QString kMedium = QStringLiteral("Kastanie");

inline Request synthetic(int i, QRandomGenerator& g)
{
    Request r;
    r.id = QStringLiteral("r%1").arg(i, 8, 10, QLatin1Char('0'));
    r.reference = QStringLiteral("STU-2026-%1").arg(i, 7, 10, QLatin1Char('0'));
    r.fileNumber = QStringLiteral("32.30-%1/2026").arg(i % 10000, 4, 10, QLatin1Char('0'));
    r.serviceId = kServices.at(int(g.bounded(kServices.size())));
    r.teamId = QStringLiteral("team-%1").arg(g.bounded(12));
    r.channel = g.bounded(10) < 8 ? QStringLiteral("portal") : QStringLiteral("fitconnect");
    r.submittedAt = QDateTime(QDate(2024, 1, 1), QTime(8, 0), QTimeZone::UTC).addSecs(qint64(i) * 60);
    r.dueDate = QDate(2024, 2, 1).addDays(g.bounded(1000));
    r.status = kStatus.at(int(g.bounded(kStatus.size())));
    r.assignee = g.bounded(3) == 0 ? QString() : QStringLiteral("clerk%1").arg(g.bounded(200));
    const QString name
        = kFirst.at(int(g.bounded(kFirst.size()))) + QLatin1Char(' ') + kLast.at(int(g.bounded(kLast.size())));
    r.applicant = { name, kStreets.at(int(g.bounded(kStreets.size()))) + QStringLiteral(" %1").arg(g.bounded(200)),
        QStringLiteral("70%1").arg(173 + g.bounded(456)), QStringLiteral("Stuttgart"),
        QStringLiteral("person%1@example.org").arg(i), QStringLiteral("0711 %1").arg(1000000 + g.bounded(8999999)) };
    QString reason = QStringLiteral("Antrag über das Serviceportal, Angaben vollständig");
    if (i == 4711)
        reason += QLatin1Char(' ') + kRare;
    if (g.bounded(100) == 0)
        reason += QStringLiteral(" Baumart ") + kMedium;
    r.form = { { QStringLiteral("zone"), QStringLiteral("S-West %1").arg(g.bounded(9)) },
        { QStringLiteral("plate"), QStringLiteral("S-%1 %2").arg(QChar(u'A' + g.bounded(26))).arg(g.bounded(9999)) },
        { QStringLiteral("reason"), reason }, { QStringLiteral("valid_from"), QStringLiteral("2026-01-01") } };
    r.attachmentCount = int(g.bounded(4));
    r.version = 1;
    return r;
}

} // namespace clerk::bench
