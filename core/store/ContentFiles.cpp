#include "ContentFiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QtEndian>
#include <algorithm>
#include <future>
#include <memory>
#include <openssl/evp.h>
#include <openssl/rand.h>

#ifdef Q_OS_UNIX
#include <fcntl.h>
#include <unistd.h>
#endif

namespace clerk {

namespace {

constexpr char kMagic[4] = { 'C', 'D', 'C', 'F' };
constexpr int kHeader = 24; // magic, version, 3 reserved, 8 nonce prefix, 8 plaintext size
constexpr int kTag = 16;

struct CipherDeleter
{
    void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};
using Cipher = std::unique_ptr<EVP_CIPHER_CTX, CipherDeleter>;

QByteArray nonceFor(const QByteArray& header, quint32 chunk)
{
    QByteArray nonce = header.mid(8, 8);
    nonce.resize(12);
    qToBigEndian(chunk, nonce.data() + 8);
    return nonce;
}

// AES-256-GCM over one chunk; `aad` binds the header and the document id. False when the tag
// does not match (decrypting) or OpenSSL fails.
bool crypt(bool encrypt, const QByteArray& key, const QByteArray& nonce, const QByteArray& aad, const char* in,
    int length, char* out, char* tag)
{
    Cipher c(EVP_CIPHER_CTX_new());
    const auto* k = reinterpret_cast<const unsigned char*>(key.constData());
    const auto* iv = reinterpret_cast<const unsigned char*>(nonce.constData());
    int n = 0;
    if (!c || EVP_CipherInit_ex(c.get(), EVP_aes_256_gcm(), nullptr, k, iv, encrypt ? 1 : 0) != 1)
        return false;
    if (EVP_CipherUpdate(c.get(), nullptr, &n, reinterpret_cast<const unsigned char*>(aad.constData()), int(aad.size()))
        != 1)
        return false;
    if (length > 0
        && EVP_CipherUpdate(
               c.get(), reinterpret_cast<unsigned char*>(out), &n, reinterpret_cast<const unsigned char*>(in), length)
            != 1)
        return false;
    if (!encrypt && EVP_CIPHER_CTX_ctrl(c.get(), EVP_CTRL_GCM_SET_TAG, kTag, tag) != 1)
        return false;
    if (EVP_CipherFinal_ex(c.get(), reinterpret_cast<unsigned char*>(out) + length, &n) != 1)
        return false; // a wrong tag ends here
    return !encrypt || EVP_CIPHER_CTX_ctrl(c.get(), EVP_CTRL_GCM_GET_TAG, kTag, tag) == 1;
}

// Reads a window of a document's file, decrypting the chunk under the read position on demand.
class ChunkDevice : public QIODevice
{
public:
    ChunkDevice(std::unique_ptr<QFile> file, QByteArray key, QByteArray header, QByteArray aad, qint64 size,
        qint64 offset, qint64 length)
        : m_file(std::move(file))
        , m_key(std::move(key))
        , m_header(std::move(header))
        , m_aad(std::move(aad))
        , m_size(size)
        , m_offset(offset)
        , m_length(length)
    {
        // Unbuffered: pos() in readData() is where the reader is (QIODevice's own buffer would
        // read ahead of it), and the chunk buffer is buffer enough.
        open(QIODevice::ReadOnly | QIODevice::Unbuffered);
    }
    ~ChunkDevice() override
    {
        if (m_ahead.valid())
            m_ahead.wait();
        m_key.fill('\0');
    }
    bool isSequential() const override { return false; }
    qint64 size() const override { return m_length; }
    // Another key for the same file (after load() failed under the first: nothing is ahead).
    void setKey(const QByteArray& key)
    {
        m_key.fill('\0');
        m_key = key;
        m_loaded = -1;
    }

