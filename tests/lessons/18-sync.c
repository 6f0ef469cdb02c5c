/*
 * Checks for lesson 18 (async sync primitives), one group per exercise.
 *
 *   ctest --preset learner -L 18-sync       all four
 *   ctest --preset learner -R 18-sync/ex2   just exercise 2
 *
 * Most checks run many tasks on one executor until it is idle: a task
 * still waiting then has lost its wake (the hang watchdog, or the
 * executor's live count, says so).
 */
#include "../check.h"
#include "lesson.h"

static ac_context context_for(ac_waker *w) { return (ac_context){.waker = w}; }

/* Run every runnable task until none is left; returns the live tasks. */
static size_t run_until_idle(ac_executor *ex)
{
    while (ac_executor_run_until_idle(ex) > 0) {
    }
    return ac_executor_live_tasks(ex);
}

/* ---- exercise 1: incrementer_poll ---------------------------------------- */

static void hundred_tasks_lose_no_update(void **state)
{
    (void)state;
    CHECK_FN("incrementer_poll");
    CHECK_WAITING("a task for the counter's mutex");
    ac_executor ex;
    EXPECT_INT(ac_executor_init(&ex), 0, "setting up the executor");
    counter c;
    counter_init(&c);
    for (int i = 0; i < 100; i++) {
        incrementer t = incrementer_new(&c, 10);
        ac_join_handle h = AC_SPAWN(&ex, t);
        ac_join_release(&h);
    }
    EXPECT_UINT(run_until_idle(&ex), 0, "every task finishes: an unlock must let the next one in");
    EXPECT_INT(c.value, 1000, "100 tasks x 10 rounds: an update lost means two tasks were inside at once");
    EXPECT_INT(c.max_inside, 1, "the mutex keeps every other task out while one is between lock and unlock");
    EXPECT_INT(c.inside, 0, "every task counted itself out");
    EXPECT_INT(ac_mutex_try_lock(&c.lock), 0, "the mutex is free at the end: every lock was unlocked");
    ac_mutex_unlock(&c.lock);
    ac_executor_close(&ex);
    ac_mutex_destroy(&c.lock);
}

static void the_mutex_is_held_across_the_await(void **state)
{
    (void)state;
    CHECK_FN("incrementer_poll");
    counter c;
    counter_init(&c);
    wake_counts w = {0};
    ac_waker wk = wake_counts_waker(&w);
    ac_context cx = context_for(&wk);
    incrementer t = incrementer_new(&c, 1);
    EXPECT_POLL(ac_future_poll(&t.base, &cx), AC_PENDING, "the round awaits one ac_yield_now() inside");
    EXPECT_ERR(ac_mutex_try_lock(&c.lock), -EAGAIN, "during the await the task still holds the lock");
    EXPECT_POLL(ac_future_poll(&t.base, &cx), AC_READY, "one round, done");
    EXPECT_INT(c.value, 1, "the round wrote seen + 1");
    EXPECT_INT(ac_mutex_try_lock(&c.lock), 0, "and unlocked at the end");
    ac_mutex_unlock(&c.lock);
    ac_mutex_destroy(&c.lock);
}

static const struct CMUnitTest ex1_tests[] = {
    cmocka_unit_test(hundred_tasks_lose_no_update),
    cmocka_unit_test(the_mutex_is_held_across_the_await),
};

/* ---- exercise 2: job_poll -------------------------------------------------- */

static void twenty_jobs_never_more_than_five(void **state)
{
    (void)state;
    CHECK_FN("job_poll");
    CHECK_WAITING("a job for a permit");
    ac_executor ex;
    EXPECT_INT(ac_executor_init(&ex), 0, "setting up the executor");
    limiter l;
    limiter_init(&l, 5);
    for (int i = 0; i < 20; i++) {
        job j = job_new(&l, 2 + i % 3);
        ac_join_handle h = AC_SPAWN(&ex, j);
        ac_join_release(&h);
    }
    EXPECT_UINT(run_until_idle(&ex), 0, "every job finishes: a finished job must give its permit back");
    EXPECT_INT(l.done, 20, "all twenty jobs ran");
    EXPECT_INT(l.max_running, 5, "never more than 5 at once - and with 20 waiting, exactly 5");
    EXPECT_INT(l.running, 0, "every job counted itself out");
    EXPECT_UINT(ac_semaphore_available(&l.sem), 5, "all five permits are back");
    ac_executor_close(&ex);
    ac_semaphore_destroy(&l.sem);
}

