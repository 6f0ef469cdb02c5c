/*
 * demo_wakers.c - lesson 03's demos: three wakers and what waking really does.
 */
#include "demos.h"

#include <stdio.h>

#include "course/cli.h"
#include "lesson.h"

/* Read the optional numbers after the subcommand into values[0..count). */
static bool parse_args(int argc, char **argv, unsigned long *values, const unsigned long *max, int count)
{
    if (argc > count + 1) {
        fprintf(stderr, "%s: expected at most %d argument(s), got %d\n", argv[0], count, argc - 1);
        return false;
    }
    for (int i = 0; i + 1 < argc; i++)
        if (!ac_cli_parse_ulong(argv[0], argv[i + 1], 0, max[i], &values[i]))
            return false;
    return true;
}

static const char *poll_name(ac_poll r) { return r == AC_READY ? "Ready" : "Pending"; }

/* ---- noop ------------------------------------------------------------ */

int demo_noop(int argc, char **argv)
{
    unsigned long n = 3;
    static const unsigned long max[] = {1000};
    if (!parse_args(argc, argv, &n, max, 1))
        return 2;
    ac_waker w = noop_waker();
    ac_waker c = ac_waker_clone(&w);
    printf("noop_waker(): data %p, vtable %p; its clone: data %p, vtable %p\n\n", w.data,
           (const void *)w.vtable, c.data, (const void *)c.vtable);
    ac_waker_drop(&c);

    printf("countdown(%lu), polled in a loop with it:\n", n);
    countdown cd = countdown_new((unsigned)n);
    ac_context cx = {.waker = &w};
    unsigned polls = 0;
    ac_poll r;
    do {
        unsigned before = cd.count;
        r = ac_future_poll(&cd.base, &cx);
        polls++;
        printf("  poll #%-3u count %u -> %u  %-7s  %s\n", polls, before, cd.count, poll_name(r),
               r == AC_PENDING ? "(it called wake: nothing happened)" : "");
    } while (r == AC_PENDING);
    ac_waker_drop(&w);
    printf("\n%u polls.  The loop never waited for a wake: it just polled again.\n", polls);
    printf("\nTakeaway: a waker is only a data pointer and four functions; the noop\n"
           "one ignores every wake, which is fine only when the caller polls anyway.\n");
    return 0;
}

/* ---- counting -------------------------------------------------------- */

enum { WAKE_THREADS = 4, WAKES_PER_THREAD = 1000 };

/* Each thread owns one clone: it wakes by reference, then by value. */
static void *waking_thread(void *arg)
{
    ac_waker *mine = arg;
    for (int i = 0; i < WAKES_PER_THREAD; i++)
        ac_waker_wake_by_ref(mine);
    ac_waker_wake(mine); /* gives the clone's reference back */
    return NULL;
}

static void show(const char *what, wake_counter *c)
{
    printf("  %-44s refs %u  wakes %u\n", what, atomic_load(&c->refs), atomic_load(&c->wakes));
}

int demo_counting(int argc, char **argv)
{
    unsigned long n = 5;
    static const unsigned long max[] = {1000};
    if (!parse_args(argc, argv, &n, max, 1))
        return 2;

    wake_counter *c = wake_counter_new();
    show("wake_counter_new()", c);
    ac_waker w = counting_waker(c);
    show("w = counting_waker(c)", c);

    printf("\ncountdown(%lu) polled with w:\n", n);
    countdown cd = countdown_new((unsigned)n);
    ac_context cx = {.waker = &w};
    unsigned polls = 0;
    ac_poll r;
    do {
        r = ac_future_poll(&cd.base, &cx);
        polls++;
        char line[64];
        snprintf(line, sizeof line, "poll #%u -> %s", polls, poll_name(r));
        show(line, c);
    } while (r == AC_PENDING);
    printf("  %u Pendings, %u wakes: rule 2 kept on every one.\n\n", polls - 1, atomic_load(&c->wakes));

    printf("clones travel to %d threads, each wakes %d times by reference, once by value:\n", WAKE_THREADS,
           WAKES_PER_THREAD);
    ac_waker clones[WAKE_THREADS];
    pthread_t threads[WAKE_THREADS];
    for (int i = 0; i < WAKE_THREADS; i++)
        clones[i] = ac_waker_clone(&w);
    show("after 4 clones", c);
    for (int i = 0; i < WAKE_THREADS; i++)
        pthread_create(&threads[i], NULL, waking_thread, &clones[i]);
    for (int i = 0; i < WAKE_THREADS; i++)
        pthread_join(threads[i], NULL);
    show("threads joined", c);

    ac_waker_drop(&w);
    show("ac_waker_drop(&w)", c);
    unsigned before = wake_counters_alive();
    wake_counter_release(c); /* the owner's reference: the last one */
    printf("  %-44s counters alive: %u -> %u\n", "wake_counter_release(c)", before, wake_counters_alive());

    printf("\nTakeaway: a waker may be cloned, stored and sent to other threads, so\n"
           "what it points at needs a thread-safe reference count: every clone is\n"
           "given back exactly once (drop or wake), and the last one frees.\n");
    return wake_counters_alive() == 0 ? 0 : 1;
}

