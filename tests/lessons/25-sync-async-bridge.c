/*
 * Checks for lesson 25 (the sync/async bridge), one group per exercise.
 *
 *   ctest --preset learner -L 25-sync-async-bridge      both
 *   ctest --preset learner -R 25-sync-async-bridge/ex2  just exercise 2
 *
 * Both exercises cross threads: the last check of each runs many
 * handoffs (or parks) between two threads so that ThreadSanitizer sees a
 * shared field touched without the lock (`ctest --preset tsan -L 25-sync-async-bridge`).
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include "../check.h"
#include "ac/executor.h"
#include "lesson.h"

static void sleep_ms(long ms)
{
    struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000};
    while (nanosleep(&ts, &ts) != 0) {
    }
}

/* ---- exercise 1: handoff_finish, handoff_poll ------------------------------------- */

static int token_a, token_b; /* results are pointers: compare addresses */

static void finished_first_then_poll_is_ready(void **state)
{
    (void)state;
    handoff h;
    handoff_init(&h);
    CHECK_FN("handoff_finish");
    handoff_finish(&h, &token_a); /* nobody waits yet: no waker to wake */
    EXPECT_TRUE(h.done, "after the finish the handoff says done");
    EXPECT_PTR(h.result, &token_a, "the finish stores the result it was given");
    CHECK_FN("handoff_poll");
    wake_counts c = {0};
    ac_waker w = wake_counts_waker(&c);
    ac_context cx = {.waker = &w};
    void *got = NULL;
    EXPECT_POLL(handoff_poll(&h, &cx, &got), AC_READY,
                "the result is already there: Ready on the first poll");
    EXPECT_PTR(got, &token_a, "Ready hands out the stored result");
    EXPECT_INT(atomic_load(&c.clones), 0, "a Ready poll keeps no waker: nothing is left to wake");
    handoff_destroy(&h);
}

static void pending_keeps_one_waker_and_finish_wakes_it(void **state)
{
    (void)state;
    handoff h;
    handoff_init(&h);
    CHECK_FN("handoff_poll");
    wake_counts c = {0};
    ac_waker w = wake_counts_waker(&c);
    ac_context cx = {.waker = &w};
    void *got = NULL;
    EXPECT_POLL(handoff_poll(&h, &cx, &got), AC_PENDING, "no result yet: Pending");
    EXPECT_TRUE(h.waker.vtable != NULL,
                "a Pending poll must leave a waker for the finish, or nobody wakes the task");
    EXPECT_INT(atomic_load(&c.clones) - atomic_load(&c.drops), 1,
               "the handoff keeps its own clone (the context's waker is only borrowed)");
    EXPECT_POLL(handoff_poll(&h, &cx, &got), AC_PENDING, "still no result: Pending again");
    EXPECT_INT(
        atomic_load(&c.clones) - atomic_load(&c.drops), 1,
        "a second Pending poll replaces the waker (or keeps the same one): never two held, none leaked");
    wake_counts c2 = {0};
    ac_waker w2 = wake_counts_waker(&c2);
    ac_context cx2 = {.waker = &w2};
    EXPECT_POLL(handoff_poll(&h, &cx2, &got), AC_PENDING, "polled by another task's waker: Pending");
    EXPECT_INT(atomic_load(&c.clones) - atomic_load(&c.drops), 0,
               "the old waker is given back when a different one replaces it");
    EXPECT_INT(atomic_load(&c2.clones) - atomic_load(&c2.drops), 1,
               "and the newest poll's waker is the one kept");
    CHECK_FN("handoff_finish");
    handoff_finish(&h, &token_b);
    EXPECT_INT(atomic_load(&c2.wakes), 1, "the finish wakes the waiting task exactly once");
    EXPECT_INT(atomic_load(&c.wakes), 0, "the replaced waker is not woken");
    EXPECT_INT(atomic_load(&c2.clones) - atomic_load(&c2.drops), 0,
               "the waker is consumed by its wake: the handoff holds none afterwards");
    EXPECT_TRUE(h.waker.vtable == NULL, "the slot is empty after the finish took the waker out");
    CHECK_FN("handoff_poll");
    EXPECT_POLL(handoff_poll(&h, &cx2, &got), AC_READY, "after the wake, the next poll is Ready");
    EXPECT_PTR(got, &token_b, "with the finished result");
    handoff_destroy(&h);
}

/* A waker whose wake polls the handoff on the spot, the way a runtime on
 * another thread may poll the task the instant it is woken. */
