/* Mutant of exercise 3: park sees the token but leaves it there, so every
 * later park returns at once as if woken.  Caught by parker_keeps_one_token. */
#include <errno.h>

#include "lesson.h"

bool parker_park(parker *p, ac_nanos timeout)
{
    struct timespec deadline = {0};
    if (timeout != PARK_FOREVER)
        deadline = parker_deadline(timeout); /* once: spurious wakeups must not extend it */
    pthread_mutex_lock(&p->lock);
    /* A loop, not an if: condition variables may wake up for no reason. */
    while (!p->token) {
        if (timeout == PARK_FOREVER)
            pthread_cond_wait(&p->cond, &p->lock);
        else if (pthread_cond_timedwait(&p->cond, &p->lock, &deadline) == ETIMEDOUT)
            break;
    }
    bool got = p->token;
    pthread_mutex_unlock(&p->lock);
    return got;
}

void parker_unpark(parker *p)
{
    pthread_mutex_lock(&p->lock);
    p->token = true; /* stays until a park takes it: an early wake is not lost */
    atomic_fetch_add_explicit(&p->unparks, 1, memory_order_relaxed);
    pthread_cond_signal(&p->cond);
    pthread_mutex_unlock(&p->lock);
}

/* The parker outlives its wakers (see lesson.h), so they hold no count. */
static const ac_waker_vtable parker_vtable;
static ac_waker parker_clone(void *data) { return (ac_waker){.data = data, .vtable = &parker_vtable}; }
static void parker_wake(void *data) { parker_unpark(data); }
static void parker_drop(void *data) { (void)data; }

static const ac_waker_vtable parker_vtable = {
    .clone = parker_clone,
    .wake = parker_wake,
    .wake_by_ref = parker_wake,
    .drop = parker_drop,
};

ac_waker parker_waker(parker *p) { return parker_clone(p); }
