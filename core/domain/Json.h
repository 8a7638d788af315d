// JSON codecs of the domain types, shared by the client and the server. Decoders validate and
// say what is wrong; they never crash on hostile input.
#pragma once

#include "core/Result.h"
#include "core/domain/Domain.h"

#include <QJsonObject>

namespace clerk::json {

QJsonObject encode(const Service& s);
QJsonObject encode(const Request& r);
QJsonObject encode(const Document& d);
QJsonObject encode(const Annotation& a);
QJsonObject encode(const Note& n);
QJsonObject encode(const Mutation& m);
QJsonObject encode(const TimelineEvent& e); // a synced entry, as the changes feed carries it

Result<Service> decodeService(const QJsonObject& o);
Result<Request> decodeRequest(const QJsonObject& o);
Result<Document> decodeDocument(const QJsonObject& o);
Result<Annotation> decodeAnnotation(const QJsonObject& o);
Result<Note> decodeNote(const QJsonObject& o);
Result<Mutation> decodeMutation(const QJsonObject& o);
// A `timeline` item of the changes feed: id (the server's), request, time, actor, code, params.
Result<TimelineEvent> decodeTimelineEntry(const QJsonObject& o);

// An id as the sync API accepts it: [A-Za-z0-9_.:-]{1,80}, no "..".
bool isValidId(const QString& id);

QString stateName(Mutation::State s);
Mutation::State stateFromName(const QString& name);

} // namespace clerk::json
