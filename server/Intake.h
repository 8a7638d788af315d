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

// The document types intake accepts (PDF, JPEG, PNG, TIFF, plain text, XML). Returns the type the
// server stores and serves for an attachment whose part declared `declared`: lower-case, without
// parameters except a known text charset, `text/xml` as `application/xml`. Error::Unsupported when
// the declared type is not on the list, Error::Invalid when the bytes do not start like that type
// (PDF `%PDF-`, JPEG FF D8 FF, the PNG signature, TIFF `II*\0`/`MM\0*`, XML `<`, text without NUL).
Result<QByteArray> checkedDocumentType(const QByteArray& declared, const QByteArray& data);
// True for a type checkedDocumentType() can return: what the document download may serve.
bool isServedDocumentType(const QByteArray& type);

} // namespace clerk::server::intake
