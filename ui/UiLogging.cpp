#include "UiLogging.h"

Q_LOGGING_CATEGORY(lcUi, "clerk.ui", QtInfoMsg)
