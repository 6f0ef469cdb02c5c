/*
 * combinators.c - timeout and select.
 */
#include "ac/combinators.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

/* ---- timeout ----------------------------------------------------------- */

static ac_poll timeout_poll(ac_future *self, ac_context *cx)
{
    ac_timeout *t = (ac_timeout *)self;
    if (ac_future_poll(t->inner, cx) == AC_READY) {
        t->done = true;
        ac_future_drop(&t->sleep.base); /* stop the timer: no entry left behind */
        t->result = 0;
        return AC_READY;
    }
    if (ac_future_poll(&t->sleep.base, cx) == AC_READY) {
        t->done = true;
        ac_future_drop(t->inner); /* cancel it now: its slots and timers go */
        t->result = -ETIMEDOUT;
        return AC_READY;
    }
    return AC_PENDING;
}

static void timeout_drop(ac_future *self)
{
    ac_timeout *t = (ac_timeout *)self;
    if (!t->done)
        ac_future_drop(t->inner);
    ac_future_drop(&t->sleep.base);
    t->done = true;
}

static const ac_future_vtable timeout_vtable = {
    .name = "timeout", .poll = timeout_poll, .drop = timeout_drop, AC_OUTPUT(ac_timeout, result)};

ac_timeout ac_timeout_of(ac_future *inner, ac_nanos duration)
{
    return (ac_timeout){.base = {&timeout_vtable}, .inner = inner, .sleep = ac_sleep_for(duration)};
}

ac_timeout ac_timeout_at(ac_future *inner, ac_nanos deadline)
{
    return (ac_timeout){.base = {&timeout_vtable}, .inner = inner, .sleep = ac_sleep_until(deadline)};
}

/* ---- select ------------------------------------------------------------ */

/* Shared by every select on this thread: where the next new select starts. */
static _Thread_local unsigned select_rotor;

/* Drop every branch but `keep` (-1: all), each once: the slot is cleared
 * before the drop so a re-entrant drop of the select cannot repeat it. */
static void drop_branches(ac_select *s, int keep)
{
    for (unsigned i = 0; i < s->n; i++) {
        ac_future *f = s->branch[i];
        if (f == NULL || (int)i == keep)
            continue;
        s->branch[i] = NULL;
        ac_future_drop(f);
    }
}

static ac_poll select_poll(ac_future *self, ac_context *cx)
{
    ac_select *s = (ac_select *)self;
    if (!s->rotated) {
        s->rotated = true;
        s->next = s->n ? select_rotor++ % s->n : 0;
    }
    unsigned start = s->next;
    s->next = s->n ? (start + 1) % s->n : 0;
    bool any = false;
    for (unsigned k = 0; k < s->n; k++) {
        unsigned i = (start + k) % s->n;
        ac_future *f = s->branch[i];
        if (f == NULL)
            continue;
        any = true;
        if (ac_future_poll(f, cx) == AC_READY) {
            s->result = (int)i;
            drop_branches(s, (int)i);
            s->branch[i] = NULL; /* finished: not ours to drop any more */
            return AC_READY;
        }
    }
    if (!any) {
        s->result = -1;
        return AC_READY;
    }
    return AC_PENDING;
}

static void select_drop(ac_future *self) { drop_branches((ac_select *)self, -1); }

static const ac_future_vtable select_vtable = {
    .name = "select", .poll = select_poll, .drop = select_drop, AC_OUTPUT(ac_select, result)};

ac_select ac_select_of(size_t n, ac_future *const *branches)
{
    if (n > AC_SELECT_MAX) {
        fprintf(stderr, "ac_select_of: %zu branches, at most %d\n", n, AC_SELECT_MAX);
        abort();
    }
    ac_select s = {.base = {&select_vtable}, .n = (unsigned)n, .result = -1};
    for (size_t i = 0; i < n; i++)
        s.branch[i] = branches[i];
    return s;
}
