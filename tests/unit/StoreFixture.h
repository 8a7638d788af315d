// The scene of the tst_store_* tests: a fresh scratch folder before every test function, and
// openFresh(), a new encrypted store in it; the passphrase they use, and file contents and hashes
// to compare the files on disk.
#pragma once

#include "core/store/Store.h"

#include <QCryptographicHash>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

namespace clerk::storetest {

inline const QByteArray kPass = QByteArrayLiteral("Korrekt-Pferd-Batterie-42");

inline QByteArray fileHash(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return "<missing>";
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex();
}

inline QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Test classes derive from this; its init() runs before each of their test functions (Qt Test
// finds it through the meta-object).
class StoreFixture : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_dir.reset(new QTemporaryDir);
        m_path = m_dir->filePath(QStringLiteral("profile.db"));
    }

protected:
    Store& openFresh()
    {
        m_store.reset(new Store(m_path));
        const Status s = m_store->create(kPass);
        if (!s)
            qFatal("create failed: %s", qPrintable(s.error().detail));
        return *m_store;
    }
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Store> m_store;
    QString m_path;
};

} // namespace clerk::storetest
