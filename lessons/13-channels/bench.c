/*
 * bench.c - `13-channels bench`: what a message costs through the
 * runtime's channels, beside what people write without a runtime.
 *
 *   row            what moves                         through
 *   mpsc-1p1c      producer task -> consumer task     ac_mpsc bounded(128), ONE executor
 *   mpsc-thread    producer thread -> consumer task   ac_mpsc bounded(128), two executors
 *   mpsc-4p1c      4 producer threads -> one task     ac_mpsc bounded(128)
 *   oneshot        create + send + receive            ac_oneshot, one thread
 *   semaphore      acquire + release, uncontended     ac_semaphore, one thread
 *   condvar-queue  thread -> thread                   mutex + 2 condvars + ring(128): the baseline
 *   pipe-handoff   thread -> thread                   write(8 bytes) / read(8 bytes) on a pipe
 *
 * A command, not a test: times are wall clock and depend on the machine.
 * For a number that does not, count instructions: see docs/13-channels.md
 * (callgrind, two message counts, subtract).
 */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ac/clock.h"
#include "course/cli.h"
#include "ac/coro.h"
#include "ac/executor.h"
#include "ac/mpsc.h"
#include "ac/oneshot.h"
#include "ac/sync.h"
#include "demos.h"

#define CAPACITY 128

/* ---- tasks ---------------------------------------------------------------- */

typedef struct sender_task {
    ac_future base;
    ac_coro co;
    ac_mpsc_tx tx;
    uint64_t i, n, value;
    ac_mpsc_send_fut send;
} sender_task;

static ac_poll sender_task_poll(ac_future *self, ac_context *cx)
{
    sender_task *s = (sender_task *)self;
    AC_BEGIN(&s->co);
    s->send = ac_mpsc_send(&s->tx, &s->value); /* one future, re-polled per value */
    for (s->i = 0; s->i < s->n; s->i++) {
        s->value = s->i;
        AC_AWAIT_POLL(&s->co, ac_mpsc_poll_send(&s->send, cx));
    }
    ac_mpsc_tx_close(&s->tx);
    AC_END(&s->co);
}
static const ac_future_vtable sender_task_vtable = {.name = "bench_sender", .poll = sender_task_poll};

typedef struct receiver_task {
    ac_future base;
    ac_coro co;
    ac_mpsc_rx rx;
    uint64_t value, got, sum;
    int result;
} receiver_task;

/* The hot loop awaits the channel's poll step directly (no future). */
static ac_poll receiver_task_poll(ac_future *self, ac_context *cx)
{
    receiver_task *r = (receiver_task *)self;
    AC_BEGIN(&r->co);
    for (;;) {
        AC_AWAIT_POLL(&r->co, ac_mpsc_poll_recv(&r->rx, cx, &r->value, &r->result));
        if (r->result != 0)
            break;
        r->got++;
        r->sum += r->value;
    }
    AC_END(&r->co);
}
static const ac_future_vtable receiver_task_vtable = {.name = "bench_receiver", .poll = receiver_task_poll};

static void *sender_thread(void *arg)
{
    sender_task *s = arg;
    ac_executor ex;
    if (ac_executor_init(&ex) == 0) {
        ac_block_on(&ex, &s->base);
        ac_executor_close(&ex);
    }
    return NULL;
}

/* `threads` == 0: the sender is a task on the receiver's executor. */
static double run_mpsc(uint64_t n, int threads, bool *ok)
{
    ac_mpsc_tx tx;
    ac_mpsc_rx rx;
    ac_executor ex;
    if (ac_mpsc_bounded(sizeof(uint64_t), CAPACITY, &tx, &rx) < 0 || ac_executor_init(&ex) < 0)
        return *ok = false, 0;
    int producers = threads ? threads : 1;
    sender_task s[4];
    pthread_t th[4];
    for (int i = 0; i < producers; i++)
        s[i] = (sender_task){
            .base = {&sender_task_vtable}, .tx = ac_mpsc_tx_clone(&tx), .n = n / (uint64_t)producers};
    ac_mpsc_tx_close(&tx);
    receiver_task r = {.base = {&receiver_task_vtable}, .rx = rx};
    ac_nanos start = ac_monotonic_now();
    if (threads == 0) {
        ac_join_handle h = AC_SPAWN(&ex, s[0]);
        ac_join_release(&h);
    } else {
        for (int i = 0; i < threads; i++)
            pthread_create(&th[i], NULL, sender_thread, &s[i]);
    }
    ac_block_on(&ex, &r.base);
    ac_nanos took = ac_monotonic_now() - start;
    for (int i = 0; i < threads; i++)
        pthread_join(th[i], NULL);
    ac_executor_close(&ex);
    ac_mpsc_rx_close(&r.rx);
    *ok = r.got == n / (uint64_t)producers * (uint64_t)producers;
    return (double)took / (double)r.got;
}

