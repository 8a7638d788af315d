#include "PageRenderer.h"

#include "core/pdf/PageRaster.h"

#include <QCoreApplication>
#include <QMutex>
#include <QPointer>
#include <QThread>
#include <QTimer>
#include <QWaitCondition>
#include <atomic>
#include <deque>
#include <utility>

namespace clerk {

QString PageRenderer::Key::id() const
{
    return QStringLiteral("%1:%2x%3:%4").arg(page).arg(pixels.width()).arg(pixels.height()).arg(rotation);
}

struct PageRenderer::Shared
{
    struct Job
    {
        quint64 generation;
        QString id;
        int page;
        QSize pixels;
        int rotation;
        bool thumbnail;
    };
    QMutex mutex;
    QWaitCondition wake;
    std::deque<Job> jobs;
    QSet<int> wanted;
    quint64 generation = 0;
    QByteArray pdf; // set with a new generation; the worker loads it
    QString password;
    bool stop = false;
    bool unload = false; // the view was hidden: the worker closes its copy of the document until a job comes
    std::atomic<bool> held { false }; // the worker has its copy loaded (for tests)
};

class PageRenderer::Worker : public QThread
{
public:
    Worker(std::shared_ptr<Shared> shared, PageRenderer* owner)
        : m_shared(std::move(shared))
        , m_owner(owner)
    { }

protected:
    void run() override
    {
        pdf::PageRaster raster;
        quint64 loaded = 0;
        while (true) {
            Shared::Job job;
            QByteArray pdf;
            QString password;
            bool unload = false;
            {
                QMutexLocker lock(&m_shared->mutex);
                while (!m_shared->stop && !nextJob(job)) {
                    unload = std::exchange(m_shared->unload, false) && loaded != 0;
                    if (unload)
                        break;
                    m_shared->wake.wait(&m_shared->mutex);
                }
                if (m_shared->stop)
                    return;
                if (!unload && job.generation != loaded) {
                    pdf = m_shared->pdf;
                    password = m_shared->password;
                }
            }
            if (unload) {
                // PDFium's parsed document with its fonts and decoded pictures, held all day for a
                // tab the clerk does not look at; the next job after the tab shows loads it again.
                raster.close();
                loaded = 0;
                m_shared->held = false;
                continue;
            }
            if (job.generation != loaded) {
                raster.load(pdf, password);
                loaded = job.generation;
                m_shared->held = true;
            }
            const QImage image = raster.render(job.page, job.pixels, job.rotation);
            // Under the mutex: once the renderer has set `stop` in its destructor, nothing more is
            // posted to it (what was posted before goes with it).
            QMutexLocker lock(&m_shared->mutex);
            if (m_shared->stop)
                return;
            QMetaObject::invokeMethod(
                m_owner,
                [owner = m_owner, job, image] {
                    owner->deliver(job.generation, job.id, job.page, job.pixels, job.rotation, job.thumbnail, image);
                },
                Qt::QueuedConnection);
        }
    }

private:
    // Under the mutex: page images that are still wanted first, then thumbnails; stale jobs go.
    bool nextJob(Shared::Job& out)
    {
        auto& jobs = m_shared->jobs;
        for (auto it = jobs.begin(); it != jobs.end();) {
            if (it->generation != m_shared->generation) {
                it = jobs.erase(it);
                continue;
            }
            if (!it->thumbnail && m_shared->wanted.contains(it->page)) {
                out = *it;
                jobs.erase(it);
                return true;
            }
            ++it;
        }
        for (auto it = jobs.begin(); it != jobs.end(); ++it)
            if (it->thumbnail) {
                out = *it;
                jobs.erase(it);
                return true;
            }
        return false; // what is left waits until its page is wanted again
    }

