/*
 * demo_backpressure.c - lesson 23's demos.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "course/cli.h"
#include "ac/executor.h"
#include "course/measure.h"
#include "ac/sync.h"
#include "demos.h"
#include "lesson.h"

static bool no_args(int argc, char **argv)
{
    if (argc > 1) {
        fprintf(stderr, "%s: takes no arguments\n", argv[0]);
        return false;
    }
    return true;
}

static void spawn_detached(ac_executor *ex, const void *fut, size_t size)
{
    ac_join_handle h = ac_spawn(ex, fut, size);
    ac_join_release(&h);
}

/* ---- memory: unbounded vs bounded ------------------------------------------ */

typedef struct msg {
    char bytes[64];
} msg;

typedef struct flood {
    ac_future base;
    ac_coro co;
    ac_mpsc_tx tx;
    unsigned long i, n;
    msg m;
    ac_mpsc_send_fut send;
} flood;

/* Sends as fast as the channel lets it. */
static ac_poll flood_poll(ac_future *self, ac_context *cx)
{
    flood *f = (flood *)self;
    AC_BEGIN(&f->co);
    for (f->i = 0; f->i < f->n; f->i++) {
        memset(f->m.bytes, (int)(f->i & 0x7f), sizeof f->m.bytes);
        f->send = ac_mpsc_send(&f->tx, &f->m);
        AC_AWAIT(&f->co, cx, &f->send.base);
    }
    ac_mpsc_tx_close(&f->tx);
    AC_END(&f->co);
}
static const ac_future_vtable flood_vtable = {.name = "flood", .poll = flood_poll};

typedef struct drain {
    ac_future base;
    ac_coro co;
    ac_mpsc_rx rx;
    unsigned long got;
    size_t max_len;
    msg m;
    ac_mpsc_recv_fut recv;
    ac_yield nap;
} drain;

/* Takes one message per turn: slower than the flood. */
static ac_poll drain_poll(ac_future *self, ac_context *cx)
{
    drain *d = (drain *)self;
    AC_BEGIN(&d->co);
    for (;;) {
        size_t len = ac_mpsc_len(&d->rx);
        if (len > d->max_len)
            d->max_len = len;
        d->recv = ac_mpsc_recv(&d->rx, &d->m);
        AC_AWAIT(&d->co, cx, &d->recv.base);
        if (d->recv.result != 0)
            break;
        d->got++;
        d->nap = ac_yield_now();
        AC_AWAIT(&d->co, cx, &d->nap.base);
    }
    ac_mpsc_rx_close(&d->rx);
    AC_END(&d->co);
}
static const ac_future_vtable drain_vtable = {.name = "drain", .poll = drain_poll};

typedef struct memory_arg {
    unsigned long n;
    size_t capacity; /* 0: unbounded */
} memory_arg;

/* In a child of its own, so each run's peak RSS is its own. */
static void run_memory(void *arg, ac_child_report *report)
{
    memory_arg *a = arg;
    ac_executor ex;
    ac_mpsc_tx tx;
    ac_mpsc_rx rx;
    int r = ac_executor_init(&ex);
    if (r == 0)
        r = a->capacity ? ac_mpsc_bounded(sizeof(msg), a->capacity, &tx, &rx)
                        : ac_mpsc_unbounded(sizeof(msg), &tx, &rx);
    if (r < 0) {
        report->error = -r;
        return;
    }
    flood f = {.base = {&flood_vtable}, .tx = tx, .n = a->n};
    drain d = {.base = {&drain_vtable}, .rx = rx};
    spawn_detached(&ex, &f, sizeof f);
    ac_nanos t0 = ac_monotonic_now();
    ac_block_on(&ex, &d.base);
    report->wall_s = (double)(ac_monotonic_now() - t0) / 1e9;
    report->done = d.got;
    report->detail = d.max_len;
    ac_executor_close(&ex);
}

