// Writing the Aussonderung messages 0501 and 0503 (see XdomeaArchiving.h) from the building blocks
// the hand-over uses (XdomeaWriterParts.h). Element order and cardinality follow
// xdomea-Nachrichten-AussonderungDurchfuehren.xsd and xdomea-Typen-AussonderungDurchfuehren.xsd of
// standards/xdomea/3.1.0; tests/unit/tst_aussonderung validates every message with xmllint.
#include "XdomeaArchiving.h"

#include "XdomeaWriterParts.h"

namespace clerk::xdomea {

using namespace detail;

namespace {

// archived: the 0503 (files, Aussonderungsart "A"); otherwise the 0501.
QByteArray write(const Aussonderung& message, bool archived)
{
    QByteArray out;
    Writer x(&out);
    x.w.writeStartDocument();
    x.w.writeNamespace(x.ns, QStringLiteral("xdomea"));
    if (archived) {
        x.start("Aussonderung.Aussonderung.0503");
        x.kopfStart(
            message.processId, "0503", "Aussonderung.Aussonderung", message.created, message.sender, message.receiver);
        // NkAussonderung: the 0506 is always wanted (fixed), the Archivkennung too; no 0507.
        x.text("Importbestaetigung", QStringLiteral("1"));
        x.text("RueckmeldungArchivkennung", QStringLiteral("1"));
        x.text("Empfangsbestaetigung", QStringLiteral("0"));
    } else {
        x.start("Aussonderung.Anbieteverzeichnis.0501");
        x.kopfStart(message.processId, "0501", "Aussonderung.Anbieteverzeichnis", message.created, message.sender,
            message.receiver);
        x.text("Empfangsbestaetigung", QStringLiteral("0"));
    }
    x.end(); // Kopf
    for (int i = 0; i < message.requests.size(); ++i) {
        const ArchiveRecord& a = message.requests.at(i);
        ArchiveMetadata meta;
        meta.retentionYears = a.retentionYears;
        meta.retentionEnd = a.retentionEnd;
        meta.closed = a.closed;
        meta.decision = archived ? QStringLiteral("A") : QString();
        meta.withFiles = archived;
        x.start("Schriftgutobjekt");
        x.vorgang(a.record, i + 1, &meta);
        x.end();
    }
    x.end();
    x.w.writeEndDocument();
    return out;
}

} // namespace

QByteArray writeAnbieteverzeichnis(const Aussonderung& message)
{
    return write(message, false);
}

QByteArray writeAussonderung(const Aussonderung& message)
{
    return write(message, true);
}

QString anbieteverzeichnisXmlName(const QString& processId)
{
    return processId + QStringLiteral("_Aussonderung.Anbieteverzeichnis.0501.xml");
}

QString anbieteverzeichnisZipName(const QString& processId)
{
    return processId + QStringLiteral("_Aussonderung.Anbieteverzeichnis.0501.zip");
}

QString aussonderungXmlName(const QString& processId)
{
    return processId + QStringLiteral("_Aussonderung.Aussonderung.0503.xml");
}

QString aussonderungZipName(const QString& processId)
{
    return processId + QStringLiteral("_Aussonderung.Aussonderung.0503.zip");
}

} // namespace clerk::xdomea
