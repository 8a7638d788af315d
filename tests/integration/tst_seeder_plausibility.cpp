// The demo city a trainer shows: every seeded request's form values fit their fields (no street in
// "Rasse"), dogs are 0–15 years old, "bis" is after "von", living space and rent are plausible,
// trades match their activity, postcode and street agree with the Stuttgart table, and a parking
// permit's zone is the applicant's district's. The intake PDF of each service speaks German: the
// channel in words, dates as dd.MM.yyyy.
#include "core/domain/Json.h"
#include "core/pdf/PdfText.h"
#include "core/store/Sql.h"
#include "server/Accounts.h"
#include "server/Catalogue.h"
#include "server/Intake.h"
#include "server/Seeder.h"
#include "server/SqlCityStore.h"
#include "server/StuttgartAddresses.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace clerk;
using namespace clerk::server;

namespace {
// A plaintext city store seeded as the demo seeds it (no documents), as of 26.11.2026.
std::unique_ptr<SqlCityStore> seededCity(const QTemporaryDir& dir, quint32 seedValue, int requests)
{
    SqlCityStore::Options o;
    o.path = dir.filePath(QStringLiteral("city.db"));
    o.plaintext = true;
    auto city = SqlCityStore::open(o);
    if (!city.ok())
        return nullptr;
    SeedOptions seed;
    seed.seed = seedValue;
    seed.requests = requests;
    seed.documents = false;
    seed.today = QDate(2026, 11, 26);
    if (!seedCity(*city.value(), seed).ok())
        return nullptr;
    return std::move(city.value());
}
} // namespace

class TestSeederPlausibility : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QVERIFY(accounts::initialise()); }
    void seededRequestsArePlausible();
    void intakePdfSpeaksGerman();
};

void TestSeederPlausibility::seededRequestsArePlausible()
{
    QTemporaryDir dir;
    auto city = seededCity(dir, 7, 800);
    QVERIFY(city);

    QHash<QString, StuttgartStreet> streets;
    for (const StuttgartStreet& s : stuttgartStreets())
        streets.insert(s.street, s);
    QHash<QString, Service> services;
    for (const Service& s : catalogue::services())
        services.insert(s.id, s);
    const QRegularExpression houseNumber(QStringLiteral("^(.+) (\\d{1,3})$"));
    const QRegularExpression streetLike(
        QStringLiteral("(stra(ß|ss)e|weg|platz|gasse) \\d"), QRegularExpression::CaseInsensitiveOption);
    QHash<QString, int> perService;

    auto q = city->connection().query("SELECT body FROM requests");
    while (q.next()) {
        auto decoded = json::decodeRequest(QJsonDocument::fromJson(q.text(0).toUtf8()).object());
        QVERIFY(decoded.ok());
        const Request& r = decoded.value();
        const QString what = r.reference + QLatin1Char(' ') + r.serviceId;
        ++perService[r.serviceId];
        // The applicant's address: a real street with its postcode.
        const auto m = houseNumber.match(r.applicant.street);
        QVERIFY2(m.hasMatch(), qPrintable(what + QLatin1String(": ") + r.applicant.street));
        QVERIFY2(streets.contains(m.captured(1)), qPrintable(what + QLatin1String(": ") + r.applicant.street));
        const StuttgartStreet home = streets.value(m.captured(1));
        QCOMPARE(r.applicant.postcode, home.postcode);
        QCOMPARE(r.applicant.city, QStringLiteral("Stuttgart"));

        const QJsonObject& f = r.form;
        auto date
            = [&f](const char* key) { return QDate::fromString(f.value(QLatin1String(key)).toString(), Qt::ISODate); };
        auto number = [&f](const char* key) { return f.value(QLatin1String(key)).toDouble(); };
        const QDate submitted = r.submittedAt.date();
        // Every text field: never an address where none belongs.
        for (const FormField& field : services.value(r.serviceId).form) {
            const QString v = f.value(field.key).toString();
            if (field.type != QLatin1String("text") || v.isEmpty())
                continue;
            const bool addressField
                = field.key == QLatin1String("business_address") || field.key == QLatin1String("location");
            QVERIFY2(addressField == streetLike.match(v).hasMatch(),
                qPrintable(QStringLiteral("%1: %2 = %3").arg(what, field.key, v)));
        }
        if (r.serviceId == QLatin1String("hundesteuer")) {
            const QDate born = date("dog_birth_date");
            QVERIFY(born.isValid() && born < submitted);
            QVERIFY2(born >= submitted.addYears(-15), qPrintable(what + QLatin1String(": born ") + born.toString()));
            QVERIFY(date("keeping_since") >= born.addDays(56));
            QVERIFY(date("keeping_since") <= submitted);
            const QString breed = f.value(QLatin1String("breed")).toString();
            QVERIFY2(!breed.isEmpty() && !breed.contains(QRegularExpression(QStringLiteral("\\d"))), qPrintable(breed));
            const bool kampfhund = f.value(QLatin1String("listed_dog")).toBool();
            const QStringList kampfhunde { QStringLiteral("American Staffordshire Terrier"),
                QStringLiteral("Bullterrier"), QStringLiteral("Pit Bull Terrier") };
            QCOMPARE(kampfhund, kampfhunde.contains(breed));
        } else if (r.serviceId == QLatin1String("sondernutzung")) {
            QVERIFY2(date("until") >= date("from"), qPrintable(what));
            QVERIFY(date("from") > submitted);
            QVERIFY(number("area_m2") >= 1 && number("area_m2") <= 60);
        } else if (r.serviceId == QLatin1String("wohngeld")) {
            const double household = number("household"), m2 = number("flat_m2"), rent = number("rent");
            QVERIFY(household >= 1 && household <= 6);
            QVERIFY2(m2 >= 20 && m2 <= 45 + 25 * household, qPrintable(QStringLiteral("%1: %2 m²").arg(what).arg(m2)));
            QVERIFY2(rent >= 7 * m2 && rent <= 18 * m2, qPrintable(QStringLiteral("%1: %2 €").arg(what).arg(rent)));
            QVERIFY(number("income") >= 500 && number("income") <= 5000);
        } else if (r.serviceId == QLatin1String("gewerbeanmeldung")) {
            const QString trade = f.value(QLatin1String("trade_name")).toString();
            const QString activity = f.value(QLatin1String("activity")).toString();
            const QHash<QString, QString> fits { { QStringLiteral("Radsport"), QStringLiteral("Fahrräder") },
                { QStringLiteral("Feinkost"), QStringLiteral("Feinkost") },
                { QStringLiteral("IT-Service"), QStringLiteral("Computer") },
                { QStringLiteral("Malerbetrieb"), QStringLiteral("Maler") },
                { QStringLiteral("Friseursalon"), QStringLiteral("Friseur") },
                { QStringLiteral("Café"), QStringLiteral("Café") } };
            const QString kind = trade.section(QLatin1Char(' '), -1);
            QVERIFY2(fits.contains(kind), qPrintable(trade));
            QVERIFY2(activity.contains(fits.value(kind)), qPrintable(trade + QLatin1String(" / ") + activity));
            QVERIFY(date("owner_birth_date") <= submitted.addYears(-18));
        } else if (r.serviceId == QLatin1String("bewohnerparken")) {
            QCOMPARE(f.value(QLatin1String("zone")).toString(), parkingZoneOf(home.district));
            QCOMPARE(f.value(QLatin1String("holder")).toString(), r.applicant.name);
        } else if (r.serviceId == QLatin1String("meldebescheinigung")) {
            QVERIFY(date("birth_date") <= submitted);
        } else if (r.serviceId == QLatin1String("sperrmuell")) {
            QVERIFY(number("volume_m3") >= 1 && number("volume_m3") <= 10);
            QVERIFY(date("preferred_date") > submitted);
        }
    }
    QVERIFY(!q.error());
    QCOMPARE(perService.size(), services.size()); // every service seen
}

