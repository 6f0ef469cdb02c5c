/*
 * Lesson 15 - select: the exercise interface.
 *
 * A select polls several futures and finishes with the first that is
 * Ready; the others are DROPPED, and whatever they were in the middle of
 * is cancelled.  This lesson builds the pieces by hand beside the
 * runtime's (common/include/ac/combinators.h):
 *
 *   here (lesson.h)        runtime
 *   select2   (ex1)        ac_select: N branches, fair start, biased mode,
 *                          disabled and kept branches, an else result
 *   counted  (ex2)        (a probe: shows who polls and who drops)
 *   ticker    (ex3)        a select loop written with AC_AWAIT_SELECT
 *   once      (ex4)        ac_fuse
 *
 *   ex1  select2_poll    the first of two wins; the loser is dropped, once
 *   ex2  counted_poll   count the polls and the drop of a wrapped future,
 *        counted_drop   and pass the drop on so the inner one cleans up
 *   ex3  ticker_poll     a loop over a channel and an interval, until the
 *                        channel closes; the pending tick survives rounds
 *   ex4  once_poll       Ready once, then Pending forever: safe to poll
 *        once_drop       again in a loop
 *
 * The program (main.c, demo_*.c), the stubs you fill in (exercises/) and
 * the checks (tests/lessons/15-select.c) all meet here.
 */
#ifndef LESSON15_H
#define LESSON15_H

#include <stdbool.h>

#include "ac/clock.h"
#include "ac/combinators.h"
#include "ac/coro.h"
#include "ac/future.h"
#include "ac/mpsc.h"
#include "ac/sleep.h"

/* When on, the lesson's futures print what happens to them. */
extern bool lesson_trace;
/* Milliseconds on `clock` since lesson_clock_zero(clock) (for traces). */
void lesson_clock_zero(ac_clock *clock);
double lesson_ms(void);

/* ---- Exercise 1: a select of two ----------------------------------------
 *
 *   poll:  a Ready?  -> winner 0, drop b     each poll tries a first:
 *          b Ready?  -> winner 1, drop a     BIASED (the runtime's rotates)
 *          neither   -> Pending (both have arranged their wakes)
 *
 * select2 owns both children; once it is Ready it must never touch them
 * again (the winner is finished, the loser is gone). */
typedef struct select2 {
    ac_future base;
    ac_future *a, *b;
    bool done;  /* a winner was found and the loser dropped */
    int winner; /* output: 0 (a) or 1 (b) */
} select2;

/* Given (given_select.c): the constructor; the vtable's drop drops both
 * children unless done. */
select2 select2_of(ac_future *a, ac_future *b);
/* YOURS (ex1) */
ac_poll select2_poll(ac_future *self, ac_context *cx);

/* ---- Exercise 2: a counted probe ---------------------------------------
 *
 *   counted { inner }  poll  -> polls++, then poll inner, same answer
 *                       drop  -> drops++, print it, drop inner
 *
 * Wrap any future to see how often a select polls it and whether it is
 * dropped (exactly once) when it loses. */
typedef struct counted {
    ac_future base;
    const char *name;
    ac_future *inner;
    int polls, drops;
} counted;

/* Given (given_select.c). */
counted counted_of(const char *name, ac_future *inner);
/* YOURS (ex2) */
ac_poll counted_poll(ac_future *self, ac_context *cx);
void counted_drop(ac_future *self);

/* ---- Exercise 3: a select loop -------------------------------------------
 *
 *   loop:  recv = a fresh receive                 (owned: remade each round)
 *          select(recv, KEEP(tick))               (the tick lives across rounds)
 *            recv won, a value -> record it
 *            recv won, -EPIPE  -> the channel closed: leave the loop
 *            tick won          -> count it, make the next tick
 *   after: drop the pending tick (kept futures are yours)
 */
#define TICKER_MAX 16

typedef struct ticker {
    ac_future base;
    ac_coro co;
    ac_mpsc_rx rx;     /* the receiver (the ticker closes it when done) */
    ac_interval every; /* the interval its ticks come from */
    ac_tick tick;      /* the pending tick: kept across iterations */
    ac_mpsc_recv_fut recv;
    ac_select sel;
    int msg;             /* where a receive puts the value */
    int got[TICKER_MAX]; /* the values, in arrival order */
    int msgs, ticks;     /* values received, ticks seen */
} ticker;

/* Given (given_select.c): the constructor; the vtable's drop also drops a
 * tick still pending in the middle of the loop. */
ticker ticker_new(ac_mpsc_rx rx, ac_nanos period);
/* YOURS (ex3) */
ac_poll ticker_poll(ac_future *self, ac_context *cx);

/* Given: a task that sends 1..count, each after `gap`, then closes tx. */
typedef struct delayed_sender {
    ac_future base;
    ac_coro co;
    ac_mpsc_tx tx;
    ac_nanos gap;
    int count, i, value;
    ac_sleep nap;
    ac_mpsc_send_fut send;
} delayed_sender;
delayed_sender delayed_sender_new(ac_mpsc_tx tx, int count, ac_nanos gap);

/* ---- Exercise 4: once, a fuse --------------------------------------------
 *
 *   inner Pending -> Pending
 *   inner Ready   -> Ready (done = true)        the one time
 *   done          -> Pending, forever            inner is never polled again
 */
typedef struct once {
    ac_future base;
    ac_future *inner;
    bool done;
} once;

/* Given (given_select.c). */
once once_of(ac_future *inner);
/* YOURS (ex4) */
ac_poll once_poll(ac_future *self, ac_context *cx);
void once_drop(ac_future *self);

#endif
