// Why the city backend refused a change (or did not apply it), in the clerk's language: worded
// from the reason code and parameters the server sent (core/domain/Refusal), at the time it is
// shown, so a change of language rewords it too.
#pragma once

#include "core/domain/Domain.h"

#include <QCoreApplication>
#include <QString>

namespace clerk {

struct Refusal;

class RefusalNames
{
    Q_DECLARE_TR_FUNCTIONS(clerk::RefusalNames)
public:
    // The change's last error in words: a coded refusal worded from its code; a reason this
    // client does not know, or one without the parameters it needs, by the server's own words;
    // a plain message (a failed send, an older server's answer) as it is.
    static QString text(const Mutation& m);
    static QString text(const Refusal& r);
};

} // namespace clerk
