#include "Json.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QRegularExpression>

namespace clerk::json {

// The messages of this file, under one context that lupdate and the running program agree on
// (a free tr() here once translated under a context the .ts file did not have: German screens
// showed these in English).
struct Messages
{
    Q_DECLARE_TR_FUNCTIONS(clerk::json::Messages)
};

namespace {

Error invalid(const QString& what, const QString& field)
{
    return Error { Error::Invalid, Messages::tr("The data from the server is malformed (%1).").arg(what), field };
}

// Reads a required string field; ids must be short and free of path and control characters.
bool readId(const QJsonObject& o, const char* key, QString& out)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (!v.isString())
        return false;
    out = v.toString();
    return isValidId(out);
}

QString str(const QJsonObject& o, const char* key, int maxLen = 100000)
{
    return o.value(QLatin1String(key)).toString().left(maxLen);
}

qint64 int64(const QJsonObject& o, const char* key)
{
    return o.value(QLatin1String(key)).toInteger();
}

QString isoTime(const QDateTime& t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QDateTime time(const QJsonObject& o, const char* key)
{
    return QDateTime::fromString(o.value(QLatin1String(key)).toString(), Qt::ISODateWithMs);
}

} // namespace

QJsonObject encode(const Service& s)
{
    QJsonArray form;
    for (const FormField& f : s.form) {
        QJsonObject fo { { QStringLiteral("key"), f.key }, { QStringLiteral("label_de"), f.labelDe },
            { QStringLiteral("label_en"), f.labelEn }, { QStringLiteral("type"), f.type },
            { QStringLiteral("group"), f.group }, { QStringLiteral("required"), f.required } };
        if (!f.choices.isEmpty())
            fo.insert(QStringLiteral("choices"), QJsonArray::fromStringList(f.choices));
        form.append(fo);
    }
    QJsonArray transitions;
    for (const auto& t : s.transitions)
        transitions.append(QJsonObject { { QStringLiteral("from"), t.from }, { QStringLiteral("to"), t.to } });
    QJsonObject o { { QStringLiteral("id"), s.id }, { QStringLiteral("name_de"), s.nameDe },
        { QStringLiteral("name_en"), s.nameEn }, { QStringLiteral("office"), s.office },
        { QStringLiteral("team_id"), s.teamId }, { QStringLiteral("deadline_days"), s.deadlineDays },
        { QStringLiteral("retention_years"), s.retentionYears }, { QStringLiteral("permit_fiction"), s.permitFiction },
        { QStringLiteral("form"), form }, { QStringLiteral("states"), QJsonArray::fromStringList(s.states) },
        { QStringLiteral("transitions"), transitions }, { QStringLiteral("version"), s.version } };
    if (s.permitFiction) {
        o.insert(QStringLiteral("fiction_months"), s.fictionMonths);
        o.insert(QStringLiteral("fiction_basis"), s.fictionBasis);
    }
    QJsonObject names;
    for (auto it = s.statusNamesDe.cbegin(); it != s.statusNamesDe.cend(); ++it)
        names.insert(it.key(),
            QJsonObject {
                { QStringLiteral("de"), it.value() }, { QStringLiteral("en"), s.statusNamesEn.value(it.key()) } });
    if (!names.isEmpty())
        o.insert(QStringLiteral("status_names"), names);
    return o;
}

Result<Service> decodeService(const QJsonObject& o)
{
    Service s;
    if (!readId(o, "id", s.id))
        return invalid(QStringLiteral("service id"), QStringLiteral("id"));
    s.nameDe = str(o, "name_de", 200);
    s.nameEn = str(o, "name_en", 200);
    if (s.nameDe.isEmpty())
        return invalid(QStringLiteral("service name"), QStringLiteral("name_de"));
    s.office = str(o, "office", 20);
    s.teamId = str(o, "team_id", 80);
    s.deadlineDays = int(qBound(qint64(0), int64(o, "deadline_days"), qint64(3650)));
    s.retentionYears = int(qBound(qint64(0), int64(o, "retention_years"), qint64(100)));
    s.permitFiction = o.value(QLatin1String("permit_fiction")).toBool();
    if (s.permitFiction) { // (a catalogue older than fiction_months meant the default three)
        s.fictionMonths = int(qBound(qint64(1), int64(o, "fiction_months"), qint64(24)));
        if (!o.contains(QLatin1String("fiction_months")))
            s.fictionMonths = 3;
        s.fictionBasis = str(o, "fiction_basis", 200);
    }
    const QJsonObject names = o.value(QLatin1String("status_names")).toObject();
    for (auto it = names.begin(); it != names.end() && s.statusNamesDe.size() < 50; ++it) {
        const QJsonObject n = it.value().toObject();
        const QString de = str(n, "de", 100);
        if (it.key().size() > 80 || de.isEmpty())
            continue;
        s.statusNamesDe.insert(it.key(), de);
        s.statusNamesEn.insert(it.key(), str(n, "en", 100));
    }
    s.version = int64(o, "version");
    const QJsonValue formValue = o.value(QLatin1String("form"));
    if (!formValue.isArray() && !formValue.isUndefined())
        return invalid(QStringLiteral("form schema"), QStringLiteral("form"));
    for (const QJsonValue& v : formValue.toArray()) {
        if (!v.isObject())
            return invalid(QStringLiteral("form field"), QStringLiteral("form"));
        const QJsonObject fo = v.toObject();
        FormField f;
        if (!readId(fo, "key", f.key))
            return invalid(QStringLiteral("form field key"), QStringLiteral("form.key"));
        f.labelDe = str(fo, "label_de", 200);
        f.labelEn = str(fo, "label_en", 200);
        f.type = str(fo, "type", 20);
        static const QStringList types { QStringLiteral("text"), QStringLiteral("date"), QStringLiteral("number"),
            QStringLiteral("amount"), QStringLiteral("bool"), QStringLiteral("choice"), QStringLiteral("longtext"),
            QStringLiteral("list") };
        if (!types.contains(f.type))
            return invalid(QStringLiteral("form field type"), QStringLiteral("form.type"));
        f.group = str(fo, "group", 100);
        f.required = fo.value(QLatin1String("required")).toBool();
        for (const QJsonValue& c : fo.value(QLatin1String("choices")).toArray())
            f.choices << c.toString().left(200);
        s.form << f;
        if (s.form.size() > 500)
            return invalid(QStringLiteral("too many form fields"), QStringLiteral("form"));
    }
    for (const QJsonValue& v : o.value(QLatin1String("states")).toArray())
        s.states << v.toString().left(80);
    for (const QJsonValue& v : o.value(QLatin1String("transitions")).toArray()) {
        const QJsonObject t = v.toObject();
        WorkflowTransition wt { str(t, "from", 80), str(t, "to", 80) };
        if (!s.states.contains(wt.from) || !s.states.contains(wt.to))
            return invalid(QStringLiteral("workflow transition to an unknown state"), QStringLiteral("transitions"));
        s.transitions << wt;
    }
    return s;
}

QJsonObject encode(const Request& r)
{
    const Applicant& a = r.applicant;
    return { { QStringLiteral("id"), r.id }, { QStringLiteral("reference"), r.reference },
        { QStringLiteral("file_number"), r.fileNumber }, { QStringLiteral("service_id"), r.serviceId },
        { QStringLiteral("team_id"), r.teamId }, { QStringLiteral("channel"), r.channel },
        { QStringLiteral("submitted_at"), isoTime(r.submittedAt) },
        { QStringLiteral("due_date"), r.dueDate.toString(Qt::ISODate) }, { QStringLiteral("status"), r.status },
        { QStringLiteral("assignee"), r.assignee },
        { QStringLiteral("applicant"),
            QJsonObject { { QStringLiteral("name"), a.name }, { QStringLiteral("street"), a.street },
                { QStringLiteral("postcode"), a.postcode }, { QStringLiteral("city"), a.city },
                { QStringLiteral("email"), a.email }, { QStringLiteral("phone"), a.phone } } },
        { QStringLiteral("form"), r.form }, { QStringLiteral("attachments"), r.attachmentCount },
        { QStringLiteral("version"), r.version } };
}

Result<Request> decodeRequest(const QJsonObject& o)
{
    Request r;
    if (!readId(o, "id", r.id))
        return invalid(QStringLiteral("request id"), QStringLiteral("id"));
    if (!readId(o, "service_id", r.serviceId))
        return invalid(QStringLiteral("service id"), QStringLiteral("service_id"));
    r.reference = str(o, "reference", 40);
    r.fileNumber = str(o, "file_number", 60);
    r.teamId = str(o, "team_id", 80);
    r.channel = str(o, "channel", 40);
    r.submittedAt = time(o, "submitted_at");
    if (!r.submittedAt.isValid())
        return invalid(QStringLiteral("submission time"), QStringLiteral("submitted_at"));
    r.dueDate = QDate::fromString(str(o, "due_date", 20), Qt::ISODate);
    r.status = str(o, "status", 80);
    if (r.status.isEmpty())
        return invalid(QStringLiteral("status"), QStringLiteral("status"));
    r.assignee = str(o, "assignee", 80);
    const QJsonObject a = o.value(QLatin1String("applicant")).toObject();
    r.applicant = { str(a, "name", 300), str(a, "street", 300), str(a, "postcode", 20), str(a, "city", 200),
        str(a, "email", 300), str(a, "phone", 60) };
    const QJsonValue form = o.value(QLatin1String("form"));
    if (!form.isObject() && !form.isUndefined())
        return invalid(QStringLiteral("form values"), QStringLiteral("form"));
    r.form = form.toObject();
    r.attachmentCount = int(qBound(qint64(0), int64(o, "attachments"), qint64(100000)));
    r.version = int64(o, "version");
    return r;
}

QJsonObject encode(const Document& d)
{
    return { { QStringLiteral("id"), d.id }, { QStringLiteral("request_id"), d.requestId },
        { QStringLiteral("title"), d.title }, { QStringLiteral("kind"), d.kind },
        { QStringLiteral("mime"), d.mimeType }, { QStringLiteral("size"), d.size },
        { QStringLiteral("sha256"), QString::fromLatin1(d.sha256) }, { QStringLiteral("version"), d.version } };
}

Result<Document> decodeDocument(const QJsonObject& o)
{
    Document d;
    if (!readId(o, "id", d.id) || !readId(o, "request_id", d.requestId))
        return invalid(QStringLiteral("document id"), QStringLiteral("id"));
    d.title = str(o, "title", 300);
    d.kind = str(o, "kind", 40);
    d.mimeType = str(o, "mime", 100);
    d.size = int64(o, "size");
    d.sha256 = str(o, "sha256", 64).toLatin1();
    static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{64}$"));
    if (d.size < 0 || !hex.match(QString::fromLatin1(d.sha256)).hasMatch())
        return invalid(QStringLiteral("document checksum or size"), QStringLiteral("sha256"));
    d.version = int64(o, "version");
    return d;
}

QJsonObject encode(const Annotation& a)
{
    return { { QStringLiteral("id"), a.id }, { QStringLiteral("document_id"), a.documentId },
        { QStringLiteral("page"), a.page }, { QStringLiteral("type"), QString(annotationKey(a.type)) },
        { QStringLiteral("geometry"), a.geometry }, { QStringLiteral("color"), a.color },
        { QStringLiteral("text"), a.text }, { QStringLiteral("author"), a.author },
        { QStringLiteral("created_at"), isoTime(a.createdAt) },
        { QStringLiteral("modified_at"), isoTime(a.modifiedAt) }, { QStringLiteral("version"), a.version },
        { QStringLiteral("deleted"), a.deleted } };
}

Result<Annotation> decodeAnnotation(const QJsonObject& o)
{
    Annotation a;
    if (!readId(o, "id", a.id) || !readId(o, "document_id", a.documentId))
        return invalid(QStringLiteral("annotation id"), QStringLiteral("id"));
    a.page = int(int64(o, "page"));
    if (a.page < 0 || a.page > 100000)
        return invalid(QStringLiteral("annotation page"), QStringLiteral("page"));
    const auto type = annotationTypeFromKey(str(o, "type", 20));
    if (!type)
        return invalid(QStringLiteral("annotation type"), QStringLiteral("type"));
    a.type = *type;
    a.geometry = o.value(QLatin1String("geometry")).toObject();
    a.color = str(o, "color", 20);
    a.text = str(o, "text", 20000);
    a.author = str(o, "author", 200);
    a.createdAt = time(o, "created_at");
    a.modifiedAt = time(o, "modified_at");
    a.version = int64(o, "version");
    a.deleted = o.value(QLatin1String("deleted")).toBool();
    return a;
}

QJsonObject encode(const Note& n)
{
    return { { QStringLiteral("id"), n.id }, { QStringLiteral("request_id"), n.requestId },
        { QStringLiteral("author"), n.author }, { QStringLiteral("text"), n.text },
        { QStringLiteral("created_at"), isoTime(n.createdAt) }, { QStringLiteral("version"), n.version } };
}

Result<Note> decodeNote(const QJsonObject& o)
{
    Note n;
    if (!readId(o, "id", n.id) || !readId(o, "request_id", n.requestId))
        return invalid(QStringLiteral("note id"), QStringLiteral("id"));
    n.author = str(o, "author", 200);
    n.text = str(o, "text", kMaxNoteLength);
    n.createdAt = time(o, "created_at");
    n.version = int64(o, "version");
    return n;
}

QJsonObject encode(const TimelineEvent& e)
{
    QJsonObject o { { QStringLiteral("id"), e.serverId }, { QStringLiteral("request_id"), e.requestId },
        { QStringLiteral("at"), isoTime(e.at) }, { QStringLiteral("actor"), e.actor },
        { QStringLiteral("code"), e.kind }, { QStringLiteral("params"), e.params } };
    if (!e.mutationId.isEmpty())
        o.insert(QStringLiteral("mutation_id"), e.mutationId);
    return o;
}

Result<TimelineEvent> decodeTimelineEntry(const QJsonObject& o)
{
    TimelineEvent e;
    if (!readId(o, "id", e.serverId) || !readId(o, "request_id", e.requestId))
        return invalid(QStringLiteral("timeline entry id"), QStringLiteral("id"));
    e.at = QDateTime::fromString(o.value(QLatin1String("at")).toString(), Qt::ISODateWithMs);
    if (!e.at.isValid())
        return invalid(QStringLiteral("timeline entry time"), QStringLiteral("at"));
    e.actor = str(o, "actor", 200);
    e.kind = str(o, "code", 40);
    static const QRegularExpression code(QStringLiteral("^[a-z_]{1,40}$"));
    if (!code.match(e.kind).hasMatch())
        return invalid(QStringLiteral("timeline entry code"), QStringLiteral("code"));
    const QJsonValue params = o.value(QLatin1String("params"));
    if (!params.isObject() && !params.isUndefined() && !params.isNull())
        return invalid(QStringLiteral("timeline entry parameters"), QStringLiteral("params"));
    // Only short texts: the parameters are words for one line of the history.
    const QJsonObject in = params.toObject();
    if (in.size() > 20)
        return invalid(QStringLiteral("timeline entry parameters"), QStringLiteral("params"));
    for (auto it = in.begin(); it != in.end(); ++it)
        if (it.key().size() <= 40)
            e.params.insert(it.key(), it.value().toString().left(5000));
    const QJsonValue mutation = o.value(QLatin1String("mutation_id"));
    if (!mutation.isUndefined() && !mutation.isNull() && !readId(o, "mutation_id", e.mutationId))
        return invalid(QStringLiteral("timeline entry mutation id"), QStringLiteral("mutation_id"));
    return e;
}

bool isValidId(const QString& id)
{
    static const QRegularExpression ok(QStringLiteral("^[A-Za-z0-9_.:-]{1,80}$"));
    return ok.match(id).hasMatch() && !id.contains(QLatin1String(".."));
}

QString stateName(Mutation::State s)
{
    switch (s) {
    case Mutation::State::Pending:
        return QStringLiteral("pending");
    case Mutation::State::Sent:
        return QStringLiteral("sent");
    case Mutation::State::Applied:
        return QStringLiteral("applied");
    case Mutation::State::Conflict:
        return QStringLiteral("conflict");
    case Mutation::State::Rejected:
        return QStringLiteral("rejected");
    }
    return QStringLiteral("pending");
}

Mutation::State stateFromName(const QString& name)
{
    for (auto s : { Mutation::State::Pending, Mutation::State::Sent, Mutation::State::Applied,
             Mutation::State::Conflict, Mutation::State::Rejected })
        if (stateName(s) == name)
            return s;
    return Mutation::State::Pending;
}

QJsonObject encode(const Mutation& m)
{
    return { { QStringLiteral("mutation_id"), m.mutationId }, { QStringLiteral("kind"), m.kind },
        { QStringLiteral("op"), m.op }, { QStringLiteral("target_id"), m.targetId },
        { QStringLiteral("base_version"), m.baseVersion }, { QStringLiteral("data"), m.data } };
}

Result<Mutation> decodeMutation(const QJsonObject& o)
{
    Mutation m;
    if (!readId(o, "mutation_id", m.mutationId) || !readId(o, "target_id", m.targetId))
        return invalid(QStringLiteral("mutation id"), QStringLiteral("mutation_id"));
    m.kind = str(o, "kind", 40);
    m.op = str(o, "op", 40);
    if (m.kind.isEmpty() || m.op.isEmpty())
        return invalid(QStringLiteral("mutation kind"), QStringLiteral("kind"));
    m.baseVersion = int64(o, "base_version");
    const QJsonValue data = o.value(QLatin1String("data"));
    if (!data.isObject() && !data.isUndefined() && !data.isNull())
        return invalid(QStringLiteral("mutation data"), QStringLiteral("data"));
    m.data = data.toObject();
    return m;
}

} // namespace clerk::json
