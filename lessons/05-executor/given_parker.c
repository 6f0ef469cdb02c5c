/*
 * given_parker.c - given: tracing, and the parker behind block_on's waker.
 */
#include <stdarg.h>
#include <stdio.h>

#include "lesson.h"

static atomic_bool tracing;
static _Atomic ac_nanos trace_origin;

void trace_enable(bool on)
{
    atomic_store(&trace_origin, ac_monotonic_now());
    atomic_store(&tracing, on);
}

void trace(const char *fmt, ...)
{
    if (!atomic_load(&tracing))
        return;
    double ms = (double)(ac_monotonic_now() - atomic_load(&trace_origin)) / 1e6;
    char line[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    printf("  [%7.1f ms] %s\n", ms, line); /* one printf: lines from threads don't mix */
    fflush(stdout);
}

void parker_init(parker *p)
{
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->cond, NULL);
    p->notified = false;
    p->parks = p->unparks = 0;
}

void parker_destroy(parker *p)
{
    pthread_cond_destroy(&p->cond);
    pthread_mutex_destroy(&p->lock);
}

void parker_park(parker *p)
{
    pthread_mutex_lock(&p->lock);
    if (!p->notified) {
        p->parks++;
        trace("block_on: Pending, nothing to do -> park the thread");
    }
    while (!p->notified) /* loop: condition variables may wake spuriously */
        pthread_cond_wait(&p->cond, &p->lock);
    p->notified = false;
    pthread_mutex_unlock(&p->lock);
}

void parker_unpark(parker *p)
{
    pthread_mutex_lock(&p->lock);
    p->notified = true;
    p->unparks++;
    pthread_cond_signal(&p->cond); /* under the lock: p may be gone right after */
    pthread_mutex_unlock(&p->lock);
}

/* ---- the waker: data is the parker -------------------------------------- */

static const ac_waker_vtable parker_waker_vtable;

static ac_waker pw_clone(void *data) { return (ac_waker){.data = data, .vtable = &parker_waker_vtable}; }
static void pw_wake(void *data)
{
    trace("waker: wake -> unpark the blocked thread");
    parker_unpark(data);
}
static void pw_drop(void *data) { (void)data; }

static const ac_waker_vtable parker_waker_vtable = {
    .clone = pw_clone, .wake = pw_wake, .wake_by_ref = pw_wake, .drop = pw_drop};

ac_waker parker_waker(parker *p) { return pw_clone(p); }