typedef struct eager {
    handoff *h;
    atomic_int wakes;
    ac_poll seen;
    void *got;
} eager;
static ac_waker eager_clone(void *data);
static void eager_wake(void *data)
{
    eager *e = data;
    atomic_fetch_add(&e->wakes, 1);
    ac_waker noop = ac_waker_noop();
    ac_context cx = {.waker = &noop};
    CHECK_WAITING("for the poll made by your wake to take h->lock (still held by the finish that woke it?)");
    e->seen = handoff_poll(e->h, &cx, &e->got);
}
static void eager_drop(void *data) { (void)data; }
static const ac_waker_vtable eager_vtable = {
    .clone = eager_clone, .wake = eager_wake, .wake_by_ref = eager_wake, .drop = eager_drop};
static ac_waker eager_clone(void *data) { return (ac_waker){.data = data, .vtable = &eager_vtable}; }

static void the_poll_a_wake_causes_finds_the_result(void **state)
{
    (void)state;
    handoff h;
    handoff_init(&h);
    eager e = {.h = &h, .seen = AC_PENDING};
    ac_waker w = eager_clone(&e);
    ac_context cx = {.waker = &w};
    void *got = NULL;
    CHECK_FN("handoff_poll");
    EXPECT_POLL(handoff_poll(&h, &cx, &got), AC_PENDING, "no result yet: Pending");
    CHECK_FN("handoff_finish");
    handoff_finish(&h, &token_a);
    EXPECT_INT(atomic_load(&e.wakes), 1, "the finish wakes the task once");
    EXPECT_POLL(e.seen, AC_READY,
                "the poll your wake caused must find the result: store it first, wake second (a wake "
                "before the store lets the task poll, see nothing, and sleep forever)");
    EXPECT_PTR(e.got, &token_a, "and that poll gets the finished result");
    handoff_destroy(&h);
}

/* The finish on another thread, then a poll here with no other contact
 * between the two threads: only h->lock orders the poll's reads after the
 * finish's writes (TSan reports any field touched without it). */
static void *finish_later(void *arg)
{
    sleep_ms(20);
    handoff_finish(arg, &token_b);
    return NULL;
}

static void a_finish_on_another_thread_meets_the_poll_under_the_lock(void **state)
{
    (void)state;
    CHECK_FN("handoff_poll");
    handoff h;
    handoff_init(&h);
    pthread_t th;
    EXPECT_INT(pthread_create(&th, NULL, finish_later, &h), 0, "a pool thread that finishes in 20 ms");
    wake_counts c = {0};
    ac_waker w = wake_counts_waker(&c);
    ac_context cx = {.waker = &w};
    void *got = NULL;
    ac_poll p = handoff_poll(&h, &cx, &got); /* Pending: the finish is 20 ms away */
    if (p == AC_PENDING) {
        sleep_ms(60); /* the finish happens meanwhile; this thread looks at nothing shared */
        p = handoff_poll(&h, &cx, &got);
    }
    if (p == AC_PENDING) { /* a slow machine: wait for the wake */
        CHECK_WAITING("the wake from handoff_finish on the other thread");
        while (atomic_load(&c.wakes) == 0)
            sleep_ms(1);
        p = handoff_poll(&h, &cx, &got);
    }
    EXPECT_POLL(p, AC_READY, "after the other thread's finish, the poll is Ready");
    EXPECT_PTR(got, &token_b, "with the result the other thread finished with");
    pthread_join(th, NULL);
    handoff_destroy(&h);
}

/* Many handoffs between an executor and two pool threads at once. */
static void *plus_one(void *arg) { return (void *)((intptr_t)arg + 1); }

typedef struct awaiter {
    ac_future base;
    tiny_pool *pool;
    intptr_t in, out;
    bool started;
    tiny_offload job;
} awaiter;
static ac_poll awaiter_poll(ac_future *self, ac_context *cx)
{
    awaiter *a = (awaiter *)self;
    if (!a->started) {
        a->job = tiny_offload_on(a->pool, plus_one, (void *)a->in);
        a->started = true;
    }
    if (ac_future_poll(&a->job.base, cx) == AC_PENDING)
        return AC_PENDING;
    a->out = (intptr_t)a->job.out;
    return AC_READY;
}
static const ac_future_vtable awaiter_vtable = {
    .name = "awaiter", .poll = awaiter_poll, AC_OUTPUT(awaiter, out)};

