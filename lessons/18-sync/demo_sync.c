/*
 * demo_sync.c - lesson 18's demos: your exercises at work, and a pthread
 * mutex held across an await.
 */
#include <pthread.h>
#include <stdio.h>
#include <time.h>

#include "course/cli.h"
#include "demos.h"
#include "lesson.h"

static bool one_count(int argc, char **argv, unsigned long max, unsigned long *value)
{
    if (argc > 2) {
        fprintf(stderr, "%s: takes at most one argument\n", argv[0]);
        return false;
    }
    return argc < 2 || ac_cli_parse_ulong(argv[0], argv[1], 1, max, value);
}

/* The same round as exercise 1 without the lock: read, step aside, write. */
typedef struct unlocked {
    ac_future base;
    ac_coro co;
    counter *c;
    int i;
    long seen;
    ac_yield nap;
} unlocked;

static ac_poll unlocked_poll(ac_future *self, ac_context *cx)
{
    unlocked *t = (unlocked *)self;
    AC_BEGIN(&t->co);
    for (t->i = 0; t->i < 10; t->i++) {
        t->seen = t->c->value;
        t->nap = ac_yield_now();
        AC_AWAIT(&t->co, cx, &t->nap.base);
        t->c->value = t->seen + 1;
    }
    AC_END(&t->co);
}
static const ac_future_vtable unlocked_vtable = {.name = "unlocked", .poll = unlocked_poll};

int demo_counter(int argc, char **argv)
{
    unsigned long tasks = 100;
    if (!one_count(argc, argv, 10000, &tasks))
        return 2;
    ac_executor ex;
    if (ac_executor_init(&ex) < 0)
        return 1;
    ac_cli_heading("without a lock: read, await, write");
    counter c;
    counter_init(&c);
    for (unsigned long i = 0; i < tasks; i++) {
        unlocked t = {.base = {&unlocked_vtable}, .c = &c};
        ac_join_handle h = AC_SPAWN(&ex, t);
        ac_join_release(&h);
    }
    ac_executor_run(&ex);
    printf("  %lu tasks x 10 increments = %lu expected, counter says %ld (updates lost)\n", tasks, tasks * 10,
           c.value);
    ac_cli_heading("with an ac_mutex held across the await (exercise 1)");
    counter_init(&c);
    for (unsigned long i = 0; i < tasks; i++) {
        incrementer t = incrementer_new(&c, 10);
        ac_join_handle h = AC_SPAWN(&ex, t);
        ac_join_release(&h);
    }
    ac_executor_run(&ex);
    printf("  counter says %ld; at most %d task(s) inside at once; %llu polls\n", c.value, c.max_inside,
           (unsigned long long)ex.stats.polls);
    ac_mutex_destroy(&c.lock);
    ac_executor_close(&ex);
    printf("\nTakeaway: an await inside a critical section lets other tasks run; only a\n"
           "lock that is held ACROSS the await keeps them out - and an async one lets them run meanwhile.\n");
    return c.value == (long)(tasks * 10) ? 0 : 1;
}

int demo_limit(int argc, char **argv)
{
    unsigned long jobs = 20;
    if (!one_count(argc, argv, 10000, &jobs))
        return 2;
    ac_cli_heading("a semaphore of 5 over the jobs (exercise 2)");
    ac_executor ex;
    if (ac_executor_init(&ex) < 0)
        return 1;
    limiter l;
    limiter_init(&l, 5);
    for (unsigned long i = 0; i < jobs; i++) {
        job j = job_new(&l, 3 + (int)(i % 4));
        ac_join_handle h = AC_SPAWN(&ex, j);
        ac_join_release(&h);
    }
    ac_executor_run(&ex);
    printf("  %d jobs done, at most %d running at once, %zu permits free at the end\n", l.done, l.max_running,
           ac_semaphore_available(&l.sem));
    ac_semaphore_destroy(&l.sem);
    ac_executor_close(&ex);
    printf("\nTakeaway: a semaphore is a limit on concurrency, not on tasks: all %lu were\n"
           "spawned at once, and the sixth simply waited in line for a permit.\n",
           jobs);
    return l.max_running <= 5 ? 0 : 1;
}

/* Puts `count` items, one per turn, then closes. */
typedef struct producer {
    ac_future base;
    ac_coro co;
    mailbox *m;
    int i;
} producer;

static ac_poll producer_poll(ac_future *self, ac_context *cx)
{
    producer *p = (producer *)self;
    AC_BEGIN(&p->co);
    for (p->i = 1; p->i <= 5; p->i++) {
        printf("  producer: put %d%s\n", p->i,
               p->i % 2 ? " (and notify_one)" : " (a second notify: no extra permit)");
        mailbox_put(p->m, p->i);
        if (p->i % 2 == 0)
            AC_YIELD(&p->co, cx);
    }
    printf("  producer: close\n");
    mailbox_close(p->m);
    AC_END(&p->co);
}
static const ac_future_vtable producer_vtable = {.name = "producer", .poll = producer_poll};

/* 20 tasks, each 5 times: lock the notify mutex, yield, unlock. */
typedef struct nuser {
    ac_future base;
    ac_coro co;
    nmutex *m;
    int *inside, *max_inside, *total;
    int i;
    nlock lock;
    ac_yield nap;
} nuser;

