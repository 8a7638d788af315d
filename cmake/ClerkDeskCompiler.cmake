# Language level, warnings and output folders shared by every target.
set(CMAKE_CXX_STANDARD 20)
set(CMAKE_CXX_STANDARD_REQUIRED ON)
set(CMAKE_CXX_EXTENSIONS OFF)
set(CMAKE_AUTOMOC ON)
set(CMAKE_AUTORCC ON)
set(CMAKE_AUTOUIC OFF)
set(CMAKE_EXPORT_COMPILE_COMMANDS ON)
set(CMAKE_RUNTIME_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}/bin")
set(CMAKE_LIBRARY_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}/lib")
set(CMAKE_ARCHIVE_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}/lib")

find_program(CLERKDESK_CCACHE ccache)
if(CLERKDESK_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
    set(CMAKE_CXX_COMPILER_LAUNCHER "${CLERKDESK_CCACHE}")
endif()

# Warnings for our own targets; call on every target we define.
# Tests may write string literals where a QString is wanted (QT_RESTRICTED_CAST_FROM_ASCII);
# product code spells out QStringLiteral/QLatin1String (QT_NO_CAST_FROM_ASCII).
function(clerkdesk_warnings target)
    cmake_parse_arguments(W "TEST" "" "" ${ARGN})
    if(MSVC)
        target_compile_options(${target} PRIVATE /W4 /permissive-)
    else()
        target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
    endif()
    if(W_TEST)
        target_compile_definitions(${target} PRIVATE QT_RESTRICTED_CAST_FROM_ASCII)
    else()
        target_compile_definitions(${target} PRIVATE QT_NO_CAST_FROM_ASCII)
    endif()
    target_compile_definitions(${target} PRIVATE
        QT_NO_CAST_TO_ASCII QT_NO_URL_CAST_FROM_STRING
        QT_NO_NARROWING_CONVERSIONS_IN_CONNECT QT_NO_KEYWORDS
        QT_DISABLE_DEPRECATED_UP_TO=0x060600)
endfunction()
