/*
 * Exercise 1: sleeper_poll - one of the ten thousand waiting tasks.
 *
 *   sleeper s = sleeper_new(AC_SEC(1), &done);
 *   poll 1: start a 1 s sleep (a timer in the runtime's heap), Pending
 *   ... the task costs nothing while it waits: no thread, no stack ...
 *   poll 2 (woken by the timer): done += 1, Ready
 *
 * Check it:  ctest --preset learner -R 00-why-async/ex1
 * Hints:     exercises/HINTS.md, "Exercise 1"
 */
#include "course/exercise.h"
#include "lesson.h"

ac_poll sleeper_poll(ac_future *self, ac_context *cx)
{
    sleeper *s = (sleeper *)self;
    (void)s;
    (void)cx;
    /* TODO: a coroutine (ac/coro.h):
     *   AC_BEGIN(&s->co);
     *   make s->nap a sleep of s->duration (ac_sleep_for),
     *   AC_AWAIT it,
     *   add one to *s->done,
     *   AC_END(&s->co);
     * Remove the AC_TODO() line when you do. */
    AC_TODO();
}
