/*
 * test_timer.c - the timer heap, sleep and interval.
 */
#include <stdlib.h>
#include <string.h>

#include "ac/coro.h"
#include "ac/reactor.h"
#include "ac/sleep.h"
#include "ac/timer.h"
#include "reactor_internal.h" /* private: AC__NO_ALARM, to check the alarm is cleared */
#include "rt_util.h"
#include "timer_internal.h" /* private: a heap of its own (ac__timers_init/free) */

/* ---- the heap on its own: a waker per timer that logs its id ---------- */

typedef struct fire_log {
    int order[2048];
    int n;
} fire_log;

typedef struct logged {
    counting_waker cw;
    int id;
    fire_log *log;
} logged;

static void log_on_wake(counting_waker *c)
{
    logged *l = c->user;
    l->log->order[l->log->n++] = l->id;
}

static void test_heap_fires_in_deadline_then_start_order(void **state)
{
    (void)state;
    enum { N = 1000 };
    static ac_timer timers[N];
    static logged who[N];
    static fire_log log;
    ac_timers h;
    ac__timers_init(&h);
    log.n = 0;
    srand(7);
    for (int i = 0; i < N; i++) {
        who[i] = (logged){.cw = {.on_wake = log_on_wake, .user = &who[i]}, .id = i, .log = &log};
        ac_waker w = cw_borrow(&who[i].cw);
        timers[i] = ac_timer_new();
        /* only 50 distinct deadlines: lots of ties */
        assert_int_equal(ac_timer_start(&h, &timers[i], AC_MSEC(rand() % 50), &w), 0);
    }
    assert_int_equal(ac_timers_len(&h), N);
    for (ac_nanos now = 0; now < AC_MSEC(50); now += AC_USEC(500))
        ac_timers_fire(&h, now);
    assert_int_equal(log.n, N);
    assert_int_equal(ac_timers_len(&h), 0);
    for (int k = 1; k < N; k++) {
        int a = log.order[k - 1], b = log.order[k];
        assert_true(timers[a].deadline < timers[b].deadline ||
                    (timers[a].deadline == timers[b].deadline && a < b)); /* ties: start order */
    }
    for (int i = 0; i < N; i++)
        assert_int_equal(who[i].cw.refs, 0);
    ac__timers_free(&h);
}

static void test_heap_stop_removes_exactly_that_entry(void **state)
{
    (void)state;
    enum { N = 500 };
    static ac_timer timers[N];
    static logged who[N];
    static fire_log log;
    ac_timers h;
    ac__timers_init(&h);
    log.n = 0;
    srand(11);
    for (int i = 0; i < N; i++) {
        who[i] = (logged){.cw = {.on_wake = log_on_wake, .user = &who[i]}, .id = i, .log = &log};
        ac_waker w = cw_borrow(&who[i].cw);
        timers[i] = ac_timer_new();
        assert_int_equal(ac_timer_start(&h, &timers[i], AC_MSEC(1 + rand() % 1000), &w), 0);
    }
    /* stop the root, the last slot and every third one */
    int root = -1;
    for (int i = 0; i < N; i++)
        if (timers[i].index == 1)
            root = i;
    assert_true(root >= 0);
    bool stopped[N] = {0};
    ac_timer_stop(&h, &timers[root]);
    stopped[root] = true;
    for (int i = 0; i < N; i++)
        if (timers[i].index == ac_timers_len(&h)) {
            ac_timer_stop(&h, &timers[i]);
            stopped[i] = true;
            break;
        }
    for (int i = 0; i < N; i += 3)
        if (!stopped[i]) {
            ac_timer_stop(&h, &timers[i]);
            stopped[i] = true;
        }
    int left = 0;
    for (int i = 0; i < N; i++) {
        left += !stopped[i];
        if (stopped[i]) {
            assert_false(ac_timer_is_started(&timers[i]));
            assert_int_equal(who[i].cw.refs, 0); /* its waker was dropped */
        }
    }
    assert_int_equal(ac_timers_len(&h), left);
    ac_timer_stop(&h, &timers[0]); /* stopping twice is harmless */
    ac_timers_fire(&h, AC_SEC(2));
    assert_int_equal(log.n, left);
    for (int k = 0; k < log.n; k++) {
        assert_false(stopped[log.order[k]]);
        if (k > 0)
            assert_true(timers[log.order[k - 1]].deadline <= timers[log.order[k]].deadline);
    }
    ac__timers_free(&h);
}

/* ---- sleep under the runtime ------------------------------------------ */

