/*
 * demo_loop.c - `15-select loop` (your ticker, exercise 3) and
 * `15-select fuse` (your once, exercise 4), on the paused clock.
 */
#include <errno.h>
#include <stdio.h>

#include "ac/executor.h"
#include "ac/timer.h"
#include "course/cli.h"
#include "demos.h"
#include "lesson.h"

int demo_loop(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    ac_cli_heading("loop: five messages 25 ms apart, a tick every 10 ms");
    ac_executor ex;
    if (ac_executor_init(&ex) != 0)
        return 1;
    ac_clock_pause(ac_executor_clock(&ex));
    ac_mpsc_tx tx;
    ac_mpsc_rx rx;
    if (ac_mpsc_bounded(sizeof(int), 1, &tx, &rx) != 0)
        return 1;
    lesson_trace = true;
    lesson_clock_zero(ac_executor_clock(&ex));
    delayed_sender snd = delayed_sender_new(tx, 5, AC_MSEC(25));
    ac_join_handle h = AC_SPAWN(&ex, snd);
    ticker t = ticker_new(rx, AC_MSEC(10));
    ac_block_on(&ex, &t.base);
    printf("  done at %.0f ms: %d messages, %d ticks, timers left: %zu\n", lesson_ms(), t.msgs, t.ticks,
           ac_timers_len(ac_timers_get(&ex)));
    lesson_trace = false;
    ac_join_release(&h);
    ac_executor_close(&ex);
    printf("\nTakeaway: a select loop remakes the cancellation-safe branch (a receive) every\n"
           "round and keeps the one that must survive (the pending tick) outside the loop.\n");
    return 0;
}

/* Loops over a 10 ms interval and a 35 ms deadline kept (fused) across
 * rounds, for 8 ticks; counts how often the deadline's sleep is polled. */
typedef struct watchdog {
    ac_future base;
    ac_coro co;
    ac_interval every;
    ac_tick tick;
    ac_sleep deadline;
    counted probe; /* around the sleep */
    once fused;    /* around the probe */
    ac_select sel;
    int ticks, fired;
} watchdog;

static ac_poll watchdog_poll(ac_future *self, ac_context *cx)
{
    watchdog *w = (watchdog *)self;
    AC_BEGIN(&w->co);
    while (w->ticks < 8) {
        w->tick = ac_tick_of(&w->every);
        AC_AWAIT_SELECT(&w->co, cx, &w->sel, &w->tick.base, AC_KEEP(&w->fused.base));
        if (w->sel.result == 0) {
            w->ticks++;
            printf("  %6.1f ms  tick %d\n", lesson_ms(), w->ticks);
        } else {
            w->fired++;
            printf("  %6.1f ms  deadline passed (the fuse will not poll the sleep again)\n", lesson_ms());
        }
    }
    ac_future_drop(&w->fused.base);
    AC_END(&w->co);
}

static void watchdog_drop(ac_future *self)
{
    watchdog *w = (watchdog *)self;
    ac_coro_drop(&w->co);
    ac_future_drop(&w->fused.base);
}

static const ac_future_vtable watchdog_vtable = {
    .name = "watchdog", .poll = watchdog_poll, .drop = watchdog_drop};

int demo_fuse(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    ac_cli_heading("fuse: a 35 ms deadline kept across a 10 ms tick loop");
    ac_executor ex;
    if (ac_executor_init(&ex) != 0)
        return 1;
    ac_clock_pause(ac_executor_clock(&ex));
    lesson_clock_zero(ac_executor_clock(&ex));
    watchdog w = {.base = {&watchdog_vtable},
                  .every = ac_interval_every(AC_MSEC(10), AC_MISSED_SKIP),
                  .deadline = ac_sleep_for(AC_MSEC(35))};
    w.probe = counted_of("deadline", &w.deadline.base);
    w.fused = once_of(&w.probe.base);
    ac_block_on(&ex, &w.base);
    printf("  %d ticks, the deadline fired %d time; its sleep was polled %d times in all\n", w.ticks, w.fired,
           w.probe.polls);
    ac_executor_close(&ex);
    printf("\nTakeaway: a future kept across a loop is polled again after it finished unless\n"
           "something stops it; a fuse answers Pending forever after its one Ready.\n");
    return 0;
}
