/*
 * demo_timers.c - lesson 12's runtime demos: sleeps, timeouts and intervals on
 * the real runtime (ac/sleep.h, ac/timer.h, ac/reactor.h), on the real
 * clock with short units, and on a paused clock where that makes a point.
 */
#include "demos.h"

#include <errno.h>
#include <stdio.h>

#include "course/cli.h"
#include "ac/combinators.h"
#include "ac/coro.h"
#include "ac/executor.h"
#include "ac/reactor.h"
#include "ac/sleep.h"

static bool parse_unit(int argc, char **argv, ac_nanos *unit)
{
    unsigned long ms = 100;
    if (argc >= 2 && !ac_cli_parse_ulong("UNIT_MS", argv[1], 1, 1000, &ms))
        return false;
    *unit = AC_MSEC(ms);
    return true;
}

static double ms_since(ac_nanos t0) { return (double)(ac_monotonic_now() - t0) / 1e6; }

static size_t heap_len(ac_executor *ex) { return ac_timers_len(ac_timers_get(ex)); }

/* ---- sleeps: three tasks, three deadlines, one thread ------------------- */

typedef struct sleeper {
    ac_future base;
    ac_coro co;
    const char *label;
    unsigned units;
    ac_nanos unit, t0;
    ac_sleep nap;
} sleeper;

static ac_poll sleeper_poll(ac_future *self, ac_context *cx)
{
    sleeper *s = (sleeper *)self;
    AC_BEGIN(&s->co);
    printf("  [%6.1f ms] %s: sleep(%u unit(s)) -> timer in the heap, Pending\n", ms_since(s->t0), s->label,
           s->units);
    s->nap = ac_sleep_for(s->units * s->unit);
    AC_AWAIT(&s->co, cx, &s->nap.base);
    printf("  [%6.1f ms] %s: woken by its timer after %u unit(s) -> Ready\n", ms_since(s->t0), s->label,
           s->units);
    AC_END(&s->co);
}

static void sleeper_drop(ac_future *self) { ac_coro_drop(&((sleeper *)self)->co); }

static const ac_future_vtable sleeper_vtable = {
    .name = "sleeper", .poll = sleeper_poll, .drop = sleeper_drop};

int demo_sleeps(int argc, char **argv)
{
    ac_nanos unit;
    if (!parse_unit(argc, argv, &unit))
        return 2;
    ac_executor ex;
    if (ac_executor_init(&ex) != 0)
        return 1;
    ac_nanos t0 = ac_monotonic_now();
    const struct {
        const char *label;
        unsigned units;
    } plan[] = {{"C", 3}, {"A", 1}, {"B", 2}};
    printf("Spawn C (3 units), A (1 unit), B (2 units) in that order; 1 unit = %.0f ms.\n\n",
           (double)unit / 1e6);
    for (size_t i = 0; i < 3; i++) {
        sleeper s = {.base = {&sleeper_vtable},
                     .label = plan[i].label,
                     .units = plan[i].units,
                     .unit = unit,
                     .t0 = t0};
        ac_join_handle h = AC_SPAWN(&ex, s);
        ac_join_release(&h);
    }
    ac_executor_run_until_idle(&ex); /* first polls only: every task is now waiting */
    printf("\n  heap: %zu timers; the reactor blocks until the earliest, %.0f ms from the start\n\n",
           heap_len(&ex),
           (double)(ac_timers_next_deadline(ac_timers_get(&ex)) - ac_clock_now(ac_executor_clock(&ex))) /
                   1e6 +
               ms_since(t0));
    ac_executor_run(&ex);
    double total = ms_since(t0);
    printf("\nDone in %.0f ms: the longest sleep (3 units), not the sum (6 units = %.0f ms).\n", total,
           6 * (double)unit / 1e6);
    printf("%llu polls for 3 tasks (each: once to start its timer, once when woken), %llu parks.\n",
           (unsigned long long)ex.stats.polls, (unsigned long long)ex.stats.parks);
    ac_executor_close(&ex);
    printf("\nTakeaway: sleeping tasks do not occupy the thread.  Each leaves a deadline\n"
           "in the heap; the runtime sleeps once, until the earliest one.\n");
    return 0;
}

/* ---- timeout: a race between a future and a sleep ----------------------- */

static int run_timeout(ac_executor *ex, ac_nanos work, ac_nanos limit, ac_nanos unit)
{
    ac_sleep job = ac_sleep_for(work); /* stands for any slow work */
    ac_timeout t = ac_timeout_of(&job.base, limit);
    ac_nanos t0 = ac_monotonic_now();
    ac_block_on(ex, &t.base);
    printf("  work %2.0f units, limit %2.0f units -> %s after %.0f ms; timers left in the heap: %zu\n",
           (double)work / (double)unit, (double)limit / (double)unit,
           t.result == 0 ? "finished in time" : "-ETIMEDOUT (work dropped)", ms_since(t0), heap_len(ex));
    return t.result;
}