static void a_job_waits_for_a_permit(void **state)
{
    (void)state;
    CHECK_FN("job_poll");
    limiter l;
    limiter_init(&l, 0); /* no permit at all */
    wake_counts w = {0};
    ac_waker wk = wake_counts_waker(&w);
    ac_context cx = context_for(&wk);
    job j = job_new(&l, 1);
    EXPECT_POLL(ac_future_poll(&j.base, &cx), AC_PENDING, "no permit free: the job waits before it starts");
    EXPECT_INT(l.running, 0, "a job without a permit is not running");
    ac_semaphore_release(&l.sem, 1);
    EXPECT_INT(atomic_load(&w.wakes), 1, "the release wakes the job waiting in line");
    EXPECT_POLL(ac_future_poll(&j.base, &cx), AC_PENDING, "running: it steps aside once (work = 1)");
    EXPECT_INT(l.running, 1, "it counts itself in while it holds the permit");
    EXPECT_POLL(ac_future_poll(&j.base, &cx), AC_READY, "done");
    EXPECT_UINT(ac_semaphore_available(&l.sem), 1, "the permit went back");
    ac_semaphore_destroy(&l.sem);
}

static const struct CMUnitTest ex2_tests[] = {
    cmocka_unit_test(twenty_jobs_never_more_than_five),
    cmocka_unit_test(a_job_waits_for_a_permit),
};

/* ---- exercise 3: drainer_poll ------------------------------------------------- */

static void one_wake_for_two_puts_takes_both(void **state)
{
    (void)state;
    CHECK_FN("drainer_poll");
    mailbox m;
    mailbox_init(&m);
    wake_counts w = {0};
    ac_waker wk = wake_counts_waker(&w);
    ac_context cx = context_for(&wk);
    drainer d = drainer_new(&m);
    EXPECT_POLL(ac_future_poll(&d.base, &cx), AC_PENDING, "an empty, open mailbox: wait");
    mailbox_put(&m, 1);
    mailbox_put(&m, 2); /* the second notify finds nobody waiting: the permit is already stored */
    EXPECT_INT(atomic_load(&w.wakes), 1, "the first put woke the drainer: it waited on m->notify");
    EXPECT_POLL(ac_future_poll(&d.base, &cx), AC_PENDING, "it took what was there, and waits again");
    EXPECT_INT(d.got, 2, "one wake stood for two puts: take everything there is");
    EXPECT_INT(m.len, 0, "the mailbox is empty");
    mailbox_put(&m, 3);
    mailbox_close(&m);
    EXPECT_POLL(ac_future_poll(&d.base, &cx), AC_READY, "closed and empty after taking 3: done");
    EXPECT_INT(d.got, 3, "every item");
    EXPECT_INT(d.sum, 6, "1 + 2 + 3");
    EXPECT_INT(atomic_load(&w.clones), atomic_load(&w.drops), "every waker clone given back");
    mailbox_destroy(&m);
}

static void a_wake_with_nothing_there_waits_again(void **state)
{
    (void)state;
    CHECK_FN("drainer_poll");
    mailbox m;
    mailbox_init(&m);
    wake_counts w = {0};
    ac_waker wk = wake_counts_waker(&w);
    ac_context cx = context_for(&wk);
    drainer d = drainer_new(&m);
    EXPECT_POLL(ac_future_poll(&d.base, &cx), AC_PENDING, "empty: wait");
    ac_notify_one(&m.notify); /* a wake, but nothing was put */
    EXPECT_POLL(ac_future_poll(&d.base, &cx), AC_PENDING,
                "woken with an empty, open mailbox: look again and wait again (a loop, not an if)");
    EXPECT_INT(d.got, 0, "nothing to take");
    mailbox_close(&m);
    EXPECT_POLL(ac_future_poll(&d.base, &cx), AC_READY, "closed: done");
    mailbox_destroy(&m);
}