static void many_handoffs_across_threads(void **state)
{
    (void)state;
    enum { TASKS = 300 };
    CHECK_FN("handoff_finish");
    ac_executor ex;
    EXPECT_INT(ac_executor_init(&ex), 0, "an executor to run the tasks");
    tiny_pool *pool = tiny_pool_new(2);
    EXPECT_NONNULL(pool, "a tiny pool of two threads");
    static ac_join_handle h[TASKS];
    for (int i = 0; i < TASKS; i++) {
        awaiter a = {.base = {&awaiter_vtable}, .pool = pool, .in = i};
        h[i] = AC_SPAWN(&ex, a);
    }
    CHECK_WAITING("for 300 tasks whose results two pool threads hand back (a lost wake leaves one asleep)");
    ac_executor_run(&ex);
    for (int i = 0; i < TASKS; i++) {
        intptr_t v = -1;
        EXPECT_TRUE(ac_join_take(&h[i], &v, sizeof v), "every task finished");
        EXPECT_INT(v, i + 1, "each task got its own job's result");
    }
    ac_executor_close(&ex);
    tiny_pool_free(pool);
}

static const struct CMUnitTest ex1_tests[] = {
    cmocka_unit_test(finished_first_then_poll_is_ready),
    cmocka_unit_test(pending_keeps_one_waker_and_finish_wakes_it),
    cmocka_unit_test(the_poll_a_wake_causes_finds_the_result),
    cmocka_unit_test(a_finish_on_another_thread_meets_the_poll_under_the_lock),
    cmocka_unit_test(many_handoffs_across_threads),
};

/* ---- exercise 2: parker_unpark, parker_park, block_on_thread ---------------------- */

static void an_unpark_before_the_park_is_not_lost(void **state)
{
    (void)state;
    parker p;
    parker_init(&p);
    CHECK_FN("parker_unpark");
    parker_unpark(&p);
    EXPECT_TRUE(p.notified, "an unpark with nobody parked leaves notified set, for the next park");
    CHECK_FN("parker_park");
    CHECK_WAITING(
        "parker_park to return for an unpark that came before it (a wake before the wait is lost?)");
    parker_park(&p);
    EXPECT_FALSE(p.notified, "the park uses the unpark up: notified is false again");
    parker_destroy(&p);
}

typedef struct parked_thread {
    parker *p;
    atomic_bool returned;
} parked_thread;
static void *park_once(void *arg)
{
    parked_thread *t = arg;
    parker_park(t->p);
    atomic_store(&t->returned, true);
    return NULL;
}

static void park_sleeps_through_wakes_for_nothing(void **state)
{
    (void)state;
    parker p;
    parker_init(&p);
    CHECK_FN("parker_park");
    parked_thread t = {.p = &p};
    pthread_t th;
    EXPECT_INT(pthread_create(&th, NULL, park_once, &t), 0, "a thread to park");
    sleep_ms(20);
    for (int i = 0; i < 5; i++) { /* what a spurious wakeup looks like to the waiter */
        pthread_mutex_lock(&p.lock);
        pthread_cond_broadcast(&p.cond);
        pthread_mutex_unlock(&p.lock);
        sleep_ms(5);
    }
    EXPECT_FALSE(
        atomic_load(&t.returned),
        "a condition variable woke with notified still false: park must wait again (`while`, not `if`)");
    CHECK_FN("parker_unpark");
    parker_unpark(&p);
    CHECK_WAITING("the parked thread to return after parker_unpark");
    pthread_join(th, NULL);
    EXPECT_TRUE(atomic_load(&t.returned), "the unpark lets it go");
    parker_destroy(&p);
}

static void one_unpark_lets_one_park_through(void **state)
{
    (void)state;
    parker p;
    parker_init(&p);
    CHECK_FN("parker_park");
    parker_unpark(&p);
    CHECK_WAITING("parker_park to return for the unpark before it");
    parker_park(&p);
    parked_thread t = {.p = &p};
    pthread_t th;
    EXPECT_INT(pthread_create(&th, NULL, park_once, &t), 0, "a thread to park again");
    sleep_ms(30);
    EXPECT_FALSE(atomic_load(&t.returned),
                 "the first park used the unpark up; a second park must sleep until a second unpark");
    parker_unpark(&p);
    CHECK_WAITING("the second park to return after the second unpark");
    pthread_join(th, NULL);
    parker_destroy(&p);
}

/* Pending once; a helper thread wakes it 30 ms later; Ready after that. */
typedef struct woken_later {
    ac_future base;
    int polls;
    atomic_bool fired;
    bool ready_returned, started;
    pthread_t helper;
    ac_waker waker;
    int out;
} woken_later;
static void *wake_later(void *arg)
{
    woken_later *f = arg;
    sleep_ms(30);
    atomic_store(&f->fired, true);
    ac_waker_wake(&f->waker);
    return NULL;
}
static ac_poll woken_later_poll(ac_future *self, ac_context *cx)
{
    woken_later *f = (woken_later *)self;
    EXPECT_FALSE(f->ready_returned, "a future that returned Ready is never polled again (rule 1)");
    f->polls++;
    if (!f->started) {
        f->started = true;
        f->waker = ac_waker_clone(cx->waker);
        EXPECT_INT(pthread_create(&f->helper, NULL, wake_later, f), 0, "the helper thread that wakes it");
        return AC_PENDING;
    }
    if (!atomic_load(&f->fired))
        return AC_PENDING; /* polled without a wake: no new wake arranged */
    f->ready_returned = true;
    f->out = 7;
    return AC_READY;
}
static const ac_future_vtable woken_later_vtable = {
    .name = "woken_later", .poll = woken_later_poll, AC_OUTPUT(woken_later, out)};

