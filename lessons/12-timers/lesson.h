/*
 * Lesson 12 - timers: the exercise interface.
 *
 * You build the data structure every sleep, timeout and interval of a
 * runtime ends up in: a binary min-heap of deadlines.  It is INTRUSIVE, like
 * the runtime's own (common/include/ac/timer.h): the timer_entry lives in
 * whatever waits for it, the heap only holds pointers, and each entry
 * remembers where in the heap it sits so it can be cancelled in O(log n).
 *
 *   slots (array)          the same array seen as a tree
 *   +----+----+----+----+            [0] 10ms
 *   | 10 | 30 | 20 | 40 |           /        \
 *   +----+----+----+----+      [1] 30ms    [2] 20ms
 *     |                          /
 *     v                     [3] 40ms
 *   timer_entry { deadline 10, seq 2, index 1 (slot 0 + 1) }
 *
 *   slot i's children: 2i+1 and 2i+2     its parent: (i-1)/2
 *   heap rule: every slot fires no later than its children
 *
 * "Fires first" means: earlier deadline, or the same deadline and started
 * earlier (smaller seq).  So timers with equal deadlines fire in the order
 * they were pushed, like libuv's and tokio's.
 *
 * The program (main.c, demo_*.c, bench.c), the stubs you fill in
 * (exercises/) and the checks (tests/lessons/12-timers.c) all meet here.
 */
#ifndef LESSON12_H
#define LESSON12_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct timer_entry {
    uint64_t deadline; /* when it is due (the demos use milliseconds) */
    uint64_t seq;      /* start order, stamped by timer_heap_push */
    size_t index;      /* slot + 1 while in the heap, 0 while not */
    const char *label; /* a name for the demos to print */
} timer_entry;

typedef struct timer_heap {
    timer_entry **slots; /* slots[0] fires first */
    size_t len, cap;
    uint64_t next_seq; /* the seq the next push stamps */
} timer_heap;

/* ---- given (twin_heap.c) ---------------------------------------------- */

void timer_heap_init(timer_heap *h);
/* Frees the array; the entries belong to whoever embeds them. */
void timer_heap_free(timer_heap *h);
/* Make room for one more slot; false when out of memory. */
bool timer_heap_reserve(timer_heap *h);
/* Does a fire before b?  Earlier deadline, ties broken by seq. */
static inline bool timer_fires_before(const timer_entry *a, const timer_entry *b)
{
    return a->deadline != b->deadline ? a->deadline < b->deadline : a->seq < b->seq;
}
/* Put t in slot i and tell t where it is (index = i + 1). */
static inline void timer_heap_place(timer_heap *h, size_t i, timer_entry *t)
{
    h->slots[i] = t;
    t->index = i + 1;
}
/* The entry that fires first, or NULL when empty.  Does not remove it. */
static inline timer_entry *timer_heap_peek(const timer_heap *h) { return h->len ? h->slots[0] : NULL; }
static inline bool timer_entry_is_queued(const timer_entry *t) { return t->index != 0; }

/* ---- Exercise 1: push (exercises/ex1_push.c) -----------------------------
 * heap_sift_up: the entry in slot i may fire before its parent; swap it
 * upwards until it does not (or it is the root).
 * timer_heap_push: stamp t with `deadline` and the next seq, put it in the
 * first free slot and sift it up.  false (heap unchanged) if t is already
 * queued or there is no memory. */
void heap_sift_up(timer_heap *h, size_t i);
bool timer_heap_push(timer_heap *h, timer_entry *t, uint64_t deadline);

/* ---- Exercise 2: pop (exercises/ex2_pop.c) -------------------------------
 * heap_sift_down: the entry in slot i may fire after one of its children;
 * swap it with the child that fires first until neither fires before it.
 * timer_heap_pop: take out and return the entry that fires first (index
 * back to 0), or NULL when the heap is empty. */
void heap_sift_down(timer_heap *h, size_t i);
timer_entry *timer_heap_pop(timer_heap *h);

/* ---- Exercise 3: cancel (exercises/ex3_cancel.c) -------------------------
 * Take t out of the heap wherever it is, in O(log n), using t->index.
 * true if it was queued, false (nothing changes) if it was not. */
bool timer_heap_cancel(timer_heap *h, timer_entry *t);

#endif
