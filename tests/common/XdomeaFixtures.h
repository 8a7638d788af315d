// The hand-written xdomea messages of tests/data/xdomea packed as xdomea ZIPs: the message as
// {ProzessID}_{Nachricht}.xml and a small real PDF (SimplePdf) for every file it names.
#pragma once

#include "core/pdf/SimplePdf.h"

#include <KZip>
#include <QFile>
#include <QHash>
#include <QMap>
#include <QRegularExpression>
#include <QStringList>
#include <utility>

namespace clerk::testxdomea {

inline QString fixturePath(const QString& sourceDir, const QString& name)
{
    return sourceDir + QStringLiteral("/tests/data/xdomea/") + name;
}

inline QString fixture(const QString& sourceDir, const QString& name)
{
    QFile f(fixturePath(sourceDir, name));
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

// A small real PDF per file, its text naming the file (umlauts included).
inline QByteArray pdfFor(const QString& fileName)
{
    SimplePdf pdf;
    pdf.setTitle(fileName);
    pdf.newPage();
    pdf.text(60, 80, QStringLiteral("Übernommenes Dokument: %1").arg(fileName), 12, true);
    return pdf.toPdf();
}

inline QStringList namedFiles(const QString& xml)
{
    QStringList out;
    static const QRegularExpression name(QStringLiteral("<xdomea:Dateiname>([^<]*)</xdomea:Dateiname>"));
    for (auto it = name.globalMatch(xml); it.hasNext();)
        out << it.next().captured(1);
    return out;
}

// "{ProzessID}_{Root}.xml" as xdomea names a message.
inline QString messageNameOf(const QString& xml)
{
    static const QRegularExpression process(QStringLiteral("<xdomea:ProzessID>([^<]*)</xdomea:ProzessID>"));
    static const QRegularExpression root(QStringLiteral("<xdomea:([A-Za-z]+\\.[A-Za-z]+\\.[0-9]{4})[ >]"));
    return QStringLiteral("%1_%2.xml").arg(process.match(xml).captured(1), root.match(xml).captured(1));
}

struct Build
{
    QStringList leaveOut; // named files not put into the ZIP
    QMap<QString, QByteArray> extra; // files put in besides
    QByteArray messageBytes; // instead of the XML (a non-XML message)
};

// Writes the package to `path`; the path, or an empty string when it could not be written.
inline QString pack(const QString& xml, const QString& path, const Build& build = {})
{
    KZip z(path);
    if (!z.open(QIODevice::WriteOnly))
        return {};
    z.setCompression(KZip::DeflateCompression);
    bool ok = z.writeFile(messageNameOf(xml), build.messageBytes.isEmpty() ? xml.toUtf8() : build.messageBytes);
    QHash<QString, bool> written; // (a message that names a file twice still gets it once)
    for (const QString& f : namedFiles(xml))
        if (!build.leaveOut.contains(f) && !std::exchange(written[f], true))
            ok = ok && z.writeFile(f, pdfFor(f));
    for (auto it = build.extra.cbegin(); it != build.extra.cend(); ++it)
        ok = ok && z.writeFile(it.key(), it.value());
    return z.close() && ok ? path : QString();
}

} // namespace clerk::testxdomea