static double bench_1p1c(uint64_t n, bool *ok) { return run_mpsc(n, 0, ok); }
static double bench_thread(uint64_t n, bool *ok) { return run_mpsc(n, 1, ok); }
static double bench_4p1c(uint64_t n, bool *ok) { return run_mpsc(n, 4, ok); }

static double bench_oneshot(uint64_t n, bool *ok)
{
    ac_waker noop = ac_waker_noop();
    ac_context cx = {.waker = &noop};
    uint64_t good = 0;
    ac_nanos start = ac_monotonic_now();
    for (uint64_t i = 0; i < n; i++) {
        ac_oneshot_tx tx;
        ac_oneshot_rx rx;
        if (ac_oneshot_new(sizeof i, &tx, &rx) < 0)
            break;
        uint64_t out = 0;
        ac_oneshot_send(&tx, &i);
        ac_oneshot_recv_fut f = ac_oneshot_recv(&rx, &out);
        if (ac_future_poll(&f.base, &cx) == AC_READY && out == i)
            good++;
        ac_oneshot_rx_close(&rx);
    }
    ac_nanos took = ac_monotonic_now() - start;
    *ok = good == n;
    return (double)took / (double)n;
}

static double bench_semaphore(uint64_t n, bool *ok)
{
    ac_semaphore s;
    ac_semaphore_init(&s, 1);
    ac_waker noop = ac_waker_noop();
    ac_context cx = {.waker = &noop};
    uint64_t good = 0;
    ac_nanos start = ac_monotonic_now();
    for (uint64_t i = 0; i < n; i++) {
        ac_acquire a = ac_semaphore_acquire(&s, 1);
        if (ac_future_poll(&a.base, &cx) == AC_READY && a.result == 0)
            good++;
        ac_semaphore_release(&s, 1);
    }
    ac_nanos took = ac_monotonic_now() - start;
    ac_semaphore_destroy(&s);
    *ok = good == n;
    return (double)took / (double)n;
}

/* ---- baselines --------------------------------------------------------------- */

typedef struct cv_queue {
    pthread_mutex_t lock;
    pthread_cond_t not_empty, not_full;
    uint64_t ring[CAPACITY];
    size_t head, len;
    uint64_t n;
} cv_queue;

static void *cv_producer(void *arg)
{
    cv_queue *q = arg;
    for (uint64_t i = 0; i < q->n; i++) {
        pthread_mutex_lock(&q->lock);
        while (q->len == CAPACITY)
            pthread_cond_wait(&q->not_full, &q->lock);
        q->ring[(q->head + q->len) % CAPACITY] = i;
        q->len++;
        pthread_cond_signal(&q->not_empty);
        pthread_mutex_unlock(&q->lock);
    }
    return NULL;
}

static double bench_condvar(uint64_t n, bool *ok)
{
    static cv_queue q;
    memset(&q, 0, sizeof q);
    pthread_mutex_init(&q.lock, NULL);
    pthread_cond_init(&q.not_empty, NULL);
    pthread_cond_init(&q.not_full, NULL);
    q.n = n;
    uint64_t good = 0;
    ac_nanos start = ac_monotonic_now();
    pthread_t th;
    pthread_create(&th, NULL, cv_producer, &q);
    for (uint64_t i = 0; i < n; i++) {
        pthread_mutex_lock(&q.lock);
        while (q.len == 0)
            pthread_cond_wait(&q.not_empty, &q.lock);
        good += q.ring[q.head] == i;
        q.head = (q.head + 1) % CAPACITY;
        q.len--;
        pthread_cond_signal(&q.not_full);
        pthread_mutex_unlock(&q.lock);
    }
    ac_nanos took = ac_monotonic_now() - start;
    pthread_join(th, NULL);
    pthread_mutex_destroy(&q.lock);
    pthread_cond_destroy(&q.not_empty);
    pthread_cond_destroy(&q.not_full);
    *ok = good == n;
    return (double)took / (double)n;
}

typedef struct pipe_arg {
    int fd;
    uint64_t n;
} pipe_arg;

static void *pipe_producer(void *arg)
{
    pipe_arg *p = arg;
    for (uint64_t i = 0; i < p->n; i++)
        if (write(p->fd, &i, sizeof i) != (ssize_t)sizeof i)
            break;
    return NULL;
}

