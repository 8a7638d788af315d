#include "XdomeaAcknowledgement.h"

#include "XdomeaParser.h"
#include "core/Logging.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <algorithm>

namespace clerk::xdomea {

using detail::Tr;

namespace {

// The Kopf's KontaktType from what the reader kept of one (the Behördenkennung's prefix is not kept).
Authority authorityOf(const Contact& c)
{
    Authority a;
    a.name = c.institution.isEmpty() ? c.person : c.institution;
    a.shortName = c.shortName;
    a.unit = c.unit;
    a.id = c.authorityKey;
    return a;
}

bool isUuid(const QString& id)
{
    static const QRegularExpression uuid(
        QStringLiteral("^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$"));
    return uuid.match(id).hasMatch();
}

} // namespace

Version acknowledgementVersion(Version received)
{
    return received == Version::V2_4_0 ? Version::V3_1_0 : received;
}

Result<QByteArray> importBestaetigen(const ImportResult& imported, const Authority& us, const QDateTime& created)
{
    if (imported.messageType != QLatin1String("0401"))
        return Error { Error::Unsupported,
            Tr::tr("Only a hand-over (xdomea 0401) is acknowledged with a 0402; this message is a %1.")
                .arg(imported.messageType),
            {} };
    QList<ImportOutcome> objects;
    for (const QString& id : imported.objectIds)
        if (isUuid(id))
            objects << ImportOutcome { id, true, {} };
    if (objects.isEmpty() || !isUuid(imported.processId))
        return Error { Error::Unsupported,
            Tr::tr("The xdomea message names its objects in a form the acknowledgement (0402) cannot repeat; no "
                   "acknowledgement was written."),
            imported.processId };
    const Authority self = us.name.isEmpty() && us.id.isEmpty() ? authorityOf(imported.receiver) : us;
    return writeImportBestaetigen(imported.processId, created, self, authorityOf(imported.sender), objects,
        namespaceOf(acknowledgementVersion(imported.version)));
}

Result<Acknowledgement> writeAcknowledgement(
    const ImportResult& imported, const Authority& us, const QString& importedFile, const QDateTime& created)
{
    auto xml = importBestaetigen(imported, us, created);
    if (!xml)
        return xml.error();
    Acknowledgement ack;
    ack.version = acknowledgementVersion(imported.version);
    ack.objects = int(std::count_if(imported.objectIds.cbegin(), imported.objectIds.cend(), isUuid));
    const QDir folder = QFileInfo(importedFile).absoluteDir();
    const QString name = importBestaetigenXmlName(imported.processId);
    // A new file only (O_CREAT|O_EXCL: the system refuses an existing name, a link included, even
    // one that points nowhere); when the name is taken, the next free "… (n).xml".
    QFile file;
    for (int n = 1; n < 100; ++n) {
        file.setFileName(folder.filePath(n == 1 ? name : name.chopped(4) + QStringLiteral(" (%1).xml").arg(n)));
        if (file.open(QIODevice::WriteOnly | QIODevice::NewOnly))
            break;
        const QFileInfo there(file.fileName());
        if (!there.exists() && !there.isSymLink())
            break; // not a name taken: the folder cannot be written to
    }
    ack.path = file.fileName();
    if (!file.isOpen() || file.write(xml.value()) != xml->size() || !file.flush()) {
        const QString why = file.errorString();
        if (file.isOpen()) {
            file.close();
            file.remove(); // (ours: created above)
        }
        return Error { Error::Io,
            Tr::tr("The acknowledgement for the sender (xdomea 0402) could not be written to %1. The import itself "
                   "is complete.")
                .arg(QDir::toNativeSeparators(ack.path)),
            why };
    }
    file.close();
    if (QFileInfo(ack.path).fileName() != name)
        ack.note = Tr::tr("A file or link named %1 was in the folder already; the acknowledgement (xdomea 0402) was "
                          "written as %2 instead.")
                       .arg(name, QFileInfo(ack.path).fileName());
    qCInfo(lcArchive) << "xdomea 0402 for" << imported.processId << "written:" << ack.path;
    return ack;
}

} // namespace clerk::xdomea
