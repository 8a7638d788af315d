// The clerk's world as data: services, requests, documents, annotations, notes, timeline events
// and the mutations a clerk's changes become. Shared by the client and the reference server.
// Every entity the server owns carries a server version.
#pragma once

#include "AnnotationType.h"

#include <QDate>
#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace clerk {

struct FormField
{
    QString key;
    QString labelDe;
    QString labelEn;
    QString type = QStringLiteral("text"); // text, date, number, amount, bool, choice, longtext
    QString group;
    bool required = false;
    QStringList choices;
};

struct WorkflowTransition
{
    QString from;
    QString to;
};

struct Service
{
    QString id; // e.g. "bewohnerparken"
    QString nameDe;
    QString nameEn;
    QString office; // KGSt office number, e.g. "32"
    QString teamId;
    int deadlineDays = 0; // the office's processing target in working days (0: none)
    // Aufbewahrungsfrist: how many full years a closed request is kept after the year it was
    // closed in, before it is offered to the archive (Aussonderung, core/domain/Archiving.h).
    // 0: not set (nothing of the service is offered).
    int retentionYears = 0;
    // Genehmigungsfiktion (§ 42a LVwVfG BW): only where a specific law orders it (fictionBasis
    // names it); the permit counts as granted fictionMonths calendar months after the application
    // was complete (docs/DOMAIN.md). Most services have none.
    bool permitFiction = false;
    int fictionMonths = 0;
    QString fictionBasis; // e.g. "§ 6a Abs. 1 GewO"
    // The service's own words for an outcome where the common ones do not fit ("approved" is
    // "Bestätigt" for a Gewerbeanmeldung, "Ausgestellt" for a Meldebescheinigung): status key →
    // name. The keys stay the workflow's; models/StatusNames picks the name in the clerk's language.
    QHash<QString, QString> statusNamesDe, statusNamesEn;
    QList<FormField> form;
    QStringList states;
    QList<WorkflowTransition> transitions;
    qint64 version = 0;

    bool allows(const QString& from, const QString& to) const;
    QStringList nextStates(const QString& from) const;
};

struct Applicant
{
    QString name;
    QString street;
    QString postcode;
    QString city;
    QString email;
    QString phone;
};

struct Request
{
    QString id; // server UUID
    QString reference; // STU-2026-004711
    QString fileNumber; // Aktenzeichen, e.g. 32.30-0471/2026
    QString serviceId;
    QString teamId;
    QString channel; // portal, email, fitconnect, counter
    QDateTime submittedAt;
    QDate dueDate;
    QString status;
    QString assignee; // clerk login, empty when unassigned
    Applicant applicant;
    QJsonObject form;
    int attachmentCount = 0;
    qint64 version = 0;
};

struct Document
{
    QString id;
    QString requestId;
    QString title;
    QString kind; // application, attachment, letter, plan, photo
    QString mimeType;
    qint64 size = 0;
    QByteArray sha256; // hex
    qint64 version = 0;
};

struct Annotation
{
    QString id; // client-made UUID
    QString documentId;
    int page = 0;
    AnnotationType type = AnnotationType::Highlight; // stored and sent as its key (AnnotationType.h)
    QJsonObject geometry; // in PDF page points
    QString color;
    QString text;
    QString author;
    QDateTime createdAt;
    QDateTime modifiedAt;
    qint64 version = 0;
    bool deleted = false;
};

// The longest note (Vermerk) in characters: the server refuses a longer one, the store does not
// record it, and the request pane says so while it is typed. (About ten pages of text; what is
// longer belongs in a document.)
inline constexpr int kMaxNoteLength = 20000;

struct Note
{
    QString id;
    QString requestId;
    QString author;
    QString text;
    QDateTime createdAt;
    qint64 version = 0;
};

struct TimelineEvent
{
    QString requestId;
    QDateTime at;
    QString actor;
    // A code worded by the client from `params`: received {channel}, claimed, assigned {to},
    // status_changed {from, to}, documents_requested {message}, note_added {note_id}; or a local
    // event with its words in `text`: evicted, purged, imported (and entries written before the
    // codes: status, note, ...).
    QString kind;
    QString text; // the words of a local event; for a coded one a plain detail (e-file export)
    QJsonObject params = {};
    QString serverId = {}; // the server's entry id once the entry came through the changes feed
    QString mutationId = {}; // the clerk's change it records (merges a local entry with the server's)
};

struct Mutation
{
    enum class State { Pending, Sent, Applied, Conflict, Rejected };
    QString mutationId; // UUID, idempotency key
    QString kind; // request, annotation, note
    QString op; // claim, assign, status, flag, create, update, delete
    QString targetId;
    qint64 baseVersion = 0;
    QJsonObject data;
    QDateTime createdAt;
    State state = State::Pending;
    int attempts = 0;
    QString lastError;
    QJsonObject serverState; // the server's entity on conflict
};

} // namespace clerk