    // Decrypts chunk `index` into the buffer; false when it fails its check. The chunk after it is
    // decrypted meanwhile on another thread, while the socket takes this one.
    bool load(qint64 index)
    {
        if (index == m_loaded)
            return true;
        bool ok = false;
        if (m_ahead.valid() && m_aheadIndex == index) {
            ok = m_ahead.get();
            std::swap(m_plain, m_aheadPlain);
        } else {
            if (m_ahead.valid())
                m_ahead.wait();
            QByteArray cipher;
            ok = readChunk(index, &cipher) && decrypt(index, cipher, &m_plain);
        }
        if (!ok) {
            setErrorString(ContentFiles::tr("The document's stored file is damaged."));
            m_loaded = -1;
            return false;
        }
        m_loaded = index;
        const qint64 next = index + 1;
        if (next * ContentFiles::kChunk < m_offset + m_length && readChunk(next, &m_aheadCipher)) {
            m_aheadIndex = next;
            m_ahead
                = std::async(std::launch::async, [this, next] { return decrypt(next, m_aheadCipher, &m_aheadPlain); });
        }
        return true;
    }

private:
    qint64 plainLength(qint64 index) const
    {
        return qMin<qint64>(ContentFiles::kChunk, m_size - index * ContentFiles::kChunk);
    }

    // On the calling thread: the file is only ever read here.
    bool readChunk(qint64 index, QByteArray* cipher)
    {
        const qint64 length = plainLength(index) + kTag;
        cipher->resize(length);
        return m_file->seek(kHeader + index * (ContentFiles::kChunk + kTag))
            && m_file->read(cipher->data(), length) == length;
    }

