# cmake -DBENCH=<14-work-stealing> -P bench_json_check.cmake
#
# `bench --n 2000 --json` must print exactly one line on stdout:
#   {"runs":[{"bench":...,"impl":...,"workers":N,"n":N,"ns_per_op":X}, ...]}
# with one object per row x impl (5 x 4 on 2 workers), and nothing else.
# Bad options must exit 2 with a message; --help must exit 0 with usage.
execute_process(COMMAND ${BENCH} bench --n 2000 --json
  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "bench --n 2000 --json exited ${rc}\n${err}")
endif()
set(num "[0-9]+")
set(obj "{\"bench\":\"(spawn-from-task|spawn-from-outside|ping-pong|yield-many|chained-spawn)\",\"impl\":\"(ours-st|ours-mt|pthread-pool)\",\"workers\":${num},\"n\":${num},\"ns_per_op\":${num}\\.${num}}")
if(NOT out MATCHES "^{\"runs\":\\[${obj}(,${obj})*\\]}\n$")
  message(FATAL_ERROR "not the JSON shape (or more than it on stdout):\n${out}")
endif()
string(REGEX MATCHALL "\"bench\":" objects "${out}")
list(LENGTH objects count)
if(NOT count EQUAL 20)
  message(FATAL_ERROR "expected 20 runs (5 rows x ours-st, ours-mt on 2 and 1, pthread-pool), got ${count}")
endif()
foreach(want "\"impl\":\"ours-mt\",\"workers\":1" "\"impl\":\"ours-mt\",\"workers\":2"
             "\"bench\":\"chained-spawn\",\"impl\":\"pthread-pool\"")
  if(NOT out MATCHES "${want}")
    message(FATAL_ERROR "no run with ${want}:\n${out}")
  endif()
endforeach()

execute_process(COMMAND ${BENCH} bench --only ping-pong --n 2000 --json OUTPUT_VARIABLE out RESULT_VARIABLE rc
  ERROR_QUIET)
string(REGEX MATCHALL "\"bench\":\"ping-pong\"" objects "${out}")
list(LENGTH objects count)
if(NOT rc EQUAL 0 OR NOT count EQUAL 4 OR out MATCHES "spawn-from")
  message(FATAL_ERROR "--only ping-pong: rc ${rc}, ${count} ping-pong runs:\n${out}")
endif()

foreach(bad "--n;5" "--workers;0" "--only;nope" "--frobnicate" "--n")
  execute_process(COMMAND ${BENCH} bench ${bad} OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(NOT rc EQUAL 2 OR err STREQUAL "")
    message(FATAL_ERROR "bench ${bad}: expected exit 2 and a message, got ${rc}: '${err}'")
  endif()
endforeach()

execute_process(COMMAND ${BENCH} bench --help OUTPUT_VARIABLE out RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR NOT out MATCHES "^usage: 14-work-stealing bench \\[--json\\] \\[--workers N\\] \\[--only ROW\\] \\[--n N\\]")
  message(FATAL_ERROR "bench --help: rc ${rc}\n${out}")
endif()
message(STATUS "bench JSON shape and options: ok")
