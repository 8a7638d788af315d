// Renders PDF pages off the GUI thread, into a bounded cache. One render thread (PDFium
// serialises anyway; measured: a second thread gains nothing on text PDFs), with its own
// pdf::PageRaster (Qt PDF, plus the direct path for scanned pages) on the same bytes in memory. The view says which
// pages it shows (setWanted); a queued page that scrolled out of view is skipped, not rendered. Page images come first,
// thumbnails after.
#pragma once

#include <QCache>
#include <QImage>
#include <QObject>
#include <QSet>
#include <QSize>
#include <memory>

class QTimer;

namespace clerk {

class PageRenderer : public QObject
{
    Q_OBJECT
public:
    struct Key
    {
        int page = 0;
        QSize pixels;
        int rotation = 0; // the viewer's rotation, degrees clockwise
        QString id() const;
    };

    explicit PageRenderer(QObject* parent = nullptr);
    ~PageRenderer() override;

    // A new document (bytes shared with the render thread; the password of a protected one).
    // Forgets every cached image.
    void setDocument(const QByteArray& pdf, const QString& password = {});
    void clear();

    // The image for exactly this key if cached; otherwise null, and it is queued (once).
    QImage image(const Key& key);
    // Any cached image of the page in that rotation (a placeholder while the right size renders).
    QImage anyImage(int page, int rotation) const;
    // The pages on screen now: only these page images are rendered from the queue.
    void setWanted(const QSet<int>& pages);
    // Renders a small picture of the page for the thumbnail list (asked for once until it came, and
    // not while hidden): it comes with thumbnailRendered, and the receiver keeps it (the side panel,
    // as its icon); this renderer does not.
    void requestThumbnail(int page, QSize pixels);

    // While the view is hidden (a document in a tab the clerk is not looking at) no picture is
    // kept or rendered: a page image is megabytes (an A4 page 1,240 px wide: 8.7 MiB), eight open
    // documents held 86 MiB of pictures nobody saw; the side panel drops its thumbnails too. They
    // render again when it shows. Hidden for kUnloadAfterMs, the render thread closes its copy of the
    // document (PDFium's parse of it, its fonts and pictures) and loads it again for the first page
    // asked for after; not at once: a clerk going to the inbox and back (Ctrl+1) would have it parsed
    // again each time.
    void setHidden(bool hidden);
    static constexpr int kUnloadAfterMs = 30 * 1000;
    void setUnloadDelay(int ms); // (for tests)
    bool workerHoldsDocument() const; // (for tests)
    void setCacheLimit(qint64 bytes);
    qint64 cacheBytes() const; // the page images kept (thumbnails are not kept here)
    int rendersDone() const { return m_done; }

Q_SIGNALS:
    void pageRendered(int page);
    void thumbnailRendered(int page, QSize pixels, const QImage& image); // `pixels`: as asked for

private:
    struct Shared;
    class Worker;
    void deliver(
        quint64 generation, const QString& id, int page, QSize pixels, int rotation, bool thumb, const QImage& image);

    std::shared_ptr<Shared> m_shared;
    Worker* m_worker = nullptr;
    QCache<QString, QImage> m_cache; // cost: KiB
    QSet<QString> m_queued;
    QHash<int, QString> m_latestOfPage; // page*4+rotation/90 → cache key of its newest image
    QTimer* m_unload = nullptr;
    quint64 m_generation = 0;
    int m_done = 0;
    bool m_hidden = false;
};

} // namespace clerk
