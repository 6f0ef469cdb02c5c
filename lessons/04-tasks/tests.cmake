# Lesson 04's own tests: the deliberate bugs (skipped by `all`) must be
# caught by the sanitizer build they advertise.  Included by
# lessons/CMakeLists.txt with `name` set to 04-tasks.
if(AC_SANITIZE MATCHES "address")
  add_test(NAME sanitizer/${name}/static-bug COMMAND ${name} static-bug)
  set_tests_properties(sanitizer/${name}/static-bug PROPERTIES
    LABELS "${name};sanitizer" TIMEOUT 60
    # exit with ASan's error status rather than abort(): CTest counts a
    # signal as a failure whatever the output says
    ENVIRONMENT "ASAN_OPTIONS=abort_on_error=0"
    PASS_REGULAR_EXPRESSION "AddressSanitizer: stack-use-after-return")
endif()
if(AC_SANITIZE MATCHES "thread")
  add_test(NAME sanitizer/${name}/send-bug COMMAND ${name} send-bug)
  set_tests_properties(sanitizer/${name}/send-bug PROPERTIES
    LABELS "${name};sanitizer" TIMEOUT 60
    PASS_REGULAR_EXPRESSION "ThreadSanitizer: data race")
endif()
