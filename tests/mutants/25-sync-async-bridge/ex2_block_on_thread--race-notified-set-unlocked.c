/* MUTANT of ex2_block_on_thread.c: the unpark sets notified without taking the lock ("it is only a bool"):
 * a data race with the parked thread's read, and a wake that can fall
 * between its check and its wait.  Caught by many_wakes_from_another_thread under TSan. */
#include "lesson.h"

void parker_unpark(parker *p)
{
    p->notified = true; /* MUTANT: no lock */
    pthread_cond_signal(&p->cond);
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
    while (ac_future_poll(f, &cx) == AC_PENDING)
        parker_park(&p); /* until the future's waker unparks us */
    parker_destroy(&p);
}