static double bench_pipe(uint64_t n, bool *ok)
{
    int fds[2];
    if (pipe(fds) < 0)
        return *ok = false, 0;
    pipe_arg a = {.fd = fds[1], .n = n};
    uint64_t good = 0, v;
    ac_nanos start = ac_monotonic_now();
    pthread_t th;
    pthread_create(&th, NULL, pipe_producer, &a);
    for (uint64_t i = 0; i < n; i++) /* one value per read: a handoff, not a bulk copy */
        if (read(fds[0], &v, sizeof v) == (ssize_t)sizeof v && v == i)
            good++;
    ac_nanos took = ac_monotonic_now() - start;
    pthread_join(th, NULL);
    close(fds[0]);
    close(fds[1]);
    *ok = good == n;
    return (double)took / (double)n;
}

/* ---- the table ------------------------------------------------------------------- */

typedef struct row {
    const char *bench, *impl;
    double (*run)(uint64_t n, bool *ok);
    bool per_message; /* compared with the condvar queue */
} row;

static const row rows[] = {
    {"mpsc-1p1c", "ac_mpsc, 2 tasks, 1 executor", bench_1p1c, true},
    {"mpsc-thread", "ac_mpsc, thread -> task", bench_thread, true},
    {"mpsc-4p1c", "ac_mpsc, 4 threads -> task", bench_4p1c, true},
    {"oneshot", "ac_oneshot new+send+recv", bench_oneshot, false},
    {"semaphore", "ac_semaphore acquire+release", bench_semaphore, false},
    {"condvar-queue", "mutex+condvar, thread->thread", bench_condvar, true},
    {"pipe-handoff", "pipe 8 B, thread->thread", bench_pipe, true},
};
enum { ROWS = sizeof rows / sizeof rows[0] };

static int usage(FILE *to)
{
    fprintf(to, "usage: 13-channels bench [--json] [--messages N] [--only ROW]\n  rows:");
    for (int i = 0; i < ROWS; i++)
        fprintf(to, " %s", rows[i].bench);
    fprintf(to, "\n");
    return to == stdout ? 0 : 2;
}

int demo_bench(int argc, char **argv)
{
    bool json = false;
    unsigned long messages = 1000000;
    const char *only = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return usage(stdout);
        if (strcmp(argv[i], "--json") == 0) {
            json = true;
        } else if (strcmp(argv[i], "--messages") == 0 && i + 1 < argc) {
            if (!ac_cli_parse_ulong("--messages", argv[++i], 1, 100000000, &messages))
                return 2;
        } else if (strcmp(argv[i], "--only") == 0 && i + 1 < argc) {
            only = argv[++i];
        } else {
            return usage(stderr);
        }
    }
    bool found = only == NULL;
    for (int i = 0; i < ROWS; i++)
        found |= only != NULL && strcmp(only, rows[i].bench) == 0;
    if (!found) {
        fprintf(stderr, "bench: no row named '%s'\n", only);
        return usage(stderr);
    }
    double ns[ROWS] = {0}, baseline = 0;
    bool all_ok = true;
    for (int i = 0; i < ROWS; i++) {
        if (only != NULL && strcmp(only, rows[i].bench) != 0)
            continue;
        bool ok = true;
        ns[i] = rows[i].run(messages, &ok);
        if (!ok) {
            fprintf(stderr, "bench %s: wrong result (lost or reordered values)\n", rows[i].bench);
            all_ok = false;
        }
        if (strcmp(rows[i].bench, "condvar-queue") == 0)
            baseline = ns[i];
    }
    if (json) {
        printf("{\"runs\":[");
        for (int i = 0, first = 1; i < ROWS; i++) {
            if (only != NULL && strcmp(only, rows[i].bench) != 0)
                continue;
            printf("%s{\"bench\":\"%s\",\"impl\":\"%s\",\"n\":%lu,\"ns_per_op\":%.2f}", first ? "" : ",",
                   rows[i].bench, rows[i].impl, messages, ns[i]);
            first = 0;
        }
        printf("]}\n");
        return all_ok ? 0 : 1;
    }
    printf("%-14s %-32s %10s %10s %14s %12s\n", "bench", "impl", "n", "ns/op", "ops/s", "vs condvar");
    for (int i = 0; i < ROWS; i++) {
        if (only != NULL && strcmp(only, rows[i].bench) != 0)
            continue;
        char ratio[32] = "";
        if (rows[i].per_message && baseline > 0)
            snprintf(ratio, sizeof ratio, "%.2fx", baseline / ns[i]);
        printf("%-14s %-32s %10lu %10.1f %14.0f %12s\n", rows[i].bench, rows[i].impl, messages, ns[i],
               ns[i] > 0 ? 1e9 / ns[i] : 0, ratio);
    }
    if (only == NULL)
        printf("\n'vs condvar': how many times faster than the mutex+condvar queue per message.\n");
    return all_ok ? 0 : 1;
}
