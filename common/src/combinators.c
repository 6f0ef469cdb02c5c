/*
 * combinators.c - timeout, fuse and select.
 */
#include "ac/combinators.h"

#include <errno.h>
#include <stdint.h>
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

/* ---- fuse --------------------------------------------------------------- */

static ac_poll fuse_poll(ac_future *self, ac_context *cx)
{
    ac_fuse *f = (ac_fuse *)self;
    if (f->done)
        return AC_PENDING; /* spent: nothing to wait for, nothing registered */
    if (ac_future_poll(f->inner, cx) == AC_PENDING)
        return AC_PENDING;
    f->done = true;
    return AC_READY;
}

static void fuse_drop(ac_future *self)
{
    ac_fuse *f = (ac_fuse *)self;
    if (!f->done)
        ac_future_drop(f->inner);
    f->done = true;
}

static const ac_future_vtable fuse_vtable = {.name = "fuse", .poll = fuse_poll, .drop = fuse_drop};

ac_fuse ac_fuse_of(ac_future *inner) { return (ac_fuse){.base = {&fuse_vtable}, .inner = inner}; }

bool ac_fuse_is_done(const ac_future *f) { return f->vtable == &fuse_vtable && ((const ac_fuse *)f)->done; }

/* ---- select ------------------------------------------------------------ */

/* This thread's generator of fair starting points: xorshift64*, small and
 * good enough to spread starts evenly; seeded so test runs repeat. */
#define SELECT_DEFAULT_SEED 0x9E3779B97F4A7C15ull
static _Thread_local uint64_t select_rng = SELECT_DEFAULT_SEED;

void ac_select_seed(uint64_t seed) { select_rng = seed ? seed : SELECT_DEFAULT_SEED; }

/* A draw in [0, n): the top 32 bits scaled, which avoids modulo's bias
 * toward small values. */
static unsigned select_draw(unsigned n)
{
    uint64_t x = select_rng;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    select_rng = x;
    uint64_t r = (x * 0x2545F4914F6CDD1Dull) >> 32;
    return (unsigned)((r * n) >> 32);
}

static bool is_kept(const ac_select *s, unsigned i) { return (s->kept >> i) & 1u; }

/* Forget branch i, dropping it when it is ours: the slot is cleared before
 * the drop so a re-entrant drop of the select cannot repeat it. */
static void release_branch(ac_select *s, unsigned i)
{
    ac_future *f = s->branch[i];
    s->branch[i] = NULL;
    if (f != NULL && !is_kept(s, i))
        ac_future_drop(f);
}

static void release_all_but(ac_select *s, int keep)
{
    for (unsigned i = 0; i < s->n; i++)
        if ((int)i != keep)
            release_branch(s, i);
}

static ac_poll select_poll(ac_future *self, ac_context *cx)
{
    ac_select *s = (ac_select *)self;
    unsigned start = 0;
    if (s->mode == AC_SELECT_FAIR && s->n > 0) {
        if (!s->started)
            s->next = select_draw(s->n);
        start = s->next;
        s->next = (start + 1) % s->n;
    }
    s->started = true;
    bool live = false;
    for (unsigned k = 0; k < s->n; k++) {
        unsigned i = start + k < s->n ? start + k : start + k - s->n;
        ac_future *f = s->branch[i];
        if (f == NULL || ac_fuse_is_done(f))
            continue;
        if (ac_future_poll(f, cx) == AC_READY) {
            s->result = (int)i;
            s->branch[i] = NULL; /* finished: not ours to drop any more */
            release_all_but(s, (int)i);
            return AC_READY;
        }
        live = true;
    }
    if (!live) { /* every branch disabled: the else arm */
        s->result = AC_SELECT_ELSE;
        release_all_but(s, -1);
        return AC_READY;
    }
    return AC_PENDING;
}

static void select_drop(ac_future *self) { release_all_but((ac_select *)self, -1); }

static const ac_future_vtable select_vtable = {
    .name = "select", .poll = select_poll, .drop = select_drop, AC_OUTPUT(ac_select, result)};

static ac_select select_make(size_t n, ac_future *const *branches, ac_select_mode mode)
{
    if (n > AC_SELECT_MAX) {
        fprintf(stderr, "ac_select_of: %zu branches, at most %d\n", n, AC_SELECT_MAX);
        abort();
    }
    ac_select s = {.base = {&select_vtable}, .n = (unsigned)n, .mode = mode, .result = AC_SELECT_ELSE};
    for (size_t i = 0; i < n; i++) {
        uintptr_t p = (uintptr_t)branches[i];
        if (p & 1u)
            s.kept |= 1u << i;
        s.branch[i] = (ac_future *)(p & ~(uintptr_t)1);
    }
    return s;
}

ac_select ac_select_of(size_t n, ac_future *const *branches)
{
    return select_make(n, branches, AC_SELECT_FAIR);
}

ac_select ac_select_biased_of(size_t n, ac_future *const *branches)
{
    return select_make(n, branches, AC_SELECT_BIASED);
}

void ac_select_disable(ac_select *s, unsigned i)
{
    if (i < s->n)
        release_branch(s, i);
}
