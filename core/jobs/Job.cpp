#include "Job.h"

#include "core/Logging.h"

#include <algorithm>

namespace clerk {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(clerk::Job)
};
} // namespace

Job::Job(QString title, QObject* parent)
    : QObject(parent)
    , m_title(std::move(title))
{ }

Job::~Job() = default;

Error Job::cancelledError()
{
    return { Error::Cancelled, Tr::tr("Cancelled; nothing was written."), QStringLiteral("cancelled") };
}

bool Job::step(qint64 done, qint64 total, const QString& text)
{
    const int percent = total > 0 ? int(std::clamp<qint64>(done * 100 / total, 0, 100)) : 0;
    if (percent != m_percent || text != m_text) {
        m_percent = percent;
        if (!text.isEmpty())
            m_text = text;
        Q_EMIT progressed(percent, m_text);
    }
    return !isCancelled();
}

void Job::execute()
{
    if (isCancelled()) { // cancelled before it started: nothing to undo
        m_status = cancelledError();
        return;
    }
    m_status = run();
    if (!m_status && !isCancelled())
        qCInfo(lcCore) << "job failed:" << m_title << m_status.error().detail;
}

void Job::markFinished()
{
    m_finished = true;
    Q_EMIT finished();
}

} // namespace clerk
