# vigil_add_test(NAME SOURCES ... LIBS ... [GUI] [TIMEOUT s] [LABELS ...])
# One QtTest executable per feature, registered with CTest. GUI tests run on the offscreen platform.
function(vigil_add_test name)
    cmake_parse_arguments(ARG "GUI" "TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
    add_executable(${name} ${ARG_SOURCES})
    target_link_libraries(${name} PRIVATE vigil_common_cfg Qt6::Test ${ARG_LIBS})
    add_test(NAME ${name} COMMAND ${name})
    set(env "TZ=UTC" "LC_ALL=C.UTF-8" "QT_QPA_PLATFORM=offscreen"
            "VIGILD_BIN=$<TARGET_FILE:vigild>")
    if(NOT ARG_TIMEOUT)
        set(ARG_TIMEOUT 300)
    endif()
    set_tests_properties(${name} PROPERTIES ENVIRONMENT "${env}" TIMEOUT ${ARG_TIMEOUT}
                         LABELS "${ARG_LABELS}")
endfunction()
