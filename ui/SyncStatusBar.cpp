#include "SyncStatusBar.h"

#include "core/sync/SyncEngine.h"
#include "models/DateText.h"

#include <QDateTime>
#include <QLabel>
#include <QLocale>
#include <QStringList>

namespace clerk {

SyncStatusBar::SyncStatusBar(QWidget* parent)
    : QStatusBar(parent)
{
    setObjectName(QStringLiteral("statusBar"));
    m_demoBanner = new QLabel(tr("DEMO – training data only"), this);
    m_demoBanner->setObjectName(QStringLiteral("demoBanner"));
    m_demoBanner->setStyleSheet(QStringLiteral(
        "QLabel { background: #b00020; color: white; font-weight: bold; padding: 2px 10px; border-radius: 3px; }"));
    m_demoBanner->setVisible(false);
    addWidget(m_demoBanner);

    m_connection = new QLabel(this);
    m_connection->setObjectName(QStringLiteral("connectionIndicator"));
    m_connection->setAccessibleName(tr("Connection state"));
    addPermanentWidget(m_connection);
    m_pending = new QLabel(this);
    m_pending->setObjectName(QStringLiteral("pendingLabel"));
    m_pending->setTextInteractionFlags(Qt::LinksAccessibleByMouse | Qt::LinksAccessibleByKeyboard);
    m_pending->setToolTip(tr("Show the changes that have not reached the city backend yet (Ctrl+Shift+F5)"));
    connect(m_pending, &QLabel::linkActivated, this, &SyncStatusBar::problemsWanted);
    addPermanentWidget(m_pending);
    m_pending->hide(); // until there is something to say
    m_searchIndex = new QLabel(this);
    m_searchIndex->setObjectName(QStringLiteral("searchIndexLabel"));
    m_searchIndex->setToolTip(
        tr("After the first sync the search index is built in the background. The inbox "
           "works already; until the index is complete, search finds only part of the requests."));
    m_searchIndex->setVisible(false);
    addPermanentWidget(m_searchIndex);
    m_live = new QLabel(this);
    m_live->setObjectName(QStringLiteral("liveLabel"));
    m_live->setVisible(false); // until a sync engine says
    addPermanentWidget(m_live);
    m_lastSync = new QLabel(tr("Last sync: never"), this);
    m_lastSync->setObjectName(QStringLiteral("lastSyncLabel"));
    addPermanentWidget(m_lastSync);
}

void SyncStatusBar::setDemoBanner(bool visible)
{
    m_demoBanner->setVisible(visible);
}

void SyncStatusBar::setConnectionState(ConnectionState state, const QString& detail)
{
    QString text;
    QString colour;
    switch (state) {
    case ConnectionState::Offline:
        text = tr("Offline");
        colour = QStringLiteral("#757575");
        break;
    case ConnectionState::Connecting:
        text = tr("Connecting…");
        colour = QStringLiteral("#1565c0");
        break;
    case ConnectionState::Online:
        text = tr("Online");
        colour = QStringLiteral("#2e7d32");
        break;
    case ConnectionState::Syncing:
        text = tr("Syncing…");
        colour = QStringLiteral("#1565c0");
        break;
    case ConnectionState::Error:
        text = tr("Sync error");
        colour = QStringLiteral("#c62828");
        break;
    }
    m_connection->setText(QStringLiteral("<span style='color:%1'>●</span> %2").arg(colour, text.toHtmlEscaped()));
    m_connection->setToolTip(detail.isEmpty() ? text : detail);
    m_connection->setAccessibleDescription(detail.isEmpty() ? text : text + QStringLiteral(": ") + detail);
}

void SyncStatusBar::setLive(bool live)
{
    m_live->setText(live ? tr("Live") : tr("Polling"));
    const QString tip = live ? tr("Changes by your colleagues appear at once.")
                             : tr("The live connection to the city backend is interrupted. ClerkDesk asks for "
                                  "changes at regular intervals and connects again by itself.");
    m_live->setToolTip(tip);
    m_live->setAccessibleName(tr("Live updates"));
    m_live->setAccessibleDescription(tip);
    m_live->setVisible(true);
}

void SyncStatusBar::follow(SyncEngine* sync)
{
    if (!sync)
        return;
    connect(sync, &SyncEngine::liveChanged, this, &SyncStatusBar::setLive);
    connect(sync, &SyncEngine::stateChanged, this, [this](SyncEngine::State s, const QString& message) {
        switch (s) {
        case SyncEngine::State::SignedOut:
            setConnectionState(ConnectionState::Error, message.isEmpty() ? tr("Signed out") : message);
            break;
        case SyncEngine::State::Connecting:
            setConnectionState(ConnectionState::Connecting, message);
            break;
        case SyncEngine::State::Idle:
            setConnectionState(ConnectionState::Online, message);
            break;
        case SyncEngine::State::Syncing:
            setConnectionState(ConnectionState::Syncing, message);
            break;
        case SyncEngine::State::Offline:
            setConnectionState(ConnectionState::Offline, message);
            break;
        case SyncEngine::State::Error:
            setConnectionState(ConnectionState::Error, message);
            break;
        }
        if (!message.isEmpty())
            showMessage(message, 15000);
    });
    connect(sync, &SyncEngine::progress, this, [this](int pushed, int pulled) {
        setConnectionState(ConnectionState::Syncing,
            tr("%1 sent, %2 received").arg(QLocale().toString(pushed), QLocale().toString(pulled)));
    });
    connect(sync, &SyncEngine::prefetchProgress, this, [this](int done, int total) {
        if (done < total)
            showMessage(tr("Fetching documents of your requests ahead: %1 of %2").arg(done + 1).arg(total), 5000);
        else
            clearMessage();
    });
    connect(sync, &SyncEngine::archiveSettled, this,
        [this](int purged, int released, int withdrawn, const QStringList& held) {
            QStringList said;
            if (purged > 0)
                said << tr("%n request(s) the archive took over removed from this computer.", nullptr, purged);
            if (released > 0)
                said << tr("%n file(s) for the archive ready to be sent (the request's history names the file).",
                    nullptr, released);
            if (withdrawn > 0)
                said << tr("%n file(s) for the archive withdrawn: do not send them (see the sync problems).", nullptr,
                    withdrawn);
            said << held; // (each: why one stays held)
            showMessage(said.join(QLatin1Char(' ')), 30000);
        });
    connect(sync, &SyncEngine::synced, this, [this](const QDateTime& at, int, int, int conflicts) {
        m_lastSync->setText(tr("Last sync: %1").arg(datetext::time(at)));
        if (conflicts > 0)
            showMessage(
                tr("%n change(s) need your decision (see the banner on the request).", nullptr, conflicts), 15000);
    });
}

} // namespace clerk
