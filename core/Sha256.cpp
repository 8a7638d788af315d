#include "Sha256.h"

#include <cstdlib>
#include <openssl/evp.h>

namespace clerk {

struct Sha256::Context
{
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    ~Context() { EVP_MD_CTX_free(ctx); }
};

namespace {

void startOver(EVP_MD_CTX* ctx)
{
    // Only fails when out of memory or OpenSSL is broken; a wrong checksum must never follow.
    if (!ctx || EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) != 1)
        std::abort();
}

} // namespace

Sha256::Sha256()
    : d(std::make_unique<Context>())
{
    startOver(d->ctx);
}

Sha256::~Sha256() = default;

void Sha256::addData(QByteArrayView data)
{
    if (!data.isEmpty() && EVP_DigestUpdate(d->ctx, data.data(), size_t(data.size())) != 1)
        std::abort();
}

QByteArray Sha256::result()
{
    QByteArray digest(32, Qt::Uninitialized);
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(d->ctx, reinterpret_cast<unsigned char*>(digest.data()), &length) != 1 || length != 32)
        std::abort();
    startOver(d->ctx);
    return digest;
}

QByteArray Sha256::hash(QByteArrayView data)
{
    Sha256 h;
    h.addData(data);
    return h.result();
}

} // namespace clerk
