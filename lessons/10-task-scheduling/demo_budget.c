/*
 * budget.c - why a runtime looks at I/O every N polls, shown with counters.
 *
 * The executor asks its driver (the reactor, once lesson 09's is
 * installed) for events in three situations:
 *
 *   park:   nothing is runnable - block until something happens;
 *   check:  every `ex.event_interval` polls (61 by default), busy or not,
 *           look without blocking (counted in ex.stats.driver_checks);
 *   defer:  a task gave up its turn (ac_yield_now, or its I/O budget ran
 *           out): look without blocking before that task runs again.
 *
 * To make them visible we install a pretend driver: a "packet" is waiting
 * in it from the start, and it hands the packet to the reader task the
 * first time the executor asks.  A busy task that is always ready runs
 * beside the reader: first one that wakes itself with its own waker (back
 * of the queue, no promise about the driver), then your worker, which
 * yields with ac_yield_now.  The question is only: when does the executor
 * ask?  Then the same story on your mini executor (exercise 4).
 */
#include <stdio.h>

#include "course/cli.h"
#include "ac/executor.h"
#include "demos.h"
#include "lesson.h"

#define BUSY_YIELDS 1000
#define NO_BUDGET   1000000u /* larger than all the polls we will ever do */

/* ---- the pretend driver ------------------------------------------------ */

typedef struct packet_driver {
    ac_driver base;
    unsigned long asked;  /* times the executor called park, either kind */
    ac_waker_slot reader; /* the task waiting for the packet */
    bool delivered;
    uint64_t delivered_at; /* the executor's poll count when it asked */
} packet_driver;

static void packet_park(ac_driver *self, ac_executor *ex, ac_nanos timeout)
{
    packet_driver *d = ac_container_of(self, packet_driver, base);
    d->asked++;
    if (!d->delivered && ac_waker_slot_is_set(&d->reader)) {
        d->delivered = true;
        d->delivered_at = ex->stats.polls;
        printf("  [poll %4llu] driver asked (%s, ask #%lu): a packet is waiting -> wake the reader\n",
               (unsigned long long)ex->stats.polls, timeout == 0 ? "non-blocking check" : "park", d->asked);
        ac_waker_slot_wake(&d->reader);
        timeout = 0; /* someone is runnable again: do not sleep */
    }
    /* Still honour the executor's own wake-up eventfd, as a driver must. */
    ex->default_driver.park(&ex->default_driver, ex, timeout);
}

/* ---- a busy task that wakes itself instead of yielding ---------------- */

/* Pending `rounds` times, each time waking itself with its own waker
 * first: always runnable, but it never says it gives up its turn, so the
 * executor queues it again at once (no deferral).  Traced like a worker. */
typedef struct self_waker {
    ac_future base;
    unsigned long done, rounds;
} self_waker;

static ac_poll self_waker_poll(ac_future *self, ac_context *cx)
{
    self_waker *b = (self_waker *)self;
    unsigned long before = b->done;
    bool ready = b->done == b->rounds;
    if (!ready) {
        b->done++;
        ac_waker_wake_by_ref(cx->waker);
    }
    if (before < 3 || ready || b->done % (b->rounds / 4) == 0)
        trace("busy: wakes %lu -> %lu of %lu -> %s", before, b->done, b->rounds,
              ready ? "Ready" : "woke itself, Pending");
    return ready ? AC_READY : AC_PENDING;
}

static const ac_future_vtable self_waker_vtable = {.name = "self_waker", .poll = self_waker_poll};

/* ---- the reader: Pending until the driver has the packet for it ------- */

typedef struct packet_reader {
    ac_future base;
    packet_driver *driver;
    uint64_t got_at; /* poll number of the read */
} packet_reader;

static ac_poll packet_reader_poll(ac_future *self, ac_context *cx)
{
    packet_reader *r = (packet_reader *)self;
    if (r->driver->delivered) {
        r->got_at = ac_executor_current()->stats.polls;
        trace("reader: got the packet -> Ready");
        return AC_READY;
    }
    ac_waker_slot_set(&r->driver->reader, cx->waker); /* rule 2: the driver will wake us */
    trace("reader: no packet yet -> Pending (its waker is with the driver)");
    return AC_PENDING;
}

static void packet_reader_drop(ac_future *self)
{
    ac_waker_slot_clear(&((packet_reader *)self)->driver->reader);
}

static const ac_future_vtable packet_reader_vtable = {
    .name = "packet_reader", .poll = packet_reader_poll, .drop = packet_reader_drop};

typedef struct budget_row {
    const char *busy; /* how the busy task stays runnable */
    unsigned interval;
    uint64_t polls, driver_checks, parks, got_at;
} budget_row;

/* The busy task and the reader on a real executor; `yields`: the busy
 * task is your worker (ac_yield_now), else the self-waker above. */