/* ---- parking --------------------------------------------------------- */

/* CPU time this thread has used: a parked thread does not add to it. */
static ac_nanos thread_cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (ac_nanos)ts.tv_sec * AC_SEC(1) + ts.tv_nsec;
}

typedef struct park_trace {
    ac_nanos parked_at;
    ac_nanos slept_total;
} park_trace;

static void print_tick(unsigned count_after, void *arg)
{
    (void)arg;
    printf("    [helper] tick: count -> %u, calling wake()\n", count_after);
}

static void trace_step(block_on_step step, unsigned poll_number, void *arg)
{
    park_trace *t = arg;
    ac_nanos now = ac_monotonic_now();
    switch (step) {
    case STEP_POLLED_PENDING:
        printf("  poll #%u -> Pending; parking the thread\n", poll_number);
        t->parked_at = now;
        break;
    case STEP_POLLED_READY:
        printf("  poll #%u -> Ready\n", poll_number);
        break;
    case STEP_WOKEN:
        t->slept_total += now - t->parked_at;
        printf("  unparked after %.1f ms\n", (double)(now - t->parked_at) / 1e6);
        break;
    case STEP_STALLED:
        printf("  park timed out after %.1f ms: nobody called wake\n", (double)(now - t->parked_at) / 1e6);
        break;
    }
}

int demo_parking(int argc, char **argv)
{
    unsigned long args[2] = {3, 20}; /* N, DELAY_MS */
    static const unsigned long max[] = {100, 1000};
    if (!parse_args(argc, argv, args, max, 2))
        return 2;
    printf("block_on_parked(remote_countdown(%lu)): a helper thread wakes us %lu ms after\n"
           "each Pending; in between this thread sleeps in pthread_cond_wait.\n\n",
           args[0], args[1]);
    remote_countdown r = remote_countdown_new((unsigned)args[0], AC_MSEC(args[1]), print_tick, NULL);
    park_trace t = {0};
    ac_nanos start = ac_monotonic_now(), cpu_start = thread_cpu_now();
    block_on_result res = block_on_parked(&r.base, AC_SEC(5), trace_step, &t);
    ac_nanos total = ac_monotonic_now() - start, cpu = thread_cpu_now() - cpu_start;
    if (res != BLOCK_ON_READY) {
        printf("unexpected: the remote countdown stalled\n");
        ac_future_drop(&r.base);
        return 1;
    }
    printf("\nDone in %.1f ms, %.1f ms of it parked; this thread used %.2f ms of CPU in all\n"
           "(printing included): asleep, it costs nothing.\n",
           (double)total / 1e6, (double)t.slept_total / 1e6, (double)cpu / 1e6);

    printf("\nThe same driver on a countdown that wakes itself: the token is already\n"
           "there when we park, so park returns at once.\n\n");
    countdown cd = countdown_new(2);
    t = (park_trace){0};
    block_on_parked(&cd.base, AC_SEC(5), trace_step, &t);

    printf("\nTakeaway: wake means \"unpark the thread that waits for this future\".\n"
           "The token makes an early wake count: it is never lost, even when it\n"
           "arrives before the thread goes to sleep.\n");
    return 0;
}

/* ---- forgetful ------------------------------------------------------- */

int demo_forgetful(int argc, char **argv)
{
    unsigned long limit_ms = 200;
    static const unsigned long max[] = {10000};
    if (!parse_args(argc, argv, &limit_ms, max, 1))
        return 2;
    if (limit_ms == 0) {
        fprintf(stderr, "%s: the limit must be at least 1 ms\n", argv[0]);
        return 2;
    }
    printf("A future that returns Pending WITHOUT arranging a wake (rule 2 broken).\n"
           "block_on_parked would sleep forever; here the park gives up after %lu ms.\n\n",
           limit_ms);
    forgetful bad = forgetful_new(false);
    park_trace t = {0};
    block_on_result res = block_on_parked(&bad.base, AC_MSEC(limit_ms), trace_step, &t);
    printf("\nresult: %s after %u poll.  The future would have been Ready on its next\n"
           "poll, but no thread, timer or socket holds its waker, so nobody asks.\n",
           res == BLOCK_ON_STALLED ? "STALLED" : "READY (unexpected)", bad.polls);
    ac_future_drop(&bad.base); /* never finished: the caller cancels it */
    if (res != BLOCK_ON_STALLED)
        return 1;

    printf("\nThe same future, now calling wake_by_ref before its Pending:\n\n");
    forgetful good = forgetful_new(true);
    res = block_on_parked(&good.base, AC_MSEC(limit_ms), trace_step, &t);
    printf("\nresult: %s after %u polls.\n", res == BLOCK_ON_READY ? "READY" : "STALLED (unexpected)",
           good.polls);

    printf("\nTakeaway: Pending is a promise that someone will call the waker.  Break\n"
           "it and the task is not slow, it is gone: nothing will poll it again.  A\n"
           "time limit can only guess (a slow wake looks the same), so real runtimes\n"
           "do not time out polls - the future must get it right.\n");
    return res == BLOCK_ON_READY ? 0 : 1;
}
