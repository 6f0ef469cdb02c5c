/*
 * Lesson 07 - combinators: futures made of futures.  The exercise interface.
 *
 * The program (main.c, demo_combinators.c), the stubs you fill in
 * (exercises/) and the checks (tests/lessons/07-combinators.c) all meet
 * here:
 *
 *   you write (exercises/)   ex1_join2.c         join2_poll, join2_drop        wait for both
 *                            ex2_join_all.c      join_all_poll, join_all_drop  wait for all, in order
 *                            ex3_select2.c       select2_poll, select2_drop    the first one wins
 *                            ex4_map.c           map_poll, map_drop            transform an output
 *   the lesson gives you     given_combinators.c their vtables and constructors, output_as_int
 *                            given_named.c       named, the child future the demos narrate
 *
 * A combinator is an ordinary future whose poll polls other futures (its
 * children) and decides, from their answers, what to answer itself:
 *
 *   join2      Ready when BOTH children are Ready; output: both outputs
 *   join_all   Ready when ALL n children are Ready; outputs in slot order
 *   select2    Ready when EITHER child is Ready; the other one is dropped
 *   map        Ready when its child is; output: fn(child's output)
 *
 * Two simplifications, named out loud:
 *   - C has no generics, so in this lesson every child's output is an int
 *     (a child with no output reads as 0).  The runtime's own combinators
 *     (common/, later) copy outputs by size instead.
 *   - Children live where the caller put them; a combinator holds their
 *     addresses.  So children must not move once the combinator has polled
 *     them (lesson 06) - keep them beside the combinator, in the same task.
 *
 * Ownership: a combinator owns its children's *lifecycle*.  A child that
 * finished is never polled again; a child that has not finished when the
 * combinator gives up on it (select2's loser) or is itself dropped
 * (cancelled) goes to ac_future_drop() exactly once.
 */
#ifndef LESSON07_H
#define LESSON07_H

#include <stdbool.h>
#include <stddef.h>

#include "ac/future.h"

/* Given (given_combinators.c, with every combinator's vtable and
 * constructor): the int output of a finished child (0 if it has none).
 * Aborts, naming the future, if its output is not an int. */
int output_as_int(ac_future *f);

/* ---- the child the demos use (given, given_named.c): it says what happens to it ----
 * named_new("xray", 2, 30) answers Pending twice (waking itself), then
 * Ready with output 30, printing every poll; if it is dropped before
 * finishing it prints that too and counts it in `drops`. */
typedef struct named {
    ac_future base;
    const char *name;
    unsigned pendings; /* Pending answers still to give */
    unsigned polls;    /* polls so far */
    unsigned drops;    /* times its drop entry ran (must never exceed 1) */
    int value;
    int output;
} named;

named named_new(const char *name, unsigned pendings, int value);

/* ---- Exercise 1: join2 (exercises/ex1_join2.c) ----
 *
 *   poll:  a not done? poll a ----Ready----> a_done, output.a
 *          b not done? poll b ----Ready----> b_done, output.b
 *          both done?  Ready : Pending
 */
typedef struct int_pair {
    int a, b;
} int_pair;

typedef struct join2 {
    ac_future base;
    ac_future *a, *b;
    bool a_done, b_done;
    int_pair output; /* valid after Ready */
} join2;

join2 join2_new(ac_future *a, ac_future *b);
ac_poll join2_poll(ac_future *self, ac_context *cx);
/* Cancelled: drop whichever child has not finished. */
void join2_drop(ac_future *self);

/* ---- Exercise 2: join_all (exercises/ex2_join_all.c) ----
 * n children in an array of slots.  A child that finishes has its output
 * stored in outputs[i] (its own slot number, whatever order they finish
 * in) and its slot set to NULL, so it is never polled again:
 *
 *   slots:   [ f0 ][ f1 ][ f2 ]   f1 finishes first (7)  ->  [ f0 ][NULL][ f2 ]
 *   outputs: [  ? ][  ? ][  ? ]                              [  ? ][  7 ][  ? ]
 */
typedef struct join_all {
    ac_future base;
    ac_future **slots; /* n entries; NULL once that child finished */
    size_t n;
    size_t remaining; /* children not finished yet */
    int *outputs;     /* n entries, filled as children finish */
} join_all;

join_all join_all_new(ac_future **slots, size_t n, int *outputs);
ac_poll join_all_poll(ac_future *self, ac_context *cx);
/* Cancelled: drop every child still in a slot. */
void join_all_drop(ac_future *self);

/* ---- Exercise 3: select2 (exercises/ex3_select2.c) ----
 * The first child to be Ready wins; the other is dropped at once, exactly
 * once.  Left is polled first, so it wins a tie (a biased select: the
 * runtime's select will take turns to be fair). */
typedef enum select_side {
    SELECT_NONE = 0, /* not decided yet */
    SELECT_LEFT = 1,
    SELECT_RIGHT = 2,
} select_side;

typedef struct select_result {
    select_side winner;
    int value; /* the winner's output */
} select_result;

typedef struct select2 {
    ac_future base;
    ac_future *left, *right;
    select_result output; /* valid after Ready */
} select2;

select2 select2_new(ac_future *left, ac_future *right);
ac_poll select2_poll(ac_future *self, ac_context *cx);
/* Cancelled before either won: drop both. */
void select2_drop(ac_future *self);

/* ---- Exercise 4: map (exercises/ex4_map.c) ----
 * Ready when `inner` is, with output fn(inner's output, arg). */
typedef int (*map_fn)(int value, void *arg);

typedef struct map_future {
    ac_future base;
    ac_future *inner;
    map_fn fn;
    void *arg;
    int output; /* valid after Ready */
} map_future;

map_future map_new(ac_future *inner, map_fn fn, void *arg);
ac_poll map_poll(ac_future *self, ac_context *cx);
/* Cancelled: drop the inner future. */
void map_drop(ac_future *self);

#endif
