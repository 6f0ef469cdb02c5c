/*
 * Exercise 2: "spawn on the runtime running me" - a thread-local context.
 *
 *   thread A                          thread B
 *   rt_enter(&exec)  current: exec    rt_enter(&multi)  current: multi
 *     rt_enter(&multi) current: multi   rt_spawn_current(..) -> on multi
 *     rt_exit(inner)   current: exec    rt_exit(..)       current: NULL
 *     rt_spawn_current(..) -> on exec
 *   rt_exit(outer)   current: NULL     rt_spawn_current(..) -> -ESRCH
 *
 * Check it:  ./course check 16/ex2   (or: ctest --preset learner -R 16-runtime-architecture/ex2)
 * Hints:     exercises/HINTS.md, "Exercise 2"
 */
#include <errno.h>

#include "course/exercise.h"
#include "lesson.h"

/* The state these functions share is yours to declare here. */

rt_enter_guard rt_enter(rt_handle *h)
{
    (void)h;
    /* TODO: make h the calling thread's current runtime, and return a
     * guard that remembers what was current before (and how deeply
     * nested this enter is), so rt_exit can put it back.  Another
     * thread's current runtime must not change.
     * docs/16-runtime-architecture.md, "Which runtime is current". */
    AC_TODO();
}

int rt_exit(const rt_enter_guard *g)
{
    (void)g;
    /* TODO: undo the enter that made g: what was current before it is
     * current again (an enter inside an enter returns to the outer one).
     * Only the innermost enter may be exited: any other guard is -EINVAL
     * and changes nothing.  0 on success. */
    AC_TODO();
}

rt_handle *rt_current(void)
{
    /* TODO: the calling thread's current runtime, NULL outside any. */
    AC_TODO();
}

int rt_spawn_current(const void *future, size_t size, ac_join_handle *out)
{
    (void)future;
    (void)size;
    (void)out;
    /* TODO: spawn the future on the current runtime through its handle's
     * `spawn` (whatever flavour it is), the join handle into *out: 0.
     * Outside any runtime there is nowhere to spawn: -ESRCH, and neither
     * the future nor *out is touched. */
    AC_TODO();
}