int demo_memory(int argc, char **argv)
{
    unsigned long n = 500000;
    if (argc > 2 || (argc == 2 && !ac_cli_parse_ulong("MESSAGES", argv[1], 1, 5000000, &n))) {
        if (argc > 2)
            fprintf(stderr, "memory: takes at most one argument\n");
        return 2;
    }
    ac_cli_heading("a producer faster than its consumer, 64-byte messages");
    printf("  %-22s %10s %12s %14s %8s\n", "channel", "messages", "most queued", "peak RSS + MiB", "seconds");
    memory_arg runs[] = {{n, 0}, {n, 64}};
    bool ok = true;
    for (int i = 0; i < 2; i++) {
        ac_child_report r;
        if (!ac_run_in_child(run_memory, &runs[i], 60, &r) || r.done != n) {
            printf("  the %s run failed\n", i == 0 ? "unbounded" : "bounded");
            ok = false;
            continue;
        }
        double mib = (double)(r.peak_rss_bytes - r.baseline_rss_bytes) / (1024.0 * 1024.0);
        printf("  %-22s %10lu %12lu %14.1f %8.2f\n", i == 0 ? "unbounded" : "bounded(64)", r.done, r.detail,
               mib, r.wall_s);
    }
    printf("\nTakeaway: the unbounded queue held almost every message at once - memory\n"
           "is the only limit it has.  The bound made the producer wait instead.\n");
    return ok ? 0 : 1;
}

/* ---- limit: a semaphore caps what is in flight ---------------------------------- */

typedef struct request {
    ac_future base;
    ac_coro co;
    ac_semaphore *sem;
    int *in_flight, *max_in_flight;
    int step;
    ac_acquire permit;
    ac_yield nap;
} request;

static ac_poll request_poll(ac_future *self, ac_context *cx)
{
    request *q = (request *)self;
    AC_BEGIN(&q->co);
    q->permit = ac_semaphore_acquire(q->sem, 1);
    AC_AWAIT(&q->co, cx, &q->permit.base);
    if (++*q->in_flight > *q->max_in_flight)
        *q->max_in_flight = *q->in_flight;
    for (q->step = 0; q->step < 3; q->step++) { /* "waiting for the server" */
        q->nap = ac_yield_now();
        AC_AWAIT(&q->co, cx, &q->nap.base);
    }
    --*q->in_flight;
    ac_semaphore_release(q->sem, 1);
    AC_END(&q->co);
}
static const ac_future_vtable request_vtable = {.name = "request", .poll = request_poll};

int demo_limit(int argc, char **argv)
{
    if (!no_args(argc, argv))
        return 2;
    ac_cli_heading("50 requests, a semaphore of 4");
    ac_executor ex;
    if (ac_executor_init(&ex) < 0)
        return 1;
    ac_semaphore sem;
    ac_semaphore_init(&sem, 4);
    int in_flight = 0, max_in_flight = 0;
    for (int i = 0; i < 50; i++) {
        request q = {
            .base = {&request_vtable}, .sem = &sem, .in_flight = &in_flight, .max_in_flight = &max_in_flight};
        spawn_detached(&ex, &q, sizeof q);
    }
    ac_executor_run(&ex);
    printf("  all 50 spawned at once; at most %d in flight; %zu permits back\n", max_in_flight,
           ac_semaphore_available(&sem));
    ac_semaphore_destroy(&sem);
    ac_executor_close(&ex);
    printf("\nTakeaway: the tasks are cheap; what the semaphore protects is the thing they\n"
           "all talk to (a server, a pool of connections, file descriptors).\n");
    return max_in_flight <= 4 ? 0 : 1;
}

/* ---- reserve --------------------------------------------------------------------- */

int demo_reserve(int argc, char **argv)
{
    if (!no_args(argc, argv))
        return 2;
    ac_cli_heading("a maker with capacity 1 and a consumer that takes one per turn (exercise 2)");
    ac_mpsc_tx tx;
    ac_mpsc_rx rx;
    if (ac_mpsc_bounded(sizeof(int), 1, &tx, &rx) < 0)
        return 1;
    maker m = maker_new(tx, 10); /* polled by hand: the loop below plays the consumer */
    ac_waker noop = ac_waker_noop();
    ac_context cx = {.waker = &noop};
    int v, polls = 0;
    while (ac_future_poll(&m.base, &cx) == AC_PENDING && polls++ < 100) {
        printf("  maker Pending: made %d, the channel holds %zu; consumer takes ", m.made, ac_mpsc_len(&rx));
        if (ac_mpsc_try_recv(&rx, &v) == 0)
            printf("%d\n", v);
    }
    while (ac_mpsc_try_recv(&rx, &v) == 0)
        printf("  consumer takes %d\n", v);
    printf("  made %d values, every one of them sent\n", m.made);
    ac_mpsc_rx_close(&rx);
    printf("\nTakeaway: reserve first and the expensive part happens only when its\n"
           "result has somewhere to go.\n");
    return m.made == 10 ? 0 : 1;
}

