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
#include <sched.h>
#include <stdlib.h>
#include <string.h>
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

/* Wait until `c` has been woken `n` times.  A wake that never comes is a
 * hang: the check's watchdog ends it in 3 s and prints `what`. */
static void wait_for_wakes(wake_counts *c, int n, const char *what)
{
    CHECK_WAITING(what);
    while (atomic_load(&c->wakes) < n)
        sleep_ms(1);
    CHECK_WAITING(NULL);
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
    CHECK_FN("block_on");
    pending_n p = pending_new(3);
    CHECK_WAITING("for block_on() to finish a future that wakes itself 3 times (a park must return at once "
                  "after a wake that came first)");
    EXPECT_UINT(block_on(&p.base), 4, "block_on returns how many polls it made: 3 Pending + 1 Ready");
    EXPECT_INT(p.output, 42, "the future ran to Ready");
    pending_n now = pending_new(0);
    EXPECT_UINT(block_on(&now.base), 1, "a future Ready at once takes exactly one poll (and no park)");
}

static void block_on_sleeps_until_woken_from_another_thread(void **state)
{
    (void)state;
    CHECK_FN("block_on");
    woken_later w = woken_later_new(20);
    ac_nanos start = ac_monotonic_now();
    CHECK_WAITING("for block_on() to return; its future is woken once, from another thread, after 20 ms");
    EXPECT_UINT(block_on(&w.base), 2,
                "one poll to start, one after the wake: a block_on that spins instead of parking polls "
                "thousands of times");
    EXPECT_TRUE(ms_since(start) >= 19, "block_on cannot return before the future's wake came, 20 ms later");
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
    for (task *t = ex->head; t != NULL && n < 64;
         t = t->next) /* bounded: a task queued twice makes a cycle */
        n++;
    pthread_mutex_unlock(&ex->lock);
    return n;
}

static void executor_runs_tasks_in_turn(void **state)
{
    (void)state;
    CHECK_FN("executor_run");
    executor ex;
    executor_init(&ex);
    trace_log log = {0};
    ex.observe = record;
    ex.observe_arg = &log;
    pending_n a = pending_new(2), b = pending_new(0), c = pending_new(1);
    join_handle h[3] = {spawn(&ex, "A", &a, sizeof a), spawn(&ex, "B", &b, sizeof b),
                        spawn(&ex, "C", &c, sizeof c)};
    CHECK_WAITING(
        "for executor_run() to finish three self-waking tasks (6 polls) and return when ex->live is 0 "
        "(a poll with ex->lock held deadlocks when the task wakes itself)");
    executor_run(&ex);
    EXPECT_INT(log.count, 6, "ex->observe is called once after every poll: 3 + 1 + 2 polls");
    EXPECT_MEM(log.order, "ABCACA", 6,
               "tasks run in queue order, a woken task going to the back (A B C A C A)");
    EXPECT_UINT(ex.polls, 6, "ex->polls counts every poll");
    EXPECT_UINT(ex.live, 0, "every Ready task is taken off ex->live: run returns when it is 0");
    EXPECT_UINT(ex.parks, 0, "there was always something to run, so the executor never parked");
    for (int i = 0; i < 3; i++) {
        EXPECT_TRUE(h[i].task->done, "a task whose future returned Ready is marked done");
        EXPECT_UINT(atomic_load(&h[i].task->refs), 1,
                    "queue entries and wakers gave their references back: only the join handle's is left");
        join_release(&h[i]);
    }
    executor_destroy(&ex);
}

static void executor_overlaps_waits_and_parks_between_wakes(void **state)
{
    (void)state;
    CHECK_FN("executor_run");
    executor ex;
    executor_init(&ex);
    trace_log log = {0};
    ex.observe = record_ready;
    ex.observe_arg = &log;
    woken_later s = woken_later_new(150), f = woken_later_new(50), m = woken_later_new(100);
    join_handle h[3] = {spawn(&ex, "slow", &s, sizeof s), spawn(&ex, "fast", &f, sizeof f),
                        spawn(&ex, "medium", &m, sizeof m)};
    ac_nanos start = ac_monotonic_now();
    CHECK_WAITING("for executor_run() to return; it parks while three tasks wait for threads that wake them "
                  "after 50, 100 and 150 ms (task_schedule must signal ex->work, and a Ready task must "
                  "leave ex->live)");
    executor_run(&ex);
    long total = ms_since(start);
    EXPECT_INT(log.count, 3,
               "executor_run returns only once all three tasks are Ready, not when the queue is empty");
    EXPECT_MEM(log.order, "fms", 3, "they finish in order of their waits: fast, medium, slow");
    EXPECT_TRUE(total >= 149, "the slowest task's wake comes after 150 ms: run cannot be done sooner");
    EXPECT_TRUE(total < 280,
                "well under the 300 ms sum: while one task waits the others run, the waits overlap");
    EXPECT_UINT(ex.polls, 6, "each task is polled twice, to start and after its wake: no spinning");
    EXPECT_TRUE(ex.parks >= 1,
                "with nothing queued and tasks alive, the executor parks (sleeps) until a wake");
    for (int i = 0; i < 3; i++)
        join_release(&h[i]);
    executor_destroy(&ex);
}