static void test_paused_hour_sleep_is_exact_and_instant(void **state)
{
    (void)state;
    ac_executor ex;
    EXECUTOR_SETUP(ex);
    ac_clock_pause(ac_executor_clock(&ex));
    ac_nanos start = ac_clock_now(ac_executor_clock(&ex));
    ac_nanos wall = ac_monotonic_now();
    ac_sleep s = ac_sleep_for(AC_SEC(3600));
    ac_block_on(&ex, &s.base);
    assert_int_equal(ac_clock_now(ac_executor_clock(&ex)) - start, AC_SEC(3600));
    assert_true(ac_monotonic_now() - wall < AC_SEC(1));
    ac_reactor *r = ac_reactor_get(&ex);
    assert_int_equal(r->stats.auto_advances, 1);
    assert_int_equal(ac_timers_len(&r->timers), 0);
    ac_executor_close(&ex);
}

/* A task that sleeps and then records the clock. */
typedef struct napper {
    ac_future base;
    ac_coro co;
    ac_sleep sleep;
    ac_nanos woke_at;
} napper;

static ac_poll napper_poll(ac_future *self, ac_context *cx)
{
    napper *n = (napper *)self;
    AC_BEGIN(&n->co);
    AC_AWAIT(&n->co, cx, &n->sleep.base);
    n->woke_at = ac_clock_now(ac_executor_clock(ac_executor_current()));
    AC_END(&n->co);
}
static void napper_drop(ac_future *self) { ac_coro_drop(&((napper *)self)->co); }
static const ac_future_vtable napper_vtable = {
    .name = "napper", .poll = napper_poll, .drop = napper_drop, AC_OUTPUT(napper, woke_at)};
static napper napper_new(ac_nanos d) { return (napper){.base = {&napper_vtable}, .sleep = ac_sleep_for(d)}; }

static void test_paused_sleeps_wake_exactly_on_their_deadlines(void **state)
{
    (void)state;
    ac_executor ex;
    EXECUTOR_SETUP(ex);
    ac_clock_pause(ac_executor_clock(&ex));
    ac_nanos start = ac_clock_now(ac_executor_clock(&ex));
    static const int ms[] = {30, 10, 20, 10, 500, 1};
    enum { N = sizeof ms / sizeof ms[0] };
    ac_join_handle h[N];
    for (int i = 0; i < N; i++) {
        napper n = napper_new(AC_MSEC(ms[i]));
        h[i] = AC_SPAWN(&ex, n);
    }
    ac_executor_run(&ex);
    for (int i = 0; i < N; i++) {
        ac_nanos at = 0;
        assert_true(ac_join_take(&h[i], &at, sizeof at));
        assert_int_equal(at - start, AC_MSEC(ms[i]));
    }
    ac_executor_close(&ex);
}

static void test_dropped_sleep_leaves_no_entry(void **state)
{
    (void)state;
    ac_executor ex;
    EXECUTOR_SETUP(ex);
    napper n = napper_new(AC_SEC(3600));
    ac_join_handle h = AC_SPAWN(&ex, n);
    ac_executor_run_until_idle(&ex);
    ac_timers *timers = ac_timers_get(&ex);
    assert_int_equal(ac_timers_len(timers), 1);
    ac_join_abort(&h);
    ac_executor_run_until_idle(&ex);
    assert_true(ac_join_was_aborted(&h));
    assert_int_equal(ac_timers_len(timers), 0);
    ac_join_release(&h);
    ac_executor_close(&ex);
}

/* Real clock: the park waits for the deadline instead of spinning. */
static void test_running_clock_sleep_parks_not_spins(void **state)
{
    (void)state;
    ac_executor ex;
    EXECUTOR_SETUP(ex);
    ac_nanos t0 = ac_monotonic_now();
    ac_sleep s = ac_sleep_for(AC_MSEC(15));
    ac_block_on(&ex, &s.base);
    ac_nanos took = ac_monotonic_now() - t0;
    assert_true(took >= AC_MSEC(15));
    ac_reactor *r = ac_reactor_get(&ex);
    /* one wait normally; a few if the kernel woke us a hair early */
    assert_true(r->stats.waits <= 4);
    assert_true(ex.stats.parks <= 4);
    ac_executor_close(&ex);
}

/* ---- the alarm (a timerfd at the earliest deadline) ---------------------- */

/* Starts a 1 ms "kick", an early and a late timer, all waking the root.
 * When the kick fires it stops the early one, whose alarm is already set:
 * that alarm must ring for nothing and move on to the late timer. */
