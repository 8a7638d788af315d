// The views of the unified inbox as the core knows them: the kind (mine, team, unassigned,
// overdue, due soon, all, flagged, or one service, status or channel) and its parameter. The
// models' ViewsModel uses these types under its own names.
#pragma once

#include <QString>

namespace clerk::inbox {

enum class View { Mine, Team, Unassigned, Overdue, DueSoon, All, Flagged, Service, StatusIs, Channel, Saved, Section };

// A view with its parameter: the service id, status key, channel key, or saved search text.
struct ViewSpec
{
    View kind = View::All;
    QString param;
    bool operator==(const ViewSpec& o) const { return kind == o.kind && param == o.param; }
};

// A key for hashing a spec ("kind|param").
inline QString keyOf(const ViewSpec& spec)
{
    return QString::number(int(spec.kind)) + QLatin1Char('|') + spec.param;
}

} // namespace clerk::inbox