static void task_schedule_queues_once_and_wakes_the_joiner(void **state)
{
    (void)state;
    CHECK_FN("task_schedule");
    executor ex;
    executor_init(&ex);
    pending_n p = pending_new(0);
    join_handle h = spawn(&ex, "p", &p, sizeof p);
    task *t = h.task;
    task_schedule(t);
    task_schedule(t);
    EXPECT_UINT(queue_length(&ex), 1, "a queued task is not queued again: one event, one poll");
    EXPECT_UINT(atomic_load(&t->refs), 2, "a schedule that does not push takes no reference");
    pthread_mutex_lock(&ex.lock);
    task *popped = executor_pop_locked(&ex);
    pthread_mutex_unlock(&ex.lock);
    task_unref(popped); /* spawn's queue entry */
    task_schedule(t);
    EXPECT_UINT(queue_length(&ex), 1, "a task that is not queued is pushed");
    EXPECT_UINT(atomic_load(&t->refs), 2,
                "the handle + the new queue entry: the entry takes a reference of its own");

    CHECK_FN("executor_run");
    wake_counts counts = {0};
    t->joiner = wake_counts_waker(&counts);
    atomic_store(&counts.clones, 1); /* as if a joiner had stored a clone */
    CHECK_WAITING("for executor_run() to run one task that is Ready at once");
    executor_run(&ex);
    EXPECT_UINT(t->polls, 1, "t->polls counts the task's polls: one");
    EXPECT_INT(atomic_load(&counts.wakes), 1, "on Ready the task's joiner is woken, once");
    EXPECT_INT(atomic_load(&counts.drops), 1,
               "the joiner is woken with ac_waker_wake(): its reference goes back");
    EXPECT_NULL(t->joiner.vtable, "the joiner is taken out of the task: it was used up by the wake");

    CHECK_FN("task_schedule");
    task_schedule(t);
    EXPECT_UINT(queue_length(&ex), 0, "a done task ignores wakes: polling it again breaks the poll contract");
    join_release(&h);
    executor_destroy(&ex);
}

/* A wake from another thread while the executor is parked: task_schedule
 * must signal ex->work, or nothing ever unparks the executor. */
static void *schedule_later(void *arg)
{
    sleep_ms(20);
    task_schedule(arg);
    return NULL;
}

/* Pending on its first poll without arranging any wake itself. */
typedef struct wait_once {
    ac_future base;
    bool polled;
} wait_once;
static ac_poll wait_once_poll(ac_future *self, ac_context *cx)
{
    (void)cx;
    wait_once *w = (wait_once *)self;
    if (w->polled)
        return AC_READY;
    w->polled = true;
    return AC_PENDING;
}
static const ac_future_vtable wait_once_vtable = {.name = "wait_once", .poll = wait_once_poll};

static void task_schedule_unparks_a_parked_executor(void **state)
{
    (void)state;
    CHECK_FN("task_schedule");
    executor ex;
    executor_init(&ex);
    wait_once w = {.base = {&wait_once_vtable}};
    join_handle h = spawn(&ex, "w", &w, sizeof w);
    task_ref(h.task); /* the thread's */
    pthread_t other;
    assert_int_equal(pthread_create(&other, NULL, schedule_later, h.task), 0);
    CHECK_WAITING("for executor_run() to come back from its park; task_schedule() was called from another "
                  "thread 20 ms in and must signal ex->work");
    executor_run(&ex);
    pthread_join(other, NULL);
    EXPECT_TRUE(h.task->done, "the task woken from another thread ran to Ready");
    EXPECT_UINT(h.task->polls, 2, "polled once, parked, polled again after the wake");
    task_unref(h.task);
    join_release(&h);
    executor_destroy(&ex);
}

static const struct CMUnitTest ex2_tests[] = {
    cmocka_unit_test(executor_runs_tasks_in_turn),
    cmocka_unit_test(executor_overlaps_waits_and_parks_between_wakes),
    cmocka_unit_test(task_schedule_queues_once_and_wakes_the_joiner),
    cmocka_unit_test(task_schedule_unparks_a_parked_executor),
};