typedef struct alarm_probe {
    ac_future base;
    ac_timer kick, early, late;
    bool early_was_pending_at_stop;
} alarm_probe;

static ac_poll alarm_probe_poll(ac_future *self, ac_context *cx)
{
    alarm_probe *p = (alarm_probe *)self;
    ac_executor *ex = ac_executor_current();
    ac_timers *h = ac_timers_get(ex);
    ac_nanos now = ac_clock_now(ac_executor_clock(ex));
    if (!ac_timer_is_started(&p->kick) && !ac_timer_has_fired(&p->kick)) {
        ac_timer_start(h, &p->kick, now + AC_MSEC(1), cx->waker);
        ac_timer_start(h, &p->early, now + AC_MSEC(100), cx->waker);
        ac_timer_start(h, &p->late, now + AC_MSEC(120), cx->waker);
        return AC_PENDING;
    }
    if (ac_timer_is_started(&p->early)) {
        p->early_was_pending_at_stop = true;
        ac_timer_stop(h, &p->early);
    }
    return ac_timer_has_fired(&p->late) ? AC_READY : AC_PENDING;
}

static const ac_future_vtable alarm_probe_vtable = {.name = "alarm_probe", .poll = alarm_probe_poll};

static void test_alarm_of_a_stopped_timer_rings_for_nothing_then_the_next_fires(void **state)
{
    (void)state;
    ac_executor ex;
    EXECUTOR_SETUP(ex);
    alarm_probe p = {.base = {&alarm_probe_vtable},
                     .kick = ac_timer_new(),
                     .early = ac_timer_new(),
                     .late = ac_timer_new()};
    ac_nanos t0 = ac_monotonic_now();
    ac_block_on(&ex, &p.base);
    ac_nanos took = ac_monotonic_now() - t0;
    ac_reactor *r = ac_reactor_get(&ex);
    assert_true(p.early_was_pending_at_stop); /* stopped before its deadline */
    assert_false(ac_timer_has_fired(&p.early));
    assert_true(took >= AC_MSEC(120));
    assert_int_equal(ac_timers_len(&r->timers), 0);
    /* set for the kick; after it rang, for the early timer; stopping that
     * one leaves the alarm alone; after it rang for nothing, for the late
     * one; after that rang, cleared: four, however the waits fell */
    assert_int_equal(r->stats.alarm_sets, 4);
    assert_int_equal(r->alarm_os, AC__NO_ALARM);
    ac_executor_close(&ex);
}

/* A resume after advancing a paused clock brings every deadline nearer
 * on the OS clock, which the alarm counts in: the next park sets the alarm
 * earlier by as much (here 6 s, less the real time the test takes). */
static void test_resume_after_an_advance_moves_the_alarm_earlier(void **state)
{
    (void)state;
    ac_executor ex;
    EXECUTOR_SETUP(ex);
    ac_sleep s = ac_sleep_for(AC_SEC(10));
    ac_join_handle h = AC_SPAWN(&ex, s);
    ac_executor_run_until_idle(&ex); /* the sleep starts its timer; the park sets the alarm */
    ac_reactor *r = ac_reactor_get(&ex);
    ac_nanos before = r->alarm_os;
    assert_true(before != AC__NO_ALARM);
    ac_clock_pause(ac_executor_clock(&ex));
    ac_clock_advance(ac_executor_clock(&ex), AC_SEC(6));
    ac_clock_resume(ac_executor_clock(&ex));
    ac_executor_run_until_idle(&ex);
    assert_true(r->alarm_os <= before - AC_SEC(5));
    assert_false(ac_join_is_finished(&h));
    ac_join_release(&h);
    ac_executor_close(&ex);
}

/* Many sleeps due within a few milliseconds share rings: the alarm is set
 * per millisecond, not per timer. */
static void test_timers_due_in_the_same_millisecond_fire_in_one_ring(void **state)
{
    (void)state;
    enum { N = 200 };
    ac_executor ex;
    EXECUTOR_SETUP(ex);
    ac_join_handle h[N];
    for (int i = 0; i < N; i++) {
        ac_sleep s = ac_sleep_for(AC_MSEC(20) + i * AC_USEC(10)); /* 20.00 .. 21.99 ms */
        h[i] = AC_SPAWN(&ex, s);
    }
    ac_executor_run(&ex);
    ac_reactor *r = ac_reactor_get(&ex);
    for (int i = 0; i < N; i++) {
        assert_true(ac_join_is_finished(&h[i]));
        ac_join_release(&h[i]);
    }
    /* the deadlines span at most 3 whole milliseconds: one set per ring,
     * plus the final clear (a few more if the machine stalls mid-run) */
    assert_true(r->stats.alarm_sets <= 8);
    assert_true(r->stats.alarm_sets >= 2);
    ac_executor_close(&ex);
}