/* ---- shed ------------------------------------------------------------------------ */

int demo_shed(int argc, char **argv)
{
    if (!no_args(argc, argv))
        return 2;
    ac_cli_heading("100 offers into capacity 8; the consumer takes 1 per 4 offers (exercise 1)");
    ac_mpsc_tx tx;
    ac_mpsc_rx rx;
    if (ac_mpsc_bounded(sizeof(int), 8, &tx, &rx) < 0)
        return 1;
    shed_stats s = {0};
    int v, taken = 0;
    for (int i = 0; i < 100; i++) {
        offer(&tx, i, &s);
        if (i % 4 == 3 && ac_mpsc_try_recv(&rx, &v) == 0)
            taken++;
    }
    while (ac_mpsc_try_recv(&rx, &v) == 0)
        taken++;
    printf("  accepted %ld, shed %ld, consumed %d; the queue never held more than 8\n", s.accepted, s.shed,
           taken);
    ac_mpsc_tx_close(&tx);
    ac_mpsc_rx_close(&rx);
    printf("\nTakeaway: shedding keeps latency and memory bounded by refusing work early;\n"
           "the caller learns at once (and can answer \"busy\") instead of waiting in a queue.\n");
    return s.accepted + s.shed == 100 && taken == s.accepted ? 0 : 1;
}

/* ---- pipeline ---------------------------------------------------------------------- */

typedef struct source {
    ac_future base;
    ac_coro co;
    ac_mpsc_tx tx;
    int i;
    ac_mpsc_send_fut send;
} source;

static ac_poll source_poll(ac_future *self, ac_context *cx)
{
    source *s = (source *)self;
    AC_BEGIN(&s->co);
    for (s->i = 0; s->i < 20; s->i++) {
        s->send = ac_mpsc_send(&s->tx, &s->i);
        AC_AWAIT(&s->co, cx, &s->send.base); /* waits whenever the relay is behind */
    }
    ac_mpsc_tx_close(&s->tx);
    AC_END(&s->co);
}
static const ac_future_vtable source_vtable = {.name = "source", .poll = source_poll};

int demo_pipeline(int argc, char **argv)
{
    if (!no_args(argc, argv))
        return 2;
    ac_cli_heading("source -> [cap 2] -> relay -> [cap 2] -> sink taking one per turn (exercise 3)");
    ac_executor ex;
    ac_mpsc_tx a_tx, b_tx;
    ac_mpsc_rx a_rx, b_rx;
    if (ac_executor_init(&ex) < 0 || ac_mpsc_bounded(sizeof(int), 2, &a_tx, &a_rx) < 0 ||
        ac_mpsc_bounded(sizeof(int), 2, &b_tx, &b_rx) < 0)
        return 1;
    source s = {.base = {&source_vtable}, .tx = a_tx};
    relay r = relay_new(a_rx, b_tx);
    drain sink = {.base = {&drain_vtable}, .rx = b_rx};
    ac_join_handle hs = AC_SPAWN(&ex, s);
    spawn_detached(&ex, &r, sizeof r);
    ac_block_on(&ex, &sink.base);
    while (ac_executor_run_until_idle(&ex) > 0) {
    }
    printf("  the sink got %lu values; the most ever queued in front of it: %zu (the bound)\n", sink.got,
           sink.max_len);
    ac_join_release(&hs);
    ac_executor_close(&ex);
    printf("\nTakeaway: with bounded channels all the way, a slow stage slows every stage\n"
           "before it, and nothing in between grows.\n");
    return sink.got == 20 ? 0 : 1;
}
