#include "XdomeaPackage.h"

#include "XdomeaPackageInternal.h"
#include "core/archive/ZipScan.h"

#include <QFile>
#include <atomic>

namespace clerk::xdomea {

using efile::detail::BoundedReader;

namespace detail {

namespace {
std::atomic<qint64> filesRead { 0 }, bytesRead { 0 };
} // namespace

Readings readingsSoFar()
{
    return { filesRead.load(), bytesRead.load() };
}

Result<QByteArray> readMessageEntry(const efile::detail::CheckedArchive& archive, const efile::Limits& limits,
    QString* name, qint64* budget, QByteArray* sha256)
{
    QStringList messages;
    for (auto it = archive.files.cbegin(); it != archive.files.cend(); ++it)
        if (isMessageFileName(it.key()))
            messages << it.key();
    if (messages.isEmpty())
        return refused(Tr::tr("The package holds no xdomea message (a file named {ProzessID}_….0401.xml or similar); "
                              "it is not an xdomea package."));
    if (messages.size() > 1)
        return refused(Tr::tr("The package holds more than one xdomea message (%1); it is refused.")
                .arg(messages.join(QStringLiteral(", "))));
    *name = messages.first();
    const qint64 messageSize = archive.files.value(*name).first;
    if (messageSize > limits.maxManifestBytes)
        return refused(Tr::tr("The xdomea message is %1 MiB; ClerkDesk reads messages of at most %2 MiB. It is "
                              "refused.")
                .arg(QString::number(double(messageSize) / (1 << 20), 'f', 1))
                .arg(limits.maxManifestBytes >> 20));
    const KArchiveFile* messageEntry = archive.zip->directory()->file(*name);
    if (!messageEntry)
        return Error { Error::Invalid,
            Tr::tr("The package is damaged or incomplete (it may have been cut off while copying)."), *name };
    return efile::detail::readSmall(messageEntry, *name, budget, limits, sha256);
}

Result<Inspected> inspect(const QString& zipPath, const efile::Limits& limits)
{
    auto archive = efile::detail::openArchive(zipPath, limits);
    if (!archive)
        return archive.error();
    Inspected in;
    in.inflatedLeft = limits.maxTotalBytes;
    Package& p = in.package;
    QByteArray sha256;
    auto xml = readMessageEntry(archive.value(), limits, &p.messageFile, &in.inflatedLeft, &sha256);
    if (!xml)
        return xml.error();
    in.zip = std::move(archive->zip);
    in.sizes = archive->files;
    ReaderLimits readerLimits;
    readerLimits.maxMessageBytes = limits.maxManifestBytes;
    readerLimits.maxObjects = limits.maxEntries;
    readerLimits.maxFiles = limits.maxEntries;
    auto message = parseMessage(xml.value(), readerLimits);
    if (!message)
        return message.error();
    p.message = std::move(message.value());
    p.messageXml = std::move(xml.value());
    p.messageSha256 = sha256;

    // Every named file is in the package (exactly so spelled); nothing else is.
    QSet<QString> named;
    for (const QString& name : p.message.fileNames()) {
        named.insert(name);
        if (name == p.messageFile)
            return refused(Tr::tr("The xdomea message names itself as a document; it is refused."));
        if (!in.sizes.contains(name))
            return refused(
                Tr::tr("The xdomea message names the file \"%1\", which is not in the package; it is refused.")
                    .arg(name));
        p.files.insert(name, PackageFile { in.sizes.value(name).first, {} });
    }
    for (auto it = in.sizes.cbegin(); it != in.sizes.cend(); ++it)
        if (it.key() != p.messageFile && !named.contains(it.key()))
            return refused(Tr::tr("The package contains \"%1\", which the xdomea message does not name; it is refused.")
                    .arg(it.key()));
    return in;
}

Status readFiles(Inspected& in, const efile::Limits& limits, const efile::Progress& progress,
    const std::function<Status(const QString&, QIODevice&)>& consume)
{
    qint64 declared = 0;
    for (const PackageFile& f : std::as_const(in.package.files))
        declared += f.size;
    qint64 done = 0;
    // Each reading counts against the budget anew (the import reads every file twice).
    qint64 budget = in.inflatedLeft;
    for (const QString& name : in.package.message.fileNames()) {
        const KArchiveFile* file = in.zip->directory()->file(name);
        std::unique_ptr<QIODevice> device(file ? file->createDevice() : nullptr);
        if (!device)
            return Error { Error::Invalid,
                Tr::tr("The package is damaged or incomplete (it may have been cut off while copying)."), name };
        PackageFile& expected = in.package.files[name];
        BoundedReader source(device.get(), qMin(expected.size, limits.maxEntryBytes), &budget);
        const Status consumed = consume(name, source);
        char buffer[65536];
        while (!source.overrun && !source.overBudget && source.read(buffer, sizeof buffer) > 0) { }
        if (source.overBudget)
            return efile::detail::tooMuchInflated(limits);
        if (source.overrun)
            return refused(
                Tr::tr("The entry \"%1\" holds more data than announced; the package is refused.").arg(name));
        if (source.total != expected.size)
            return refused(Tr::tr("The file \"%1\" has %2 bytes, the package's directory says %3; the package is "
                                  "damaged.")
                    .arg(name)
                    .arg(source.total)
                    .arg(expected.size));
        const QByteArray sha256 = source.sha.result().toHex();
        if (!expected.sha256.isEmpty() && expected.sha256 != sha256)
            return refused(Tr::tr("The file \"%1\" changed while it was imported; nothing was imported.").arg(name));
        expected.sha256 = sha256;
        if (!consumed)
            return consumed;
        done += source.total;
        filesRead.fetch_add(1);
        bytesRead.fetch_add(source.total);
        if (progress && !progress(done, declared))
            return Error { Error::Cancelled, Tr::tr("The import was cancelled; nothing was changed."), {} };
    }
    return {};
}

} // namespace detail

bool looksLikeXdomea(const QString& zipPath)
{
    QFile raw(zipPath);
    if (!raw.open(QIODevice::ReadOnly))
        return false;
    auto entries = zipscan::centralDirectory(raw, efile::Limits {}.maxEntries);
    if (!entries)
        return false;
    for (const zipscan::RawEntry& e : entries.value())
        if (isMessageFileName(QString::fromUtf8(e.name)))
            return true;
    return false;
}

Result<MessageFile> readMessageFile(const QString& path, const ReaderLimits& readerLimits)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error { Error::NotFound, detail::Tr::tr("The file %1 cannot be read.").arg(path), file.errorString() };
    MessageFile out;
    if (file.peek(2) != "PK") {
        if (file.size() > readerLimits.maxMessageBytes)
            return detail::refused(
                detail::Tr::tr("The xdomea message is %1 MiB; ClerkDesk reads messages of at most %2 MiB.")
                    .arg(file.size() >> 20)
                    .arg(readerLimits.maxMessageBytes >> 20));
        out.xml = file.readAll();
        return out;
    }
    file.close();
    efile::Limits limits;
    limits.maxManifestBytes = readerLimits.maxMessageBytes;
    auto zip = efile::detail::openArchive(path, limits);
    if (!zip)
        return zip.error();
    QString message;
    qint64 budget = limits.maxTotalBytes;
    auto bytes = detail::readMessageEntry(zip.value(), limits, &message, &budget);
    if (!bytes)
        return bytes.error();
    for (auto it = zip->files.cbegin(); it != zip->files.cend(); ++it)
        if (it.key() != message)
            out.others.insert(it.key(), it.value().first);
    out.xml = bytes.value();
    out.zipped = true;
    return out;
}

Result<Package> verify(const QString& zipPath, const efile::Limits& limits, const efile::Progress& progress)
{
    auto in = detail::inspect(zipPath, limits);
    if (!in)
        return in.error();
    // (Every file hashed; the annotations read as the import reads them.)
    if (auto annotations = detail::readAnnotations(in.value(), limits, progress); !annotations)
        return annotations.error();
    return std::move(in->package);
}

QString serviceForFileNumber(const QString& fileNumber, const QHash<QString, QString>& officeOfService)
{
    // The office is the Kennzeichen's leading number (DOMAIN.md: "32.30-0471/2026" → 32).
    QString office;
    for (QChar c : fileNumber.trimmed()) {
        if (!c.isDigit())
            break;
        office += c;
    }
    if (office.isEmpty())
        return {};
    QString found;
    for (auto it = officeOfService.cbegin(); it != officeOfService.cend(); ++it) {
        if (it.value() != office)
            continue;
        if (!found.isEmpty())
            return {}; // several services of that office: the clerk chooses
        found = it.key();
    }
    return found;
}

} // namespace clerk::xdomea
