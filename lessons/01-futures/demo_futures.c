/*
 * demo_futures.c - lesson 01's demos: watch a future being polled.
 */
#include "demos.h"

#include <stdio.h>

#include "course/cli.h"
#include "ac/executor.h"
#include "lesson.h"

/* ---- a waker that counts how often it is used ------------------------ */

static unsigned wakes_seen;

static const ac_waker_vtable counting_vtable;
static ac_waker counting_clone(void *data) { return (ac_waker){.data = data, .vtable = &counting_vtable}; }
static void counting_wake(void *data)
{
    (void)data;
    wakes_seen++;
}
static void counting_nothing(void *data) { (void)data; }
static const ac_waker_vtable counting_vtable = {
    .clone = counting_clone, .wake = counting_wake, .wake_by_ref = counting_wake, .drop = counting_nothing};

static bool parse_arg(int argc, char **argv, unsigned long max, unsigned long *value)
{
    if (argc < 2)
        return true; /* keep the default */
    return ac_cli_parse_ulong(argv[0], argv[1], 0, max, value);
}

int demo_countdown(int argc, char **argv)
{
    unsigned long n = 3;
    if (!parse_arg(argc, argv, 1000, &n))
        return 2;

    printf("countdown(%lu), polled by hand with a waker that counts its wakes:\n\n", n);
    printf("  %-8s %-12s %-8s %s\n", "poll", "count", "result", "waker");
    countdown c = countdown_new((unsigned)n);
    ac_waker waker = counting_clone(NULL);
    ac_context cx = {.waker = &waker};
    wakes_seen = 0;
    unsigned polls = 0;
    for (;;) {
        unsigned before = c.count, wakes_before = wakes_seen;
        ac_poll r = ac_future_poll(&c.base, &cx);
        polls++;
        char counts[32];
        snprintf(counts, sizeof counts, "%u -> %u", before, c.count);
        printf("  #%-7u %-12s %-8s %s\n", polls, counts, r == AC_READY ? "Ready" : "Pending",
               wakes_seen > wakes_before ? "wake_by_ref(): \"poll me again\"" : "-");
        if (r == AC_READY)
            break;
    }
    printf("\n%u polls, %u wakes: one wake for every Pending, none for Ready.\n", polls, wakes_seen);

    /* The same future on the real runtime: the executor is the loop above,
     * plus a queue the waker pushes the task onto. */
    ac_executor ex;
    if (ac_executor_init(&ex) != 0)
        return 1;
    countdown again = countdown_new((unsigned)n);
    ac_join_handle h = AC_SPAWN(&ex, again);
    ac_executor_run(&ex);
    printf("On the executor: %llu polls, finished: %s.\n", (unsigned long long)ex.stats.polls,
           ac_join_is_finished(&h) ? "yes" : "no");
    ac_join_release(&h);
    ac_executor_close(&ex);

    printf("\nTakeaway: a future does a little work per poll; Pending is only\n"
           "honest if someone will call the waker.  Here the future wakes itself.\n");
    return 0;
}

int demo_ready(int argc, char **argv)
{
    unsigned long v = 42;
    if (!parse_arg(argc, argv, 1000000000, &v))
        return 2;
    ready_int r = ready_int_new((int)v);
    ac_waker waker = counting_clone(NULL);
    ac_context cx = {.waker = &waker};
    wakes_seen = 0;
    ac_poll result = ac_future_poll(&r.base, &cx);
    int *out = ac_future_output(&r.base);
    printf("poll #1 -> %s, output %d, wakes %u\n", result == AC_READY ? "Ready" : "Pending", *out,
           wakes_seen);
    printf("\nThe output lives inside the future (%zu bytes at offset %zu) and is read\n"
           "after Ready.  Polling again would break rule 1; this future would abort.\n",
           r.base.vtable->output_size, r.base.vtable->output_offset);
    printf("\nTakeaway: a future that is ready at once never needs its waker.\n");
    return 0;
}

static void print_poll(unsigned poll_number, ac_poll result, void *arg)
{
    (void)arg;
    printf("  poll #%-3u %s\n", poll_number,
           result == AC_READY ? "Ready - done!" : "Pending - not ready yet...");
}

int demo_manual(int argc, char **argv)
{
    unsigned long n = 5;
    if (!parse_arg(argc, argv, 1000, &n))
        return 2;
    countdown c = countdown_new((unsigned)n);
    printf("poll_by_hand(countdown(%lu)) with a noop waker:\n\n", n);
    unsigned polls = poll_by_hand(&c.base, print_poll, NULL);
    printf("\n%u polls.  The noop waker ignored every wake; the loop polled anyway.\n", polls);
    printf("\nTakeaway: an executor is, at heart, a loop around poll().  Real ones\n"
           "sleep until a waker fires instead of spinning.\n");
    return 0;
}