    bool decrypt(qint64 index, QByteArray cipher, QByteArray* plain) const
    {
        const qint64 length = plainLength(index);
        plain->resize(length);
        return crypt(false, m_key, nonceFor(m_header, quint32(index)), m_aad + QByteArray::number(index),
            cipher.constData(), int(length), plain->data(), cipher.data() + length);
    }

public:
protected:
    qint64 readData(char* data, qint64 max) override
    {
        const qint64 at = m_offset + pos();
        const qint64 left = m_offset + m_length - at;
        if (left <= 0)
            return 0;
        if (m_key.isEmpty()) { // a plaintext server's file
            if (!m_file->seek(at))
                return -1;
            return m_file->read(data, qMin(max, left));
        }
        // As much as asked for, across chunks: readAll() reads once.
        qint64 done = 0;
        while (done < qMin(max, left)) {
            const qint64 index = (at + done) / ContentFiles::kChunk;
            if (!load(index))
                return done > 0 ? done : -1;
            const qint64 within = at + done - index * ContentFiles::kChunk;
            const qint64 n = qMin(qMin(max, left) - done, qint64(m_plain.size()) - within);
            memcpy(data + done, m_plain.constData() + within, size_t(n));
            done += n;
        }
        return done;
    }
    qint64 writeData(const char*, qint64) override { return -1; }

private:
    std::unique_ptr<QFile> m_file;
    QByteArray m_key, m_header, m_aad;
    qint64 m_size, m_offset, m_length;
    QByteArray m_plain;
    qint64 m_loaded = -1;
    QByteArray m_aheadCipher, m_aheadPlain;
    qint64 m_aheadIndex = -1;
    std::future<bool> m_ahead; // last member: waited for before the buffers it writes go
};

} // namespace

Result<std::unique_ptr<QIODevice>> ContentFiles::open(
    const QString& documentId, qint64 offset, qint64 length, int generation) const
{
    auto file = std::make_unique<QFile>(pathOf(documentId, generation));
    if (!file->open(QIODevice::ReadOnly))
        return Error { Error::Io, tr("The document's stored file is missing."), file->errorString() };
    const Error damaged { Error::Corrupt, tr("The document's stored file is damaged or does not belong to it."),
        documentId };
    if (m_key.isEmpty()) {
        const qint64 size = file->size();
        if (offset < 0 || length < 0 || offset + length > size)
            return damaged;
        return std::unique_ptr<QIODevice>(new ChunkDevice(std::move(file), {}, {}, {}, size, offset, length));
    }
    const QByteArray header = file->read(kHeader);
    if (header.size() != kHeader || memcmp(header.constData(), kMagic, 4) != 0 || header.at(4) != 1)
        return damaged;
    const qint64 size = qint64(qFromLittleEndian<quint64>(header.constData() + 16));
    const qint64 chunks = size == 0 ? 1 : (size + kChunk - 1) / kChunk;
    if (size < 0 || file->size() != kHeader + size + chunks * kTag || offset < 0 || length < 0
        || offset + length > size)
        return damaged;
    auto device = std::make_unique<ChunkDevice>(
        std::move(file), m_key, header, header + documentId.toUtf8(), size, offset, length);
    const qint64 first = qMin(offset, qMax<qint64>(0, size - 1)) / kChunk;
    if (!device->load(first)) {
        // A file not re-encrypted yet by an unfinished key rotation: the same file, the old key.
        if (m_previousKey.isEmpty())
            return damaged;
        device->setKey(m_previousKey);
        if (!device->load(first))
            return damaged;
    }
    return std::unique_ptr<QIODevice>(std::move(device));
}

ContentFiles::ContentFiles(QString folder, QByteArray key)
    : m_folder(std::move(folder))
    , m_key(std::move(key))
{
    QDir().mkpath(m_folder);
    QFile::setPermissions(m_folder, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
}

ContentFiles::ContentFiles(QString folder, QByteArray key, QByteArray previousKey)
    : ContentFiles(std::move(folder), std::move(key))
{
    m_previousKey = std::move(previousKey);
}

ContentFiles::~ContentFiles()
{
    m_key.fill('\0');
    m_previousKey.fill('\0');
}

QString ContentFiles::fileName(const QString& documentId, int generation)
{
    return generation <= 1 ? documentId + QStringLiteral(".cdc")
                           : documentId + QLatin1Char('~') + QString::number(generation) + QStringLiteral(".cdc");
}

QString ContentFiles::pathOf(const QString& documentId, int generation) const
{
    return m_folder + QLatin1Char('/') + fileName(documentId, generation);
}

int ContentFiles::freeGeneration(const QString& documentId, int avoid) const
{
    int generation = 1;
    while (generation == avoid || QFile::exists(pathOf(documentId, generation)))
        ++generation;
    return generation;
}

void ContentFiles::remove(const QString& documentId, int generation)
{
    removeExact(documentId, { fileName(documentId, generation) });
}

void ContentFiles::removeAllBut(const QString& documentId, int keep)
{
    // freeGeneration() takes the lowest free number, so a document's files stay within a few
    // numbers of the one its row names. Anything beyond (only after several crashes in a row) is
    // left to the unlock sweep.
    QStringList names;
    for (int generation = 1; generation <= qMax(keep, 1) + 4; ++generation)
        if (generation != keep)
            names << fileName(documentId, generation);
    removeExact(documentId, names);
}

void ContentFiles::removeExact(const QString& documentId, const QStringList& names)
{
    // On a file system that ignores case (NTFS, APFS by default) "<ID>.cdc" of another document is
    // the same file as "<id>.cdc": only a name the folder lists in exactly this spelling is
    // removed. A stat() first, so that the folder is listed only when there is something to remove.
    auto exists = [this](const QString& n) { return QFile::exists(m_folder + QLatin1Char('/') + n); };
    if (std::none_of(names.cbegin(), names.cend(), exists))
        return;
    const QDir dir(
        m_folder, documentId + QLatin1Char('*'), QDir::NoSort, QDir::Files | QDir::Hidden | QDir::CaseSensitive);
    const QStringList listed = dir.entryList();
    for (const QString& n : names)
        if (listed.contains(n, Qt::CaseSensitive))
            QFile::remove(m_folder + QLatin1Char('/') + n);
}

Result<std::unique_ptr<ContentFiles::Writer>> ContentFiles::create(
    const QString& documentId, qint64 size, int generation) const
{
    if (size < 0)
        return Error { Error::Invalid, tr("The document could not be stored."), QStringLiteral("negative size") };
    std::unique_ptr<Writer> w(new Writer);
    w->m_file = std::make_unique<QSaveFile>(pathOf(documentId, generation));
    if (!w->m_file->open(QIODevice::WriteOnly))
        return Error { Error::Io, tr("The document could not be stored."), w->m_file->errorString() };
    w->m_documentId = documentId;
    w->m_size = size;
    if (m_key.isEmpty())
        return w;
    w->m_key = m_key;
    w->m_header = QByteArray(kHeader, '\0');
    memcpy(w->m_header.data(), kMagic, 4);
    w->m_header[4] = 1;
    if (RAND_bytes(reinterpret_cast<unsigned char*>(w->m_header.data() + 8), 8) != 1)
        return Error { Error::Io, tr("No random numbers for the document's encryption."), {} };
    qToLittleEndian(quint64(size), w->m_header.data() + 16);
    w->m_aad = w->m_header + documentId.toUtf8();
    w->m_buffer.reserve(kChunk);
    w->m_out.resize(kChunk + kTag);
    if (w->m_file->write(w->m_header) != kHeader)
        return Error { Error::Io, tr("The document could not be stored (is the disk full?)."),
            w->m_file->errorString() };
    return w;
}

ContentFiles::Writer::~Writer()
{
    if (m_file)
        m_file->cancelWriting();
    m_key.fill('\0');
}

Status ContentFiles::Writer::sealChunk()
{
    const int length = int(m_buffer.size());
    if (!crypt(true, m_key, nonceFor(m_header, m_chunk), m_aad + QByteArray::number(m_chunk), m_buffer.constData(),
            length, m_out.data(), m_out.data() + length))
        return Error { Error::Io, tr("The document could not be encrypted."), {} };
    if (m_file->write(m_out.constData(), length + kTag) != length + kTag)
        return Error { Error::Io, tr("The document could not be stored (is the disk full?)."), m_file->errorString() };
    ++m_chunk;
    m_buffer.clear();
    return {};
}

Status ContentFiles::Writer::write(const char* data, qint64 length)
{
    if (!m_file)
        return Error { Error::Io, tr("The document could not be stored."), QStringLiteral("writer already closed") };
    if (m_written + length > m_size)
        return Error { Error::Invalid, tr("The document is larger than announced and was not stored."),
            QStringLiteral("%1: more than %2 bytes").arg(m_documentId).arg(m_size) };
    m_written += length;
    if (m_key.isEmpty()) {
        if (m_file->write(data, length) != length)
            return Error { Error::Io, tr("The document could not be stored (is the disk full?)."),
                m_file->errorString() };
        return {};
    }
    while (length > 0) {
        const qint64 take = qMin(length, kChunk - qint64(m_buffer.size()));
        m_buffer.append(data, take);
        data += take;
        length -= take;
        if (m_buffer.size() == kChunk)
            if (Status s = sealChunk(); !s)
                return s;
    }
    return {};
}

Status ContentFiles::Writer::commit()
{
    if (!m_file)
        return Error { Error::Io, tr("The document could not be stored."), QStringLiteral("writer already closed") };
    if (m_written != m_size)
        return Error { Error::Invalid, tr("The document is smaller than announced and was not stored."),
            QStringLiteral("%1: %2 of %3 bytes").arg(m_documentId).arg(m_written).arg(m_size) };
    // The last, shorter chunk; an empty document is one empty chunk (its tag still checks the header).
    if (!m_key.isEmpty() && (!m_buffer.isEmpty() || m_size == 0))
        if (Status s = sealChunk(); !s)
            return s;
    const bool committed = m_file->commit(); // flushes, syncs to disk, renames into place
    const QString why = m_file->errorString();
    m_file.reset();
    if (!committed)
        return Error { Error::Io, tr("The document could not be stored (is the disk full?)."), why };
    return {};
}

Status ContentFiles::write(const QString& documentId, const QByteArray& bytes)
{
    auto w = create(documentId, bytes.size());
    if (!w)
        return w.error();
    if (Status s = w.value()->write(bytes); !s)
        return s;
    return w.value()->commit();
}

int ContentFiles::sweep(const QSet<QString>& keep)
{
    int removed = 0;
    const QFileInfoList entries = QDir(m_folder).entryInfoList(QDir::Files | QDir::Hidden | QDir::System);
    for (const QFileInfo& f : entries) {
        const QString name = f.fileName();
        const bool ours = name.endsWith(QLatin1String(".cdc")) && keep.contains(name);
        if (!ours && QFile::remove(f.filePath()))
            ++removed;
    }
    return removed;
}

Result<bool> ContentFiles::reencrypt(const QString& documentId, int generation) const
{
    if (m_key.isEmpty() || m_previousKey.isEmpty())
        return false;
    qint64 size = 0;
    {
        QFile file(pathOf(documentId, generation));
        if (!file.open(QIODevice::ReadOnly))
            return Error { Error::NotFound, tr("The document's stored file is missing."), documentId };
        const QByteArray header = file.read(kHeader);
        if (header.size() != kHeader || memcmp(header.constData(), kMagic, 4) != 0)
            return Error { Error::Corrupt, tr("The document's stored file is damaged or does not belong to it."),
                documentId };
        size = qint64(qFromLittleEndian<quint64>(header.constData() + 16));
    }
    {
        const ContentFiles current(m_folder, m_key); // no fallback: is it under the new key?
        if (current.open(documentId, 0, 0, generation))
            return false;
    }
    // Unreadable (Corrupt, NotFound) only when the first chunk opens under neither key: a file
    // that opens and then fails further on is not "lost already"; the caller must stop and keep
    // the previous key (Io below).
    auto device = open(documentId, 0, size, generation); // under the previous key
    if (!device)
        return device.error();
    auto writer = create(documentId, size, generation);
    if (!writer)
        return writer.error();
    QByteArray buffer(kChunk, Qt::Uninitialized);
    for (qint64 left = size; left > 0;) {
        const qint64 n = device.value()->read(buffer.data(), qMin<qint64>(left, kChunk));
        if (n != qMin<qint64>(left, kChunk))
            return Error { Error::Io, tr("The document's stored file is damaged."),
                QStringLiteral("%1: read failed at byte %2: %3")
                    .arg(documentId)
                    .arg(size - left)
                    .arg(device.value()->errorString()) };
        if (Status s = writer.value()->write(buffer.constData(), n); !s)
            return s.error();
        left -= n;
    }
    buffer.fill('\0');
    device.value().reset(); // closed before it is replaced (Windows cannot rename over an open file)
    if (Status s = writer.value()->commit(); !s)
        return s.error();
    return true;
}

Status ContentFiles::syncFolder() const
{
#ifdef Q_OS_UNIX
    const int fd = ::open(QFile::encodeName(m_folder).constData(), O_RDONLY | O_DIRECTORY);
    if (fd < 0)
        return Error { Error::Io, tr("The document folder could not be written to disk."),
            QString::fromLocal8Bit(strerror(errno)) };
    const bool ok = ::fsync(fd) == 0;
    const int why = errno;
    ::close(fd);
    if (!ok)
        return Error { Error::Io, tr("The document folder could not be written to disk."),
            QString::fromLocal8Bit(strerror(why)) };
#endif
    return {}; // Windows has no fsync of a folder; NTFS journals the rename itself
}

} // namespace clerk
