/*
 * Exercise 4: a mutex built from a flag and an ac_notify.
 *
 *   nlock A: unlocked -> take it, Ready
 *   nlock B: locked   -> Pending (waiting on the notify)
 *   nmutex_unlock:       B is woken, looks again, takes it
 *
 * Check it:  ./course check 18/ex4   (or: ctest --preset learner -R 18-sync/ex4)
 * Hints:     exercises/HINTS.md, "Exercise 4"
 */
#include "course/exercise.h"
#include "lesson.h"

ac_poll nlock_poll(ac_future *self, ac_context *cx)
{
    nlock *l = (nlock *)self;
    (void)l;
    (void)cx;
    /* TODO: Ready only once THIS task has set m->locked (it was clear).
     * While another task holds it, wait on m->notify; a wake means "look
     * again", not "it is yours". */
    AC_TODO();
}

void nmutex_unlock(nmutex *m)
{
    (void)m;
    /* TODO: clear the flag, and make sure one waiting nlock (or the next
     * one to come) gets to look again. */
    AC_TODO();
}
