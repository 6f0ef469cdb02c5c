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
 *
 * Cancellation safety: what a select loop loses when it drops a future
 * that lost (docs/24-cancellation-safety.md shows the loss and the cures).
 * Every public future of the runtime:
 *
 *   future                       safe?  what a drop before Ready loses
 *   ac_read / ac_write           yes    nothing (one syscall, reported at once)
 *   ac_read_exact                NO     the bytes already read (count unknown)
 *   ac_write_all                 NO     an unknown prefix is already sent
 *   ac_copy                      NO     bytes read and not yet written
 *   ac_ready                     yes    nothing
 *   ac_tcp_accept                yes    nothing (the connection stays queued)
 *   ac_tcp_connect               yes*   the handshake so far (a new one starts over)
 *   ac_udp_send / ac_udp_recv    yes    nothing
 *   ac_sleep (sleep_for)         yes*   the time waited: remade, it starts over
 *   ac_sleep (sleep_until), ac_tick  yes  nothing (the deadline or grid is kept)
 *   ac_yield                     yes    nothing
 *   ac_join_handle               yes*   the handle: the task runs on, detached
 *   ac_mpsc_send / _reserve      yes*   its place in line (the value is not taken)
 *   ac_mpsc_recv, ac_oneshot_recv, ac_broadcast_recv, ac_watch_changed
 *                                yes    nothing (a value leaves only when returned)
 *   ac_acquire (semaphore, mutex lock, rwlock read/write), ac_notified
 *                                yes*   its place in line (no permit is lost)
 *   ac_cancelled                 yes    nothing
 *   ac_stream_next               yes    nothing (partial state is in the stream)
 *   ac_timeout / ac_fuse         as safe as the inner future (dropped with it)
 *   ac_select                    as safe as its owned branches; kept ones lose nothing
 *
 *   yes* = nothing of the data is lost, but something else is (marked).
 */
#ifndef AC_COMBINATORS_H
#define AC_COMBINATORS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ac/coro.h"
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

/* ---- fuse ------------------------------------------------------------- */

/*
 * A future that may be polled after it finished.  Rule 1 of future.h says
 * never poll a Ready future again; a select loop that keeps one future
 * across iterations (AC_KEEP below) would break it the round after that
 * future won.  A fuse makes the repeat poll harmless:
 *
 *   poll:   inner Pending -> Pending          (inner's wake registration)
 *           inner Ready   -> Ready, once      done = true
 *           done          -> Pending forever  (registers nothing, never wakes)
 *
 * A select treats a finished fuse as a disabled branch, so a loop whose
 * fused branches have all finished gets the else result instead of hanging.
 * Dropping a fuse drops inner unless it already finished.
 */
typedef struct ac_fuse {
    /* private */
    ac_future base;
    ac_future *inner;
    /* read-only */
    bool done; /* inner returned Ready (or was dropped) */
} ac_fuse;
ac_fuse ac_fuse_of(ac_future *inner);
/* true for a fuse whose inner future finished; false for anything else. */
bool ac_fuse_is_done(const ac_future *f);

/* ---- select ----------------------------------------------------------- */

#define AC_SELECT_MAX  8
#define AC_SELECT_ELSE (-1) /* result when every branch is disabled */

typedef enum ac_select_mode {
    AC_SELECT_FAIR = 0, /* start at a random branch, then rotate */
    AC_SELECT_BIASED,   /* always branch 0 first, then 1, ... (tokio's `biased;`) */
} ac_select_mode;