int demo_timeout(int argc, char **argv)
{
    ac_nanos unit;
    if (!parse_unit(argc, argv, &unit))
        return 2;
    ac_executor ex;
    if (ac_executor_init(&ex) != 0)
        return 1;
    printf("ac_timeout_of(work, limit) polls the work, then its own sleep (1 unit = %.0f ms):\n\n",
           (double)unit / 1e6);
    int ok = run_timeout(&ex, 1 * unit, 3 * unit, unit);
    int late = run_timeout(&ex, 10 * unit, 2 * unit, unit);

    printf("\nThe same race on a PAUSED clock: work = sleep 1 day, limit = 1 hour.\n");
    ac_clock *clock = ac_executor_clock(&ex);
    ac_clock_pause(clock);
    ac_nanos runtime_t0 = ac_clock_now(clock), real_t0 = ac_monotonic_now();
    ac_sleep day = ac_sleep_for(AC_SEC(86400));
    ac_timeout hour = ac_timeout_of(&day.base, AC_SEC(3600));
    ac_block_on(&ex, &hour.base);
    printf("  -> %s; runtime clock moved %.3f s, real time %.3f ms\n",
           hour.result == -ETIMEDOUT ? "-ETIMEDOUT" : "finished?!",
           (double)(ac_clock_now(clock) - runtime_t0) / 1e9, (double)(ac_monotonic_now() - real_t0) / 1e6);
    printf("  (nothing else could happen, so the idle runtime jumped the clock to the next\n"
           "  deadline: %llu jump(s).  That is how the checks test timers without waiting.)\n",
           (unsigned long long)ac_reactor_get(&ex)->stats.auto_advances);
    ac_executor_close(&ex);
    if (ok != 0 || late != -ETIMEDOUT || hour.result != -ETIMEDOUT) {
        fprintf(stderr, "timeout: unexpected results %d %d %d\n", ok, late, hour.result);
        return 1;
    }
    printf("\nTakeaway: a timeout is a race with a sleep.  The loser is dropped at once,\n"
           "and dropping a sleep cancels its timer, so nothing is left behind.\n");
    return 0;
}

/* ---- interval: heartbeats while another task works ---------------------- */

typedef struct heartbeat {
    ac_future base;
    ac_coro co;
    ac_interval iv; /* its timer lives here, inside the task */
    ac_tick tick;
    unsigned *beats;
    ac_nanos t0;
} heartbeat;

static ac_poll heartbeat_poll(ac_future *self, ac_context *cx)
{
    heartbeat *h = (heartbeat *)self;
    AC_BEGIN(&h->co);
    for (;;) {
        h->tick = ac_tick_of(&h->iv);
        AC_AWAIT(&h->co, cx, &h->tick.base);
        (*h->beats)++;
        printf("  [%6.1f ms] heartbeat #%u\n", ms_since(h->t0), *h->beats);
    }
    AC_END(&h->co);
}

static void heartbeat_drop(ac_future *self) { ac_coro_drop(&((heartbeat *)self)->co); }

static const ac_future_vtable heartbeat_vtable = {
    .name = "heartbeat", .poll = heartbeat_poll, .drop = heartbeat_drop};

typedef struct worker {
    ac_future base;
    ac_coro co;
    ac_sleep nap;
    ac_nanos work, unit, t0;
    ac_join_handle *heartbeat;
} worker;

static ac_poll worker_poll(ac_future *self, ac_context *cx)
{
    worker *w = (worker *)self;
    AC_BEGIN(&w->co);
    printf("  [%6.1f ms] worker: sleeping %.1f units\n", ms_since(w->t0), (double)w->work / (double)w->unit);
    w->nap = ac_sleep_for(w->work);
    AC_AWAIT(&w->co, cx, &w->nap.base);
    printf("  [%6.1f ms] worker: done; aborting the heartbeat task\n", ms_since(w->t0));
    ac_join_abort(w->heartbeat);
    AC_END(&w->co);
}

static void worker_drop(ac_future *self) { ac_coro_drop(&((worker *)self)->co); }

static const ac_future_vtable worker_vtable = {.name = "worker", .poll = worker_poll, .drop = worker_drop};

int demo_interval(int argc, char **argv)
{
    ac_nanos unit;
    if (!parse_unit(argc, argv, &unit))
        return 2;
    ac_executor ex;
    if (ac_executor_init(&ex) != 0)
        return 1;
    unsigned beats = 0;
    ac_nanos t0 = ac_monotonic_now();
    printf("A heartbeat every unit (%.0f ms, first one at once) while a worker sleeps 3.5 units:\n\n",
           (double)unit / 1e6);
    heartbeat hb = {.base = {&heartbeat_vtable},
                    .iv = ac_interval_every(unit, AC_MISSED_SKIP),
                    .beats = &beats,
                    .t0 = t0};
    ac_join_handle hb_handle = AC_SPAWN(&ex, hb);
    worker w = {
        .base = {&worker_vtable}, .work = unit * 7 / 2, .unit = unit, .t0 = t0, .heartbeat = &hb_handle};
    ac_join_handle w_handle = AC_SPAWN(&ex, w);
    ac_executor_run(&ex);
    printf("\n%u heartbeats (at 0, 1, 2, 3 units); heartbeat aborted: %s; timers left in the heap: %zu\n",
           beats, ac_join_was_aborted(&hb_handle) ? "yes" : "no", heap_len(&ex));
    bool right = beats == 4 && ac_join_was_aborted(&hb_handle) && heap_len(&ex) == 0;
    ac_join_release(&hb_handle);
    ac_join_release(&w_handle);
    ac_executor_close(&ex);
    if (!right) {
        fprintf(stderr, "interval: expected 4 beats, an aborted heartbeat and an empty heap\n");
        return 1;
    }
    printf("\nTakeaway: an interval is one timer re-armed after every tick, on a fixed\n"
           "grid.  Aborting its task drops the tick future, which takes the timer out.\n");
    return 0;
}
