/*
 * demo_executor.c - lesson 05's demos: block_on, the executor, delays, join handles.
 *
 * Every line that starts with a [time] is printed as it happens: polls by
 * the demos' observers, wakes and parks by the given code.
 */
#include "demos.h"

#include <stdio.h>
#include <string.h>

#include "course/cli.h"
#include "ac/coro.h"
#include "ac/executor.h"
#include "lesson.h"

static bool parse_arg(int argc, char **argv, unsigned long min, unsigned long max, unsigned long *value)
{
    if (argc < 2)
        return true; /* keep the default */
    return ac_cli_parse_ulong(argv[0], argv[1], min, max, value);
}

static double ms_since(ac_nanos start) { return (double)(ac_monotonic_now() - start) / 1e6; }

/* ---- a wrapper that reports each poll of the future inside it ---------- */

typedef struct traced {
    ac_future base;
    ac_future *inner;
    const char *name;
    unsigned polls;
} traced;

static ac_poll traced_poll(ac_future *self, ac_context *cx)
{
    traced *t = (traced *)self;
    ac_poll r = ac_future_poll(t->inner, cx);
    trace("poll #%u of %s -> %s", ++t->polls, t->name, r == AC_READY ? "Ready" : "Pending");
    return r;
}

static const ac_future_vtable traced_vtable = {.name = "traced", .poll = traced_poll};

static traced traced_new(ac_future *inner, const char *name)
{
    return (traced){.base = {&traced_vtable}, .inner = inner, .name = name};
}

/* The executor's observer: one line per poll. */
static void print_poll(task *t, ac_poll result, void *arg)
{
    (void)arg;
    trace("poll #%u of %-7s -> %s", t->polls, t->name, result == AC_READY ? "Ready" : "Pending");
}

/* ---- block-on ---------------------------------------------------------- */

int demo_block_on(int argc, char **argv)
{
    unsigned long n = 3, ms = 300;
    if (!parse_arg(argc, argv, 0, 100, &n))
        return 2;
    trace_enable(true);

    printf("block_on(countdown(%lu)): it wakes itself each time, so the parker is\n"
           "already notified when block_on would park - the thread never sleeps.\n\n",
           n);
    countdown c = countdown_new((unsigned)n);
    traced tc = traced_new(&c.base, "countdown");
    unsigned polls = block_on(&tc.base);
    printf("\n%u polls.\n\n", polls);

    printf("block_on(delay(%lu ms)): Pending once, then the thread sleeps until the\n"
           "delay's helper thread wakes it.\n\n",
           ms);
    delay d = delay_new(AC_MSEC(ms), "hello from a helper thread");
    traced td = traced_new(&d.base, "delay");
    ac_nanos start = ac_monotonic_now();
    trace_enable(true);
    polls = block_on(&td.base);
    printf("\n%u polls in %.0f ms, output \"%s\".\n", polls, ms_since(start), d.output);

    printf("\nTakeaway: block_on is a poll loop that sleeps between polls.  The\n"
           "waker is the alarm clock: Pending means \"park\", a wake means \"unpark\".\n");
    trace_enable(false);
    return polls == 2 ? 0 : 1;
}

/* ---- executor ------------------------------------------------------------ */

int demo_executor(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    executor ex;
    executor_init(&ex);
    ex.observe = print_poll;
    countdown a = countdown_new(3), b = countdown_new(1), c = countdown_new(2);
    join_handle h[3] = {spawn(&ex, "three", &a, sizeof a), spawn(&ex, "one", &b, sizeof b),
                        spawn(&ex, "two", &c, sizeof c)};
    printf("three tasks: countdown(3) \"three\", countdown(1) \"one\", countdown(2) \"two\".\n"
           "Each wakes itself, so each Pending puts it at the back of the queue.\n"
           "(A wake happens inside a poll, so it prints just before that poll's result.)\n\n");
    trace_enable(true);
    executor_run(&ex);
    trace_enable(false);
    printf("\n%u polls, %u parks: always something runnable, so it never slept.\n", ex.polls, ex.parks);
    for (int i = 0; i < 3; i++)
        join_release(&h[i]);
    executor_destroy(&ex);
    printf("\nTakeaway: a multi-task executor is a queue plus block_on's loop.\n"
           "Tasks take turns; the order of wakes is the order of polls.\n");
    return 0;
}

/* ---- delays ---------------------------------------------------------------- */

typedef struct finish_order {
    const char *names[3];
    int count;
} finish_order;

static void print_and_record(task *t, ac_poll result, void *arg)
{
    print_poll(t, result, NULL);
    finish_order *order = arg;
    if (result == AC_READY && order->count < 3)
        order->names[order->count++] = t->name;
}

