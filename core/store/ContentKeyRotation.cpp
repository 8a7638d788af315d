#include "ContentKeyRotation.h"

#include "ContentFiles.h"
#include "DatabaseAccess.h"
#include "Store.h"
#include "core/Logging.h"

#include <QElapsedTimer>

namespace clerk {

ContentKeyRotation::ContentKeyRotation(Store& store)
{
    if (!store.isUnlocked()) {
        m_prepared = Error { Error::Locked, tr("The local database is locked."), {} };
        return;
    }
    m_files = store.sharedContentFiles();
    if (!m_files || !m_files->rotating())
        return; // nothing to do: run() completes at once
    // Every generation a row names (a replaced document's bytes live in <id>~<n>.cdc).
    auto q = storeConnection(store).query(
        "SELECT id, stored_size, content_file FROM documents WHERE content_file >= 1 ORDER BY id");
    while (q.next()) {
        m_documents.append({ q.text(0), q.int64(1), q.integer(2) });
        m_total += q.int64(1);
    }
    if (q.error())
        m_prepared = q.error();
}

ContentKeyRotation::~ContentKeyRotation() = default;

Status ContentKeyRotation::run(const Progress& progress)
{
    if (!m_prepared)
        return m_prepared;
    QElapsedTimer timer;
    timer.start();
    qint64 done = 0;
    m_rewritten = 0;
    m_unreadable = 0;
    for (const Item& item : std::as_const(m_documents)) {
        auto r = m_files->reencrypt(item.id, item.generation);
        if (r.ok()) {
            m_rewritten += r.value() ? 1 : 0;
        } else if (r.error().code == Error::NotFound || r.error().code == Error::Corrupt) {
            // Cannot be opened under either key before this run (reencrypt() says Corrupt only
            // then): re-encrypting cannot help it, and waiting for it would keep the old key for
            // ever. A read failing further into a file is Io and stops the run below.
            ++m_unreadable;
            qCWarning(lcStore) << "key rotation: document file" << item.id << "unreadable:" << r.error().detail;
        } else {
            qCWarning(lcStore) << "key rotation stopped at" << item.id << ":" << r.error().detail;
            return r.error(); // disk full, permissions: the old key stays, the next run continues
        }
        done += item.size;
        if (progress && !progress(done, m_total)) {
            qCInfo(lcStore) << "key rotation stopped after" << done << "of" << m_total << "bytes";
            return Error { Error::Invalid,
                tr("The re-encryption of the documents was interrupted; it continues the "
                   "next time you unlock ClerkDesk."),
                QStringLiteral("stopped") };
        }
    }
    m_complete = true;
    qCInfo(lcStore) << "key rotation:" << m_documents.size() << "files," << m_rewritten << "rewritten," << m_unreadable
                    << "unreadable," << m_total << "bytes in" << timer.elapsed() << "ms";
    return {};
}

} // namespace clerk