/* ---- exercise 3: delay ----------------------------------------------------- */

static void delay_is_woken_by_its_thread_then_ready(void **state)
{
    (void)state;
    CHECK_FN("delay_poll");
    wake_counts counts = {0};
    ac_waker w = wake_counts_waker(&counts);
    ac_context cx = {.waker = &w};
    delay d = delay_new(AC_MSEC(60), "hello");
    ac_nanos start = ac_monotonic_now();
    EXPECT_POLL(ac_future_poll(&d.base, &cx), AC_PENDING,
                "the first poll starts the helper thread and returns at once: the time is not up");
    if (ms_since(start) < 50) /* (skip the look if this machine just stalled) */
        EXPECT_INT(atomic_load(&counts.wakes), 0,
                   "no wake before the time is up: the thread is still asleep");
    CHECK_FN("delay_sleeper");
    wait_for_wakes(&counts, 1, "for the helper thread to wake the waker stored by the first poll, 60 ms in");
    EXPECT_TRUE(ms_since(start) >= 59, "the wake comes only after the full 60 ms: sleep for d->duration");
    CHECK_FN("delay_poll");
    EXPECT_POLL(ac_future_poll(&d.base, &cx), AC_READY, "polled after the wake, the delay is Ready");
    EXPECT_STR(d.output, "hello", "its output is the message");
    EXPECT_TRUE(d.finished,
                "a Ready delay sets d->finished: its drop then knows there is no thread to wait for");
    EXPECT_INT(atomic_load(&counts.wakes), 1, "one wake for one delay");
    EXPECT_INT(
        atomic_load(&counts.clones), atomic_load(&counts.drops),
        "the waker stored is a clone, and it was used up by the wake: no waker kept, none dropped twice");
}

static void delay_wakes_the_latest_poller_only(void **state)
{
    (void)state;
    CHECK_FN("delay_poll");
    wake_counts first = {0}, second = {0};
    ac_waker w1 = wake_counts_waker(&first), w2 = wake_counts_waker(&second);
    ac_context cx1 = {.waker = &w1}, cx2 = {.waker = &w2};
    delay d = delay_new(AC_MSEC(40), "x");
    EXPECT_POLL(ac_future_poll(&d.base, &cx1), AC_PENDING, "the first poll starts the wait");
    EXPECT_POLL(ac_future_poll(&d.base, &cx2), AC_PENDING, "polled early (before the wake): still Pending");
    wait_for_wakes(
        &second, 1,
        "for the helper thread to wake the LATEST poller's waker (every Pending poll stores its own)");
    EXPECT_POLL(ac_future_poll(&d.base, &cx2), AC_READY, "polled after the wake, the delay is Ready");
    EXPECT_INT(atomic_load(&first.wakes), 0, "a replaced waker is not woken");
    EXPECT_INT(atomic_load(&first.clones), atomic_load(&first.drops),
               "a replaced waker is given back (dropped)");
    EXPECT_INT(atomic_load(&second.clones), atomic_load(&second.drops),
               "the woken waker was used up by the wake");
}

static void delay_dropped_early_wakes_nobody(void **state)
{
    (void)state;
    CHECK_FN("delay_poll");
    wake_counts counts = {0};
    ac_waker w = wake_counts_waker(&counts);
    ac_context cx = {.waker = &w};
    delay d = delay_new(AC_MSEC(20), "x");
    EXPECT_POLL(ac_future_poll(&d.base, &cx), AC_PENDING, "the first poll starts the wait");
    CHECK_WAITING("for the delay's drop, which joins the helper thread (20 ms)");
    ac_future_drop(&d.base); /* cancel: waits for the thread, which finds no waiter */
    EXPECT_INT(atomic_load(&counts.wakes), 0, "a cancelled delay wakes nobody: drop emptied d->waiter first");
    EXPECT_INT(atomic_load(&counts.clones), atomic_load(&counts.drops), "the stored waker was given back");
}

/* Three delays driven by hand: poll each once, then poll whichever is
 * woken.  They overlap, so they finish in order of length, in about the
 * longest one's time. */
