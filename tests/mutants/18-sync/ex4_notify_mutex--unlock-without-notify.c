/* Mutant of exercise 4: unlock clears the flag but wakes nobody, so
 * waiters sleep forever.  Caught by thirty_tasks_share_the_notify_mutex
 * and unlock_wakes_a_waiter. */
#include "lesson.h"

ac_poll nlock_poll(ac_future *self, ac_context *cx)
{
    nlock *l = (nlock *)self;
    AC_BEGIN(&l->co);
    /* A wake only says "it was unlocked at some point": somebody else may
     * have taken it since.  Look again every time. */
    while (l->m->locked) {
        l->wait = ac_notify_notified(&l->m->notify);
        AC_AWAIT(&l->co, cx, &l->wait.base);
    }
    l->m->locked = true;
    AC_END(&l->co);
}

void nmutex_unlock(nmutex *m)
{
    m->locked = false;
    (void)0; /* the mistake: nobody is told */
}
