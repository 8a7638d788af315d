# Every library of the stack is looked up here, so that a missing one fails at configure time
# with a message that names the package to install.
include(FindPackageHandleStandardArgs)
find_package(PkgConfig QUIET)

function(clerkdesk_missing what debian_pkg)
    message(FATAL_ERROR
        "ClerkDesk needs ${what}, which was not found.\n"
        "On Debian 13 / Ubuntu 25.04 install the package '${debian_pkg}'; "
        "or let ./dev make its Debian 13 devroot, which has it (./dev setup).")
endfunction()

set(_qt_components Core Gui Widgets Network Concurrent Pdf PdfWidgets HttpServer PrintSupport Svg LinguistTools)
if(CLERKDESK_BUILD_TESTS)
    list(APPEND _qt_components Test)
endif()
find_package(Qt6 6.6 QUIET COMPONENTS Core)
if(NOT Qt6_FOUND)
    clerkdesk_missing("Qt 6.6 or newer" "qt6-base-dev")
endif()
set(_qt_pkg_Pdf qt6-pdf-dev)
set(_qt_pkg_PdfWidgets qt6-pdf-dev)
set(_qt_pkg_HttpServer qt6-httpserver-dev)
set(_qt_pkg_LinguistTools qt6-l10n-tools)
set(_qt_pkg_Svg qt6-svg-dev)
foreach(_c IN LISTS _qt_components)
    find_package(Qt6${_c} QUIET)
    if(NOT Qt6${_c}_FOUND)
        set(_p "${_qt_pkg_${_c}}")
        if(NOT _p)
            set(_p qt6-base-dev)
        endif()
        clerkdesk_missing("Qt 6 module ${_c}" "${_p}")
    endif()
endforeach()
qt_standard_project_setup(REQUIRES 6.6 I18N_SOURCE_LANGUAGE en I18N_TRANSLATED_LANGUAGES de en)

find_package(KF6Archive QUIET)
if(NOT KF6Archive_FOUND)
    clerkdesk_missing("KDE KArchive (KF6)" "libkf6archive-dev")
endif()

find_package(Qt6Keychain QUIET)
if(NOT Qt6Keychain_FOUND)
    clerkdesk_missing("QtKeychain for Qt 6" "qtkeychain-qt6-dev")
endif()

if(NOT PkgConfig_FOUND)
    clerkdesk_missing("pkg-config" "pkgconf")
endif()
pkg_check_modules(SQLCIPHER QUIET IMPORTED_TARGET sqlcipher)
if(NOT SQLCIPHER_FOUND)
    clerkdesk_missing("SQLCipher 4" "libsqlcipher-dev")
endif()
add_library(ClerkDesk::SQLCipher ALIAS PkgConfig::SQLCIPHER)

pkg_check_modules(QPDF QUIET IMPORTED_TARGET libqpdf)
if(NOT QPDF_FOUND)
    clerkdesk_missing("qpdf" "libqpdf-dev")
endif()
add_library(ClerkDesk::qpdf ALIAS PkgConfig::QPDF)

pkg_check_modules(SODIUM QUIET IMPORTED_TARGET libsodium)
if(NOT SODIUM_FOUND)
    clerkdesk_missing("libsodium" "libsodium-dev")
endif()
add_library(ClerkDesk::sodium ALIAS PkgConfig::SODIUM)

# The city backend's PostgreSQL client (server/PgConnection.cpp).
pkg_check_modules(LIBPQ QUIET IMPORTED_TARGET libpq)
if(NOT LIBPQ_FOUND)
    clerkdesk_missing("libpq" "libpq-dev")
endif()
add_library(ClerkDesk::pq ALIAS PkgConfig::LIBPQ)

pkg_check_modules(LIBXML2 QUIET IMPORTED_TARGET libxml-2.0)
if(NOT LIBXML2_FOUND)
    clerkdesk_missing("libxml2 (XML Schema validation of e-file manifests)" "libxml2-dev")
endif()
add_library(ClerkDesk::libxml2 ALIAS PkgConfig::LIBXML2)

find_package(OpenSSL QUIET COMPONENTS Crypto)
if(NOT OpenSSL_FOUND)
    clerkdesk_missing("OpenSSL (libcrypto)" "libssl-dev")
endif()

message(STATUS "ClerkDesk stack: Qt ${Qt6_VERSION}, KArchive ${KF6Archive_VERSION}, "
               "SQLCipher (SQLite ${SQLCIPHER_VERSION}), qpdf ${QPDF_VERSION}, libsodium ${SODIUM_VERSION}")