int demo_delays(int argc, char **argv)
{
    unsigned long unit = 300;
    if (!parse_arg(argc, argv, 1, 5000, &unit))
        return 2;
    executor ex;
    executor_init(&ex);
    finish_order order = {0};
    ex.observe = print_and_record;
    ex.observe_arg = &order;
    delay slow = delay_new(AC_MSEC(3 * unit), "slow"), fast = delay_new(AC_MSEC(unit), "fast"),
          medium = delay_new(AC_MSEC(2 * unit), "medium");
    join_handle h[3] = {spawn(&ex, "slow", &slow, sizeof slow), spawn(&ex, "fast", &fast, sizeof fast),
                        spawn(&ex, "medium", &medium, sizeof medium)};
    printf("spawned in this order: slow (%lu ms), fast (%lu ms), medium (%lu ms).\n"
           "Each delay's helper thread wakes its task from outside the executor.\n\n",
           3 * unit, unit, 2 * unit);

    ac_nanos start = ac_monotonic_now();
    trace_enable(true);
    executor_run(&ex);
    trace_enable(false);
    double total = ms_since(start);

    printf("\nfinished in order:");
    for (int i = 0; i < order.count; i++)
        printf(" %s", order.names[i]);
    printf("\njoin outputs:");
    for (int i = 0; i < 3; i++)
        printf(" \"%s\"", *(const char **)join_output(&h[i]));
    printf("\ntotal %.0f ms for delays adding up to %lu ms (longest alone: %lu ms).\n", total, 6 * unit,
           3 * unit);
    printf("%u polls, %u parks.\n", ex.polls, ex.parks);
    for (int i = 0; i < 3; i++)
        join_release(&h[i]);
    executor_destroy(&ex);
    printf("\nTakeaway: waiting tasks cost nothing.  While all three waited, the\n"
           "executor was parked, so the waits overlapped: the total is the longest\n"
           "delay, not the sum.  (`delays 1000` is the 3 s / 1 s / 2 s version.)\n");
    bool in_order = order.count == 3 && strcmp(order.names[0], "fast") == 0 &&
                    strcmp(order.names[1], "medium") == 0 && strcmp(order.names[2], "slow") == 0;
    return in_order ? 0 : 1;
}

/* ---- join: block on a handle while the executor runs on another thread --- */

/* Waits for a delay, then is Ready with a number. */
typedef struct late_answer {
    ac_future base;
    ac_coro co;
    delay wait;
    int value;
    int output;
} late_answer;

static ac_poll late_answer_poll(ac_future *self, ac_context *cx)
{
    late_answer *a = (late_answer *)self;
    AC_BEGIN(&a->co);
    AC_AWAIT(&a->co, cx, &a->wait.base);
    a->output = a->value;
    AC_END(&a->co);
}

static void late_answer_drop(ac_future *self) { ac_coro_drop(&((late_answer *)self)->co); }

static const ac_future_vtable late_answer_vtable = {
    .name = "late_answer",
    .poll = late_answer_poll,
    .drop = late_answer_drop,
    AC_OUTPUT(late_answer, output),
};

static void *executor_thread(void *arg)
{
    trace("executor thread: running");
    executor_run(arg);
    trace("executor thread: no tasks left, returning");
    return NULL;
}

int demo_join(int argc, char **argv)
{
    unsigned long value = 42;
    if (!parse_arg(argc, argv, 0, 1000000, &value))
        return 2;
    executor ex;
    executor_init(&ex);
    ex.observe = print_poll;
    late_answer a = {
        .base = {&late_answer_vtable}, .wait = delay_new(AC_MSEC(300), "ok"), .value = (int)value};
    join_handle h = spawn(&ex, "answer", &a, sizeof a);
    printf("\"answer\" waits 300 ms, then is Ready with %lu.  The executor runs on a\n"
           "thread of its own; this thread blocks on the join handle.\n\n",
           value);

    trace_enable(true);
    pthread_t runner;
    pthread_create(&runner, NULL, executor_thread, &ex);
    traced th = traced_new(&h.base, "join handle");
    unsigned polls = block_on(&th.base);
    int got = *(int *)join_output(&h);
    trace("main thread: joined, output %d", got);
    pthread_join(runner, NULL);
    trace_enable(false);

    printf("\nblock_on(join handle): %u polls.  The task finished on the executor's\n"
           "thread; its join waker unparked this one.\n",
           polls);
    join_release(&h);
    executor_destroy(&ex);
    printf("\nTakeaway: a join handle is a future like any other, so any executor\n"
           "can await it - even block_on on another thread.\n");
    return got == (int)value ? 0 : 1;
}

/* ---- runtime: the same delay future on common/'s executor ----------------- */

int demo_runtime(int argc, char **argv)
{
    unsigned long unit = 300;
    if (!parse_arg(argc, argv, 1, 5000, &unit))
        return 2;
    ac_executor ex;
    if (ac_executor_init(&ex) != 0)
        return 1;
    delay slow = delay_new(AC_MSEC(3 * unit), "slow"), fast = delay_new(AC_MSEC(unit), "fast"),
          medium = delay_new(AC_MSEC(2 * unit), "medium");
    ac_join_handle h[3] = {AC_SPAWN(&ex, slow), AC_SPAWN(&ex, fast), AC_SPAWN(&ex, medium)};
    printf("The same three delays (%lu/%lu/%lu ms), spawned with AC_SPAWN on common/'s\n"
           "ac_executor.  delay_poll only talks to the waker in its context, so it\n"
           "runs unchanged on a runtime it has never heard of.\n\n",
           3 * unit, unit, 2 * unit);
    ac_nanos start = ac_monotonic_now();
    ac_executor_run(&ex);
    double total = ms_since(start);
    for (int i = 0; i < 3; i++) {
        const char *out = NULL;
        ac_join_take(&h[i], &out, sizeof out);
        printf("  task %d: \"%s\"\n", i + 1, out);
    }
    printf("\ntotal %.0f ms.  ac_executor stats: %llu polls, %llu parks, %llu wakes from\n"
           "other threads (each arrived through its locked remote queue + eventfd).\n",
           total, (unsigned long long)ex.stats.polls, (unsigned long long)ex.stats.parks,
           (unsigned long long)ex.stats.remote_wakes);
    ac_executor_close(&ex);
    printf("\nTakeaway: the real executor is this lesson's, grown up: an eventfd\n"
           "instead of a condition variable, an atomic state word per task\n"
           "instead of flags under one lock.  Futures don't see the difference.\n");
    return 0;
}