static void three_delays_overlap_and_finish_in_order(void **state)
{
    (void)state;
    CHECK_FN("delay_poll");
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
        EXPECT_POLL(ac_future_poll(&d[i].base, &cx[i]), AC_PENDING,
                    "the first poll starts the wait and returns at once: it must not sleep itself");
    }
    const char *order[3] = {"", "", ""};
    int finished = 0;
    bool done[3] = {false, false, false};
    CHECK_WAITING("for the three delays' helper threads to wake them (50, 100, 150 ms)");
    while (finished < 3) {
        for (int i = 0; i < 3; i++)
            if (!done[i] && atomic_load(&counts[i].wakes) > 0) {
                EXPECT_POLL(ac_future_poll(&d[i].base, &cx[i]), AC_READY, "polled after its wake: Ready");
                done[i] = true;
                order[finished++] = d[i].output;
            }
        sleep_ms(1);
    }
    long total = ms_since(start);
    EXPECT_STR(order[0], "fast", "they finish in order of length: fast (50 ms) first");
    EXPECT_STR(order[1], "medium", "they finish in order of length: medium (100 ms) second");
    EXPECT_STR(order[2], "slow", "they finish in order of length: slow (150 ms) last");
    EXPECT_TRUE(total >= 149, "the slowest delay is 150 ms: they cannot all be done sooner");
    EXPECT_TRUE(total < 280, "the sum is 300 ms: the three waits ran at the same time, each on its thread");
}

/* The helper thread writes `fired` while the poller reads it; both under
 * d->lock (a mistake here shows as a data race in the TSan build). */
static void delay_polled_while_its_thread_fires(void **state)
{
    (void)state;
    CHECK_FN("delay_poll");
    wake_counts counts = {0};
    ac_waker w = wake_counts_waker(&counts);
    ac_context cx = {.waker = &w};
    delay d = delay_new(AC_MSEC(5), "x");
    CHECK_WAITING("for a 5 ms delay, polled over and over, to become Ready");
    while (ac_future_poll(&d.base, &cx) == AC_PENDING)
        sched_yield(); /* poll while the helper thread fires */
    EXPECT_INT(atomic_load(&counts.clones), atomic_load(&counts.drops), "no waker kept after Ready");
}

static const struct CMUnitTest ex3_tests[] = {
    cmocka_unit_test(delay_is_woken_by_its_thread_then_ready),
    cmocka_unit_test(delay_wakes_the_latest_poller_only),
    cmocka_unit_test(delay_dropped_early_wakes_nobody),
    cmocka_unit_test(three_delays_overlap_and_finish_in_order),
    cmocka_unit_test(delay_polled_while_its_thread_fires),
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
    CHECK_FN("join_poll");
    executor ex;
    executor_init(&ex);
    pending_n p = pending_new(2);
    join_handle h = spawn(&ex, "answer", &p, sizeof p);
    wake_counts counts = {0};
    ac_waker w = wake_counts_waker(&counts);
    ac_context cx = {.waker = &w};
    EXPECT_POLL(ac_future_poll(&h.base, &cx), AC_PENDING, "the task has not run: its join handle is Pending");
    EXPECT_PTR(h.task->joiner.data, &counts,
               "a Pending join handle leaves the poller's waker in task->joiner");
    EXPECT_INT(atomic_load(&counts.clones), 1, "it stores a clone: the context's waker is only borrowed");
    EXPECT_POLL(ac_future_poll(&h.base, &cx), AC_PENDING, "still not done: still Pending");
    EXPECT_INT(atomic_load(&counts.clones) - atomic_load(&counts.drops), 1,
               "polled again by the same waiter, exactly one waker is stored (not one per poll)");
    EXPECT_NULL(join_output(&h), "no output before the task is done");
    finish_by_hand(h.task);
    EXPECT_INT(atomic_load(&counts.wakes), 1, "finishing the task woke the stored joiner");
    EXPECT_POLL(ac_future_poll(&h.base, &cx), AC_READY, "the task is done: its join handle is Ready");
    EXPECT_TRUE(join_output(&h) != NULL && *(int *)join_output(&h) == 42, "the output is the task's: 42");
    EXPECT_INT(atomic_load(&counts.clones), atomic_load(&counts.drops), "nothing is kept after Ready");
    join_release(&h);
    executor_destroy(&ex);
}

static void join_on_a_done_task_is_ready_at_once(void **state)
{
    (void)state;
    CHECK_FN("join_poll");
    executor ex;
    executor_init(&ex);
    pending_n p = pending_new(0);
    join_handle h = spawn(&ex, "answer", &p, sizeof p);
    finish_by_hand(h.task);
    wake_counts counts = {0};
    ac_waker w = wake_counts_waker(&counts);
    ac_context cx = {.waker = &w};
    EXPECT_POLL(ac_future_poll(&h.base, &cx), AC_READY, "the task is done already: Ready on the first poll");
    EXPECT_INT(atomic_load(&counts.clones), 0, "Ready keeps no waker: nothing will ever wake it");
    join_release(&h);
    EXPECT_POLL(ac_future_poll(&h.base, &cx), AC_READY, "a released handle has nothing to wait for: Ready");
    executor_destroy(&ex);
}

