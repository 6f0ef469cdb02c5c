/* MUTANT of ex2_block_on_thread.c: the park never uses the unpark up: after the first unpark every park
 * returns at once and block_on_thread spins.  Caught by
 * an_unpark_before_the_park_is_not_lost and one_unpark_lets_one_park_through. */
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
    /* MUTANT: notified never reset */
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