static void block_on_thread_polls_until_ready_and_sleeps_between(void **state)
{
    (void)state;
    CHECK_FN("block_on_thread");
    pending_n f = pending_new(3);
    CHECK_WAITING("block_on_thread on a future that wakes itself three times");
    block_on_thread(&f.base);
    EXPECT_INT(f.left, 0, "polled until Ready: every Pending was followed by another poll");
    EXPECT_INT(f.output, 42, "and it returned once the future was Ready");
    woken_later g = {.base = {&woken_later_vtable}};
    CHECK_WAITING("block_on_thread on a future woken by another thread after 30 ms");
    block_on_thread(&g.base);
    pthread_join(g.helper, NULL);
    EXPECT_INT(g.out, 7, "the future ran to Ready");
    EXPECT_INT(g.polls, 2,
               "one poll, one wake from the other thread, one more poll: block_on_thread must sleep until "
               "the wake, not poll in a loop");
}

/* Ping-pong: each poll hands its waker to a helper thread, which wakes it. */
enum { ROUNDS = 400 };
typedef struct mailbox {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    ac_waker waker; /* a waker to wake, or vtable NULL */
    bool quit;
} mailbox;
static void *mail_waker(void *arg)
{
    mailbox *m = arg;
    pthread_mutex_lock(&m->lock);
    for (;;) {
        while (m->waker.vtable == NULL && !m->quit)
            pthread_cond_wait(&m->cond, &m->lock);
        if (m->waker.vtable == NULL)
            break;
        ac_waker w = m->waker;
        m->waker = (ac_waker){0};
        pthread_mutex_unlock(&m->lock);
        ac_waker_wake(&w);
        pthread_mutex_lock(&m->lock);
    }
    pthread_mutex_unlock(&m->lock);
    return NULL;
}
typedef struct ping {
    ac_future base;
    mailbox *m;
    int polls;
} ping;
static ac_poll ping_poll(ac_future *self, ac_context *cx)
{
    ping *p = (ping *)self;
    if (++p->polls > ROUNDS)
        return AC_READY;
    pthread_mutex_lock(&p->m->lock);
    p->m->waker = ac_waker_clone(cx->waker);
    pthread_cond_signal(&p->m->cond);
    pthread_mutex_unlock(&p->m->lock);
    return AC_PENDING;
}
static const ac_future_vtable ping_vtable = {.name = "ping", .poll = ping_poll};

static void many_wakes_from_another_thread(void **state)
{
    (void)state;
    CHECK_FN("parker_unpark");
    mailbox m = {.waker = {0}};
    pthread_mutex_init(&m.lock, NULL);
    pthread_cond_init(&m.cond, NULL);
    pthread_t th;
    EXPECT_INT(pthread_create(&th, NULL, mail_waker, &m), 0, "the thread that wakes");
    ping p = {.base = {&ping_vtable}, .m = &m};
    CHECK_WAITING("400 wakes from another thread, each unparking block_on_thread (one lost?)");
    block_on_thread(&p.base);
    EXPECT_INT(p.polls, ROUNDS + 1, "one poll per wake, and the last one Ready");
    pthread_mutex_lock(&m.lock);
    m.quit = true;
    pthread_cond_signal(&m.cond);
    pthread_mutex_unlock(&m.lock);
    pthread_join(th, NULL);
    pthread_cond_destroy(&m.cond);
    pthread_mutex_destroy(&m.lock);
}

static const struct CMUnitTest ex2_tests[] = {
    cmocka_unit_test(an_unpark_before_the_park_is_not_lost),
    cmocka_unit_test(park_sleeps_through_wakes_for_nothing),
    cmocka_unit_test(one_unpark_lets_one_park_through),
    cmocka_unit_test(block_on_thread_polls_until_ready_and_sleeps_between),
    cmocka_unit_test(many_wakes_from_another_thread),
};

AC_CHECK_MAIN(AC_CHECK_GROUP(ex1_handoff, ex1_tests), AC_CHECK_GROUP(ex2_block_on_thread, ex2_tests))
