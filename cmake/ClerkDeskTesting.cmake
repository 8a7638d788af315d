# clerkdesk_add_test(NAME name SOURCES ... LIBS ... LABELS ... [GUI] [TIMEOUT s])
# One Qt Test executable per class or feature. Each test carries a label naming its area,
# so that `./dev test -L store` runs one area.
function(clerkdesk_add_test)
    cmake_parse_arguments(T "GUI" "NAME;TIMEOUT" "SOURCES;LIBS;LABELS;ENV" ${ARGN})
    if(NOT T_NAME OR NOT T_SOURCES OR NOT T_LABELS)
        message(FATAL_ERROR "clerkdesk_add_test needs NAME, SOURCES and LABELS")
    endif()
    add_executable(${T_NAME} ${T_SOURCES})
    clerkdesk_warnings(${T_NAME} TEST)
    target_link_libraries(${T_NAME} PRIVATE Qt6::Test ${T_LIBS})
    target_compile_definitions(${T_NAME} PRIVATE
        CLERKDESK_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
        CLERKDESK_BINARY_DIR="${PROJECT_BINARY_DIR}")
    add_test(NAME ${T_NAME} COMMAND ${T_NAME})
    set(_env "QT_QPA_PLATFORM=offscreen" "LC_ALL=C.UTF-8" "QT_LOGGING_RULES=clerk.*.debug=false"
             "ASAN_OPTIONS=detect_leaks=0" ${T_ENV})
    if(NOT T_TIMEOUT)
        set(T_TIMEOUT 300)
    endif()
    set_tests_properties(${T_NAME} PROPERTIES
        LABELS "${T_LABELS}" ENVIRONMENT "${_env}" TIMEOUT ${T_TIMEOUT})
endfunction()

# clerkdesk_add_postgres_run(NAME name LABELS ...): the test `name` once more, against PostgreSQL
# (tests/common/TestPostgres.h starts a cluster of its own): registered as name_pg.
function(clerkdesk_add_postgres_run)
    cmake_parse_arguments(T "" "NAME;TIMEOUT" "LABELS" ${ARGN})
    if(NOT T_TIMEOUT)
        set(T_TIMEOUT 600)
    endif()
    add_test(NAME ${T_NAME}_pg COMMAND ${T_NAME})
    set_tests_properties(${T_NAME}_pg PROPERTIES
        LABELS "${T_LABELS};postgresql" TIMEOUT ${T_TIMEOUT}
        ENVIRONMENT "QT_QPA_PLATFORM=offscreen;LC_ALL=C.UTF-8;QT_LOGGING_RULES=clerk.*.debug=false;ASAN_OPTIONS=detect_leaks=0;CLERKDESK_TEST_STORE=postgresql")
endfunction()
