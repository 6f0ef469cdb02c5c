/* Mutant of exercise 3: a missing driver is -EINVAL (a bad argument) instead of -ENOTSUP (this runtime cannot
 * do it); caught by a_missing_driver_is_named. */
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

#include "lesson.h"

int rt_require_drivers(const rt_config *cfg, unsigned needs, char *msg, size_t cap)
{
    msg[0] = '\0';
    if ((needs & ~(unsigned)(RT_NEEDS_IO | RT_NEEDS_TIME)) != 0) {
        snprintf(msg, cap, "unknown driver");
        return -EINVAL;
    }
    size_t used = 0;
    int rc = 0;
    if ((needs & RT_NEEDS_IO) && !cfg->enable_io) {
        used += (size_t)snprintf(msg, cap, "no I/O driver: set enable_io = true");
        rc = -EINVAL;
    }
    if ((needs & RT_NEEDS_TIME) && !cfg->enable_time) {
        const char *sep = rc != 0 ? "; " : "";
        if (used < cap)
            snprintf(msg + used, cap - used, "%sno time driver: set enable_time = true", sep);
        rc = -ENOTSUP;
    }
    return rc;
}
