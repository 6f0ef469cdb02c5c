# Lesson 14's own tests beyond its checks: `bench` (skipped by `all`, it
# takes seconds) runs small and prints the JSON shape the issue fixes; bad
# options exit 2.  Included by lessons/CMakeLists.txt with `name` set.
add_test(NAME bench/${name}/json
  COMMAND ${CMAKE_COMMAND} -DBENCH=$<TARGET_FILE:${name}> -P ${dir}/bench_json_check.cmake)
set_tests_properties(bench/${name}/json PROPERTIES LABELS "${name};bench" TIMEOUT 120)
