// SHA-256 through OpenSSL's EVP interface. QCryptographicHash computes it in portable C (~130 MB/s
// here); OpenSSL uses the CPU's SHA extensions where there are some (~1.5 GB/s), which is what
// checksumming every document on download, export and import needs.
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <memory>

namespace clerk {

class Sha256
{
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;

    void addData(QByteArrayView data);
    // The 32-byte digest; the hash starts over afterwards.
    QByteArray result();
    QByteArray hexResult() { return result().toHex(); }

    static QByteArray hash(QByteArrayView data);
    static QByteArray hexHash(QByteArrayView data) { return hash(data).toHex(); }

private:
    struct Context;
    std::unique_ptr<Context> d;
};

} // namespace clerk
