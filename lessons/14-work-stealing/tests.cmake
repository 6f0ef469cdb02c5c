# Lesson 14's own tests beyond its checks: `bench` (skipped by `all`, it
# takes seconds) runs small and prints the JSON shape the issue fixes; bad
# options exit 2.  Included by lessons/CMakeLists.txt with `name` set.
# Reference builds only, like demo/<lesson>: a learner's checks are the
# exercises'.
if(NOT AC_LEARNER)
  add_test(NAME bench/${name}/json
    COMMAND ${CMAKE_COMMAND} -DBENCH=$<TARGET_FILE:${name}> -P ${dir}/bench_json_check.cmake)
  set_tests_properties(bench/${name}/json PROPERTIES LABELS "${name};bench" TIMEOUT 120)
endif()