static void items_from_a_producer_task(void **state)
{
    (void)state;
    CHECK_FN("drainer_poll");
    CHECK_WAITING("the drainer, for items or the close");
    mailbox m;
    mailbox_init(&m);
    for (int i = 1; i <= 40; i++)
        mailbox_put(&m, i); /* all before the first poll: one stored permit */
    mailbox_close(&m);
    ac_executor ex;
    EXPECT_INT(ac_executor_init(&ex), 0, "setting up the executor");
    drainer d = drainer_new(&m);
    ac_block_on(&ex, &d.base);
    EXPECT_INT(d.got, 40, "every item put before the first poll");
    EXPECT_INT(d.sum, 820, "1 + ... + 40");
    ac_executor_close(&ex);
    mailbox_destroy(&m);
}

static const struct CMUnitTest ex3_tests[] = {
    cmocka_unit_test(one_wake_for_two_puts_takes_both),
    cmocka_unit_test(a_wake_with_nothing_there_waits_again),
    cmocka_unit_test(items_from_a_producer_task),
};

/* ---- exercise 4: nlock_poll and nmutex_unlock ---------------------------------- */

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

static void thirty_tasks_share_the_notify_mutex(void **state)
{
    (void)state;
    CHECK_FN("nlock_poll");
    CHECK_WAITING("a task for the notify mutex (did nmutex_unlock notify?)");
    ac_executor ex;
    EXPECT_INT(ac_executor_init(&ex), 0, "setting up the executor");
    nmutex m;
    nmutex_init(&m);
    int inside = 0, max_inside = 0, total = 0;
    for (int i = 0; i < 30; i++) {
        nuser u = {
            .base = {&nuser_vtable}, .m = &m, .inside = &inside, .max_inside = &max_inside, .total = &total};
        ac_join_handle h = AC_SPAWN(&ex, u);
        ac_join_release(&h);
    }
    EXPECT_UINT(run_until_idle(&ex), 0, "every task gets the lock in the end: an unlock must wake a waiter");
    EXPECT_INT(total, 150, "30 tasks x 5 turns");
    EXPECT_INT(max_inside, 1, "one holder at a time: after a wake, check the flag again before taking it");
    EXPECT_FALSE(m.locked, "unlocked at the end");
    ac_executor_close(&ex);
    nmutex_destroy(&m);
}

static void unlock_wakes_a_waiter(void **state)
{
    (void)state;
    CHECK_FN("nmutex_unlock");
    nmutex m;
    nmutex_init(&m);
    wake_counts a = {0}, b = {0};
    ac_waker wa = wake_counts_waker(&a), wb = wake_counts_waker(&b);
    ac_context ca = context_for(&wa), cb = context_for(&wb);
    nlock la = nlock_new(&m), lb = nlock_new(&m);
    EXPECT_POLL(ac_future_poll(&la.base, &ca), AC_READY, "free: taken at once");
    EXPECT_TRUE(m.locked, "taking it sets the flag");
    EXPECT_POLL(ac_future_poll(&lb.base, &cb), AC_PENDING, "held: wait");
    nmutex_unlock(&m);
    EXPECT_FALSE(m.locked || atomic_load(&b.wakes) != 1, "unlock clears the flag and wakes the waiter");
    EXPECT_POLL(ac_future_poll(&lb.base, &cb), AC_READY, "woken, looks again, takes it");
    EXPECT_TRUE(m.locked, "held by the second now");
    nmutex_unlock(&m);
    EXPECT_INT(atomic_load(&b.clones), atomic_load(&b.drops), "every clone given back");
    nlock lc = nlock_new(&m);
    EXPECT_POLL(ac_future_poll(&lc.base, &ca), AC_READY, "free again");
    nmutex_unlock(&m);
    ac_notified drain = ac_notify_notified(&m.notify); /* take a stored permit, if any */
    ac_waker noop = ac_waker_noop();
    ac_context cn = context_for(&noop);
    if (ac_future_poll(&drain.base, &cn) == AC_PENDING)
        ac_future_drop(&drain.base);
    nmutex_destroy(&m);
}

static const struct CMUnitTest ex4_tests[] = {
    cmocka_unit_test(thirty_tasks_share_the_notify_mutex),
    cmocka_unit_test(unlock_wakes_a_waiter),
};

AC_CHECK_MAIN(AC_CHECK_GROUP(ex1_counter, ex1_tests), AC_CHECK_GROUP(ex2_limiter, ex2_tests),
              AC_CHECK_GROUP(ex3_drainer, ex3_tests), AC_CHECK_GROUP(ex4_notify_mutex, ex4_tests))
