/*
 * combinators.h - layer 5: futures made of other futures.
 *
 * C has no generics, so a combinator holds POINTERS to the futures it
 * combines.  Put the children next to the combinator (in the same struct,
 * or the same coroutine state) and set both up before the first poll:
 *
 *   struct fetch {                      // a coroutine's state
 *       ac_coro co;
 *       ac_read_exact read;             // the child...
 *       ac_timeout limit;               // ...and the combinator pointing at it
 *   };
 *   s->read  = ac_read_exact_into(&s->conn.io, s->buf, 64);
 *   s->limit = ac_timeout_of(&s->read.base, AC_SEC(2));
 *   AC_AWAIT(&s->co, cx, &s->limit.base);
 *   if (s->limit.result == -ETIMEDOUT) ...   // read was dropped for us
 *   else use s->read.result
 *
 * Ownership: a combinator owns its children from the moment it is made.  A
 * child that finished keeps its output where it is (read it from the
 * child).  A child that lost (the other select branches, the timed-out
 * future) is dropped by the combinator, exactly once, through its drop
 * entry, so its waker slots and timers are released at once.  Dropping the
 * combinator drops every child that has not finished.
 */
#ifndef AC_COMBINATORS_H
#define AC_COMBINATORS_H

#include <stdbool.h>
#include <stddef.h>

#include "ac/future.h"
#include "ac/sleep.h"

/* ---- timeout ---------------------------------------------------------- */

/*
 * Run `inner` with a deadline.  Each poll polls inner first (so a future
 * that is ready when the time is up still wins), then the sleep.
 *   result == 0           inner finished; its output is in inner
 *   result == -ETIMEDOUT  the time ran out; inner has been dropped
 */
typedef struct ac_timeout {
    /* private */
    ac_future base;
    ac_future *inner;
    ac_sleep sleep;
    bool done; /* inner is finished or dropped: never touch it again */
    /* public */
    int result;
} ac_timeout;
ac_timeout ac_timeout_of(ac_future *inner, ac_nanos duration);
ac_timeout ac_timeout_at(ac_future *inner, ac_nanos deadline);

/* ---- select ----------------------------------------------------------- */

#define AC_SELECT_MAX 8

/*
 * Wait for the first of up to AC_SELECT_MAX futures.  When one is Ready,
 * every other branch is dropped, and `result` is the winner's index (its
 * output is in the winner).
 *
 * Fair: each poll starts at a different branch, rotating, so a branch that
 * is always ready cannot starve the others.  The first poll of a select
 * starts from a per-thread counter, so a loop that builds a fresh select
 * each iteration rotates too.
 *
 *   poll 1:  b1 b2 b0      (start = 1)
 *   poll 2:  b2 b0 b1      (start = 2)
 *   poll 3:  b0 b1 b2 ...
 *
 * A branch pointer may be NULL: a disabled branch (tokio's `if` guard).
 * With every branch NULL, the select is Ready at once with result -1.
 */
typedef struct ac_select {
    /* private */
    ac_future base;
    ac_future *branch[AC_SELECT_MAX];
    unsigned n;
    unsigned next; /* where the next poll starts */
    bool rotated;  /* the first poll picked its start */
    /* public */
    int result; /* winner index, -1 if none */
} ac_select;

ac_select ac_select_of(size_t n, ac_future *const *branches);
/* ac_select_of with the branches listed inline: AC_SELECT(&a.base, &b.base) */
#define AC_SELECT(...) \
    ac_select_of(sizeof((ac_future *[]){__VA_ARGS__}) / sizeof(ac_future *), (ac_future *[]){__VA_ARGS__})

#endif
