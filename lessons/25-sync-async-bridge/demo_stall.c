/*
 * demo_stall.c - `25-sync-async-bridge stall [MS]`: what a blocking call
 * inside a task does to the worker that polls it.
 *
 * One single-threaded executor runs two tasks: a probe that wants to tick
 * every 10 ms, and a worker that makes three blocking calls of MS (200) ms
 * each (nanosleep stands for a read() of a slow disk, a DNS lookup, a hash).
 * Round 1 calls them inside its poll: the executor's only thread sleeps,
 * and the probe with it.  Round 2 sends the same calls through
 * ac_spawn_blocking: a pool thread sleeps, the executor keeps polling.
 */
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "ac/blocking.h"
#include "ac/coro.h"
#include "ac/executor.h"
#include "ac/sleep.h"
#include "course/cli.h"
#include "demos.h"

#define PROBE_EVERY AC_MSEC(10)
#define CALLS       3

static ac_nanos t0;
static double ms(ac_nanos t) { return (double)t / 1e6; }

/* The blocking call: sleeps the calling thread for `arg` nanoseconds. */
static void *slow_call(void *arg)
{
    ac_nanos d = (ac_nanos)(intptr_t)arg;
    struct timespec ts = {.tv_sec = d / 1000000000, .tv_nsec = d % 1000000000};
    while (nanosleep(&ts, &ts) != 0) {
    }
    return arg;
}

typedef struct probe {
    ac_future base;
    ac_coro co;
    ac_sleep tick;
    ac_nanos last, worst;
    unsigned ticks, late;
    const bool *stop;
} probe;

/* Ticks every 10 ms until *stop; prints every tick that came late. */
static ac_poll probe_poll(ac_future *self, ac_context *cx)
{
    probe *p = (probe *)self;
    AC_BEGIN(&p->co);
    p->last = ac_monotonic_now();
    while (!*p->stop) {
        p->tick = ac_sleep_for(PROBE_EVERY);
        AC_AWAIT(&p->co, cx, &p->tick.base);
        ac_nanos now = ac_monotonic_now(), gap = now - p->last;
        p->last = now;
        p->ticks++;
        if (gap > p->worst)
            p->worst = gap;
        if (gap > 3 * PROBE_EVERY) {
            p->late++;
            printf("  %6.0f ms  probe: tick %u came %.0f ms after the last (wanted 10)\n", ms(now - t0),
                   p->ticks, ms(gap));
        }
    }
    AC_END(&p->co);
}
static void probe_drop(ac_future *self) { ac_coro_drop(&((probe *)self)->co); }
static const ac_future_vtable probe_vtable = {.name = "probe", .poll = probe_poll, .drop = probe_drop};

typedef struct worker {
    ac_future base;
    ac_coro co;
    bool offload;
    ac_nanos each;
    int i;
    ac_sleep pause;
    ac_blocking job;
    bool *stop;
} worker;

/* Makes CALLS blocking calls, inline or through the blocking pool, with a
 * short async pause before each (so the probe gets going first). */
static ac_poll worker_poll(ac_future *self, ac_context *cx)
{
    worker *w = (worker *)self;
    AC_BEGIN(&w->co);
    for (w->i = 0; w->i < CALLS; w->i++) {
        w->pause = ac_sleep_for(AC_MSEC(30));
        AC_AWAIT(&w->co, cx, &w->pause.base);
        printf("  %6.0f ms  worker: call %d (%.0f ms) %s\n", ms(ac_monotonic_now() - t0), w->i + 1,
               ms(w->each), w->offload ? "handed to ac_spawn_blocking" : "made INSIDE the poll");
        if (!w->offload) {
            slow_call((void *)(intptr_t)w->each); /* the executor's thread sleeps here */
        } else {
            w->job = ac_spawn_blocking(slow_call, (void *)(intptr_t)w->each);
            AC_AWAIT(&w->co, cx, &w->job.base);
        }
    }
    *w->stop = true;
    AC_END(&w->co);
}
static void worker_drop(ac_future *self) { ac_coro_drop(&((worker *)self)->co); }
static const ac_future_vtable worker_vtable = {.name = "worker", .poll = worker_poll, .drop = worker_drop};

typedef struct both {
    ac_future base;
    ac_join_handle probe, worker;
    int step;
} both;
static ac_poll both_poll(ac_future *self, ac_context *cx)
{
    both *b = (both *)self;
    if (b->step == 0 && ac_future_poll(&b->worker.base, cx) == AC_PENDING)
        return AC_PENDING;
    b->step = 1;
    return ac_future_poll(&b->probe.base, cx);
}
static const ac_future_vtable both_vtable = {.name = "both", .poll = both_poll};

/* One round; returns the probe's longest gap. */
static ac_nanos round_of(bool offload, ac_nanos each)
{
    ac_executor ex;
    if (ac_executor_init(&ex) != 0)
        return -1;
    bool stop = false;
    probe p = {.base = {&probe_vtable}, .stop = &stop};
    worker w = {.base = {&worker_vtable}, .offload = offload, .each = each, .stop = &stop};
    t0 = ac_monotonic_now();
    both b = {.base = {&both_vtable}, .probe = AC_SPAWN(&ex, p), .worker = AC_SPAWN(&ex, w)};
    ac_block_on(&ex, &b.base);
    ac_nanos took = ac_monotonic_now() - t0;
    probe *done = (probe *)ac_task_future(b.probe.task);
    ac_nanos worst = done->worst;
    printf("  -> %.0f ms in all; the probe ticked %u times, %u of them late; longest gap %.0f ms\n\n",
           ms(took), done->ticks, done->late, ms(worst));
    ac_join_release(&b.probe);
    ac_join_release(&b.worker);
    ac_executor_close(&ex);
    return worst;
}

int demo_stall(int argc, char **argv)
{
    unsigned long each_ms = 200;
    if (argc >= 2 && !ac_cli_parse_ulong("MS", argv[1], 20, 2000, &each_ms))
        return 2;
    ac_nanos each = AC_MSEC(each_ms);
    printf("stall: one executor thread, a probe ticking every 10 ms, %d blocking calls of %lu ms\n\n", CALLS,
           each_ms);
    printf("round 1: the calls run inside the worker task's poll\n");
    ac_nanos inline_gap = round_of(false, each);
    printf("round 2: the same calls through ac_spawn_blocking (a pool thread sleeps instead)\n");
    ac_nanos pool_gap = round_of(true, each);
    printf("longest probe gap: %.0f ms inline, %.0f ms offloaded\n", ms(inline_gap), ms(pool_gap));
    printf("takeaway: a task that blocks stops its whole worker - every task on that thread waits with\n"
           "it.  Hand blocking calls to the blocking pool and await the result instead.\n");
    return inline_gap > 0 && pool_gap > 0 ? 0 : 1;
}