void TestSeederPlausibility::intakePdfSpeaksGerman()
{
    QTemporaryDir dir;
    auto city = seededCity(dir, 11, 200);
    QVERIFY(city);
    QHash<QString, Service> services;
    for (const Service& s : catalogue::services())
        services.insert(s.id, s);

    const QRegularExpression isoDate(QStringLiteral("\\b\\d{4}-\\d{2}-\\d{2}\\b"));
    QSet<QString> seen;
    int withDateField = 0;
    auto q = city->connection().query("SELECT body FROM requests");
    while (q.next()) {
        auto decoded = json::decodeRequest(QJsonDocument::fromJson(q.text(0).toUtf8()).object());
        QVERIFY(decoded.ok());
        Request r = decoded.value();
        if (seen.contains(r.serviceId))
            continue;
        seen.insert(r.serviceId);
        const Service& service = services[r.serviceId];
        const QList<QPair<QString, QString>> channels { { QStringLiteral("portal"),
                                                            QStringLiteral("das Online-Portal") },
            { QStringLiteral("fitconnect"), QStringLiteral("FIT-Connect") },
            { QStringLiteral("email"), QStringLiteral("E-Mail") },
            { QStringLiteral("counter"), QStringLiteral("den Bürgerservice-Schalter") } };
        for (const auto& [channel, words] : channels) {
            r.channel = channel;
            auto text = PdfText::extract(intake::applicationSummaryPdf(service, r));
            QVERIFY(text.ok());
            const QString t = text.value().simplified();
            const QString what = r.serviceId + QLatin1Char('/') + r.channel + QLatin1String(": ") + t.left(400);
            QVERIFY2(t.contains(QStringLiteral("über ") + words), qPrintable(what));
            QVERIFY2(!isoDate.match(t).hasMatch(), qPrintable(what));
        }
        bool hasDate = false;
        for (const FormField& f : service.form)
            hasDate = hasDate || (f.type == QLatin1String("date") && r.form.contains(f.key));
        if (hasDate) {
            ++withDateField;
            const QString t = PdfText::extract(intake::applicationSummaryPdf(service, r)).value();
            // Each date the form holds, as a German date.
            for (const FormField& f : service.form) {
                if (f.type != QLatin1String("date") || !r.form.contains(f.key))
                    continue;
                const QDate d = QDate::fromString(r.form.value(f.key).toString(), Qt::ISODate);
                QVERIFY(d.isValid());
                QVERIFY2(t.contains(d.toString(QStringLiteral("dd.MM.yyyy"))),
                    qPrintable(r.serviceId + QLatin1Char('/') + f.key + QLatin1String(": ") + t));
            }
        }
    }
    QVERIFY(!q.error());
    QCOMPARE(seen.size(), services.size());
    QVERIFY(withDateField >= 4);
}

QTEST_GUILESS_MAIN(TestSeederPlausibility)
#include "tst_seeder_plausibility.moc"
