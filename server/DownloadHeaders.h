// The headers of a citizen's document as the API serves it (GET /v1/documents/{id}/content).
#pragma once

#include "core/domain/Domain.h"

#include <QByteArray>
#include <QHttpHeaders>

namespace clerk::server {

// "attachment; filename=…; filename*=UTF-8''…" from the document's title and served type.
QByteArray contentDisposition(const Document& info, const QByteArray& type);
// Content-Disposition and a Content-Security-Policy that lets nothing of the document run.
void addDownloadHeaders(QHttpHeaders& h, const Document& info, const QByteArray& type);

} // namespace clerk::server