/*
 * Wait for the first of up to AC_SELECT_MAX futures.  When one is Ready,
 * the other branches are dropped (each exactly once), and `result` is the
 * winner's index (its output is in the winner).
 *
 * Fair (the default): the first poll starts at a branch drawn from a
 * per-thread generator (seed it with ac_select_seed for a reproducible
 * run), and each later poll of the same select starts one further:
 *
 *   poll 1:  b1 b2 b0      (start drawn: 1)
 *   poll 2:  b2 b0 b1      (start = 2)
 *   poll 3:  b0 b1 b2 ...
 *
 * so a branch that is always ready cannot starve the others, however many
 * other selects the loop builds between two of ours (a shared rotating
 * counter would not promise that: two selects per round, and the first
 * always starts at branch 0).  Biased: the order written is the priority;
 * cheaper (no draw), and a branch that is always ready wins every time.
 *
 * Branches:
 *   NULL           disabled (tokio's `, if cond` guard): use AC_IF(cond, f)
 *   a finished fuse   disabled too
 *   AC_KEEP(f)     kept: polled like the others, but NEVER dropped by the
 *                  select; it belongs to the caller, who polls it again next
 *                  iteration (a running sleep, a half-done read) and drops
 *                  it when done with it
 *   anything else  owned: dropped by the select if it loses
 * With every branch disabled the select is Ready at once with result
 * AC_SELECT_ELSE (tokio's `else =>` arm).
 *
 * Inside a coroutine, build and await in one line; the handlers come after
 * the await, as if/else on the result (a switch must not enclose awaits):
 *
 *   struct relay { ac_coro co; ac_interval every; ac_tick tick;
 *                  ac_mpsc_recv_fut recv; ac_select sel; int msg; };
 *
 *   AC_BEGIN(&s->co);
 *   s->tick = ac_tick_of(&s->every);       // outlives the loop: kept
 *   for (;;) {
 *       s->recv = ac_mpsc_recv(&s->rx, &s->msg);   // remade each round: owned
 *       AC_AWAIT_SELECT(&s->co, cx, &s->sel, &s->recv.base, AC_KEEP(&s->tick.base));
 *       if (s->sel.result == 0) {
 *           if (s->recv.result == -EPIPE) break;   // channel closed
 *           printf("got %d\n", s->msg);
 *       } else {
 *           s->tick = ac_tick_of(&s->every);       // that tick finished: next
 *       }
 *   }
 *   ac_future_drop(&s->tick.base);         // kept futures are ours to drop
 *   AC_END(&s->co);
 *
 * (The coroutine's own drop must drop its kept futures too: ac_coro_drop
 * drops the select, which leaves them alone.)
 */
typedef struct ac_select {
    /* private */
    ac_future base;
    ac_future *branch[AC_SELECT_MAX];
    unsigned kept; /* bit i: branch i is the caller's, never dropped here */
    unsigned n;
    unsigned next; /* where the next poll starts */
    bool started;  /* the first poll picked its start */
    ac_select_mode mode;
    /* public */
    int result; /* winner index, AC_SELECT_ELSE if every branch was disabled */
} ac_select;

ac_select ac_select_of(size_t n, ac_future *const *branches);
ac_select ac_select_biased_of(size_t n, ac_future *const *branches);
/* ac_select_of with the branches listed inline: AC_SELECT(&a.base, &b.base) */
#define AC_SELECT(...) \
    ac_select_of(sizeof((ac_future *[]){__VA_ARGS__}) / sizeof(ac_future *), (ac_future *[]){__VA_ARGS__})
#define AC_SELECT_BIASED(...)                                                       \
    ac_select_biased_of(sizeof((ac_future *[]){__VA_ARGS__}) / sizeof(ac_future *), \
                        (ac_future *[]){__VA_ARGS__})

/* A branch that is there only when cond holds. */
#define AC_IF(cond, fut) ((cond) ? (fut) : (ac_future *)NULL)

/* Mark a branch as kept by the caller.  The mark rides in the pointer's
 * low bit (every future is pointer-aligned) and is taken off by
 * ac_select_of at once: the select stores a plain pointer and a flag. */
static inline ac_future *ac_select_keep(ac_future *f) { return (ac_future *)((uintptr_t)f | (uintptr_t)1); }
#define AC_KEEP(fut) ac_select_keep(fut)

/* Switch branch i off in a select that is already running (a channel that
 * closed while we waited): an owned branch is dropped now, once. */
void ac_select_disable(ac_select *s, unsigned i);

/* Seed this thread's generator of fair starting points (0 is replaced by
 * a fixed non-zero value).  Without a call, a fixed seed: runs repeat. */
void ac_select_seed(uint64_t seed);

/* Build a select into *sel and await it, on one line (one await). */
#define AC_AWAIT_SELECT(co, cx, sel, ...)   \
    do {                                    \
        *(sel) = AC_SELECT(__VA_ARGS__);    \
        AC_AWAIT((co), (cx), &(sel)->base); \
    } while (0)
#define AC_AWAIT_SELECT_BIASED(co, cx, sel, ...) \
    do {                                         \
        *(sel) = AC_SELECT_BIASED(__VA_ARGS__);  \
        AC_AWAIT((co), (cx), &(sel)->base);      \
    } while (0)

#endif
