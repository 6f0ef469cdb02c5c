/* MUTANT of ex2_block_on_thread.c: the park waits once with `if`: a condition variable that wakes with
 * nobody signalling (POSIX allows it) ends the park early.  Caught by
 * park_sleeps_through_wakes_for_nothing. */
#include "lesson.h"

void parker_unpark(parker *p)
{
    pthread_mutex_lock(&p->lock);
    p->notified = true; /* stays set if nobody is parked yet */
    pthread_cond_signal(&p->cond);
    pthread_mutex_unlock(&p->lock);
}

void parker_park(parker *p)
{
    pthread_mutex_lock(&p->lock);
    if (!p->notified) /* MUTANT: if, not while */
        pthread_cond_wait(&p->cond, &p->lock);
    p->notified = false; /* this unpark is used up */
    pthread_mutex_unlock(&p->lock);
}

void block_on_thread(ac_future *f)
{
    parker p;
    parker_init(&p);
    ac_waker w = parker_waker(&p);
    ac_context cx = {.waker = &w};
    while (ac_future_poll(f, &cx) == AC_PENDING)
        parker_park(&p); /* until the future's waker unparks us */
    parker_destroy(&p);
}
