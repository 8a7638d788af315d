#include "XdomeaParser.h"
#include "core/domain/Archiving.h"

#include <QMimeDatabase>
#include <QRegularExpression>
#include <algorithm>

namespace clerk::xdomea {

namespace detail {

bool Parser::advance()
{
    if (m_error)
        return false;
    switch (m_r.readNext()) {
    case QXmlStreamReader::DTD:
        return fail(Tr::tr("The xdomea message declares a DTD or entities (<!DOCTYPE …>), which ClerkDesk does not "
                           "accept; the message is refused."));
    case QXmlStreamReader::EntityReference:
        return fail(Tr::tr("The xdomea message uses entity references, which ClerkDesk does not accept; the message "
                           "is refused."));
    case QXmlStreamReader::Invalid:
        return fail(Tr::tr("The xdomea message is not well-formed XML; it is refused."), m_r.errorString());
    case QXmlStreamReader::EndDocument:
        return fail(Tr::tr("The xdomea message ends too early; it is refused."));
    case QXmlStreamReader::StartElement: {
        if (++m_depth > m_limits.maxDepth)
            return fail(Tr::tr("The xdomea message nests its elements deeper than %1 levels; it is refused.")
                    .arg(m_limits.maxDepth));
        if (m_skipping > 0 || m_ns.isEmpty()) // (the root is judged by run())
            return true;
        const QStringView ns = m_r.namespaceUri();
        const QStringView name = m_r.name();
        const bool unqualified = name == QLatin1String("code") || name == QLatin1String("name");
        if (unqualified ? !ns.isEmpty() : ns != m_ns)
            return fail(Tr::tr("The xdomea message contains the element \"%1\" in the namespace \"%2\"; a message "
                               "of xdomea %3 has its elements in \"%4\". It is refused.")
                    .arg(name.toString(), ns.toString(), versionText(m_version), m_ns));
        return true;
    }
    case QXmlStreamReader::EndElement:
        --m_depth;
        return true;
    default:
        return true;
    }
}

bool Parser::skip()
{
    const int level = m_depth;
    ++m_skipping;
    while (advance())
        if (m_r.isEndElement() && m_depth < level) {
            --m_skipping;
            return true;
        }
    return false;
}

bool Parser::text(QString& out)
{
    out.clear();
    const int level = m_depth;
    while (advance()) {
        if (m_r.isCharacters())
            out += m_r.text();
        else if (m_r.isStartElement())
            return fail(Tr::tr("The xdomea message has the element \"%1\" where a text belongs; it is refused.")
                    .arg(m_r.name().toString()));
        else if (m_r.isEndElement() && m_depth < level)
            return true;
    }
    return false;
}

bool Parser::code(QString& out)
{
    return children([&](const QString& name) {
        if (name == QLatin1String("code"))
            return text(out);
        return skip();
    });
}

bool Parser::countObject()
{
    if (++m_objects > m_limits.maxObjects)
        return fail(Tr::tr("The xdomea message holds more than %1 files, cases and documents; ClerkDesk does not "
                           "import it at once.")
                .arg(m_limits.maxObjects));
    return true;
}

Result<Message> Parser::run()
{
    Message m;
    while (!m_r.isStartElement())
        if (!advance())
            // Bytes that are not XML (a PDF, a text, garbage) before any element, or a DTD.
            return m_error && m_r.tokenType() == QXmlStreamReader::DTD
                ? *m_error
                : refused(Tr::tr("The file named as the xdomea message is not XML; it is refused."), m_r.errorString());
    const QString ns = m_r.namespaceUri().toString();
    const QString root = m_r.name().toString();
    static const QRegularExpression rootPattern(QStringLiteral("^[A-Za-z]+\\.[A-Za-z]+\\.([0-9]{4})$"));
    const QRegularExpressionMatch match = rootPattern.match(root);
    if (!ns.startsWith(kNamespacePrefix)) {
        if (match.hasMatch())
            return refused(Tr::tr("The message \"%1\" is in the namespace \"%2\", which is not an xdomea namespace "
                                  "(ClerkDesk reads xdomea 2.4.0, 3.0.0 and 3.1.0); it is refused.")
                    .arg(root, ns));
        return refused(Tr::tr("The file is not an xdomea message (its root element is \"%1\" in the namespace "
                              "\"%2\").")
                .arg(root, ns));
    }
    const QString versionName = ns.mid(kNamespacePrefix.size());
    if (versionName == QLatin1String("2.4.0"))
        m.version = Version::V2_4_0;
    else if (versionName == QLatin1String("3.0.0"))
        m.version = Version::V3_0_0;
    else if (versionName == QLatin1String("3.1.0"))
        m.version = Version::V3_1_0;
    else
        return refused(Tr::tr("The message is of xdomea version %1; ClerkDesk reads the versions 2.4.0, 3.0.0 and "
                              "3.1.0.")
                .arg(versionName));
    if (!match.hasMatch())
        return refused(Tr::tr("The file is not an xdomea message (its root element is \"%1\").").arg(root));
    m.type = match.captured(1);
    m.rootName = root;
    if (auto e = refuseRoot(m))
        return *e;
    m_ns = ns;
    m_version = m.version;
    bool haveKopf = false;
    const bool ok = children([&](const QString& name) {
        if (name == QLatin1String("Kopf")) {
            haveKopf = true;
            return kopf(m);
        }
        if (name == QLatin1String("Anschreiben"))
            return countObject() && dokument(m.coverLetter);
        if (name == QLatin1String("Schriftgutobjekt") && !m_answers)
            return schriftgutobjekt(m);
        if (name == QLatin1String("BewertetesObjekt") && m_answers)
            return assessment(m);
        if (name == QLatin1String("AusgesondertesSGO") && m_answers)
            return outcome(m);
        return skip(); // the Aktenplan: kept in the stored message
    });
    if (!ok)
        return m_error.value_or(refused(Tr::tr("The xdomea message is not well-formed XML; it is refused.")));
    while (m_r.readNext() != QXmlStreamReader::EndDocument)
        if (m_r.hasError() || m_r.isStartElement() || m_r.tokenType() == QXmlStreamReader::DTD)
            return refused(Tr::tr("The xdomea message is not well-formed XML; it is refused."), m_r.errorString());
    if (!haveKopf || m.processId.trimmed().isEmpty())
        return refused(Tr::tr("The xdomea message has no header with a ProzessID; it is refused."));
    m.processId = m.processId.trimmed();
    // (It becomes a key of the store, a file name and words of the Verlauf: only what xdomea allows.)
    if (!archiving::isProcessId(m.processId))
        return refused(Tr::tr("The ProzessID of the xdomea message is not a UUID, as xdomea requires; the message is "
                              "refused."),
            m.processId.left(64));
    if (m_typeCode.trimmed() != m.type)
        return refused(Tr::tr("The xdomea message calls itself of type %1 in its header, but is a %2; it is refused.")
                .arg(m_typeCode.trimmed(), root));
    if (auto e = refuseContent(m))
        return *e;
    // A request's Verlauf: its own history and that of its documents (and, for the first record of
    // an Akte, the Akte's), oldest first.
    for (Record& r : m.records) {
        for (const DocumentInfo& d : std::as_const(r.documents))
            r.history << d.history;
        if (!historyFits(r.history.size(), r.id))
            return *m_error;
        std::stable_sort(r.history.begin(), r.history.end(),
            [](const HistoryEntry& a, const HistoryEntry& b) { return a.at < b.at; });
    }
    return m;
}

std::optional<Error> Parser::refuseRoot(const Message& m) const
{
    const QString& root = m.rootName;
    if (m_answers) {
        if (root == QLatin1String("Aussonderung.Bewertungsverzeichnis.0502")
            || root == QLatin1String("Aussonderung.AussonderungImportBestaetigen.0506"))
            return std::nullopt;
        return refused(Tr::tr("This is an xdomea message of type %1 (%2), not an answer of the archive. Import the "
                              "archive's assessment (0502 Bewertungsverzeichnis) or its confirmation (0506 "
                              "AussonderungImportBestaetigen).")
                .arg(m.type, root));
    }
    if (root != QLatin1String("Abgabe.Abgabe.0401") && root != QLatin1String("Aussonderung.Aussonderung.0503"))
        return refused(Tr::tr("This is an xdomea message of type %1 (%2). ClerkDesk imports hand-overs (0401 Abgabe) "
                              "and archive deliveries (0503 Aussonderung) only.")
                .arg(m.type, root));
    return std::nullopt;
}

bool Parser::named(QString& out)
{
    return children([&](const QString& name) { return name == QLatin1String("Name") ? text(out) : skip(); });
}

bool Parser::contact(Contact& c)
{
    bool haveAddress = false;
    return children([&](const QString& n) {
        if (n == QLatin1String("Behoerdenkennung"))
            return children([&](const QString& k) {
                return k == QLatin1String("Behoerdenschluessel") || k == QLatin1String("Kennung") ? code(c.authorityKey)
                                                                                                  : skip();
            });
        if (n == QLatin1String("Institution"))
            return children([&](const QString& k) {
                if (k == QLatin1String("Name"))
                    return text(c.institution);
                return k == QLatin1String("Kurzbezeichnung") ? text(c.shortName) : skip();
            });
        if (n == QLatin1String("Organisationseinheit"))
            return named(c.unit);
        if (n == QLatin1String("Name")) {
            QString first, last;
            const bool ok = children([&](const QString& k) {
                if (k == QLatin1String("Vorname"))
                    return named(first);
                return k == QLatin1String("Familienname") ? named(last) : skip();
            });
            c.person = (first.trimmed() + QLatin1Char(' ') + last.trimmed()).trimmed();
            return ok;
        }
        if (n == QLatin1String("Anschrift") && !haveAddress) {
            haveAddress = true;
            QString street, number;
            const bool ok = children([&](const QString& k) {
                if (k == QLatin1String("Strasse"))
                    return text(street);
                if (k == QLatin1String("Hausnummer"))
                    return text(number);
                if (k == QLatin1String("Postleitzahl"))
                    return text(c.postcode);
                return k == QLatin1String("Ort") ? text(c.city) : skip();
            });
            c.street = (street.trimmed() + QLatin1Char(' ') + number.trimmed()).trimmed();
            return ok;
        }
        if (n == QLatin1String("Kommunikation")) {
            QString channel, value;
            const bool ok = children([&](const QString& k) {
                if (k == QLatin1String("Kanal"))
                    return code(channel);
                return k == QLatin1String("Kennung") ? text(value) : skip();
            });
            channel = channel.trimmed();
            value = value.trimmed();
            if (channel == QLatin1String("01") && c.email.isEmpty())
                c.email = value;
            else if ((channel == QLatin1String("02") || channel == QLatin1String("03")) && c.phone.isEmpty())
                c.phone = value;
            return ok;
        }
        return skip();
    });
}

bool Parser::kopf(Message& m)
{
    return children([&](const QString& n) {
        if (n == QLatin1String("ProzessID"))
            return text(m.processId);
        if (n == QLatin1String("Nachrichtentyp"))
            return code(m_typeCode);
        if (n == QLatin1String("Erstellungszeitpunkt")) {
            QString t;
            const bool ok = text(t);
            m.created = dateTime(t);
            return ok;
        }
        if (n == QLatin1String("Absender"))
            return contact(m.sender);
        if (n == QLatin1String("Empfaenger"))
            return contact(m.receiver);
        if (n == QLatin1String("Hinweis"))
            return text(m.note);
        if (n == QLatin1String("SendendesSystem")) {
            QString product, version;
            const bool ok = children([&](const QString& k) {
                if (k == QLatin1String("Produktname"))
                    return text(product);
                return k == QLatin1String("Version") ? text(version) : skip();
            });
            m.sendingSystem = (product.trimmed() + QLatin1Char(' ') + version.trimmed()).trimmed();
            return ok;
        }
        return skip();
    });
}

} // namespace detail

using detail::kNamespacePrefix;
using detail::refused;
using detail::Tr;

QString versionText(Version v)
{
    switch (v) {
    case Version::V2_4_0:
        return QStringLiteral("2.4.0");
    case Version::V3_0_0:
        return QStringLiteral("3.0.0");
    case Version::V3_1_0:
        break;
    }
    return QStringLiteral("3.1.0");
}

QString namespaceOf(Version v)
{
    return kNamespacePrefix + versionText(v);
}

QString Contact::display() const
{
    QString organisation = institution.trimmed();
    if (!shortName.trimmed().isEmpty())
        organisation = organisation.isEmpty() ? shortName.trimmed()
                                              : QStringLiteral("%1 (%2)").arg(organisation, shortName.trimmed());
    QStringList parts;
    for (const QString& p : { organisation, unit.trimmed(), person.trimmed() })
        if (!p.isEmpty())
            parts << p;
    return parts.join(QStringLiteral(", "));
}

QStringList Message::fileNames() const
{
    QStringList out;
    auto add = [&out](const QList<DocumentInfo>& documents) {
        for (const DocumentInfo& d : documents)
            for (const FileRef& f : d.files)
                out << f.fileName;
    };
    add(coverLetter);
    for (const Record& r : records)
        add(r.documents);
    return out;
}

QString Message::typeDisplay() const
{
    if (type == QLatin1String("0401"))
        return Tr::tr("hand-over (Abgabe 0401)");
    if (type == QLatin1String("0503"))
        return Tr::tr("archive delivery (Aussonderung 0503)");
    if (type == QLatin1String("0502"))
        return Tr::tr("archive's assessment (Bewertungsverzeichnis 0502)");
    if (type == QLatin1String("0506"))
        return Tr::tr("archive's confirmation (AussonderungImportBestaetigen 0506)");
    return rootName;
}

Result<Message> parseMessage(const QByteArray& xml, const ReaderLimits& limits)
{
    if (xml.size() > limits.maxMessageBytes)
        return refused(Tr::tr("The xdomea message is %1 MiB; ClerkDesk reads messages of at most %2 MiB.")
                .arg(xml.size() >> 20)
                .arg(limits.maxMessageBytes >> 20));
    detail::Parser parser(xml, limits);
    return parser.run();
}

Result<Message> parseArchiveAnswer(const QByteArray& xml, const ReaderLimits& limits)
{
    if (xml.size() > limits.maxMessageBytes)
        return refused(Tr::tr("The xdomea message is %1 MiB; ClerkDesk reads messages of at most %2 MiB.")
                .arg(xml.size() >> 20)
                .arg(limits.maxMessageBytes >> 20));
    detail::Parser parser(xml, limits, true);
    return parser.run();
}

bool isMessageFileName(const QString& name)
{
    static const QRegularExpression pattern(
        QStringLiteral("^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}_"
                       "[A-Za-z]+\\.[A-Za-z]+\\.[0-9]{4}\\.xml$"));
    return pattern.match(name).hasMatch();
}

} // namespace clerk::xdomea
