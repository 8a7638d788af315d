// Intake: a request filed by the online portal, checked against its service's form schema, with
// its due date from the legal deadline in Baden-Württemberg working days, and the application
// summary PDF that the e-file starts with.
#pragma once

#include "core/Result.h"
#include "core/domain/Domain.h"

#include <QJsonObject>

namespace clerk::server::intake {

Result<Request> buildRequest(const Service& service, const QJsonObject& payload, const QDateTime& now);
QByteArray applicationSummaryPdf(const Service& service, const Request& request);

} // namespace clerk::server::intake
