/*
 * demo_starve.c - a task that never yields, caught by a watchdog, then fixed.
 *
 * A "hog" worker does UNITS units of work; three heartbeat tasks want a
 * turn every so often.  Each heartbeat measures how long it waited between
 * two of its turns, in units of the hog's work (deterministic) and in
 * monotonic nanoseconds (printed only: it depends on the machine).  The
 * watchdog compares the longest wait with a bound.
 *
 * The hog is BOUNDED on purpose.  A real `for (;;)` inside a poll would
 * never return, the heartbeats would never run and the program would hang:
 * that is the bug this demo shows, so it stops short of hanging.
 */
#include <stdio.h>

#include "course/cli.h"
#include "ac/clock.h"
#include "ac/executor.h"
#include "demos.h"
#include "lesson.h"

#define BEATS      5
#define WAIT_BOUND 1000000ul /* units of someone else's work a heartbeat may wait */

typedef struct heartbeat {
    ac_future base;
    ac_coro co;
    int id;
    const worker *hog;
    int beat;
    ac_yield nap;
    unsigned long mark; /* hog->done at our last turn (or spawn) */
    ac_nanos mark_ns;   /* monotonic time of the same moment */
    unsigned long longest_wait;
    ac_nanos longest_wait_ns;
} heartbeat;

/* Note how long we waited since our last turn, then take a new mark. */
static void heartbeat_measure(heartbeat *h)
{
    unsigned long waited = h->hog->done - h->mark;
    ac_nanos waited_ns = ac_monotonic_now() - h->mark_ns;
    if (waited > h->longest_wait)
        h->longest_wait = waited;
    if (waited_ns > h->longest_wait_ns)
        h->longest_wait_ns = waited_ns;
    trace("heartbeat %d: beat %d of %d, waited %lu hog units (%.2f ms)%s", h->id, h->beat + 1, BEATS, waited,
          (double)waited_ns / 1e6, waited > WAIT_BOUND ? "  <-- over the bound" : "");
    h->mark = h->hog->done;
    h->mark_ns = ac_monotonic_now();
}

static ac_poll heartbeat_poll(ac_future *self, ac_context *cx)
{
    heartbeat *h = (heartbeat *)self;
    AC_BEGIN(&h->co);
    for (h->beat = 0; h->beat < BEATS; h->beat++) {
        heartbeat_measure(h);
        h->nap = ac_yield_now();
        AC_AWAIT(&h->co, cx, &h->nap.base);
    }
    AC_END(&h->co);
}

static void heartbeat_drop(ac_future *self) { ac_coro_drop(&((heartbeat *)self)->co); }

static const ac_future_vtable heartbeat_vtable = {
    .name = "heartbeat", .poll = heartbeat_poll, .drop = heartbeat_drop};

typedef struct starve_result {
    unsigned long longest_wait;
    ac_nanos longest_wait_ns;
    unsigned long hog_polls;
    ac_nanos hog_longest_poll_ns;
    ac_nanos total_ns;
} starve_result;

static bool run_hog(unsigned long units, unsigned long every, starve_result *r)
{
    ac_executor ex;
    if (ac_executor_init(&ex) != 0)
        return false;
    ac_nanos start = ac_monotonic_now();
    worker w = worker_new("hog", units, every);
    ac_join_handle hog = AC_SPAWN(&ex, w);
    ac_join_handle beats[3];
    for (int k = 0; k < 3; k++) {
        heartbeat h = {.base = {&heartbeat_vtable},
                       .id = k + 1,
                       .hog = task_future_of(&hog),
                       .mark_ns = ac_monotonic_now()};
        beats[k] = AC_SPAWN(&ex, h);
    }
    ac_executor_run(&ex);
    *r = (starve_result){.total_ns = ac_monotonic_now() - start};
    for (int k = 0; k < 3; k++) {
        heartbeat *h = task_future_of(&beats[k]);
        if (h->longest_wait > r->longest_wait)
            r->longest_wait = h->longest_wait;
        if (h->longest_wait_ns > r->longest_wait_ns)
            r->longest_wait_ns = h->longest_wait_ns;
        ac_join_release(&beats[k]);
    }
    worker *done = task_future_of(&hog);
    r->hog_polls = done->polls;
    r->hog_longest_poll_ns = done->longest_poll_ns;
    ac_join_release(&hog);
    ac_executor_close(&ex);
    return true;
}

static void verdict(const starve_result *r)
{
    printf("\n  watchdog: longest wait %lu hog units (%.2f ms), bound %lu units -> %s\n", r->longest_wait,
           (double)r->longest_wait_ns / 1e6, WAIT_BOUND, r->longest_wait > WAIT_BOUND ? "STARVED" : "ok");
    printf("  hog: %lu poll(s), longest single poll %.2f ms; whole run %.2f ms\n", r->hog_polls,
           (double)r->hog_longest_poll_ns / 1e6, (double)r->total_ns / 1e6);
}

int demo_starve(int argc, char **argv)
{
    unsigned long units = 50000000;
    if (!at_most_args(argc, argv, 2) || !optional_arg(argc, argv, 1, "UNITS", 1000, 500000000, &units))
        return 2;
    unsigned long chunk = units / 500; /* 100000 for the default */
    if (!optional_arg(argc, argv, 2, "CHUNK", 1, units, &chunk))
        return 2;

    printf("A hog with %lu units of work and three heartbeats that want %d turns\n"
           "each.  The watchdog's bound: no heartbeat should wait for more than\n"
           "%lu units of the hog's work between two turns.\n\n"
           "Round 1: the hog never yields.  (Bounded: a real endless loop here\n"
           "would hang the program, which is the point.)\n\n",
           units, BEATS, WAIT_BOUND);
    starve_result r;
    lesson_trace = true;
    if (!run_hog(units, 0, &r))
        return 1;
    lesson_trace = false;
    verdict(&r);

    printf("\nRound 2: the fix - the same hog yields after every %lu units:\n\n", chunk);
    lesson_trace = true;
    if (!run_hog(units, chunk, &r))
        return 1;
    lesson_trace = false;
    verdict(&r);

    printf("\nTakeaway: scheduling here is cooperative.  The executor can only\n"
           "switch tasks when a poll returns, so one poll that runs for a long\n"
           "time freezes every other task on the thread.  A yield every so often\n"
           "bounds how long the others wait, at the price of a few extra polls.\n");
    return 0;
}
