/*
 * support.c - the given halves of exercises 2 and 3: allocating a
 * wake_counter, and setting up a parker.  The interesting halves (the
 * reference counting, park and unpark) are yours.
 */
#include <stdio.h>
#include <stdlib.h>

#include "lesson.h"

/* ---- wake_counter ---------------------------------------------------- */

static _Atomic unsigned alive; /* lets checks see that the last release freed it */

wake_counter *wake_counter_new(void)
{
    wake_counter *c = malloc(sizeof *c);
    if (c == NULL) {
        perror("wake_counter_new");
        abort();
    }
    atomic_init(&c->refs, 1); /* the caller's reference */
    atomic_init(&c->wakes, 0);
    atomic_fetch_add(&alive, 1);
    return c;
}

void wake_counter_free(wake_counter *c)
{
    if (atomic_load(&c->refs) != 0) {
        fprintf(stderr, "wake_counter_free: %u references are still out there\n", atomic_load(&c->refs));
        abort();
    }
    free(c);
    atomic_fetch_sub(&alive, 1);
}

unsigned wake_counters_alive(void) { return atomic_load(&alive); }

/* ---- parker ---------------------------------------------------------- */

void parker_init(parker *p)
{
    pthread_mutex_init(&p->lock, NULL);
    /* Timed waits measure against the monotonic clock, so a change of the
     * wall clock cannot stretch or cut short a park. */
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&p->cond, &attr);
    pthread_condattr_destroy(&attr);
    p->token = false;
    atomic_init(&p->unparks, 0);
}

void parker_destroy(parker *p)
{
    pthread_cond_destroy(&p->cond);
    pthread_mutex_destroy(&p->lock);
}

struct timespec parker_deadline(ac_nanos timeout)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    ac_nanos t = (ac_nanos)ts.tv_sec * AC_SEC(1) + ts.tv_nsec + timeout;
    ts.tv_sec = (time_t)(t / AC_SEC(1));
    ts.tv_nsec = (long)(t % AC_SEC(1));
    return ts;
}
