/*
 * Lesson 06 - pinning, or in C: address stability.  The exercise interface.
 *
 * The program (main.c, demo_*.c), the stubs you fill in (exercises/) and
 * the checks (tests/lessons/06-pinning.c) all meet here:
 *
 *   you write (exercises/)   ex1_relocate.c     speller_move        move a self-referential future
 *                            ex2_pinned_list.c  pinned_list_push,   futures that never move
 *                                               pinned_list_free
 *                            ex3_pin_guard.c    pin_guard_check     catch a future that moved
 *   the lesson gives you     given_speller.c    the speller, a self-referential future
 *                            given_helpers.c    (demos only) a waker that talks, argument parsing
 *
 * Rust needs a `Pin` type to promise "this value will not move again".  C
 * has no such type: any struct can be memcpy'd, returned by value or
 * realloc'd to a new address at any time, and nothing warns you.  The
 * promise is a rule the code keeps by hand (future.h: "may be moved freely
 * until its first poll; after that it stays put").  This lesson shows what
 * breaks when the rule is broken, and three ways to keep it.
 */
#ifndef LESSON06_H
#define LESSON06_H

#include <stdbool.h>
#include <stddef.h>

#include "ac/future.h"

/* ---- the self-referential future the lesson gives you (given_speller.c) ----
 *
 * A speller copies a word into its own buffer, one letter per poll.  The
 * cursor that says where the next letter goes points INTO the same struct:
 *
 *   speller @ 0x1000
 *   +------------------------------------------+
 *   | base   | word -> "pin"  (static string)  |
 *   | cursor ---------------+                  |
 *   | buf:  'p' 'i' 0  0  .. <-- next letter   |
 *   +------------------------------------------+
 *
 * Like the state machine of a Rust async fn, it only builds that inner
 * pointer on its FIRST poll (cursor == NULL before), so copying a speller
 * that was never polled is harmless.  Copy it after a poll and the copy's
 * cursor still points into the original's buffer. */
#define SPELLER_MAX 32

typedef struct speller {
    ac_future base;
    const char *word;      /* what to spell (a string that outlives us) */
    char *cursor;          /* NULL until the first poll, then inside buf */
    char buf[SPELLER_MAX]; /* output: the letters written so far, 0-terminated */
} speller;

/* A never-polled speller for `word` (at most SPELLER_MAX - 1 letters). */
speller speller_new(const char *word);
/* One letter per poll, waking itself; Ready once the whole word is in buf. */
ac_poll speller_poll(ac_future *self, ac_context *cx);

/* ---- Exercise 1: move a speller safely (exercises/ex1_relocate.c) ----
 * Move *src to *dst, which may already have been polled: copy the bytes,
 * then fix dst's inner pointer so it points at the same letter position in
 * dst's OWN buffer.  A never-polled speller (cursor NULL) stays that way.
 * After the call only dst is used; src may be overwritten or freed. */
void speller_move(speller *dst, const speller *src);

/* ---- Exercise 2: heap-pin futures in a growable list (exercises/ex2_pinned_list.c) ----
 * A list of futures that can grow without ever moving a future: every
 * future gets its own heap block, and only the array of POINTERS to those
 * blocks is realloc'd.
 *
 *   items (realloc'd: may move)      the futures (malloc'd once: never move)
 *   +-------+-------+-------+
 *   |   *   |   *   |   *   |  --->  [future 0]  [future 1]  [future 2]
 *   +-------+-------+-------+
 */
typedef struct pinned_list {
    ac_future **items; /* items[i]: the i-th future's forever address */
    size_t len, cap;
} pinned_list;

#define PINNED_LIST_INIT ((pinned_list){.items = NULL, .len = 0, .cap = 0})

/* Copy a never-polled future of `size` bytes into a heap block of its own,
 * append its address, and return it (NULL if out of memory). */
ac_future *pinned_list_push(pinned_list *l, const void *future, size_t size);
/* Free every block and the array; the list is empty (and usable) again.
 * Only memory: drop any unfinished future before calling it. */
void pinned_list_free(pinned_list *l);

/* ---- Exercise 3: catch a future that moved (exercises/ex3_pin_guard.c) ----
 * A debug check to embed in a future and call at the top of its poll:
 *
 *   typedef struct ticker { ac_future base; pin_guard guard; ... } ticker;
 *   ... ticker_poll(ac_future *self, ...) {
 *           if (!pin_guard_check(&t->guard, self, "ticker")) abort();
 *
 * The first check remembers `self` as the future's home; every later one
 * compares.  A copy made before the first poll carries home == NULL and is
 * therefore fine, exactly like the rule says. */
typedef struct pin_guard {
    const void *home; /* address at the first poll; NULL before */
} pin_guard;

#define PIN_GUARD_INIT ((pin_guard){.home = NULL})

/* True when `self` is where the future was first polled (recording it on
 * the first call).  False, after printing to stderr which future moved,
 * from where to where, when it has moved since. */
bool pin_guard_check(pin_guard *g, const void *self, const char *name);

#endif
