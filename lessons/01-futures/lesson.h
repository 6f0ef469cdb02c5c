/*
 * Lesson 01 - futures by hand: the exercise interface.
 *
 *   ex1  countdown_poll   Pending (and a wake) until the count is 0, then Ready
 *   ex2  ready_int_poll   Ready at once with its value; a second poll is a bug
 *   ex3  poll_by_hand     the smallest executor: poll with a noop waker until Ready
 *
 * The program (main.c, demo_futures.c, bench.c), the code the lesson gives
 * (given_futures.c: vtables and constructors), the stubs you fill in
 * (exercises/) and the checks (tests/lessons/01-futures.c) all meet here.
 */
#ifndef LESSON01_H
#define LESSON01_H

#include <stdbool.h>

#include "ac/future.h"

/* ---- Exercise 1: a future that counts down (exercises/ex1_countdown.c) ----
 * Every poll while count > 0 takes one off, asks to be polled again and
 * returns Pending.  The poll that finds count == 0 returns Ready. */
typedef struct countdown {
    ac_future base;
    unsigned count; /* polls still to go before Ready */
} countdown;

countdown countdown_new(unsigned count);
ac_poll countdown_poll(ac_future *self, ac_context *cx);

/* ---- Exercise 2: a future that is ready at once (exercises/ex2_ready.c) ----
 * The first poll moves `value` into `output` and returns Ready; `taken`
 * records that the value is gone, so the future can tell if it is polled
 * again (it aborts: rule 1 of the poll contract). */
typedef struct ready_int {
    ac_future base;
    int value;  /* state: the value waiting to be handed out */
    bool taken; /* state: handed out already */
    int output; /* output: valid after Ready */
} ready_int;

ready_int ready_int_new(int value);
ac_poll ready_int_poll(ac_future *self, ac_context *cx);

/* ---- Exercise 3: the smallest executor (exercises/ex3_poll_by_hand.c) ----
 * Poll `f` with a do-nothing waker until it is Ready.  After each poll,
 * call `observe(poll_number, result, arg)` (numbers start at 1) if it is
 * not NULL.  Return how many polls it took. */
typedef void (*poll_observer)(unsigned poll_number, ac_poll result, void *arg);

unsigned poll_by_hand(ac_future *f, poll_observer observe, void *arg);

#endif