    std::shared_ptr<Shared> m_shared;
    PageRenderer* m_owner;
};

namespace {

const QLatin1String kThumbnailKey("thumb:"); // how a thumbnail job's id starts (a page image's is its cache key)

// Render threads told to stop, deleted when they have ended; those still running when the
// application goes are waited for then.
class StoppedRenderThreads : public QObject
{
public:
    static void adopt(QThread* thread)
    {
        QObject::connect(thread, &QThread::finished, thread, &QObject::deleteLater);
        if (thread->isFinished()) {
            thread->deleteLater();
            return;
        }
        static QPointer<StoppedRenderThreads> self; // (the GUI thread's: renderers live there)
        if (!self && QCoreApplication::instance()) {
            self = new StoppedRenderThreads(QCoreApplication::instance());
            // (The application's loop ends before its windows and widgets go: wait then.)
            QObject::connect(
                QCoreApplication::instance(), &QCoreApplication::aboutToQuit, self, &StoppedRenderThreads::waitAll);
        }
        if (!self) { // no application (its end): wait here
            thread->wait();
            delete thread;
            return;
        }
        self->m_threads.removeAll(nullptr);
        self->m_threads << thread;
    }
    ~StoppedRenderThreads() override { waitAll(); }
    void waitAll()
    {
        for (const QPointer<QThread>& t : std::exchange(m_threads, {}))
            if (t) {
                t->wait();
                delete t.data();
            }
    }

private:
    using QObject::QObject;
    QList<QPointer<QThread>> m_threads;
};

} // namespace

PageRenderer::PageRenderer(QObject* parent)
    : QObject(parent)
    , m_shared(std::make_shared<Shared>())
{
    m_cache.setMaxCost(160 * 1024); // KiB: about 18 A4 pages at 1250 px wide
    m_unload = new QTimer(this);
    m_unload->setSingleShot(true);
    m_unload->setInterval(kUnloadAfterMs);
    connect(m_unload, &QTimer::timeout, this, [this] {
        QMutexLocker lock(&m_shared->mutex);
        m_shared->unload = true;
        m_shared->wake.wakeOne();
    });
    m_worker = new Worker(m_shared, this);
    m_worker->setObjectName(QStringLiteral("clerk-render")); // the thread's name in ps and gdb
    m_worker->start(); // at the window's priority: it holds Qt PDF's lock, which the GUI thread takes too
}

PageRenderer::~PageRenderer()
{
    {
        QMutexLocker lock(&m_shared->mutex);
        m_shared->stop = true;
        m_shared->wake.wakeAll();
    }
    // Not waited for: it may be in the middle of a page, and a low-priority thread on a busy
    // machine may wait long to be scheduled; the GUI thread would wait with it. It ends by itself.
    StoppedRenderThreads::adopt(m_worker);
}

void PageRenderer::setDocument(const QByteArray& pdf, const QString& password)
{
    QMutexLocker lock(&m_shared->mutex);
    m_shared->pdf = pdf;
    m_shared->password = password;
    m_shared->generation = ++m_generation;
    m_shared->jobs.clear();
    m_cache.clear();
    m_queued.clear();
    m_latestOfPage.clear();
}

void PageRenderer::clear()
{
    setDocument({});
}

QImage PageRenderer::image(const Key& key)
{
    if (QImage* img = m_cache.object(key.id()))
        return *img;
    const QString id = key.id();
    if (!m_queued.contains(id) && !key.pixels.isEmpty()) {
        m_queued.insert(id);
        QMutexLocker lock(&m_shared->mutex);
        m_shared->jobs.push_back({ m_generation, id, key.page, key.pixels, key.rotation, false });
        m_shared->wake.wakeOne();
    }
    return {};
}

QImage PageRenderer::anyImage(int page, int rotation) const
{
    const QString id = m_latestOfPage.value(page * 4 + rotation / 90 % 4);
    if (QImage* img = id.isEmpty() ? nullptr : m_cache.object(id))
        return *img;
    return {};
}

void PageRenderer::setWanted(const QSet<int>& wantedPages)
{
    // Hidden, no page is wanted (a zoom or a new layout may still ask): they would be thrown away.
    const QSet<int> pages = m_hidden ? QSet<int>() : wantedPages;
    QMutexLocker lock(&m_shared->mutex);
    m_shared->wanted = pages;
    // Jobs for pages out of view are forgotten here so that they are asked for again later.
    for (auto it = m_shared->jobs.begin(); it != m_shared->jobs.end();) {
        if (!it->thumbnail && !pages.contains(it->page)) {
            m_queued.remove(it->id);
            it = m_shared->jobs.erase(it);
        } else {
            ++it;
        }
    }
    m_shared->wake.wakeOne();
}

void PageRenderer::requestThumbnail(int page, QSize pixels)
{
    const QString id = kThumbnailKey + QStringLiteral("%1:%2x%3").arg(page).arg(pixels.width()).arg(pixels.height());
    if (m_hidden || pixels.isEmpty() || m_queued.contains(id))
        return;
    m_queued.insert(id);
    QMutexLocker lock(&m_shared->mutex);
    m_shared->jobs.push_back({ m_generation, id, page, pixels, 0, true });
    m_shared->wake.wakeOne();
}

void PageRenderer::deliver(
    quint64 generation, const QString& id, int page, QSize pixels, int rotation, bool thumb, const QImage& image)
{
    if (generation != m_generation)
        return;
    m_queued.remove(id);
    if (image.isNull())
        return;
    ++m_done;
    if (m_hidden)
        return; // (asked for before the view was hidden)
    if (thumb) {
        Q_EMIT thumbnailRendered(page, pixels, image); // as asked for; not kept here: the receiver keeps it
        return;
    }
    m_cache.insert(id, new QImage(image), qMax<qsizetype>(1, image.sizeInBytes() / 1024));
    m_latestOfPage.insert(page * 4 + rotation / 90 % 4, id);
    Q_EMIT pageRendered(page);
}

void PageRenderer::setHidden(bool hidden)
{
    m_hidden = hidden;
    if (!hidden) {
        m_unload->stop();
        QMutexLocker lock(&m_shared->mutex);
        m_shared->unload = false; // (shown again before the worker came to it)
        return;
    }
    m_unload->start();
    {
        // Every queued job is dropped (pages and thumbnails); one being rendered is dropped when it
        // arrives (deliver()).
        QMutexLocker lock(&m_shared->mutex);
        m_shared->wanted.clear();
        for (const Shared::Job& job : std::as_const(m_shared->jobs))
            m_queued.remove(job.id);
        m_shared->jobs.clear();
    }
    m_cache.clear();
    m_latestOfPage.clear();
}

void PageRenderer::setUnloadDelay(int ms)
{
    m_unload->setInterval(ms);
}

bool PageRenderer::workerHoldsDocument() const
{
    return m_shared->held;
}

void PageRenderer::setCacheLimit(qint64 bytes)
{
    m_cache.setMaxCost(qMax<qint64>(1024, bytes / 1024));
}

qint64 PageRenderer::cacheBytes() const
{
    return qint64(m_cache.totalCost()) * 1024;
}

} // namespace clerk
