// clerkdesk-cli and xdomea, the German standard for handing e-files between authorities:
//
//   clerkdesk-cli efile export --format xdomea --db PROFILE.db --request REF [--request REF …]
//                 --out DIR --receiver NAME [--receiver-id ags:08115000] [--receiver-short NAME]
//       writes DIR/{ProzessID}_Abgabe.Abgabe.0401.zip (xdomea 3.1.0); the sender is the authority
//       configured in the settings (authorityName, authorityShortName, authorityId; policy first).
//   clerkdesk-cli efile verify FILE
//       for an xdomea message (ZIP or XML, any version): prints version, message type, ProzessID,
//       sender, receiver, objects and documents; in a ZIP, checks each named document is there.
//
// Exit codes as main.cpp's: 0 done; 1 usage or unreadable file; 2 message refused (damaged or
// hostile; the reason on stderr); 3 profile cannot be unlocked or request not found.
#include "XdomeaCommands.h"

#include "Printable.h"
#include "core/Settings.h"
#include "core/store/Store.h"
#include "core/xdomea/XdomeaExport.h"
#include "core/xdomea/XdomeaPackage.h"
#include "core/xdomea/XdomeaReader.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTextStream>
#include <QXmlStreamReader>
#include <cstdio>

namespace clerk::cli {

namespace {

int complain(int code, const QString& message)
{
    std::fprintf(stderr, "clerkdesk-cli: %s\n", qPrintable(printable(message)));
    return code;
}

QString takeOption(QStringList& args, const QString& name)
{
    const qsizetype i = args.indexOf(name);
    if (i < 0 || i + 1 >= args.size())
        return {};
    const QString value = args.at(i + 1);
    args.remove(i, 2);
    return value;
}

struct Object
{
    QString kind, id, title, mark;
    int depth = 0;
    QStringList files;
};

struct Summary
{
    QString version, root, type, processId, sender, receiver;
    QList<Object> objects;
    QStringList acknowledged; // 0402: "<id> ok|failed"
};

QString authorityText(const QString& name, const QString& prefix, const QString& key)
{
    const QString id = prefix + key;
    return id.isEmpty() ? name : QStringLiteral("%1 (%2)").arg(name, id);
}

// Reads what a summary shows; no DTD, no entities, no network (QXmlStreamReader fetches nothing).
bool summarise(const QByteArray& xml, Summary* s, QString* error)
{
    static const QSet<QString> objectKinds { QStringLiteral("Akte"), QStringLiteral("Teilakte"),
        QStringLiteral("Vorgang"), QStringLiteral("Teilvorgang"), QStringLiteral("Dokument"), QStringLiteral("Anlage"),
        QStringLiteral("Anschreiben") };
    // Bounded as the import reads a message (xdomea::ReaderLimits): nesting, objects and history
    // entries, so that a hostile message cannot fill the memory or take quadratic time here.
    const xdomea::ReaderLimits limits;
    int history = 0;
    QXmlStreamReader r(xml);
    QStringList path; // element names from the root
    QList<int> open; // indices into s->objects of the objects being read
    QString party, partyName, partyPrefix, partyKey, lastId;
    while (!r.atEnd()) {
        const auto token = r.readNext();
        if (token == QXmlStreamReader::DTD) {
            *error = QStringLiteral("the message declares a DTD, which is not accepted");
            return false;
        }
        if (token == QXmlStreamReader::StartElement) {
            const QString name = r.name().toString();
            if (path.isEmpty()) {
                const QString ns = r.namespaceUri().toString();
                if (!ns.startsWith(QLatin1String("urn:xoev-de:xdomea:schema:"))) {
                    *error = QStringLiteral("not an xdomea message (namespace \"%1\")").arg(ns);
                    return false;
                }
                s->version = ns.section(QLatin1Char(':'), -1);
                s->root = name;
            }
            if (path.size() >= limits.maxDepth) {
                *error = QStringLiteral("the message nests its elements deeper than %1 levels; it is refused")
                             .arg(limits.maxDepth);
                return false;
            }
            if (name == QLatin1String("HistorienProtokollInformation") && ++history > limits.maxHistory) {
                *error
                    = QStringLiteral("the message holds more than %1 history entries (HistorienProtokollInformation); "
                                     "it is refused")
                          .arg(limits.maxHistory);
                return false;
            }
            const QString parent = path.value(path.size() - 1);
            const QString grand = path.value(path.size() - 2);
            path << name;
            if (parent == QLatin1String("Kopf")
                && (name == QLatin1String("Absender") || name == QLatin1String("Empfaenger"))) {
                party = name;
                partyName.clear(), partyPrefix.clear(), partyKey.clear();
            } else if (parent == QLatin1String("Kopf") && name == QLatin1String("ProzessID")) {
                s->processId = r.readElementText().trimmed();
                path.removeLast();
            } else if (grand == QLatin1String("Kopf") && parent == QLatin1String("Nachrichtentyp")
                && name == QLatin1String("code")) {
                s->type = r.readElementText().trimmed();
                path.removeLast();
            } else if (!party.isEmpty() && parent == QLatin1String("Institution") && name == QLatin1String("Name")) {
                partyName = r.readElementText().trimmed();
                path.removeLast();
            } else if (!party.isEmpty() && name == QLatin1String("code")
                && (parent == QLatin1String("Praefix") || parent == QLatin1String("Behoerdenschluessel"))) {
                (parent == QLatin1String("Praefix") ? partyPrefix : partyKey) = r.readElementText().trimmed();
                path.removeLast();
            } else if (objectKinds.contains(name) && !path.contains(QLatin1String("Kopf"))
                && parent != QLatin1String("Bearbeitung")) {
                if (s->objects.size() >= limits.maxObjects) {
                    *error = QStringLiteral("the message holds more than %1 files, cases and documents; it is refused")
                                 .arg(limits.maxObjects);
                    return false;
                }
                s->objects.append({ name, {}, {}, {}, int(open.size()), {} });
                open << int(s->objects.size() - 1);
            } else if (!open.isEmpty() && name == QLatin1String("ID") && parent == QLatin1String("Identifikation")
                && grand == s->objects.at(open.last()).kind) {
                s->objects[open.last()].id = r.readElementText().trimmed();
                path.removeLast();
            } else if (!open.isEmpty() && parent == QLatin1String("AllgemeineMetadaten")
                && grand == s->objects.at(open.last()).kind
                && (name == QLatin1String("Betreff") || name == QLatin1String("Kennzeichen"))) {
                (name == QLatin1String("Betreff") ? s->objects[open.last()].title : s->objects[open.last()].mark)
                    = r.readElementText().simplified();
                path.removeLast();
            } else if (!open.isEmpty() && name == QLatin1String("Dateiname")
                && parent == QLatin1String("Primaerdokument")) {
                s->objects[open.last()].files << r.readElementText().trimmed();
                path.removeLast();
            } else if (name == QLatin1String("IDSGO")) {
                lastId = r.readElementText().trimmed();
                path.removeLast();
            } else if (name == QLatin1String("Erfolgreich")) {
                const QString v = r.readElementText().trimmed();
                s->acknowledged << QStringLiteral("%1 %2").arg(lastId,
                    v == QLatin1String("1") || v == QLatin1String("true") ? QStringLiteral("ok")
                                                                          : QStringLiteral("failed"));
                path.removeLast();
            }
        } else if (token == QXmlStreamReader::EndElement) {
            const QString name = path.takeLast();
            if (name == party && path.value(path.size() - 1) == QLatin1String("Kopf")) {
                (party == QLatin1String("Absender") ? s->sender : s->receiver)
                    = authorityText(partyName, partyPrefix, partyKey);
                party.clear();
            }
            if (!open.isEmpty() && objectKinds.contains(name) && s->objects.at(open.last()).kind == name
                && s->objects.at(open.last()).depth == open.size() - 1)
                open.removeLast();
        }
    }
    if (r.hasError()) {
        *error = QStringLiteral("the message is not well-formed XML: %1 (line %2)")
                     .arg(r.errorString())
                     .arg(r.lineNumber());
        return false;
    }
    if (s->root.isEmpty() || s->processId.isEmpty()) {
        *error = QStringLiteral("the message has no Kopf with a ProzessID");
        return false;
    }
    return true;
}

} // namespace

int runXdomeaExport(QStringList args, const OpenProfile& openProfile)
{
    QStringList refs;
    for (QString ref; !(ref = takeOption(args, QStringLiteral("--request"))).isEmpty();)
        refs << ref;
    const QString out = takeOption(args, QStringLiteral("--out"));
    xdomea::Authority receiver;
    receiver.name = takeOption(args, QStringLiteral("--receiver"));
    receiver.shortName = takeOption(args, QStringLiteral("--receiver-short"));
    const QString receiverId = takeOption(args, QStringLiteral("--receiver-id"));
    receiver.idPrefix = receiverId.contains(QLatin1Char(':'))
        ? receiverId.section(QLatin1Char(':'), 0, 0) + QLatin1Char(':')
        : QString();
    receiver.id = receiverId.section(QLatin1Char(':'), -1);
    if (refs.isEmpty() || out.isEmpty() || receiver.name.isEmpty() || !args.isEmpty())
        return complain(1,
            QStringLiteral("usage: clerkdesk-cli efile export --format xdomea --db PROFILE.db --request REF "
                           "[--request REF …] --out DIR --receiver NAME [--receiver-id PREFIX:KEY] "
                           "[--receiver-short NAME]"));
    if (!QFileInfo(out).isDir())
        return complain(1, QStringLiteral("no such folder: %1").arg(out));
    const xdomea::Authority sender = xdomea::senderFromSettings(Settings());
    int rc = 0;
    std::unique_ptr<Store> store = openProfile(&rc);
    if (!store)
        return rc;
    QStringList ids;
    for (const QString& ref : std::as_const(refs)) {
        if (store->requests().request(ref)) {
            ids << ref;
            continue;
        }
        auto byReference = store->requests().idOfReference(ref);
        if (!byReference && byReference.error().code == Error::NotFound)
            return complain(3, QStringLiteral("no request %1 in this profile").arg(ref));
        if (!byReference)
            return complain(1, byReference.errorString());
        ids << byReference.value();
    }
    const QString processId = xdomea::newProcessId();
    const QString zipPath = QDir(out).filePath(xdomea::abgabeZipName(processId));
    auto r = xdomea::exportAbgabe(*store, ids, sender, receiver, processId, zipPath);
    if (!r) {
        if (!r.error().detail.isEmpty())
            std::fprintf(stderr, "clerkdesk-cli: (%s)\n", qPrintable(r.error().detail));
        return complain(r.error().code == Error::NotFound ? 3 : 1, r.errorString());
    }
    QTextStream(stdout) << "handed over " << r->requests << " request(s) with " << r->documents << " document(s) to "
                        << receiver.name << ": " << r->zipPath << "\nProzessID: " << processId << '\n';
    return 0;
}

bool looksLikeXdomea(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return false;
    const QByteArray head = f.peek(4096);
    if (head.startsWith("PK\x03\x04"))
        return xdomea::looksLikeXdomea(path);
    return head.contains("urn:xoev-de:xdomea:schema:");
}

int runXdomeaVerify(const QString& path)
{
    // The message, from a ZIP opened with the import's hardening, or the bare XML.
    auto file = xdomea::readMessageFile(path);
    if (!file)
        return complain(file.error().code == Error::NotFound ? 1 : 2, file.errorString());
    const QByteArray& xml = file->xml;
    const QMap<QString, qint64>& present = file->others; // ZIP entries (file name → size)
    const bool isZip = file->zipped;
    Summary s;
    QString error;
    if (!summarise(xml, &s, &error))
        return complain(2, error);

    QTextStream out(stdout);
    out << "xdomea " << printable(s.version) << " message " << printable(s.type) << " (" << printable(s.root) << ")\n";
    out << "ProzessID: " << printable(s.processId) << '\n';
    out << "sender: " << printable(s.sender) << '\n';
    out << "receiver: " << printable(s.receiver) << '\n';
    QMap<QString, int> counts;
    int files = 0, missing = 0;
    for (const Object& o : std::as_const(s.objects)) {
        ++counts[o.kind];
        files += int(o.files.size());
    }
    QStringList countText;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        countText << QStringLiteral("%1 %2").arg(it.value()).arg(it.key());
    out << "objects: " << (countText.isEmpty() ? QStringLiteral("none") : countText.join(QStringLiteral(", "))) << '\n';
    for (const Object& o : std::as_const(s.objects)) {
        out << QString(2 * (o.depth + 1), QLatin1Char(' ')) << o.kind << ' ' << printable(o.id);
        if (!o.mark.isEmpty())
            out << " [" << printable(o.mark) << ']';
        if (!o.title.isEmpty())
            out << ' ' << printable(o.title);
        out << '\n';
        for (const QString& name : o.files) {
            out << QString(2 * (o.depth + 2), QLatin1Char(' ')) << printable(name);
            if (isZip && present.contains(name)) {
                out << " (" << present.value(name) << " bytes)";
            } else if (isZip) {
                out << " (missing)";
                ++missing;
            }
            out << '\n';
        }
    }
    for (const QString& a : std::as_const(s.acknowledged))
        out << "  object " << printable(a) << '\n';
    out << "documents: " << files << " file(s)";
    out.flush();
    if (missing > 0) {
        out << ", " << missing << " missing\n";
        out.flush();
        return complain(2, QStringLiteral("%1 document(s) the message names are not in the ZIP").arg(missing));
    }
    out << '\n';
    return 0;
}

} // namespace clerk::cli
