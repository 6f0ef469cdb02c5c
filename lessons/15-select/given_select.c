/*
 * given_select.c - what the lesson gives: constructors and vtables for
 * the exercises' futures, the delayed sender, and the clock helpers.
 */
#include <stdio.h>

#include "ac/executor.h"
#include "lesson.h"

bool lesson_trace;

static ac_clock *lesson_clock;
static ac_nanos clock_zero;

void lesson_clock_zero(ac_clock *clock)
{
    lesson_clock = clock;
    clock_zero = ac_clock_now(clock);
}

double lesson_ms(void)
{
    return lesson_clock ? (double)(ac_clock_now(lesson_clock) - clock_zero) / 1e6 : 0.0;
}

/* ---- select2 ------------------------------------------------------------- */

static void select2_drop(ac_future *self)
{
    select2 *s = (select2 *)self;
    if (s->done)
        return;
    s->done = true;
    ac_future_drop(s->a);
    ac_future_drop(s->b);
}

static const ac_future_vtable select2_vtable = {
    .name = "select2", .poll = select2_poll, .drop = select2_drop, AC_OUTPUT(select2, winner)};

select2 select2_of(ac_future *a, ac_future *b)
{
    return (select2){.base = {&select2_vtable}, .a = a, .b = b, .winner = -1};
}

/* ---- counted ------------------------------------------------------------- */

static const ac_future_vtable counted_vtable = {
    .name = "counted", .poll = counted_poll, .drop = counted_drop};

counted counted_of(const char *name, ac_future *inner)
{
    return (counted){.base = {&counted_vtable}, .name = name, .inner = inner};
}

/* ---- ticker ---------------------------------------------------------------- */

/* A ticker dropped in the middle of its loop still holds the kept tick
 * (the select it was awaiting leaves kept branches alone). */
static void ticker_drop(ac_future *self)
{
    ticker *t = (ticker *)self;
    bool in_loop = t->co.line > 0;
    ac_coro_drop(&t->co);
    if (in_loop)
        ac_future_drop(&t->tick.base);
}

static const ac_future_vtable ticker_vtable = {.name = "ticker", .poll = ticker_poll, .drop = ticker_drop};

ticker ticker_new(ac_mpsc_rx rx, ac_nanos period)
{
    return (ticker){.base = {&ticker_vtable}, .rx = rx, .every = ac_interval_every(period, AC_MISSED_SKIP)};
}

/* ---- delayed sender --------------------------------------------------------- */

static ac_poll delayed_sender_poll(ac_future *self, ac_context *cx)
{
    delayed_sender *s = (delayed_sender *)self;
    AC_BEGIN(&s->co);
    for (s->i = 1; s->i <= s->count; s->i++) {
        s->nap = ac_sleep_for(s->gap);
        AC_AWAIT(&s->co, cx, &s->nap.base);
        s->value = s->i;
        s->send = ac_mpsc_send(&s->tx, &s->value);
        AC_AWAIT(&s->co, cx, &s->send.base);
        if (lesson_trace)
            printf("  %6.1f ms  sender: sent %d\n", lesson_ms(), s->value);
    }
    ac_mpsc_tx_close(&s->tx);
    if (lesson_trace)
        printf("  %6.1f ms  sender: closed the channel\n", lesson_ms());
    AC_END(&s->co);
}

static void delayed_sender_drop(ac_future *self)
{
    delayed_sender *s = (delayed_sender *)self;
    ac_coro_drop(&s->co);
    ac_mpsc_tx_close(&s->tx);
}

static const ac_future_vtable delayed_sender_vtable = {
    .name = "delayed_sender", .poll = delayed_sender_poll, .drop = delayed_sender_drop};

delayed_sender delayed_sender_new(ac_mpsc_tx tx, int count, ac_nanos gap)
{
    return (delayed_sender){.base = {&delayed_sender_vtable}, .tx = tx, .count = count, .gap = gap};
}

/* ---- once ------------------------------------------------------------------ */

static const ac_future_vtable once_vtable = {.name = "once", .poll = once_poll, .drop = once_drop};

once once_of(ac_future *inner) { return (once){.base = {&once_vtable}, .inner = inner}; }
