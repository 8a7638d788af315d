#include "Domain.h"

namespace clerk {

bool Service::allows(const QString& from, const QString& to) const
{
    for (const auto& t : transitions)
        if (t.from == from && t.to == to)
            return true;
    return false;
}

QStringList Service::nextStates(const QString& from) const
{
    QStringList out;
    for (const auto& t : transitions)
        if (t.from == from)
            out << t.to;
    return out;
}

} // namespace clerk
