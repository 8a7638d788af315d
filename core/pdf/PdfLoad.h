// Loads a QPdfDocument from a device that holds the whole file (a QBuffer or a QFile). Qt PDF
// reads such a device at once, inside load(): nothing is waited for, and no event loop runs here,
// so this is safe on any thread and inside any slot. A device that is not all there (a socket, a
// network reply) would load later, by signal; it is refused instead of waited for.
#pragma once

#include <QIODevice>
#include <QPdfDocument>

namespace clerk::pdf {

// True when the document is ready; on false, doc.error() says why. (The third parameter is
// what a timeout was when this waited in a nested event loop; it waits no more.)
inline bool loadAndWait(QPdfDocument& doc, QIODevice* device, int = 0)
{
    if (!device || device->isSequential())
        return false;
    doc.load(device);
    if (doc.status() == QPdfDocument::Status::Loading) {
        doc.close(); // not all there: see above
        return false;
    }
    return doc.status() == QPdfDocument::Status::Ready;
}

} // namespace clerk::pdf
