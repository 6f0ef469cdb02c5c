/*
 * Exercise 3: rt_require_drivers - a missing driver says its name.
 *
 *   cfg {enable_io true, enable_time false}, needs RT_NEEDS_TIME
 *     -> -ENOTSUP, "no time driver: set enable_time = true"
 *
 * Check it:  ./course check 16/ex3   (or: ctest --preset learner -R 16-runtime-architecture/ex3)
 * Hints:     exercises/HINTS.md, "Exercise 3"
 */
#include <errno.h>
#include <stdio.h>

#include "course/exercise.h"
#include "lesson.h"

int rt_require_drivers(const rt_config *cfg, unsigned needs, char *msg, size_t cap)
{
    (void)cfg;
    (void)needs;
    (void)msg;
    (void)cap;
    /* TODO: say whether a runtime built with cfg has every driver that
     * `needs` asks for.  All there: 0 and an empty msg.  Any missing:
     * -ENOTSUP and a msg naming each missing driver AND the builder field
     * that turns it on, in the exact words and order lesson.h gives, so
     * the person reading the abort knows what to change.  Bits that are
     * no driver: -EINVAL.  msg holds cap bytes and is always a string.
     * docs/16-runtime-architecture.md, "Drivers are optional". */
    AC_TODO();
}
