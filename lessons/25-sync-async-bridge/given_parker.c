/*
 * given_parker.c - what lesson 25 gives exercise 2: a parker's set-up and
 * the waker around it (its wake is your parker_unpark).
 */
#include "lesson.h"

void parker_init(parker *p)
{
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->cond, NULL);
    p->notified = false;
}

void parker_destroy(parker *p)
{
    pthread_cond_destroy(&p->cond);
    pthread_mutex_destroy(&p->lock);
}

/* The parker outlives every clone (block_on_thread returns only after the
 * future is Ready and done with its wakers), so clones are free. */
static ac_waker parker_clone(void *data);
static void parker_wake(void *data) { parker_unpark(data); }
static void parker_drop(void *data) { (void)data; }
static const ac_waker_vtable parker_vtable = {
    .clone = parker_clone, .wake = parker_wake, .wake_by_ref = parker_wake, .drop = parker_drop};
static ac_waker parker_clone(void *data) { return (ac_waker){.data = data, .vtable = &parker_vtable}; }

ac_waker parker_waker(parker *p) { return parker_clone(p); }
