/* MUTANT of ex2_block_on_thread.c: block_on_thread parks before its first poll: nobody has a waker yet, so
 * nothing ever unparks it.  Caught by
 * block_on_thread_polls_until_ready_and_sleeps_between (the hang watchdog). */
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
    while (!p->notified) /* while: a condition variable may wake for nothing */
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
    do
        parker_park(&p); /* MUTANT: parks before anyone could wake it */
    while (ac_future_poll(f, &cx) == AC_PENDING);
    parker_destroy(&p);
}
