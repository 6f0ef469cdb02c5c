/*
 * Exercise 1: rt_config_resolve - what a builder really builds.
 *
 *   builder {workers 0, local_queue_capacity 0, thread_name NULL}, 2 CPUs
 *     -> {workers 2, global_queue_interval 31, event_interval 61,
 *         local_queue_capacity 256, thread_name "ac-worker"}
 *   builder {local_queue_capacity 100}  -> -EINVAL (not a power of two)
 *
 * Check it:  ./course check 16/ex1   (or: ctest --preset learner -R 16-runtime-architecture/ex1)
 * Hints:     exercises/HINTS.md, "Exercise 1"
 */
#include <errno.h>
#include <string.h>

#include "course/exercise.h"
#include "lesson.h"

int rt_config_resolve(const ac_runtime_builder *b, unsigned cpus, rt_config *out)
{
    (void)b;
    (void)cpus;
    (void)out;
    /* TODO: fill *out with the config a runtime built from `b` really
     * gets (lesson.h says every rule): 0 is "the default" for each
     * number, the worker count follows the CPUs and stays within
     * 1 .. RT_MAX_WORKERS, the name fits a Linux thread name.  Refuse
     * what cannot be built (-EINVAL) BEFORE writing anything: a caller
     * that gets an error keeps the *out it had.
     * docs/16-runtime-architecture.md, "The builder". */
    AC_TODO();
}
