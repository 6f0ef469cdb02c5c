/*
 * Exercise 1: sleeper_poll - one of the ten thousand waiting tasks.
 *
 * What it must do: a sleeper made by sleeper_new(d, &done) sleeps `d` on
 * the runtime's clock, then adds one to *done and is Ready.  While it
 * sleeps it costs no thread and no CPU: the first poll starts the sleep
 * (a timer in the executor's heap) and returns Pending; the timer's wake
 * brings the poll that finishes.  Two polls in all.
 *
 * The contract: write it as a coroutine (AC_BEGIN / AC_AWAIT / AC_END,
 * ac/coro.h explains them; lesson 02 builds them).  Whatever must survive
 * a Pending lives in the struct, not in locals: the sleep awaited is the
 * sleeper's own `nap` (lesson.h), which is also what the given drop
 * cancels when the task is aborted.  Count only once the sleep is over.
 *
 * Read first: docs/00-why-async.md, "The same thing in C" (how a task
 * waits on the timer heap), and the comment at the top of ac/coro.h.
 *
 * Check it:  ./course check 00/ex1   (or: ctest --preset learner -R 00-why-async/ex1)
 * Hints:     exercises/HINTS.md, "Exercise 1"
 */
#include "course/exercise.h"
#include "lesson.h"

ac_poll sleeper_poll(ac_future *self, ac_context *cx)
{
    sleeper *s = (sleeper *)self;
    (void)s;
    (void)cx;
    /* TODO: sleep s->duration, then count yourself done. */
    AC_TODO();
}
