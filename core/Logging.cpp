#include "Logging.h"

Q_LOGGING_CATEGORY(lcCore, "clerk.core", QtInfoMsg)
Q_LOGGING_CATEGORY(lcStore, "clerk.core.store", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSync, "clerk.sync", QtInfoMsg)
Q_LOGGING_CATEGORY(lcPdf, "clerk.core.pdf", QtInfoMsg)
Q_LOGGING_CATEGORY(lcArchive, "clerk.core.archive", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSettings, "clerk.core.settings", QtInfoMsg)
