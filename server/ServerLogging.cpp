#include "ServerLogging.h"

Q_LOGGING_CATEGORY(lcServer, "clerk.server", QtInfoMsg)
Q_LOGGING_CATEGORY(lcServerHttp, "clerk.server.http", QtInfoMsg)
