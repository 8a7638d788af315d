// What tst_aussonderung and tst_aussonderung_delivery share: a fresh reference server per test
// (SQLCipher, or PostgreSQL with CLERKDESK_TEST_STORE=postgresql), real SQLCipher profiles of the
// parkraum team's clerks, the clocks moved past the retention, and the archive's answers (0502,
// 0506) written here as an archive would.
#pragma once

#include "../common/TestCity.h"
#include "../common/Waiting.h"
#include "core/store/Store.h"
#include "core/xdomea/XdomeaAussonderung.h"

#include <QMap>
#include <QTemporaryDir>
#include <memory>

namespace clerk::aussonderungtest {

extern const QString kNs;

// The texts of every `child` element inside a `parent` element.
QStringList elementTexts(const QByteArray& xml, const QString& parent, const QString& child);
// How many elements are named `name`.
int count(const QByteArray& xml, const QString& name);
// The archive's 0502: each object with its Aussonderungsart.
QByteArray bewertung(
    const QString& processId, const QList<QPair<QString, QString>>& decisions, const QString& ns = kNs);
// The archive's 0506: each object taken over (with its Archivkennung) or not.
QByteArray bestaetigung(const QString& processId, const QList<QPair<QString, bool>>& outcomes);

class Fixture
{
protected:
    // Once per test program: the accounts' hashing and xmllint. Empty, or what is missing.
    static QString prepare();
    // A fresh city (seed 7, 160 requests, 26.11.2026) and client clock; empty, or why it failed.
    QString start();
    void stop() { m_server.reset(); }

    std::unique_ptr<Store> newClient(const QString& name);
    std::unique_ptr<WaitingSession> signedIn(Store& store, const QString& login);
    // Closes `n` open requests of the parkraum team on the server (its clock: 2026); their ids.
    QStringList closeRequests(Store& synced, int n);
    // The clocks past the retention (Bewohnerparkausweis: three years after the closing year).
    void yearsLater();
    QString lint(const QByteArray& xml, const QString& name);
    QString write(const QByteArray& bytes, const QString& name);
    QByteArray unzipOne(const QString& zipPath, const QString& name, QMap<QString, QByteArray>* others = nullptr);
    QString teamMate(const QString& login);
    QString offerThree(Store& a, WaitingSession& sa, QStringList* ids);
    // A new profile, signed in, with `n` requests closed on the server and synced (empty on failure).
    struct Closed
    {
        std::unique_ptr<Store> store;
        std::unique_ptr<WaitingSession> sync;
        QString id; // the first
        QStringList ids;
    };
    Closed closedProfile(const QString& name, int n = 1);
    // A new profile, signed in, that offered three closed requests (pid empty on failure).
    struct Offered
    {
        std::unique_ptr<Store> store;
        std::unique_ptr<WaitingSession> sync;
        QStringList ids;
        QString pid;
    };
    Offered offeredProfile(const QString& name);
    int outboxRows(Store& s) { return s.connection().scalar("SELECT count(*) FROM outbox")->toInt(); }
    // The Verlauf entries on a held file for the archive (released or withdrawn) that say `text`.
    static int archiveDeliveryEntries(Store& s, const QString& requestId, const QString& text)
    {
        int n = 0;
        for (const TimelineEvent& e : s.timeline().of(requestId).value())
            n += e.kind == QLatin1String("archive_delivery") && e.text.contains(text);
        return n;
    }

    QTemporaryDir m_dir;
    std::unique_ptr<testcity::City> m_server; // a fresh city (and database) per test
    ManualClock m_clientClock;
    QString m_clerk;
    int m_clients = 0;
    xdomea::Authority m_us { QStringLiteral("Landeshauptstadt Stuttgart"), QStringLiteral("LHS"),
        QStringLiteral("ags:"), QStringLiteral("08111000"), QStringLiteral("Amt für öffentliche Ordnung") };
    xdomea::Authority m_archive { QStringLiteral("Stadtarchiv Stuttgart"), QStringLiteral("StAS"), {}, {}, {} };
};

} // namespace clerk::aussonderungtest
