// Loads a QPdfDocument from a device and waits for it (Qt PDF reports readiness by signal).
#pragma once

#include <QEventLoop>
#include <QPdfDocument>
#include <QTimer>

namespace clerk::pdf {

// True when the document is ready; on false, doc.error() says why.
inline bool loadAndWait(QPdfDocument& doc, QIODevice* device, int timeoutMs = 30000)
{
    QEventLoop loop;
    auto c = QObject::connect(&doc, &QPdfDocument::statusChanged, &loop, [&loop](QPdfDocument::Status s) {
        if (s == QPdfDocument::Status::Ready || s == QPdfDocument::Status::Error)
            loop.quit();
    });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    doc.load(device);
    if (doc.status() == QPdfDocument::Status::Loading)
        loop.exec();
    QObject::disconnect(c);
    return doc.status() == QPdfDocument::Status::Ready;
}

} // namespace clerk::pdf
