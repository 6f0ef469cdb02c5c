/*
 * Checks for lesson 05 (a minimal executor), one group per exercise.
 *
 *   ctest --preset learner -L 05-executor      all four
 *   ctest --preset learner -R 05-executor/ex3  just exercise 3
 *
 * Each group uses its own test futures (below), so it needs only its own
 * exercise.  Timing checks use generous bounds: they prove waits overlap
 * and nobody spins, without depending on how busy the machine is.
 */
#include <stdlib.h>
#include <time.h>

#include "../check.h"
#include "lesson.h"

/* ---- test doubles ----------------------------------------------------- */

static void sleep_ms(long ms)
{
    struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static long ms_since(ac_nanos start) { return (long)((ac_monotonic_now() - start) / 1000000); }

/* Wait (bounded) until `c` has been woken `n` times. */
static bool wait_for_wakes(wake_counts *c, int n)
{
    for (int i = 0; i < 5000; i++) {
        if (atomic_load(&c->wakes) >= n)
            return true;
        sleep_ms(1);
    }
    return false;
}

/* Woken once, from a thread of its own, `ms` after its first poll: a
 * stand-in for exercise 3's delay. */
typedef struct woken_later {
    ac_future base;
    long ms;
    bool started;
    atomic_bool fired;
    pthread_t thread;
    ac_waker waker;
} woken_later;

static void *woken_later_thread(void *arg)
{
    woken_later *w = arg;
    sleep_ms(w->ms);
    atomic_store(&w->fired, true);
    ac_waker_wake(&w->waker);
    return NULL;
}

static ac_poll woken_later_poll(ac_future *self, ac_context *cx)
{
    woken_later *w = (woken_later *)self;
    if (!w->started) {
        w->started = true;
        w->waker = ac_waker_clone(cx->waker);
        pthread_create(&w->thread, NULL, woken_later_thread, w);
        return AC_PENDING;
    }
    if (!atomic_load(&w->fired))
        return AC_PENDING; /* polled without a wake: the thread still has the waker */
    pthread_join(w->thread, NULL);
    return AC_READY;
}
static const ac_future_vtable woken_later_vtable = {.name = "woken_later", .poll = woken_later_poll};
static woken_later woken_later_new(long ms) { return (woken_later){.base = {&woken_later_vtable}, .ms = ms}; }

/* ---- exercise 1: block_on ---------------------------------------------- */

static void block_on_polls_a_self_waking_future_to_ready(void **state)
{
    (void)state;
    pending_n p = pending_new(3);
    assert_int_equal(block_on(&p.base), 4);
    assert_int_equal(p.output, 42);
    pending_n now = pending_new(0);
    assert_int_equal(block_on(&now.base), 1);
}

static void block_on_sleeps_until_woken_from_another_thread(void **state)
{
    (void)state;
    woken_later w = woken_later_new(20);
    ac_nanos start = ac_monotonic_now();
    /* Exactly 2 polls: one to start, one after the wake.  A block_on that
     * spins instead of parking would poll it thousands of times. */
    assert_int_equal(block_on(&w.base), 2);
    assert_true(ms_since(start) >= 19);
}

static const struct CMUnitTest ex1_tests[] = {
    cmocka_unit_test(block_on_polls_a_self_waking_future_to_ready),
    cmocka_unit_test(block_on_sleeps_until_woken_from_another_thread),
};

/* ---- exercise 2: task_schedule and executor_run ------------------------- */

typedef struct trace_log {
    char order[32];
    int count;
} trace_log;

static void record(task *t, ac_poll result, void *arg)
{
    (void)result;
    trace_log *log = arg;
    if (log->count < 31)
        log->order[log->count++] = t->name[0];
}

static void record_ready(task *t, ac_poll result, void *arg)
{
    if (result == AC_READY)
        record(t, result, arg);
}

static size_t queue_length(executor *ex)
{
    size_t n = 0;
    pthread_mutex_lock(&ex->lock);
    for (task *t = ex->head; t != NULL; t = t->next)
        n++;
    pthread_mutex_unlock(&ex->lock);
    return n;
}

static void executor_runs_tasks_in_turn(void **state)
{
    (void)state;
    executor ex;
    executor_init(&ex);
    trace_log log = {0};
    ex.observe = record;
    ex.observe_arg = &log;
    pending_n a = pending_new(2), b = pending_new(0), c = pending_new(1);
    join_handle h[3] = {spawn(&ex, "A", &a, sizeof a), spawn(&ex, "B", &b, sizeof b),
                        spawn(&ex, "C", &c, sizeof c)};
    executor_run(&ex);
    assert_int_equal(log.count, 6);
    assert_memory_equal(log.order, "ABCACA", 6);
    assert_int_equal(ex.polls, 6);
    assert_int_equal(ex.live, 0);
    assert_int_equal(ex.parks, 0); /* always something to run */
    for (int i = 0; i < 3; i++) {
        assert_true(h[i].task->done);
        assert_int_equal(atomic_load(&h[i].task->refs), 1); /* only the handle is left */
        join_release(&h[i]);
    }
    executor_destroy(&ex);
}

static void executor_overlaps_waits_and_parks_between_wakes(void **state)
{
    (void)state;
    executor ex;
    executor_init(&ex);
    trace_log log = {0};
    ex.observe = record_ready;
    ex.observe_arg = &log;
    woken_later s = woken_later_new(150), f = woken_later_new(50), m = woken_later_new(100);
    join_handle h[3] = {spawn(&ex, "slow", &s, sizeof s), spawn(&ex, "fast", &f, sizeof f),
                        spawn(&ex, "medium", &m, sizeof m)};
    ac_nanos start = ac_monotonic_now();
    executor_run(&ex);
    long total = ms_since(start);
    assert_int_equal(log.count, 3);
    assert_memory_equal(log.order, "fms", 3); /* fast, medium, slow */
    assert_true(total >= 149);
    assert_true(total < 280);      /* well under the 300 ms sum: the waits overlapped */
    assert_int_equal(ex.polls, 6); /* each polled twice: no spinning */
    assert_true(ex.parks >= 1);    /* and it slept while all three waited */
    for (int i = 0; i < 3; i++)
        join_release(&h[i]);
    executor_destroy(&ex);
}

static void task_schedule_queues_once_and_wakes_the_joiner(void **state)
{
    (void)state;
    executor ex;
    executor_init(&ex);
    pending_n p = pending_new(0);
    join_handle h = spawn(&ex, "p", &p, sizeof p);
    task *t = h.task;
    task_schedule(t);
    task_schedule(t);
    assert_int_equal(queue_length(&ex), 1); /* queued already: no second entry */
    assert_int_equal(atomic_load(&t->refs), 2);

    wake_counts counts = {0};
    t->joiner = wake_counts_waker(&counts);
    atomic_store(&counts.clones, 1); /* as if a joiner had stored a clone */
    executor_run(&ex);
    assert_int_equal(t->polls, 1);
    assert_int_equal(atomic_load(&counts.wakes), 1);
    assert_int_equal(atomic_load(&counts.drops), 1);
    assert_null(t->joiner.vtable);

    task_schedule(t);
    assert_int_equal(queue_length(&ex), 0); /* done tasks ignore wakes */
    join_release(&h);
    executor_destroy(&ex);
}

static const struct CMUnitTest ex2_tests[] = {
    cmocka_unit_test(executor_runs_tasks_in_turn),
    cmocka_unit_test(executor_overlaps_waits_and_parks_between_wakes),
    cmocka_unit_test(task_schedule_queues_once_and_wakes_the_joiner),
};

/* ---- exercise 3: delay ----------------------------------------------------- */

static void delay_is_woken_by_its_thread_then_ready(void **state)
{
    (void)state;
    wake_counts counts = {0};
    ac_waker w = wake_counts_waker(&counts);
    ac_context cx = {.waker = &w};
    delay d = delay_new(AC_MSEC(60), "hello");
    ac_nanos start = ac_monotonic_now();
    assert_int_equal(ac_future_poll(&d.base, &cx), AC_PENDING);
    if (ms_since(start) < 50)                            /* (skip the look if this machine just stalled) */
        assert_int_equal(atomic_load(&counts.wakes), 0); /* not yet: the thread sleeps */
    assert_true(wait_for_wakes(&counts, 1));
    assert_true(ms_since(start) >= 59);
    assert_int_equal(ac_future_poll(&d.base, &cx), AC_READY);
    assert_string_equal(d.output, "hello");
    assert_int_equal(atomic_load(&counts.wakes), 1);
    assert_int_equal(atomic_load(&counts.clones), atomic_load(&counts.drops)); /* no waker kept */
}

static void delay_wakes_the_latest_poller_only(void **state)
{
    (void)state;
    wake_counts first = {0}, second = {0};
    ac_waker w1 = wake_counts_waker(&first), w2 = wake_counts_waker(&second);
    ac_context cx1 = {.waker = &w1}, cx2 = {.waker = &w2};
    delay d = delay_new(AC_MSEC(40), "x");
    assert_int_equal(ac_future_poll(&d.base, &cx1), AC_PENDING);
    assert_int_equal(ac_future_poll(&d.base, &cx2), AC_PENDING); /* early poll, new waker */
    assert_true(wait_for_wakes(&second, 1));
    assert_int_equal(ac_future_poll(&d.base, &cx2), AC_READY);
    assert_int_equal(atomic_load(&first.wakes), 0);
    assert_int_equal(atomic_load(&first.clones), atomic_load(&first.drops));
    assert_int_equal(atomic_load(&second.clones), atomic_load(&second.drops));
}

static void delay_dropped_early_wakes_nobody(void **state)
{
    (void)state;
    wake_counts counts = {0};
    ac_waker w = wake_counts_waker(&counts);
    ac_context cx = {.waker = &w};
    delay d = delay_new(AC_MSEC(20), "x");
    assert_int_equal(ac_future_poll(&d.base, &cx), AC_PENDING);
    ac_future_drop(&d.base); /* cancel: waits for the thread, which finds no waiter */
    assert_int_equal(atomic_load(&counts.wakes), 0);
    assert_int_equal(atomic_load(&counts.clones), atomic_load(&counts.drops));
}

/* Three delays driven by hand: poll each once, then poll whichever is
 * woken.  They overlap, so they finish in order of length, in about the
 * longest one's time. */
static void three_delays_overlap_and_finish_in_order(void **state)
{
    (void)state;
    const long ms[3] = {150, 50, 100};
    const char *names[3] = {"slow", "fast", "medium"};
    delay d[3];
    wake_counts counts[3] = {{0}, {0}, {0}};
    ac_waker w[3];
    ac_context cx[3];
    ac_nanos start = ac_monotonic_now();
    for (int i = 0; i < 3; i++) {
        d[i] = delay_new(AC_MSEC(ms[i]), names[i]);
        w[i] = wake_counts_waker(&counts[i]);
        cx[i] = (ac_context){.waker = &w[i]};
        assert_int_equal(ac_future_poll(&d[i].base, &cx[i]), AC_PENDING);
    }
    const char *order[3];
    int finished = 0;
    bool done[3] = {false, false, false};
    for (int spins = 0; finished < 3 && spins < 5000; spins++) {
        for (int i = 0; i < 3; i++)
            if (!done[i] && atomic_load(&counts[i].wakes) > 0) {
                assert_int_equal(ac_future_poll(&d[i].base, &cx[i]), AC_READY);
                done[i] = true;
                order[finished++] = d[i].output;
            }
        sleep_ms(1);
    }
    long total = ms_since(start);
    assert_int_equal(finished, 3);
    assert_string_equal(order[0], "fast");
    assert_string_equal(order[1], "medium");
    assert_string_equal(order[2], "slow");
    assert_true(total >= 149);
    assert_true(total < 280); /* the sum is 300 ms: they ran at the same time */
}

static const struct CMUnitTest ex3_tests[] = {
    cmocka_unit_test(delay_is_woken_by_its_thread_then_ready),
    cmocka_unit_test(delay_wakes_the_latest_poller_only),
    cmocka_unit_test(delay_dropped_early_wakes_nobody),
    cmocka_unit_test(three_delays_overlap_and_finish_in_order),
};

/* ---- exercise 4: join_poll -------------------------------------------------- */

/* What executor_run does when a task is Ready, done by hand. */
static void finish_by_hand(task *t)
{
    ac_waker noop = ac_waker_noop();
    ac_context cx = {.waker = &noop};
    while (ac_future_poll(t->future, &cx) == AC_PENDING)
        ;
    pthread_mutex_lock(&t->ex->lock);
    t->done = true;
    t->ex->live--;
    ac_waker joiner = t->joiner;
    t->joiner = (ac_waker){0};
    pthread_mutex_unlock(&t->ex->lock);
    if (joiner.vtable != NULL)
        ac_waker_wake(&joiner);
}

static void join_is_pending_until_done_then_yields_42(void **state)
{
    (void)state;
    executor ex;
    executor_init(&ex);
    pending_n p = pending_new(2);
    join_handle h = spawn(&ex, "answer", &p, sizeof p);
    wake_counts counts = {0};
    ac_waker w = wake_counts_waker(&counts);
    ac_context cx = {.waker = &w};
    assert_int_equal(ac_future_poll(&h.base, &cx), AC_PENDING);
    assert_ptr_equal(h.task->joiner.data, &counts);
    assert_int_equal(atomic_load(&counts.clones), 1);
    assert_int_equal(ac_future_poll(&h.base, &cx), AC_PENDING);
    assert_int_equal(atomic_load(&counts.clones) - atomic_load(&counts.drops), 1);
    assert_null(join_output(&h));
    finish_by_hand(h.task);
    assert_int_equal(atomic_load(&counts.wakes), 1);
    assert_int_equal(ac_future_poll(&h.base, &cx), AC_READY);
    assert_int_equal(*(int *)join_output(&h), 42);
    assert_int_equal(atomic_load(&counts.clones), atomic_load(&counts.drops));
    join_release(&h);
    executor_destroy(&ex);
}

static void join_on_a_done_task_is_ready_at_once(void **state)
{
    (void)state;
    executor ex;
    executor_init(&ex);
    pending_n p = pending_new(0);
    join_handle h = spawn(&ex, "answer", &p, sizeof p);
    finish_by_hand(h.task);
    wake_counts counts = {0};
    ac_waker w = wake_counts_waker(&counts);
    ac_context cx = {.waker = &w};
    assert_int_equal(ac_future_poll(&h.base, &cx), AC_READY);
    assert_int_equal(atomic_load(&counts.clones), 0);
    join_release(&h);
    assert_int_equal(ac_future_poll(&h.base, &cx), AC_READY); /* released: nothing to wait for */
    executor_destroy(&ex);
}

static void join_swaps_in_a_new_waker(void **state)
{
    (void)state;
    executor ex;
    executor_init(&ex);
    pending_n p = pending_new(0);
    join_handle h = spawn(&ex, "answer", &p, sizeof p);
    wake_counts first = {0}, second = {0};
    ac_waker w1 = wake_counts_waker(&first), w2 = wake_counts_waker(&second);
    ac_context cx1 = {.waker = &w1}, cx2 = {.waker = &w2};
    assert_int_equal(ac_future_poll(&h.base, &cx1), AC_PENDING);
    assert_int_equal(ac_future_poll(&h.base, &cx2), AC_PENDING);
    assert_int_equal(atomic_load(&first.clones), atomic_load(&first.drops));
    finish_by_hand(h.task);
    assert_int_equal(atomic_load(&first.wakes), 0);
    assert_int_equal(atomic_load(&second.wakes), 1);
    join_release(&h);
    executor_destroy(&ex);
}

static void *finish_later(void *arg)
{
    sleep_ms(20);
    finish_by_hand(arg);
    return NULL;
}

static void join_is_woken_when_another_thread_finishes_the_task(void **state)
{
    (void)state;
    executor ex;
    executor_init(&ex);
    pending_n p = pending_new(1);
    join_handle h = spawn(&ex, "answer", &p, sizeof p);
    wake_counts counts = {0};
    ac_waker w = wake_counts_waker(&counts);
    ac_context cx = {.waker = &w};
    pthread_t other;
    pthread_create(&other, NULL, finish_later, h.task);
    ac_poll r = ac_future_poll(&h.base, &cx); /* races with the other thread: either is fine */
    if (r == AC_PENDING) {
        assert_true(wait_for_wakes(&counts, 1)); /* ... but a Pending must be woken */
        r = ac_future_poll(&h.base, &cx);
    }
    assert_int_equal(r, AC_READY);
    pthread_join(other, NULL);
    assert_int_equal(*(int *)join_output(&h), 42);
    assert_int_equal(atomic_load(&counts.clones), atomic_load(&counts.drops));
    join_release(&h);
    executor_destroy(&ex);
}

static const struct CMUnitTest ex4_tests[] = {
    cmocka_unit_test(join_is_pending_until_done_then_yields_42),
    cmocka_unit_test(join_on_a_done_task_is_ready_at_once),
    cmocka_unit_test(join_swaps_in_a_new_waker),
    cmocka_unit_test(join_is_woken_when_another_thread_finishes_the_task),
};

AC_CHECK_MAIN(AC_CHECK_GROUP(ex1_block_on, ex1_tests), AC_CHECK_GROUP(ex2_executor, ex2_tests),
              AC_CHECK_GROUP(ex3_delay, ex3_tests), AC_CHECK_GROUP(ex4_join, ex4_tests))
