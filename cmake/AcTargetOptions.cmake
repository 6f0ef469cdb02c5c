# The compile and link options of the project's own targets, kept off the
# global flags so that they reach only code we wrote (not what find_package
# brings in):
#
#   ac_target_options(<target>)   link ac_options into <target> and turn on
#                                 link-time optimisation where it applies
#
# Every add_library / add_executable of the project calls it.

add_library(ac_options INTERFACE)
target_compile_definitions(ac_options INTERFACE _GNU_SOURCE)
target_compile_options(ac_options INTERFACE
  -Wall -Wextra -Wshadow -Wstrict-prototypes
  $<$<BOOL:${AC_WERROR}>:-Werror>
  # __FILE__ relative to the checkout: stub messages name lessons/NN/...
  "-fmacro-prefix-map=${PROJECT_SOURCE_DIR}/=")

set(AC_USE_IPO OFF)
if(AC_SANITIZE)
  target_compile_options(ac_options INTERFACE
    -fsanitize=${AC_SANITIZE} -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_link_options(ac_options INTERFACE -fsanitize=${AC_SANITIZE})
elseif(NOT CMAKE_BUILD_TYPE STREQUAL "Debug")
  # Call libc through the GOT directly instead of a PLT stub: one jump
  # fewer on every read, send and epoll_wait of the hot path.
  target_compile_options(ac_options INTERFACE -fno-plt)
  # Link-time optimisation: the runtime is many small functions in small
  # files (one job each, for the reader); LTO lets the compiler inline
  # across them on the hot path (poll -> read -> arm -> slot).
  include(CheckIPOSupported)
  check_ipo_supported(RESULT AC_USE_IPO OUTPUT ipo_why LANGUAGES C)
endif()

function(ac_target_options target)
  target_link_libraries(${target} PRIVATE ac_options)
  if(AC_USE_IPO)
    set_property(TARGET ${target} PROPERTY INTERPROCEDURAL_OPTIMIZATION ON)
  endif()
endfunction()
