/*
 * Lesson 23 - backpressure: the exercise interface.
 *
 * A producer faster than its consumer has three honest options: wait
 * (a bounded channel), refuse (load shedding), or limit how much is in
 * flight (a semaphore).  The dishonest one - an unbounded queue - only
 * moves the problem into memory.
 *
 *   ex1  offer            load shedding: try_send, count what was refused
 *   ex2  maker_poll       reserve a slot BEFORE making the value
 *   ex3  relay_poll       a middle stage: a full downstream slows the upstream
 *
 * The program (main.c, demo_backpressure.c), the stubs you fill in (exercises/) and
 * the checks (tests/lessons/23-backpressure.c) all meet here.
 */
#ifndef LESSON23_H
#define LESSON23_H

#include <stdbool.h>

#include "ac/coro.h"
#include "ac/mpsc.h"

/* ---- Exercise 1: load shedding ----------------------------------------------
 * Offer a value without ever waiting: accepted, shed (the channel is full:
 * count it and move on), or the receiver is gone. */
typedef struct shed_stats {
    long accepted, shed;
} shed_stats;

/* YOURS: 0 (accepted), -EAGAIN (shed), -EPIPE (receiver gone); counts in *s. */
int offer(ac_mpsc_tx *tx, int value, shed_stats *s);

/* ---- Exercise 2: reserve, then produce --------------------------------------
 * make_value() stands for expensive work (a database read, a render).
 * Doing it and then finding the channel full wastes it or holds it in
 * memory; reserving first means a value is made only when it can go. */
typedef struct maker {
    ac_future base;
    ac_coro co;
    ac_mpsc_tx tx;
    int count, i;
    int made;  /* make_value calls */
    int value; /* the value being sent */
    int errors;
    ac_mpsc_reserve_fut reserve;
} maker;

/* Given (given_backpressure.c): counts `made`, returns i * 10. */
int make_value(maker *m, int i);
maker maker_new(ac_mpsc_tx tx, int count);
/* YOURS */
ac_poll maker_poll(ac_future *self, ac_context *cx);

/* ---- Exercise 3: a relay between two bounded channels -----------------------
 *
 *   source --[ in, cap 2 ]--> relay --[ out, cap 2 ]--> sink
 *
 * The relay takes from `in` and gives to `out`, one value at a time.
 * When the sink is slow, `out` fills, the relay waits on its send, `in`
 * fills, and the source waits: the pressure travels upstream. */
typedef struct relay {
    ac_future base;
    ac_coro co;
    ac_mpsc_rx in;
    ac_mpsc_tx out;
    int value, moved, errors;
    ac_mpsc_recv_fut recv;
    ac_mpsc_send_fut send;
} relay;

relay relay_new(ac_mpsc_rx in, ac_mpsc_tx out);
/* YOURS */
ac_poll relay_poll(ac_future *self, ac_context *cx);

#endif
