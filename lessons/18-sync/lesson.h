/*
 * Lesson 18 - async sync primitives: the exercise interface.
 *
 * A pthread mutex blocks the THREAD; on an executor that thread runs every
 * task, so a task that waits for a pthread mutex stops them all, including
 * the one holding it.  The runtime's primitives (common/include/ac/sync.h,
 * notify.h) block only the TASK: waiting is a Pending, the release is a
 * wake.
 *
 *   ex1  incrementer_poll   100 tasks, one counter, an ac_mutex held across an await
 *   ex2  job_poll           a semaphore(5) lets at most 5 of 20 jobs run at once
 *   ex3  drainer_poll       a consumer that waits on an ac_notify until items come
 *   ex4  nlock_poll +       a mutex built from a flag and an ac_notify (and why
 *        nmutex_unlock      the runtime's is a FIFO wait queue instead)
 *
 * The program (main.c, demo_sync.c), the stubs you fill in (exercises/) and
 * the checks (tests/lessons/18-sync.c) all meet here.
 */
#ifndef LESSON18_H
#define LESSON18_H

#include <stdbool.h>

#include "ac/coro.h"
#include "ac/executor.h"
#include "ac/notify.h"
#include "ac/sync.h"

/* ---- Exercise 1: a counter under an async mutex ----------------------------
 * Each round: lock, read the value, step aside once (an await: other tasks
 * run), write value + 1, unlock.  Without the lock, the step aside lets
 * other tasks read the same old value: updates get lost. */
typedef struct counter {
    ac_mutex lock;
    long value;
    int inside, max_inside; /* tasks between lock and unlock, and the most ever */
} counter;

typedef struct incrementer {
    ac_future base;
    ac_coro co;
    counter *c;
    int rounds, i;
    long seen;       /* the value read before the await */
    ac_acquire lock; /* the lock being awaited */
    ac_yield nap;    /* the await in the middle */
} incrementer;

/* Given (given_sync.c). */
void counter_init(counter *c);
incrementer incrementer_new(counter *c, int rounds);
/* YOURS */
ac_poll incrementer_poll(ac_future *self, ac_context *cx);

/* ---- Exercise 2: at most 5 at once -------------------------------------------
 * A job takes one permit of l->sem, counts itself in `running` (and
 * max_running), steps aside `work` times, then counts itself out, adds
 * one to `done` and gives the permit back. */
typedef struct limiter {
    ac_semaphore sem;
    int running, max_running, done;
} limiter;

typedef struct job {
    ac_future base;
    ac_coro co;
    limiter *l;
    int work, step;
    ac_acquire permit;
    ac_yield nap;
} job;

void limiter_init(limiter *l, int permits);
job job_new(limiter *l, int work);
/* YOURS */
ac_poll job_poll(ac_future *self, ac_context *cx);

/* ---- Exercise 3: a consumer woken by notify ------------------------------------
 *
 *   mailbox_put ---> [ items | len | closed ] ---notify_one---> drainer
 *   mailbox_close -----------------^
 *
 * notify_one stores a permit when nobody waits, so "look, then wait" loses
 * no wake-up - but one wake may stand for several puts, and a wake is a
 * hint to look again, never a promise that something is there. */
#define MAILBOX_MAX 64

typedef struct mailbox {
    int items[MAILBOX_MAX];
    int head, len;
    bool closed;
    ac_notify notify;
} mailbox;

void mailbox_init(mailbox *m);
void mailbox_destroy(mailbox *m);
/* Given: append (false if full) and notify_one. */
bool mailbox_put(mailbox *m, int value);
/* Given: no more puts; notify_one. */
void mailbox_close(mailbox *m);
/* Given: take the oldest item; false when empty. */
bool mailbox_take(mailbox *m, int *out);

typedef struct drainer {
    ac_future base;
    ac_coro co;
    mailbox *m;
    int got;
    long sum;
    int value;
    ac_notified wait;
} drainer;

drainer drainer_new(mailbox *m);
/* YOURS */
ac_poll drainer_poll(ac_future *self, ac_context *cx);

/* ---- Exercise 4: a mutex made of a flag and a notify -----------------------------
 * nlock_poll is Ready holding the lock; nmutex_unlock gives it back and
 * lets one waiter in.  (The runtime's ac_mutex is a FIFO wait queue: see
 * docs/18-sync.md for what this simple one gets wrong.) */
typedef struct nmutex {
    bool locked;
    ac_notify notify;
} nmutex;

typedef struct nlock {
    ac_future base;
    ac_coro co;
    nmutex *m;
    ac_notified wait;
} nlock;

void nmutex_init(nmutex *m);
void nmutex_destroy(nmutex *m);
nlock nlock_new(nmutex *m);
/* YOURS (both) */
ac_poll nlock_poll(ac_future *self, ac_context *cx);
void nmutex_unlock(nmutex *m);

#endif
