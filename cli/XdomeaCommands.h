// clerkdesk-cli's xdomea commands (see XdomeaCommands.cpp).
#pragma once

#include <QStringList>
#include <functional>
#include <memory>

namespace clerk {
class Store;
namespace cli {

// The profile named by --db, unlocked with the passphrase from CLERKDESK_PASSPHRASE or stdin;
// nullptr with the exit code in `rc` when it cannot be.
using OpenProfile = std::function<std::unique_ptr<Store>(int* rc)>;

// "efile export --format xdomea --db PROFILE --request REF [--request REF …] --out DIR
//  --receiver NAME [--receiver-id PREFIX:KEY] [--receiver-short NAME]" (`args` after "export",
// --db already taken); returns the exit code.
int runXdomeaExport(QStringList args, const OpenProfile& openProfile);

// True when `path` is an xdomea message: a ZIP holding "{ProzessID}_<Nachricht>.xml", or such an
// XML file itself (its namespace says so).
bool looksLikeXdomea(const QString& path);

// "efile verify FILE" for an xdomea message: version, message type, ProzessID, sender, objects
// and documents (in a ZIP: each checked to be there); returns the exit code.
int runXdomeaVerify(const QString& path);

} // namespace cli
} // namespace clerk
