/*
 * given_futures.c - the small futures lesson 04's demos and checks put in tasks.
 */
#include "lesson.h"

static ac_poll countdown_poll(ac_future *self, ac_context *cx)
{
    countdown *c = (countdown *)self;
    if (c->count == 0)
        return AC_READY;
    c->count--;
    ac_waker_wake_by_ref(cx->waker); /* nobody else will: ask again ourselves */
    return AC_PENDING;
}

static const ac_future_vtable countdown_vtable = {.name = "countdown", .poll = countdown_poll};

countdown countdown_new(unsigned count) { return (countdown){.base = {&countdown_vtable}, .count = count}; }

static ac_poll answer_poll(ac_future *self, ac_context *cx)
{
    answer *a = (answer *)self;
    if (a->pauses > 0) {
        a->pauses--;
        ac_waker_wake_by_ref(cx->waker);
        return AC_PENDING;
    }
    a->output = a->value;
    return AC_READY;
}

static const ac_future_vtable answer_vtable = {
    .name = "answer",
    .poll = answer_poll,
    AC_OUTPUT(answer, output),
};

answer answer_new(unsigned pauses, int value)
{
    return (answer){.base = {&answer_vtable}, .pauses = pauses, .value = value, .output = 0};
}
