/* Mutant of exercise 4: after one wake it takes the lock without
 * looking again, though another task may hold it by then.  Caught by
 * thirty_tasks_share_the_notify_mutex (max_inside). */
#include "lesson.h"

ac_poll nlock_poll(ac_future *self, ac_context *cx)
{
    nlock *l = (nlock *)self;
    AC_BEGIN(&l->co);
    /* A wake only says "it was unlocked at some point": somebody else may
     * have taken it since.  Look again every time. */
    if (l->m->locked) { /* the mistake: a wake is taken as "it is yours" */
        l->wait = ac_notify_notified(&l->m->notify);
        AC_AWAIT(&l->co, cx, &l->wait.base);
    }
    l->m->locked = true;
    AC_END(&l->co);
}

void nmutex_unlock(nmutex *m)
{
    m->locked = false;
    ac_notify_one(&m->notify); /* one waiter looks again (or the next locker finds the permit) */
}
