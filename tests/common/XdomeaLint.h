// xmllint's verdict on an xdomea message against an official schema of standards/xdomea: empty
// when the message is valid, xmllint's words otherwise (a missing xmllint is a failure too).
#pragma once

#include <KZip>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QString>

namespace clerk::testxdomea {

// `schema`: relative to standards/xdomea (e.g. "3.1.0/xdomea-Nachrichten-AbgabeDurchfuehren.xsd");
// `scratch`: where the message is written for xmllint.
inline QString lintAgainst(
    const QString& sourceDir, const QByteArray& xml, const QString& schema, const QString& scratch)
{
    const QString xmllint = QStandardPaths::findExecutable(QStringLiteral("xmllint"));
    if (xmllint.isEmpty())
        return QStringLiteral("xmllint (libxml2-utils) is not installed");
    QFile f(scratch);
    if (!f.open(QIODevice::WriteOnly) || f.write(xml) != xml.size())
        return QStringLiteral("cannot write %1").arg(scratch);
    f.close();
    QProcess p;
    p.start(xmllint,
        { QStringLiteral("--noout"), QStringLiteral("--nonet"), QStringLiteral("--schema"),
            sourceDir + QStringLiteral("/standards/xdomea/") + schema, scratch });
    if (!p.waitForFinished(120000))
        return QStringLiteral("xmllint did not finish");
    const QString err = QString::fromUtf8(p.readAllStandardError());
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        return err.isEmpty() ? QStringLiteral("xmllint failed") : err;
    return err.contains(QLatin1String("validates")) ? QString() : QStringLiteral("no verdict: ") + err;
}

// The message XML inside an xdomea ZIP (the entry whose name ends in `suffix`, e.g. ".0401.xml").
inline QByteArray messageInZip(const QString& zipPath, const QString& suffix)
{
    KZip zip(zipPath);
    if (!zip.open(QIODevice::ReadOnly))
        return {};
    for (const QString& name : zip.directory()->entries())
        if (name.endsWith(suffix))
            if (const KArchiveFile* f = zip.directory()->file(name))
                return f->data();
    return {};
}

} // namespace clerk::testxdomea
