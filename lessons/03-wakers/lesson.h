/*
 * Lesson 03 - wakers: the exercise interface.
 *
 * A waker is two words, a data pointer and a table of four functions
 * (ac/waker.h).  This lesson builds three of them and the smallest
 * executor that really sleeps:
 *
 *   ex1  noop waker       every entry does nothing       (poll in a loop anyway)
 *   ex2  counting waker   data = a refcounted counter    (count wakes, balance refs)
 *   ex3  parker + waker   data = mutex + condvar + token (wake = unpark a thread)
 *   ex4  block_on_parked  poll, park until woken, repeat; a bounded park
 *                         catches a future that forgot to arrange its wake
 *
 * The program (main.c, demo_wakers.c), the stubs (exercises/) and the checks
 * (tests/lessons/03-wakers.c) all meet here.
 */
#ifndef LESSON03_H
#define LESSON03_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <time.h>

#include "ac/clock.h"
#include "ac/future.h"

/* ---- Exercise 1: a waker that does nothing (exercises/ex1_noop_waker.c)
 * Your own vtable of four do-nothing functions, and a waker that uses it.
 * (The runtime has one, ac_waker_noop(); write yours without it.) */
ac_waker noop_waker(void);

/* ---- Exercise 2: a counting waker (exercises/ex2_counting_waker.c)
 *
 *   owner ----+                       wake_counter (heap)
 *   waker ----+--> data ------------> +----------------+
 *   clone ----+                       | refs   (atomic)|  one per holder
 *                                     | wakes  (atomic)|  wake + wake_by_ref
 *                                     +----------------+
 *
 * wake_counter_new() hands its caller the first reference.  Every waker
 * made by counting_waker() or by cloning holds one more; dropping or
 * waking-by-value gives it back; wake_counter_release() gives back the
 * owner's.  Whoever gives back the LAST one calls wake_counter_free().
 * Wakers may travel to other threads, so the counts are atomic. */
typedef struct wake_counter {
    _Atomic unsigned refs;
    _Atomic unsigned wakes;
} wake_counter;

wake_counter *wake_counter_new(void);       /* given: refs = 1, wakes = 0 */
void wake_counter_free(wake_counter *c);    /* given: free it (call at refs 0) */
unsigned wake_counters_alive(void);         /* given: allocated and not yet freed */
ac_waker counting_waker(wake_counter *c);   /* ex2: a new waker holding a reference */
void wake_counter_release(wake_counter *c); /* ex2: give back one reference */

/* ---- Exercise 3: park and unpark a thread (exercises/ex3_parker.c)
 *
 * A parker holds at most ONE token.  unpark() leaves the token (a second
 * unpark before the next park adds nothing) and signals; park() waits
 * until a token is there, takes it, and returns true - or gives up after
 * `timeout` and returns false.  Because the token stays until taken, an
 * unpark that comes BEFORE the park is never lost:
 *
 *   thread A (polls, then parks)         thread B (wakes)
 *   poll -> Pending                      ...
 *                                        unpark: token = true, signal
 *   park: token? yes, take it, return    (A never even sleeps)
 *
 * parker_waker() makes a waker whose wake and wake_by_ref unpark.  It does
 * not count references: the parker must outlive every waker made from it
 * (block_on_parked guarantees this by outliving the future it drives). */
#define PARK_FOREVER ((ac_nanos)-1)

typedef struct parker {
    pthread_mutex_t lock;
    pthread_cond_t cond;      /* times out against CLOCK_MONOTONIC */
    bool token;               /* an unpark not yet taken by a park; under lock */
    _Atomic unsigned unparks; /* how often unpark was called (for demos) */
} parker;

void parker_init(parker *p);    /* given */
void parker_destroy(parker *p); /* given */
/* given: the absolute CLOCK_MONOTONIC instant `timeout` from now, for
 * pthread_cond_timedwait */
struct timespec parker_deadline(ac_nanos timeout);

bool parker_park(parker *p, ac_nanos timeout); /* ex3: timeout may be PARK_FOREVER */
void parker_unpark(parker *p);                 /* ex3 */
ac_waker parker_waker(parker *p);              /* ex3 */

/* ---- Exercise 4: an executor that sleeps (exercises/ex4_block_on.c)
 *
 *        +--> poll(f) --Ready--> return BLOCK_ON_READY
 *        |      | Pending
 *        |      v
 *        +-- park(stall_limit) --timed out--> return BLOCK_ON_STALLED
 *   woken
 *
 * STALLED means nobody woke us within stall_limit after a Pending: the
 * future most likely broke rule 2.  The future is then NOT finished; the
 * caller still owns it and should drop it.  Report each step to `observe`
 * (if not NULL) with the number of the poll it follows (from 1). */
typedef enum block_on_step {
    STEP_POLLED_PENDING,
    STEP_POLLED_READY,
    STEP_WOKEN,   /* park returned: someone called wake */
    STEP_STALLED, /* park timed out: nobody did */
} block_on_step;

typedef enum block_on_result {
    BLOCK_ON_READY,
    BLOCK_ON_STALLED,
} block_on_result;

typedef void (*block_on_observer)(block_on_step step, unsigned poll_number, void *arg);

block_on_result block_on_parked(ac_future *f, ac_nanos stall_limit, block_on_observer observe, void *arg);

/* ---- given futures to drive (given_futures.c, given_remote_countdown.c) ---------------------- */

/* Lesson 01's countdown: wakes itself, Ready after `count` Pendings. */
typedef struct countdown {
    ac_future base;
    unsigned count;
} countdown;

countdown countdown_new(unsigned count);

/*
 * A countdown whose wakes come from another thread, like real I/O: each
 * Pending stores a clone of the waker and asks a helper thread for a
 * "tick"; the helper sleeps `delay`, takes one off the count and wakes
 * the stored waker.  The helper starts at the first poll and is joined
 * before Ready (or by drop), so no wake outlives the future.
 */
typedef void (*tick_observer)(unsigned count_after, void *arg); /* runs on the helper */

typedef struct remote_countdown {
    ac_future base;
    unsigned count; /* under lock once started */
    ac_nanos delay;
    tick_observer on_tick;
    void *arg;
    bool started;
    bool tick_pending;    /* a tick was asked for and not yet done; under lock */
    bool stop;            /* under lock */
    ac_waker_slot waiter; /* whom the next tick wakes; under lock */
    pthread_mutex_t lock;
    pthread_cond_t cond;
    pthread_t helper;
} remote_countdown;

remote_countdown remote_countdown_new(unsigned count, ac_nanos delay, tick_observer on_tick, void *arg);

/* A future that breaks rule 2 on purpose: its first poll returns Pending
 * WITHOUT arranging a wake (unless `keeps_rule_2`).  It would be Ready on
 * the second poll - if anybody ever polled it again. */
typedef struct forgetful {
    ac_future base;
    bool keeps_rule_2;
    unsigned polls;
} forgetful;

forgetful forgetful_new(bool keeps_rule_2);

#endif
