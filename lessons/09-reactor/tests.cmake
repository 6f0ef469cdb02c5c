# Lesson 09's own test: the twin reactor itself (what the exercise checks
# cannot see: what it tells epoll).  Included by lessons/CMakeLists.txt
# with `name` set to 09-reactor; reference builds only.
if(NOT AC_LEARNER)
  add_executable(test-${name}-twin ${PROJECT_SOURCE_DIR}/tests/lessons/${name}-twin.c)
  target_link_libraries(test-${name}-twin PRIVATE lesson-${name}-exercises PkgConfig::CMOCKA)
  add_test(NAME ${name}/twin_reactor COMMAND test-${name}-twin)
  set_tests_properties(${name}/twin_reactor PROPERTIES LABELS "${name};twin" TIMEOUT 20)
endif()
