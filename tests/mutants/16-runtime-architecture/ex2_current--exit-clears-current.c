/* Mutant of exercise 2: rt_exit sets the current runtime to NULL instead of the one before the enter, so a
 * nested exit leaves the outer runtime; caught by nested_enters_unwind_in_order. */
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

#include "lesson.h"

/* Each thread has its own: entering a runtime on one thread must not
 * move another thread into it. */
static _Thread_local rt_handle *current;
static _Thread_local unsigned depth;

rt_enter_guard rt_enter(rt_handle *h)
{
    rt_enter_guard g = {.entered = h, .prev = current, .depth = depth + 1};
    current = h;
    depth = g.depth;
    return g;
}

int rt_exit(const rt_enter_guard *g)
{
    if (g->depth != depth || g->entered != current)
        return -EINVAL; /* not the innermost enter: restoring its prev would lose the inner one */
    current = NULL;
    depth = g->depth - 1;
    return 0;
}

rt_handle *rt_current(void) { return current; }

int rt_spawn_current(const void *future, size_t size, ac_join_handle *out)
{
    rt_handle *h = current;
    if (h == NULL)
        return -ESRCH;
    *out = h->spawn(h, future, size);
    return 0;
}
