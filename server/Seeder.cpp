#include "Seeder.h"

#include "Accounts.h"
#include "Catalogue.h"
#include "Intake.h"
#include "ServerLogging.h"
#include "StuttgartAddresses.h"
#include "core/domain/Deadlines.h"
#include "core/domain/WorkingDays.h"
#include "core/pdf/SimplePdf.h"

#include <QBuffer>
#include <QImage>
#include <QJsonArray>
#include <QPainter>
#include <QRandomGenerator>
#include <QTimeZone>
#include <QUuid>

namespace clerk::server {

namespace {

const QStringList kFirst { QStringLiteral("Anna"), QStringLiteral("Jürgen"), QStringLiteral("Ayşe"),
    QStringLiteral("Mehmet"), QStringLiteral("Giulia"), QStringLiteral("Nikos"), QStringLiteral("Ivana"),
    QStringLiteral("Piotr"), QStringLiteral("Sabine"), QStringLiteral("Thomas"), QStringLiteral("Fatma"),
    QStringLiteral("Klaus"), QStringLiteral("Monika"), QStringLiteral("Stefan"), QStringLiteral("Elif"),
    QStringLiteral("Marco"), QStringLiteral("Lena"), QStringLiteral("Jonas"), QStringLiteral("Hannelore"),
    QStringLiteral("Emre"), QStringLiteral("Sophie"), QStringLiteral("Luca") };
const QStringList kLast { QStringLiteral("Müller"), QStringLiteral("Schmidt"), QStringLiteral("Schneider"),
    QStringLiteral("Fischer"), QStringLiteral("Weber"), QStringLiteral("Wagner"), QStringLiteral("Becker"),
    QStringLiteral("Hoffmann"), QStringLiteral("Schäfer"), QStringLiteral("Koch"), QStringLiteral("Yılmaz"),
    QStringLiteral("Kaya"), QStringLiteral("Demir"), QStringLiteral("Rossi"), QStringLiteral("Russo"),
    QStringLiteral("Papadopoulos"), QStringLiteral("Kovačević"), QStringLiteral("Nowak") };
const QStringList kClerkFirst { QStringLiteral("Birgit"), QStringLiteral("Andreas"), QStringLiteral("Selin"),
    QStringLiteral("Michael"), QStringLiteral("Katharina"), QStringLiteral("Dimitrios"), QStringLiteral("Julia"),
    QStringLiteral("Frank") };
const QStringList kClerkLast { QStringLiteral("Hartmann"), QStringLiteral("Lang"), QStringLiteral("Öztürk"),
    QStringLiteral("Krämer"), QStringLiteral("Vogel"), QStringLiteral("Georgiou"), QStringLiteral("Braun"),
    QStringLiteral("Zimmermann") };

QString pick(QRandomGenerator& g, const QStringList& list)
{
    return list.at(int(g.bounded(int(list.size()))));
}

QString ascii(QString s)
{
    s = s.toLower();
    s.replace(QStringLiteral("ä"), QStringLiteral("ae")).replace(QStringLiteral("ö"), QStringLiteral("oe"));
    s.replace(QStringLiteral("ü"), QStringLiteral("ue")).replace(QStringLiteral("ß"), QStringLiteral("ss"));
    QString out;
    for (QChar c : s.normalized(QString::NormalizationForm_D))
        if (c.unicode() < 0x80 && (c.isLetterOrNumber() || c == QLatin1Char('.')))
            out += c;
    return out;
}

// Trades and their registered activity, so that a "Radsport" shop does not register as painters.
const QList<QPair<QString, QString>> kTrades {
    { QStringLiteral("Radsport"), QStringLiteral("Einzelhandel mit Fahrrädern und Zubehör, Reparatur von Fahrrädern") },
    { QStringLiteral("Feinkost"), QStringLiteral("Einzelhandel mit Lebensmitteln, Feinkost und Wein") },
    { QStringLiteral("IT-Service"),
        QStringLiteral("Einrichtung und Wartung von Computern und Netzwerken für Privat- und Geschäftskunden") },
    { QStringLiteral("Malerbetrieb"), QStringLiteral("Maler- und Lackiererarbeiten, Tapezierarbeiten") },
    { QStringLiteral("Friseursalon"), QStringLiteral("Friseurdienstleistungen für Damen und Herren") },
    { QStringLiteral("Café"), QStringLiteral("Betrieb eines Cafés mit Ausschank alkoholfreier Getränke") },
};
const QStringList kBreeds { QStringLiteral("Mischling"), QStringLiteral("Labrador Retriever"), QStringLiteral("Dackel"),
    QStringLiteral("Golden Retriever"), QStringLiteral("Französische Bulldogge"), QStringLiteral("Beagle"),
    QStringLiteral("Border Collie"), QStringLiteral("Deutscher Schäferhund"), QStringLiteral("Jack Russell Terrier"),
    QStringLiteral("Australian Shepherd") };
// Baden-Württemberg's Kampfhunde of the first list (Polizeiverordnung über das Halten gefährlicher Hunde).
const QStringList kKampfhundBreeds { QStringLiteral("American Staffordshire Terrier"), QStringLiteral("Bullterrier"),
    QStringLiteral("Pit Bull Terrier") };
const QStringList kPurposes { QStringLiteral("Vorlage beim Arbeitgeber"), QStringLiteral("Vorlage bei der Bank"),
    QStringLiteral("Kindergeldantrag bei der Familienkasse"), QStringLiteral("Vorlage beim Standesamt"),
    QStringLiteral("Rentenantrag") };
const QStringList kAccess { QStringLiteral("Die Gegenstände stehen ab 6 Uhr am Gehweg vor dem Haus."),
    QStringLiteral("Zufahrt über den Hof, Tor ist offen."), QStringLiteral("Bitte klingeln, Hinterhaus 2. OG.") };

QString address(QRandomGenerator& g, const StuttgartStreet& s)
{
    return QStringLiteral("%1 %2").arg(s.street).arg(1 + g.bounded(80));
}

// Form values that fit their fields (DOMAIN.md; checked by tst_seeder_plausibility).
QJsonObject formFor(const Service& s, QRandomGenerator& g, const QDate& submitted, const StuttgartStreet& home)
{
    QJsonObject f;
    const int household = 1 + int(g.bounded(5));
    const int flat = 25 + household * 12 + int(g.bounded(30)); // m²
    const QDate dogBorn = submitted.addDays(-70 - int(g.bounded(15 * 365 - 70)));
    const QDate from = submitted.addDays(7 + g.bounded(60));
    const bool kampfhund = g.bounded(25) == 0;
    const auto& trade = kTrades.at(int(g.bounded(int(kTrades.size()))));
    for (const FormField& field : s.form) {
        if (!field.required && g.bounded(2) == 0)
            continue;
        const QString& k = field.key;
        QJsonValue v;
        if (k == QLatin1String("zone"))
            v = parkingZoneOf(home.district);
        else if (k == QLatin1String("dog_birth_date"))
            v = dogBorn.toString(Qt::ISODate);
        else if (k == QLatin1String("keeping_since")) // after the puppy's eighth week, not in the future
            v = qMax(dogBorn.addDays(56), submitted.addDays(-int(g.bounded(60)))).toString(Qt::ISODate);
        else if (k == QLatin1String("breed"))
            v = kampfhund ? pick(g, kKampfhundBreeds) : pick(g, kBreeds);
        else if (k == QLatin1String("dog_name"))
            v = pick(g,
                { QStringLiteral("Bello"), QStringLiteral("Luna"), QStringLiteral("Emma"), QStringLiteral("Balu"),
                    QStringLiteral("Frieda"), QStringLiteral("Paul"), QStringLiteral("Kira"), QStringLiteral("Max") });
        else if (k == QLatin1String("listed_dog"))
            v = kampfhund;
        else if (k == QLatin1String("from"))
            v = from.toString(Qt::ISODate);
        else if (k == QLatin1String("until"))
            v = from.addDays(g.bounded(2) == 0 ? int(g.bounded(3)) : 7 + int(g.bounded(120))).toString(Qt::ISODate);
        else if (k == QLatin1String("household"))
            v = household;
        else if (k == QLatin1String("flat_m2"))
            v = flat;
        else if (k == QLatin1String("rent")) // Stuttgart: about 9 to 15 € per m², cold
            v = double(flat * (9 + int(g.bounded(7))));
        else if (k == QLatin1String("income"))
            v = double(900 + 100 * int(g.bounded(20)) + 300 * (household - 1));
        else if (k == QLatin1String("area_m2"))
            v = 4 + int(g.bounded(36));
        else if (k == QLatin1String("volume_m3"))
            v = 1 + int(g.bounded(6));
        else if (k == QLatin1String("circumference_cm"))
            v = 80 + int(g.bounded(220));
        else if (k == QLatin1String("months"))
            v = 12 * (1 + int(g.bounded(2)));
        else if (k == QLatin1String("purpose") && field.type == QLatin1String("text"))
            v = pick(g, kPurposes);
        else if (k == QLatin1String("activity"))
            v = trade.second;
        else if (k == QLatin1String("trade_name"))
            v = trade.first; // with the owner's name in front (syntheticRequest)
        else if (k == QLatin1String("access"))
            v = pick(g, kAccess);
        else if (k == QLatin1String("business_address") || k == QLatin1String("location")) {
            const StuttgartStreet& at = stuttgartStreets().at(int(g.bounded(int(stuttgartStreets().size()))));
            v = QStringLiteral("%1, %2 Stuttgart").arg(address(g, at), at.postcode);
        } else if (field.type == QLatin1String("choice"))
            v = field.choices.at(int(g.bounded(int(field.choices.size()))));
        else if (field.type == QLatin1String("date"))
            v = (k.contains(QLatin1String("birth"))
                    ? submitted.addYears(-18 - int(g.bounded(50))).addDays(-int(g.bounded(365)))
                    : submitted.addDays(7 + g.bounded(60)))
                    .toString(Qt::ISODate);
        else if (field.type == QLatin1String("bool"))
            v = g.bounded(4) == 0;
        else if (field.type == QLatin1String("list"))
            v = QJsonArray { QStringLiteral("Sofa"), QStringLiteral("Kleiderschrank"), QStringLiteral("Matratze") };
        else if (k == QLatin1String("plate"))
            v = QStringLiteral("S-%1%2 %3")
                    .arg(QChar(u'A' + g.bounded(26)))
                    .arg(QChar(u'A' + g.bounded(26)))
                    .arg(1 + g.bounded(9999));
        else if (k == QLatin1String("species"))
            v = QStringList { QStringLiteral("Linde"), QStringLiteral("Rosskastanie"), QStringLiteral("Bergahorn"),
                QStringLiteral("Stieleiche"), QStringLiteral("Platane") }
                    .at(int(g.bounded(5)));
        else if (k == QLatin1String("parcel"))
            v = QStringLiteral("Flst. %1/%2").arg(1000 + g.bounded(8000)).arg(1 + g.bounded(9));
        else if (k == QLatin1String("reason"))
            v = QStringLiteral("Der Baum ist laut Gutachten nicht mehr standsicher; Totholz im Kronenbereich.");
        else // a text field this seeder does not know: its label, never an address
            v = field.labelDe;
        f.insert(k, v);
    }
    return f;
}

QByteArray photoPng(QRandomGenerator& g)
{
    QImage img(480, 320, QImage::Format_RGB32);
    img.fill(QColor(200 + int(g.bounded(40)), 200, 190));
    QPainter p(&img);
    p.setPen(Qt::NoPen);
    for (int i = 0; i < 6; ++i) {
        p.setBrush(QColor(int(g.bounded(200)), int(g.bounded(200)), int(g.bounded(200))));
        p.drawRect(int(g.bounded(400)), int(g.bounded(240)), 40 + int(g.bounded(120)), 30 + int(g.bounded(90)));
    }
    p.end();
    QByteArray png;
    QBuffer b(&png);
    b.open(QIODevice::WriteOnly);
    img.save(&b, "PNG");
    return png;
}

QByteArray sitePlanPdf(const Request& r, QRandomGenerator& g)
{
    SimplePdf pdf;
    pdf.setTitle(QStringLiteral("Lageplan %1").arg(r.reference));
    pdf.newPage();
    pdf.text(56, 60, QStringLiteral("Lageplan – %1").arg(r.form.value(QLatin1String("parcel")).toString()), 16, true);
    pdf.rect(QRectF(80, 120, 420, 300), -1, 1.5);
    pdf.rect(QRectF(140, 180, 160, 110), 0.85);
    pdf.text(150, 240, QStringLiteral("Wohnhaus"), 10);
    const double tx = 340 + g.bounded(100), ty = 320 + g.bounded(60);
    pdf.rect(QRectF(tx, ty, 24, 24), 0.4);
    pdf.text(tx - 10, ty + 40, QStringLiteral("Baum (%1)").arg(r.form.value(QLatin1String("species")).toString()), 9);
    pdf.text(56, 460, QStringLiteral("Maßstab 1:500 – Nordpfeil oben"), 9);
    return pdf.toPdf();
}

QByteArray letterPdf(const Request& r, const QString& title, const QString& body)
{
    SimplePdf pdf;
    pdf.setTitle(title);
    pdf.newPage();
    pdf.text(56, 70, r.applicant.name, 11);
    pdf.text(56, 86, r.applicant.street, 11);
    pdf.text(56, 102, r.applicant.postcode + QLatin1Char(' ') + r.applicant.city, 11);
    pdf.text(56, 160, title, 14, true);
    pdf.paragraph(56, 190, 480, body, 11);
    return pdf.toPdf();
}

} // namespace

SyntheticRequest syntheticRequest(const Service& s, quint32 seed, const QDateTime& submittedAt, bool withDocuments)
{
    QRandomGenerator g(seed);
    SyntheticRequest out;
    Request& r = out.request;
    r.serviceId = s.id;
    r.channel = g.bounded(10) < 8 ? QStringLiteral("portal") : QStringLiteral("fitconnect");
    r.submittedAt = submittedAt;
    const QString first = pick(g, kFirst), last = pick(g, kLast);
    // A parking permit's applicant lives in a district with a parking zone.
    QList<StuttgartStreet> homes;
    for (const StuttgartStreet& st : stuttgartStreets())
        if (s.id != QLatin1String("bewohnerparken") || !parkingZoneOf(st.district).isEmpty())
            homes << st;
    const StuttgartStreet home = homes.at(int(g.bounded(int(homes.size()))));
    r.applicant = { first + QLatin1Char(' ') + last, address(g, home), home.postcode, QStringLiteral("Stuttgart"),
        QStringLiteral("%1.%2@example.org").arg(ascii(first), ascii(last)),
        QStringLiteral("0711 %1").arg(2000000 + g.bounded(7000000)) };
    r.form = formFor(s, g, submittedAt.date(), home);
    if (r.form.contains(QLatin1String("holder")))
        r.form.insert(QStringLiteral("holder"), r.applicant.name);
    if (r.form.contains(QLatin1String("trade_name")))
        r.form.insert(QStringLiteral("trade_name"),
            QStringLiteral("%1 %2").arg(last, r.form.value(QLatin1String("trade_name")).toString()));
    r.status = QStringLiteral("received");
    r.dueDate = deadlines::dueDate(s, submittedAt.date(), submittedAt.date());
    if (!withDocuments)
        return out;
    out.attachments << NewAttachment { QStringLiteral("Antrag – %1").arg(s.nameDe), QStringLiteral("application"),
        QStringLiteral("application/pdf"), intake::applicationSummaryPdf(s, r) };
    if (s.id == QLatin1String("baumfaellung")) {
        out.attachments << NewAttachment { QStringLiteral("Lageplan"), QStringLiteral("plan"),
            QStringLiteral("application/pdf"), sitePlanPdf(r, g) };
        out.attachments << NewAttachment { QStringLiteral("Foto des Baums"), QStringLiteral("photo"),
            QStringLiteral("image/png"), photoPng(g) };
    } else if (s.id == QLatin1String("bewohnerparken")) {
        out.attachments << NewAttachment { QStringLiteral("Zulassungsbescheinigung Teil I"),
            QStringLiteral("attachment"), QStringLiteral("application/pdf"),
            letterPdf(r, QStringLiteral("Zulassungsbescheinigung Teil I (Kopie)"),
                QStringLiteral("Kennzeichen %1, Halter/in %2. Synthetisches Musterdokument.")
                    .arg(r.form.value(QLatin1String("plate")).toString(), r.applicant.name)) };
    } else if (s.id == QLatin1String("sperrmuell")) {
        out.attachments << NewAttachment { QStringLiteral("Foto der Gegenstände"), QStringLiteral("photo"),
            QStringLiteral("image/png"), photoPng(g) };
    } else if (s.id == QLatin1String("sondernutzung")) { // (the dog tax asks for no insurance)
        out.attachments << NewAttachment { QStringLiteral("Versicherungsnachweis"), QStringLiteral("attachment"),
            QStringLiteral("application/pdf"),
            letterPdf(r, QStringLiteral("Bestätigung der Haftpflichtversicherung"),
                QStringLiteral("Hiermit bestätigen wir den Versicherungsschutz für %1. "
                               "Versicherungsschein-Nr. %2.")
                    .arg(r.applicant.name)
                    .arg(100000 + g.bounded(899999))) };
    } else if (s.id == QLatin1String("gewerbeanmeldung") && g.bounded(3) == 0) {
        out.attachments << NewAttachment { QStringLiteral("Vollmacht"), QStringLiteral("attachment"),
            QStringLiteral("application/pdf"),
            letterPdf(r, QStringLiteral("Vollmacht"),
                QStringLiteral("Ich bevollmächtige Herrn/Frau %1 %2, die Gewerbeanmeldung für mich einzureichen.")
                    .arg(pick(g, kFirst), pick(g, kLast))) };
    }
    return out;
}

QList<SeedClerk> seedClerks()
{
    QList<SeedClerk> out;
    QSet<QString> used;
    int n = 0;
    for (const Team& t : catalogue::teams()) {
        for (int i = 0; i < 3; ++i, ++n) {
            const QString first = kClerkFirst.at(n % kClerkFirst.size());
            const QString last = kClerkLast.at((n / kClerkFirst.size() + n) % kClerkLast.size());
            QString login = ascii(first.left(1) + QLatin1Char('.') + last);
            for (int k = 2; used.contains(login); ++k)
                login = ascii(first.left(1) + QLatin1Char('.') + last) + QString::number(k);
            used.insert(login);
            out << SeedClerk { login, first + QLatin1Char(' ') + last, t.id, i == 0 };
        }
    }
    return out;
}

Result<SeedReport> seedCity(CityStore& store, const SeedOptions& o, const Clock& clock)
{
    SeedReport report;
    const QDate today = o.today.isValid() ? o.today : clock.now().toLocalTime().date();
    QRandomGenerator g(o.seed);
    const QString hash = accounts::hashPassword(o.password); // one Argon2id hash serves every demo account
    for (const Team& t : catalogue::teams()) {
        if (Status s = store.addTeam(t); !s)
            return s.error();
        ++report.teams;
    }
    QHash<QString, QStringList> teamClerks;
    for (const SeedClerk& c : seedClerks()) {
        if (Status s = store.addClerk(Clerk { c.login, c.name, QStringLiteral("clerk"), { c.teamId }, false }, hash);
            !s)
            return s.error();
        teamClerks[c.teamId] << c.login;
        if (c.demo)
            report.demoLogins << c.login;
        ++report.clerks;
    }
    QStringList allTeams;
    for (const Team& t : catalogue::teams())
        allTeams << t.id;
    // An administrator may have made these accounts before seeding (clerkdesk-server user add): those stay.
    for (const Clerk& account :
        { Clerk { QStringLiteral("admin"), QStringLiteral("Administration"), QStringLiteral("admin"), allTeams, false },
            Clerk { QStringLiteral("portal"), QStringLiteral("Online-Portal"), QStringLiteral("intake"), {}, false } })
        if (Status s = store.addClerk(account, hash); !s)
            qCInfo(lcServer) << "seeding did not add" << account.login << "(made before?):" << s.error().detail;
    report.clerks += 2;

    const QList<Service> services = catalogue::services();
    for (const Service& s : services) {
        if (Status st = store.upsertService(s); !st)
            return st.error();
        ++report.services;
    }
    // Requests over the last 90 days; the older ones further along their workflow.
    // One transaction per thousand requests: seeding a large city takes seconds, not minutes.
    for (int start = 0; start < o.requests; start += 1000) {
        const Status chunk = store.batch([&]() -> Status {
            for (int i = start; i < qMin(o.requests, start + 1000); ++i) {
                const Service& s = services.at(int(g.bounded(int(services.size()))));
                const int ageDays = int(g.bounded(90));
                QDate day = today.addDays(-ageDays);
                while (!workingdays::isWorkingDay(day))
                    day = day.addDays(-1);
                const QDateTime submitted(day, QTime(7 + int(g.bounded(11)), int(g.bounded(60))), QTimeZone::UTC);
                const bool withDocuments
                    = o.documents && (o.documentsForTeams.isEmpty() || o.documentsForTeams.contains(s.teamId));
                SyntheticRequest sr = syntheticRequest(s, o.seed * 100003u + quint32(i), submitted, withDocuments);
                Request& r = sr.request;
                const int phase = qMin(5, int(g.bounded(6)) + ageDays / 30);
                static const QStringList byPhase { QStringLiteral("received"), QStringLiteral("received"),
                    QStringLiteral("in_progress"), QStringLiteral("waiting"), QStringLiteral("approved"),
                    QStringLiteral("closed") };
                r.status = byPhase.at(phase);
                if (phase == 5 && g.bounded(4) == 0)
                    r.status = QStringLiteral("rejected");
                if (r.status != QLatin1String("received") || g.bounded(3) == 0)
                    r.assignee = teamClerks.value(s.teamId).value(int(g.bounded(3)));
                static const QUuid ns = QUuid::fromString(QStringLiteral("0f5e6a52-3f0c-4b7e-a4a8-9a3cf5d2b1e0"));
                r.id = QUuid::createUuidV5(ns, QStringLiteral("%1/%2").arg(o.seed).arg(i))
                           .toString(QUuid::WithoutBraces);
                auto filed = store.fileRequest(r, sr.attachments, QStringLiteral("portal"));
                if (!filed)
                    return filed.error();
                ++report.requests;
                report.documents += int(sr.attachments.size());
                // Colleagues' marks on the application summary of some requests being worked on: an
                // "Eingegangen" stamp, sometimes a sticky note. A generator of their own keeps the
                // rest of the city the same as without them.
                QRandomGenerator marks(o.seed * 7919u + quint32(i));
                if (withDocuments && !sr.attachments.isEmpty() && r.status != QLatin1String("received")
                    && marks.bounded(3) == 0) {
                    const QString author = r.assignee.isEmpty() ? teamClerks.value(s.teamId).value(0) : r.assignee;
                    const QString documentId = attachmentId(filed->id, 0);
                    Annotation stamp;
                    stamp.id = QUuid::createUuidV5(QUuid::fromString(documentId), QStringLiteral("stamp"))
                                   .toString(QUuid::WithoutBraces);
                    stamp.documentId = documentId;
                    stamp.type = AnnotationType::Stamp;
                    stamp.text = QStringLiteral("Eingegangen");
                    stamp.color = QStringLiteral("#1f6fd1");
                    stamp.author = author;
                    stamp.createdAt = stamp.modifiedAt = submitted.addSecs(3600 * 20);
                    stamp.geometry = { { QStringLiteral("rect"), QJsonArray { 400, 770, 565, 820 } } };
                    if (Status st = store.addAnnotation(stamp, s.teamId); !st)
                        return st;
                    ++report.annotations;
                    if (marks.bounded(2) == 0) {
                        static const QStringList remarks { QStringLiteral("Angaben mit Melderegister abgeglichen."),
                            QStringLiteral("Nachweis liegt vor, siehe Anlage."), QStringLiteral("Frist notiert.") };
                        Annotation note = stamp;
                        note.id = QUuid::createUuidV5(QUuid::fromString(documentId), QStringLiteral("note"))
                                      .toString(QUuid::WithoutBraces);
                        note.type = AnnotationType::Note;
                        note.text = remarks.at(int(marks.bounded(int(remarks.size()))));
                        note.color = QStringLiteral("#f5b400");
                        note.geometry = { { QStringLiteral("rect"), QJsonArray { 540, 640, 560, 660 } } };
                        if (Status st = store.addAnnotation(note, s.teamId); !st)
                            return st;
                        ++report.annotations;
                    }
                }
                if (g.bounded(5) == 0) {
                    const QString author = teamClerks.value(s.teamId).value(int(g.bounded(3)));
                    static const QStringList notes { QStringLiteral("Rückfrage telefonisch geklärt."),
                        QStringLiteral("Unterlagen vollständig, Prüfung läuft."),
                        QStringLiteral("Bitte Wiedervorlage in zwei Wochen."),
                        QStringLiteral("Antragsteller/in hat Nachweis per E-Mail angekündigt.") };
                    const QString noteId = QUuid::createUuidV5(QUuid::fromString(filed->id), QStringLiteral("note"))
                                               .toString(QUuid::WithoutBraces);
                    if (Status st
                        = store.addNote(Note { noteId, filed->id, author, pick(g, notes), submitted.addDays(1), 1 });
                        !st)
                        return st;
                    ++report.notes;
                }
            }
            return {};
        });
        if (!chunk)
            return chunk.error();
    }
    return report;
}

} // namespace clerk::server