/* ---- interval ------------------------------------------------------------ */

/* Collects `want` ticks; after the tick numbered `busy_after`, it
 * pretends to work for `busy` by moving the paused clock itself. */
typedef struct ticker {
    ac_future base;
    ac_coro co;
    ac_interval iv;
    ac_tick tick;
    int want, got, busy_after;
    ac_nanos busy;
    ac_nanos at[16], scheduled[16];
} ticker;

static ac_poll ticker_poll(ac_future *self, ac_context *cx)
{
    ticker *t = (ticker *)self;
    ac_clock *clock = ac_executor_clock(ac_executor_current());
    AC_BEGIN(&t->co);
    while (t->got < t->want) {
        t->tick = ac_tick_of(&t->iv);
        AC_AWAIT(&t->co, cx, &t->tick.base);
        t->scheduled[t->got] = t->tick.scheduled;
        t->at[t->got] = ac_clock_now(clock);
        if (t->got++ == t->busy_after)
            ac_clock_advance(clock, t->busy);
    }
    AC_END(&t->co);
}
static const ac_future_vtable ticker_vtable = {.name = "ticker", .poll = ticker_poll};

static void run_ticker(ticker *t, ac_missed_tick policy, int busy_after, ac_nanos busy)
{
    *t = (ticker){.base = {&ticker_vtable},
                  .iv = ac_interval_every(AC_MSEC(10), policy),
                  .want = 6,
                  .busy_after = busy_after,
                  .busy = busy};
    ac_executor ex;
    EXECUTOR_SETUP(ex);
    ac_clock_pause(ac_executor_clock(&ex));
    ac_nanos start = ac_clock_now(ac_executor_clock(&ex));
    ac_block_on(&ex, &t->base);
    for (int i = 0; i < t->want; i++) {
        t->at[i] -= start;
        t->scheduled[i] -= start;
    }
    assert_int_equal(ac_timers_len(ac_timers_get(&ex)), 0); /* nothing left behind */
    ac_executor_close(&ex);
}

static void test_interval_ticks_on_the_grid_when_paused(void **state)
{
    (void)state;
    ticker t;
    run_ticker(&t, AC_MISSED_SKIP, -1, 0);
    for (int i = 0; i < t.want; i++) {
        assert_int_equal(t.scheduled[i], AC_MSEC(10 * i));
        assert_int_equal(t.at[i], AC_MSEC(10 * i)); /* exact: the clock jumps */
    }
}

/* The table in sleep.h: busy from 12 to 37 ms after the tick at 10. */
static void test_interval_missed_tick_policies(void **state)
{
    (void)state;
    static const struct {
        ac_missed_tick policy;
        int at[6], scheduled[6];
    } want[] = {
        {AC_MISSED_SKIP, {0, 10, 37, 40, 50, 60}, {0, 10, 20, 40, 50, 60}},
        {AC_MISSED_BURST, {0, 10, 37, 37, 40, 50}, {0, 10, 20, 30, 40, 50}},
        {AC_MISSED_DELAY, {0, 10, 37, 47, 57, 67}, {0, 10, 20, 47, 57, 67}},
    };
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
        ticker t;
        run_ticker(&t, want[k].policy, 1, AC_MSEC(27));
        for (int i = 0; i < 6; i++) {
            assert_int_equal(t.at[i], AC_MSEC(want[k].at[i]));
            assert_int_equal(t.scheduled[i], AC_MSEC(want[k].scheduled[i]));
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_heap_fires_in_deadline_then_start_order),
        cmocka_unit_test(test_heap_stop_removes_exactly_that_entry),
        cmocka_unit_test(test_paused_hour_sleep_is_exact_and_instant),
        cmocka_unit_test(test_paused_sleeps_wake_exactly_on_their_deadlines),
        cmocka_unit_test(test_dropped_sleep_leaves_no_entry),
        cmocka_unit_test(test_running_clock_sleep_parks_not_spins),
        cmocka_unit_test(test_alarm_of_a_stopped_timer_rings_for_nothing_then_the_next_fires),
        cmocka_unit_test(test_timers_due_in_the_same_millisecond_fire_in_one_ring),
        cmocka_unit_test(test_resume_after_an_advance_moves_the_alarm_earlier),
        cmocka_unit_test(test_interval_ticks_on_the_grid_when_paused),
        cmocka_unit_test(test_interval_missed_tick_policies),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