static void join_swaps_in_a_new_waker(void **state)
{
    (void)state;
    CHECK_FN("join_poll");
    executor ex;
    executor_init(&ex);
    pending_n p = pending_new(0);
    join_handle h = spawn(&ex, "answer", &p, sizeof p);
    wake_counts first = {0}, second = {0};
    ac_waker w1 = wake_counts_waker(&first), w2 = wake_counts_waker(&second);
    ac_context cx1 = {.waker = &w1}, cx2 = {.waker = &w2};
    EXPECT_POLL(ac_future_poll(&h.base, &cx1), AC_PENDING, "not done: Pending");
    EXPECT_POLL(ac_future_poll(&h.base, &cx2), AC_PENDING, "not done: Pending");
    EXPECT_INT(atomic_load(&first.clones), atomic_load(&first.drops),
               "the first poller's waker is replaced and its clone given back");
    finish_by_hand(h.task);
    EXPECT_INT(atomic_load(&first.wakes), 0, "an old poller is not woken");
    EXPECT_INT(atomic_load(&second.wakes), 1, "only the latest poller is woken");
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
    CHECK_FN("join_poll");
    executor ex;
    executor_init(&ex);
    pending_n p = pending_new(1);
    join_handle h = spawn(&ex, "answer", &p, sizeof p);
    wake_counts counts = {0};
    ac_waker w = wake_counts_waker(&counts);
    ac_context cx = {.waker = &w};
    pthread_t other;
    assert_int_equal(pthread_create(&other, NULL, finish_later, h.task), 0);
    ac_poll r = ac_future_poll(&h.base, &cx); /* races with the other thread: either is fine */
    if (r == AC_PENDING) {
        wait_for_wakes(
            &counts, 1,
            "for the join handle's stored waker to be woken when the task finishes on another thread");
        r = ac_future_poll(&h.base, &cx);
    }
    EXPECT_POLL(r, AC_READY, "after the wake, the join handle is Ready");
    pthread_join(other, NULL);
    EXPECT_INT(*(int *)join_output(&h), 42, "the output is the task's: 42");
    EXPECT_INT(atomic_load(&counts.clones), atomic_load(&counts.drops),
               "every stored waker was used up or dropped");
    join_release(&h);
    executor_destroy(&ex);
}

/* The task finishes on another thread while its handle is polled over
 * and over: `done` and `joiner` are shared, read and written under the
 * executor's lock (a mistake here shows as a data race in the TSan build). */
static void *finish_now(void *arg)
{
    finish_by_hand(arg);
    return NULL;
}

static void join_polled_while_another_thread_finishes_the_task(void **state)
{
    (void)state;
    CHECK_FN("join_poll");
    executor ex;
    executor_init(&ex);
    pending_n p = pending_new(0);
    join_handle h = spawn(&ex, "answer", &p, sizeof p);
    wake_counts counts = {0};
    ac_waker w = wake_counts_waker(&counts);
    ac_context cx = {.waker = &w};
    EXPECT_POLL(ac_future_poll(&h.base, &cx), AC_PENDING, "the task has not run: Pending");
    pthread_t other;
    assert_int_equal(pthread_create(&other, NULL, finish_now, h.task), 0);
    CHECK_WAITING("for join_poll() to return Ready after the task finished on another thread");
    while (ac_future_poll(&h.base, &cx) == AC_PENDING)
        sched_yield(); /* poll while the other thread finishes the task */
    pthread_join(other, NULL);
    EXPECT_INT(*(int *)join_output(&h), 42, "the output is the task's: 42");
    EXPECT_INT(atomic_load(&counts.clones), atomic_load(&counts.drops),
               "every stored waker was used up or dropped");
    join_release(&h);
    executor_destroy(&ex);
}

static const struct CMUnitTest ex4_tests[] = {
    cmocka_unit_test(join_is_pending_until_done_then_yields_42),
    cmocka_unit_test(join_on_a_done_task_is_ready_at_once),
    cmocka_unit_test(join_swaps_in_a_new_waker),
    cmocka_unit_test(join_is_woken_when_another_thread_finishes_the_task),
    cmocka_unit_test(join_polled_while_another_thread_finishes_the_task),
};

AC_CHECK_MAIN(AC_CHECK_GROUP(ex1_block_on, ex1_tests), AC_CHECK_GROUP(ex2_executor, ex2_tests),
              AC_CHECK_GROUP(ex3_delay, ex3_tests), AC_CHECK_GROUP(ex4_join, ex4_tests))
