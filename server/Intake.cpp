#include "Intake.h"

#include "core/domain/Deadlines.h"
#include "core/pdf/SimplePdf.h"

#include <QJsonArray>
#include <QLocale>

namespace clerk::server::intake {

namespace {
Error invalid(const QString& detail)
{
    return Error { Error::Invalid, QStringLiteral("invalid form"), detail };
}

// The intake PDF is the citizen's German record of what they sent: words, not the channel keys.
QString channelWords(const QString& channel)
{
    if (channel == QLatin1String("portal"))
        return QStringLiteral("das Online-Portal");
    if (channel == QLatin1String("fitconnect"))
        return QStringLiteral("FIT-Connect");
    if (channel == QLatin1String("email"))
        return QStringLiteral("E-Mail");
    if (channel == QLatin1String("counter"))
        return QStringLiteral("den Bürgerservice-Schalter");
    return QStringLiteral("einen elektronischen Weg");
}

QString display(const QJsonValue& v)
{
    if (v.isString()) {
        // Dates in a German document read dd.MM.yyyy; the form sends them as ISO dates.
        const QDate date = QDate::fromString(v.toString(), Qt::ISODate);
        if (date.isValid() && v.toString().size() == 10)
            return date.toString(QStringLiteral("dd.MM.yyyy"));
    }
    if (v.isBool())
        return v.toBool() ? QStringLiteral("ja") : QStringLiteral("nein");
    if (v.isDouble())
        return QLocale(QLocale::German).toString(v.toDouble(), 'g', 12);
    if (v.isArray()) {
        QStringList items;
        for (const QJsonValue& i : v.toArray())
            items << display(i);
        return items.join(QStringLiteral("; "));
    }
    return v.toString();
}
} // namespace

Result<Request> buildRequest(const Service& service, const QJsonObject& payload, const QDateTime& now)
{
    Request r;
    r.serviceId = service.id;
    r.channel = payload.value(QLatin1String("channel")).toString(QStringLiteral("portal")).left(40);
    static const QStringList channels { QStringLiteral("portal"), QStringLiteral("fitconnect"), QStringLiteral("email"),
        QStringLiteral("counter") };
    if (!channels.contains(r.channel))
        return invalid(QStringLiteral("unknown channel '%1'").arg(r.channel));
    const QJsonObject a = payload.value(QLatin1String("applicant")).toObject();
    r.applicant = { a.value(QLatin1String("name")).toString().left(300),
        a.value(QLatin1String("street")).toString().left(300), a.value(QLatin1String("postcode")).toString().left(20),
        a.value(QLatin1String("city")).toString().left(200), a.value(QLatin1String("email")).toString().left(300),
        a.value(QLatin1String("phone")).toString().left(60) };
    if (r.applicant.name.trimmed().isEmpty())
        return invalid(QStringLiteral("applicant.name is required"));
    const QJsonObject form = payload.value(QLatin1String("form")).toObject();
    QStringList known;
    for (const FormField& f : service.form) {
        known << f.key;
        const QJsonValue v = form.value(f.key);
        const bool empty = v.isUndefined() || v.isNull() || (v.isString() && v.toString().trimmed().isEmpty());
        if (empty) {
            if (f.required)
                return invalid(QStringLiteral("field '%1' is required").arg(f.key));
            continue;
        }
        if (f.type == QLatin1String("date") && !QDate::fromString(v.toString(), Qt::ISODate).isValid())
            return invalid(QStringLiteral("field '%1' must be a date (YYYY-MM-DD)").arg(f.key));
        if ((f.type == QLatin1String("number") || f.type == QLatin1String("amount")) && !v.isDouble())
            return invalid(QStringLiteral("field '%1' must be a number").arg(f.key));
        if (f.type == QLatin1String("bool") && !v.isBool())
            return invalid(QStringLiteral("field '%1' must be true or false").arg(f.key));
        if (f.type == QLatin1String("choice") && !f.choices.contains(v.toString()))
            return invalid(
                QStringLiteral("field '%1' must be one of: %2").arg(f.key, f.choices.join(QStringLiteral(", "))));
        if (f.type == QLatin1String("list") && !v.isArray())
            return invalid(QStringLiteral("field '%1' must be a list").arg(f.key));
        if (v.isString() && v.toString().size() > 10000)
            return invalid(QStringLiteral("field '%1' is too long").arg(f.key));
    }
    for (auto it = form.begin(); it != form.end(); ++it)
        if (!known.contains(it.key()))
            return invalid(QStringLiteral("unknown field '%1'").arg(it.key().left(80)));
    r.form = form;
    r.submittedAt = now;
    r.status = service.states.value(0, QStringLiteral("received"));
    // The form passed every required field: the application counts as complete when received
    // (a later request for missing documents means it was not; the clerk's decision then).
    r.dueDate = deadlines::dueDate(service, now.date(), now.date());
    return r;
}

namespace {
const char* const kBinaryTypes[] = { "application/pdf", "image/jpeg", "image/png", "image/tiff" };
const char* const kCharsets[] = { "utf-8", "us-ascii", "iso-8859-1", "iso-8859-15", "windows-1252" };

bool looksLike(const QByteArray& type, const QByteArray& data)
{
    if (type == "application/pdf")
        return data.startsWith("%PDF-");
    if (type == "image/jpeg")
        return data.startsWith("\xFF\xD8\xFF");
    if (type == "image/png")
        return data.startsWith("\x89PNG\r\n\x1A\n");
    if (type == "image/tiff")
        return data.startsWith(QByteArrayLiteral("II*\0")) || data.startsWith(QByteArrayLiteral("MM\0*"));
    const QByteArray head = data.left(4096);
    if (head.contains('\0'))
        return false; // text and XML here are 8-bit or UTF-8 text
    if (type == "application/xml") {
        QByteArray start = head.startsWith("\xEF\xBB\xBF") ? head.mid(3) : head;
        return start.trimmed().startsWith('<');
    }
    return type.startsWith("text/plain");
}
} // namespace

Result<QByteArray> checkedDocumentType(const QByteArray& declared, const QByteArray& data)
{
    const QList<QByteArray> pieces = declared.split(';');
    QByteArray type = pieces.value(0).trimmed().toLower();
    if (type == "text/xml")
        type = "application/xml";
    bool known = type == "text/plain" || type == "application/xml";
    for (const char* t : kBinaryTypes)
        known = known || type == t;
    if (!known)
        return Error { Error::Unsupported, QStringLiteral("unsupported document type"),
            QStringLiteral("'%1' is not accepted; send PDF, JPEG, PNG, TIFF, plain text or XML")
                .arg(QString::fromLatin1(type.left(100))) };
    if (type == "text/plain") {
        for (qsizetype i = 1; i < pieces.size(); ++i) {
            const QByteArray param = pieces.at(i).trimmed().toLower();
            if (!param.startsWith("charset="))
                continue;
            const QByteArray charset = param.mid(8).replace('"', QByteArray());
            for (const char* c : kCharsets)
                if (charset == c)
                    type += "; charset=" + charset;
            break;
        }
    }
    if (!looksLike(type, data))
        return Error { Error::Invalid, QStringLiteral("document type mismatch"),
            QStringLiteral("the content is not %1 as its part declares").arg(QString::fromLatin1(type)) };
    return type;
}

bool isServedDocumentType(const QByteArray& type)
{
    if (type == "text/plain" || type == "application/xml")
        return true;
    for (const char* t : kBinaryTypes)
        if (type == t)
            return true;
    for (const char* c : kCharsets)
        if (type == QByteArray("text/plain; charset=") + c)
            return true;
    return false;
}

QByteArray applicationSummaryPdf(const Service& service, const Request& r)
{
    SimplePdf pdf;
    pdf.setTitle(QStringLiteral("%1 – %2").arg(service.nameDe, r.reference));
    pdf.newPage();
    pdf.text(56, 60, QStringLiteral("Landeshauptstadt Stuttgart (Demo)"), 9);
    pdf.text(56, 90, service.nameDe, 18, true);
    pdf.text(56, 112,
        QStringLiteral("Antrag %1, eingegangen am %2 über %3")
            .arg(r.reference.isEmpty() ? QStringLiteral("(neu)") : r.reference,
                QLocale(QLocale::German).toString(r.submittedAt.toLocalTime(), QStringLiteral("dd.MM.yyyy HH:mm")),
                channelWords(r.channel)),
        10);
    pdf.line(56, 124, 539, 124);
    double y = 150;
    pdf.text(56, y, QStringLiteral("Antragsteller/in"), 12, true);
    y += 20;
    const QList<QPair<QString, QString>> applicant { { QStringLiteral("Name"), r.applicant.name },
        { QStringLiteral("Anschrift"),
            QStringLiteral("%1, %2 %3").arg(r.applicant.street, r.applicant.postcode, r.applicant.city) },
        { QStringLiteral("E-Mail"), r.applicant.email }, { QStringLiteral("Telefon"), r.applicant.phone } };
    for (const auto& [label, value] : applicant) {
        pdf.text(56, y, label, 10, true);
        y = pdf.paragraph(170, y, 360, value, 10) + 2;
    }
    y += 12;
    QString group;
    for (const FormField& f : service.form) {
        if (!r.form.contains(f.key))
            continue;
        if (f.group != group) {
            group = f.group;
            pdf.text(56, y, group.isEmpty() ? QStringLiteral("Angaben") : group, 12, true);
            y += 20;
        }
        pdf.text(56, y, f.labelDe, 10, true);
        y = pdf.paragraph(220, y, 310, display(r.form.value(f.key)), 10) + 2;
        if (y > 780) {
            pdf.newPage();
            y = 60;
        }
    }
    pdf.text(
        56, 800, QStringLiteral("Elektronisch übermittelt – ohne Unterschrift gültig. Synthetische Demodaten."), 8);
    return pdf.toPdf();
}

} // namespace clerk::server::intake
