/*
 * given_futures.c - the simple futures lesson 03's demos and checks drive:
 * a self-waking countdown and a future that forgets to wake.
 */
#include "lesson.h"

/* ---- countdown (lesson 01's, given here) ------------------------------ */

static ac_poll countdown_poll(ac_future *self, ac_context *cx)
{
    countdown *c = (countdown *)self;
    if (c->count == 0)
        return AC_READY;
    c->count--;
    ac_waker_wake_by_ref(cx->waker); /* nobody else will: wake ourselves */
    return AC_PENDING;
}

static const ac_future_vtable countdown_vtable = {.name = "countdown", .poll = countdown_poll};

countdown countdown_new(unsigned count) { return (countdown){.base = {&countdown_vtable}, .count = count}; }

/* ---- forgetful: the contract violation, on purpose ------------------- */

static ac_poll forgetful_poll(ac_future *self, ac_context *cx)
{
    forgetful *f = (forgetful *)self;
    f->polls++;
    if (f->polls >= 2)
        return AC_READY; /* the work was done all along */
    if (f->keeps_rule_2)
        ac_waker_wake_by_ref(cx->waker);
    /* else: Pending, and nobody has been told to call the waker.  No
     * thread, timer or I/O event will ever poll this future again. */
    return AC_PENDING;
}

static const ac_future_vtable forgetful_vtable = {.name = "forgetful", .poll = forgetful_poll};

forgetful forgetful_new(bool keeps_rule_2)
{
    return (forgetful){.base = {&forgetful_vtable}, .keeps_rule_2 = keeps_rule_2, .polls = 0};
}
