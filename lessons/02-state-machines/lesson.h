/*
 * Lesson 02 - state machines: the exercise interface.
 *
 * One small computation, written three ways:
 *
 *   add_slowly(a, b):   x = await yield_once(a)
 *                       y = await yield_once(b)
 *                       return x + y
 *
 * Ex. 1 writes the leaf future it awaits (yield_once).  Ex. 2 writes
 * add_slowly as an explicit state machine, the way a compiler lowers an
 * `async fn`.  Ex. 3 writes it again with the coroutine macros of
 * ac/coro.h and lets the preprocessor build the machine.
 *
 * The program (main.c, demo_add_slowly.c, demo_sizes.c), the given code
 * (given_futures.c: vtables, constructors, drops), the stubs (exercises/) and the
 * checks (tests/lessons/02-state-machines.c) all meet here.
 */
#ifndef LESSON02_H
#define LESSON02_H

#include <stdbool.h>
#include <stdint.h>

#include "ac/coro.h"
#include "ac/future.h"

/* ---- Exercise 1: a future that steps aside once (exercises/ex1_yield_once.c)
 * The first poll wakes the waker and returns Pending; the second poll
 * hands `value` out as the output and returns Ready.  It stands for any
 * operation that is not done the first time you ask. */
typedef struct yield_once {
    ac_future base;
    uint32_t value; /* state: what to hand out */
    bool yielded;   /* state: the first poll has happened */
    uint32_t output;
} yield_once;

yield_once yield_once_new(uint32_t value);
ac_poll yield_once_poll(ac_future *self, ac_context *cx);

/* ---- Exercise 2: add_slowly by hand (exercises/ex2_add_slowly_by_hand.c)
 *
 * A tag says which state the machine is in; a union holds that state's
 * data and nothing else, so the states share the same bytes:
 *
 *   +---------+  create yield_once(a)  +-----------+  a's future Ready: x = a
 *   |  START  | ---------------------> | WAITING_A | ----------------------+
 *   | a, b    |                        | b, fut(a) |                       |
 *   +---------+                        +-----------+                       v
 *                                                                   +-----------+
 *   +---------+       b's future Ready: output = x + y              | WAITING_B |
 *   |  DONE   | <-------------------------------------------------- | x, fut(b) |
 *   +---------+                                                     +-----------+
 *
 * WAITING_B keeps x (still needed for the sum) but not a or b (used up).
 * Polling a DONE machine is a caller bug (rule 1): abort. */
typedef enum add_state {
    ADD_START,
    ADD_WAITING_A,
    ADD_WAITING_B,
    ADD_DONE,
} add_state;

typedef struct add_slowly_by_hand {
    ac_future base;
    add_state state; /* which member of `in` is live */
    union {
        struct {
            uint32_t a, b;
        } start;
        struct {
            uint32_t b; /* needed later, to make b's future */
            yield_once fut;
        } waiting_a;
        struct {
            uint32_t x; /* a's result, needed for the sum */
            yield_once fut;
        } waiting_b;
    } in;
    uint32_t output; /* valid after Ready */
} add_slowly_by_hand;

add_slowly_by_hand add_slowly_by_hand_new(uint32_t a, uint32_t b);
ac_poll add_slowly_by_hand_poll(ac_future *self, ac_context *cx);
const char *add_state_name(add_state s);

/* ---- Exercise 3: add_slowly with the coroutine macros
 *      (exercises/ex3_add_slowly_coro.c)
 *
 * Write it like straight-line code between AC_BEGIN and AC_END.  Locals do
 * not survive an await, so what must live across one is a field here.  The
 * macros give no union: every field is there in every state, which is why
 * one `step` is reused for both awaits instead of keeping two. */
typedef struct add_slowly_coro {
    ac_future base;
    ac_coro co;      /* where to resume (a source line) + what is awaited */
    uint32_t a, b;   /* the arguments */
    uint32_t x;      /* a's result, kept across the second await */
    yield_once step; /* the future being awaited right now */
    uint32_t output; /* valid after Ready */
} add_slowly_coro;

add_slowly_coro add_slowly_coro_new(uint32_t a, uint32_t b);
ac_poll add_slowly_coro_poll(ac_future *self, ac_context *cx);

#endif