static ac_poll nuser_poll(ac_future *self, ac_context *cx)
{
    nuser *u = (nuser *)self;
    AC_BEGIN(&u->co);
    for (u->i = 0; u->i < 5; u->i++) {
        u->lock = nlock_new(u->m);
        AC_AWAIT(&u->co, cx, &u->lock.base);
        if (++*u->inside > *u->max_inside)
            *u->max_inside = *u->inside;
        u->nap = ac_yield_now();
        AC_AWAIT(&u->co, cx, &u->nap.base);
        --*u->inside;
        ++*u->total;
        nmutex_unlock(u->m);
    }
    AC_END(&u->co);
}
static const ac_future_vtable nuser_vtable = {.name = "nuser", .poll = nuser_poll};

int demo_notify(int argc, char **argv)
{
    (void)argv;
    if (argc > 1) {
        fprintf(stderr, "notify: takes no arguments\n");
        return 2;
    }
    ac_executor ex;
    if (ac_executor_init(&ex) < 0)
        return 1;
    ac_cli_heading("producer-consumer over a mailbox and a notify (exercise 3)");
    mailbox m;
    mailbox_init(&m);
    drainer d = drainer_new(&m);
    producer p = {.base = {&producer_vtable}, .m = &m};
    ac_join_handle h = AC_SPAWN(&ex, p);
    ac_join_release(&h);
    ac_block_on(&ex, &d.base);
    printf("  consumer: got %d items, sum %ld, in %s\n", d.got, d.sum,
           "as few wakes as the notifies allowed");
    mailbox_destroy(&m);

    ac_cli_heading("a mutex built on notify (exercise 4): 20 tasks x 5 turns");
    nmutex nm;
    nmutex_init(&nm);
    int inside = 0, max_inside = 0, total = 0;
    for (int i = 0; i < 20; i++) {
        nuser u = {
            .base = {&nuser_vtable}, .m = &nm, .inside = &inside, .max_inside = &max_inside, .total = &total};
        h = AC_SPAWN(&ex, u);
        ac_join_release(&h);
    }
    ac_executor_run(&ex);
    printf("  %d turns, at most %d inside at once\n", total, max_inside);
    nmutex_destroy(&nm);
    ac_executor_close(&ex);
    printf("\nTakeaway: a notify is \"look again\", never \"it is yours\": both the consumer\n"
           "and the lock re-check their condition after every wake.\n");
    return d.got == 5 && total == 100 && max_inside == 1 ? 0 : 1;
}

/* ---- blocking: a pthread mutex across an await --------------------------- */

static pthread_mutex_t plain = PTHREAD_MUTEX_INITIALIZER;

/* Takes the pthread mutex, awaits once (step aside), then unlocks. */
typedef struct holder {
    ac_future base;
    ac_coro co;
    ac_yield nap;
} holder;

static ac_poll holder_poll(ac_future *self, ac_context *cx)
{
    holder *h = (holder *)self;
    AC_BEGIN(&h->co);
    pthread_mutex_lock(&plain);
    printf("  task A: locked the pthread mutex, now awaits (holding it)\n");
    h->nap = ac_yield_now();
    AC_AWAIT(&h->co, cx, &h->nap.base);
    printf("  task A: back, unlocks\n");
    pthread_mutex_unlock(&plain);
    AC_END(&h->co);
}
static const ac_future_vtable holder_vtable = {.name = "holder", .poll = holder_poll};

/* Wants the same mutex.  A real pthread_mutex_lock here would block the
 * only thread forever (A can never run to unlock): we try for 200 ms to
 * show the stall and then give up. */
typedef struct blocker {
    ac_future base;
    double stalled_ms;
    bool got;
} blocker;

static ac_poll blocker_poll(ac_future *self, ac_context *cx)
{
    (void)cx;
    blocker *b = (blocker *)self;
    printf("  task B: pthread_mutex_lock ... (the whole thread waits: no task can run)\n");
    /* pthread_mutex_lock would wait here forever.  We poll with trylock
     * for 200 ms instead, so the demo can show the stall and go on. */
    struct timespec t0, nap = {.tv_nsec = 10 * 1000000L};
    clock_gettime(CLOCK_MONOTONIC, &t0);
    b->got = false;
    for (int i = 0; i < 20 && !b->got; i++) {
        b->got = pthread_mutex_trylock(&plain) == 0;
        if (!b->got)
            nanosleep(&nap, NULL);
    }
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    b->stalled_ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
    printf("  task B: %s after %.0f ms of a frozen executor%s\n", b->got ? "got it" : "gave up",
           b->stalled_ms, b->got ? "" : " (a plain lock would have waited forever: a deadlock)");
    if (b->got)
        pthread_mutex_unlock(&plain);
    return AC_READY;
}
static const ac_future_vtable blocker_vtable = {.name = "blocker", .poll = blocker_poll};

int demo_blocking(int argc, char **argv)
{
    (void)argv;
    if (argc > 1) {
        fprintf(stderr, "blocking: takes no arguments\n");
        return 2;
    }
    ac_cli_heading("a pthread mutex held across an await, two tasks, one thread");
    ac_executor ex;
    if (ac_executor_init(&ex) < 0)
        return 1;
    holder a = {.base = {&holder_vtable}};
    blocker b = {.base = {&blocker_vtable}};
    ac_join_handle ha = AC_SPAWN(&ex, a), hb = AC_SPAWN(&ex, b);
    ac_executor_run(&ex);
    ac_join_release(&ha);
    ac_join_release(&hb);
    ac_executor_close(&ex);
    printf("\nTakeaway: A waits for its turn on the thread, B holds the thread waiting for\n"
           "A's lock.  Never hold a blocking lock across an await; use ac_mutex, whose\n"
           "wait is a Pending (the thread keeps running the others).\n");
    return 0;
}