static bool run_real(unsigned interval, bool yields, budget_row *row)
{
    ac_executor ex;
    if (ac_executor_init(&ex) != 0)
        return false;
    ex.event_interval = interval;
    packet_driver d = {.base = {.park = packet_park}};
    ac_executor_set_driver(&ex, &d.base);
    ac_join_handle bh;
    if (yields) {
        worker busy = worker_new("busy", BUSY_YIELDS, 1);
        bh = AC_SPAWN(&ex, busy);
    } else {
        self_waker busy = {.base = {&self_waker_vtable}, .rounds = BUSY_YIELDS};
        bh = AC_SPAWN(&ex, busy);
    }
    packet_reader r = {.base = {&packet_reader_vtable}, .driver = &d};
    ac_join_handle rh = AC_SPAWN(&ex, r);
    ac_executor_run(&ex);
    *row = (budget_row){.busy = yields ? "ac_yield_now" : "wakes itself",
                        .interval = interval,
                        .polls = ex.stats.polls,
                        .driver_checks = ex.stats.driver_checks,
                        .parks = ex.stats.parks,
                        .got_at = ((packet_reader *)task_future_of(&rh))->got_at};
    ac_join_release(&rh);
    ac_join_release(&bh);
    ac_executor_close(&ex);
    return true;
}

/* ---- the same on the mini executor (your exercise 4) ------------------ */

typedef struct mini_reader {
    ac_future base;
    const bool *arrived;
    const mini_executor *m;
    unsigned long got_at;
} mini_reader;

static ac_poll mini_reader_poll(ac_future *self, ac_context *cx)
{
    (void)cx; /* the event source wakes us by index with mini_wake() */
    mini_reader *r = (mini_reader *)self;
    if (!*r->arrived)
        return AC_PENDING;
    r->got_at = r->m->polls;
    return AC_READY;
}

static const ac_future_vtable mini_reader_vtable = {.name = "mini_reader", .poll = mini_reader_poll};

typedef struct mini_events {
    bool arrived;
    size_t reader;
} mini_events;

/* The packet is there from the start; the first look delivers it. */
static void mini_check(mini_executor *m, void *arg)
{
    mini_events *e = arg;
    if (!e->arrived) {
        e->arrived = true;
        mini_wake(m, e->reader);
    }
}

static void run_mini(unsigned budget)
{
    mini_executor m;
    mini_events events = {0};
    mini_init(&m, budget, mini_check, &events);
    worker busy = worker_new("busy", BUSY_YIELDS, 1);
    mini_reader r = {.base = {&mini_reader_vtable}, .arrived = &events.arrived, .m = &m};
    mini_spawn(&m, &busy.base);
    events.reader = mini_spawn(&m, &r.base);
    mini_run(&m);
    printf("  %-10u %8lu %14lu %22lu\n", budget, m.polls, m.event_checks, r.got_at);
}

int demo_budget(int argc, char **argv)
{
    unsigned long interval = 61;
    if (!at_most_args(argc, argv, 1) || !optional_arg(argc, argv, 1, "INTERVAL", 1, NO_BUDGET, &interval))
        return 2;

    ac_executor probe;
    if (ac_executor_init(&probe) != 0)
        return 1;
    printf("A fresh executor has ex.event_interval = %u.  A busy task is runnable\n"
           "%d times in a row; a reader waits for a packet the pretend driver\n"
           "already holds.  When does the executor ask the driver?\n\n",
           probe.event_interval, BUSY_YIELDS);
    ac_executor_close(&probe);

    enum { RUNS = 3 };
    budget_row rows[RUNS];
    const struct {
        unsigned interval;
        bool yields;
        const char *title;
    } runs[RUNS] = {
        {(unsigned)interval, false, "the busy task wakes itself (no yield)"},
        {NO_BUDGET, false, "the same busy task with no fairness check in effect"},
        {(unsigned)interval, true, "the busy task yields with ac_yield_now (your worker)"},
    };
    for (int k = 0; k < RUNS; k++) {
        printf("%s, event_interval = %u:\n", runs[k].title, runs[k].interval);
        lesson_trace = true;
        if (!run_real(runs[k].interval, runs[k].yields, &rows[k]))
            return 1;
        lesson_trace = false;
        printf("\n");
    }
    printf("  %-14s %-16s %8s %14s %8s %22s\n", "busy task", "event_interval", "polls", "driver_checks",
           "parks", "reader got packet at");
    for (int k = 0; k < RUNS; k++)
        printf("  %-14s %-16u %8llu %14llu %8llu %17s%5llu\n", rows[k].busy, rows[k].interval,
               (unsigned long long)rows[k].polls, (unsigned long long)rows[k].driver_checks,
               (unsigned long long)rows[k].parks, "poll", (unsigned long long)rows[k].got_at);

    printf("\nYour mini executor (exercise 4), your worker as the busy task, same reader\n(the mini executor "
           "does not defer):\n\n");
    printf("  %-10s %8s %14s %22s\n", "budget", "polls", "event_checks", "reader got packet at");
    run_mini(10);
    run_mini((unsigned)interval);
    run_mini(NO_BUDGET);

    printf("\nTakeaway: a task that is always ready keeps the run queue from ever\n"
           "emptying, and an executor that only asks for I/O when it has nothing to\n"
           "run would never ask.  So it asks every event_interval polls anyway:\n"
           "a little overhead (one cheap check per N polls) buys a bound on how\n"
           "long a ready socket or timer can go unnoticed.  A task that yields\n"
           "with ac_yield_now (or runs out of I/O budget) says more: it gives up\n"
           "its turn, so it is deferred until the driver has looked, and whoever\n"
           "that look wakes runs first.\n");
    return 0;
}
