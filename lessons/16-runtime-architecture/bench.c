/*
 * bench.c - `throughput [--workers N] [--seconds S]`: loopback echo
 * messages per second with the server on one thread vs on N workers.
 *
 *   client thread: ac_executor, CONNS tasks       server: given_echo.c on
 *   each: write 64 bytes, read them back,  <----> ac_executor | ac_runtime 1 | ac_runtime N
 *         count, until S seconds or MAX_MSGS
 *
 * The clients run on a runtime of their own, on their own thread, so the
 * server's flavour is the only thing that changes between rows.  On a
 * 2-core machine the client thread needs a core too: a server on 2
 * workers competes with it, which the numbers show.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ac/coro.h"
#include "ac/executor.h"
#include "ac/net.h"
#include "ac/runtime.h"
#include "ac/spawn.h"
#include "course/cli.h"
#include "demos.h"
#include "given_echo.h"

enum { CONNS = 8, MSG = 64, MAX_MSGS = 2000000 /* per connection: a bound besides the time */ };

/* ---- the clients: one ac_executor on a thread of their own ------------ */

typedef struct bench_client {
    ac_future base;
    ac_coro co;
    ac_addr addr;
    ac_nanos deadline;
    _Atomic uint64_t *messages;
    uint64_t count;
    ac_tcp_connect conn;
    ac_tcp_stream stream;
    ac_write_all wr;
    ac_read_exact rd;
    char out[MSG], in[MSG];
} bench_client;

static ac_poll bench_client_poll(ac_future *self, ac_context *cx)
{
    bench_client *c = (bench_client *)self;
    AC_BEGIN(&c->co);
    c->conn = ac_tcp_connect_to(&c->addr);
    AC_AWAIT(&c->co, cx, &c->conn.base);
    if (c->conn.result.err != 0)
        AC_RETURN(&c->co);
    c->stream = c->conn.result.stream;
    ac_tcp_set_nodelay(&c->stream, true);
    memset(c->out, 'x', sizeof c->out);
    while (c->count < MAX_MSGS && ac_now() < c->deadline) {
        c->wr = ac_write_all_from(&c->stream.io, c->out, sizeof c->out);
        AC_AWAIT(&c->co, cx, &c->wr.base);
        if (c->wr.result < 0)
            break;
        c->rd = ac_read_exact_into(&c->stream.io, c->in, sizeof c->in);
        AC_AWAIT(&c->co, cx, &c->rd.base);
        if (c->rd.result != MSG)
            break;
        c->count++;
    }
    atomic_fetch_add(c->messages, c->count);
    ac_tcp_close(&c->stream); /* the server's conn sees end of file and ends */
    AC_END(&c->co);
}

static void bench_client_drop(ac_future *self)
{
    bench_client *c = (bench_client *)self;
    ac_coro_drop(&c->co);
    ac_tcp_close(&c->stream);
}

static const ac_future_vtable bench_client_vtable = {
    .name = "bench_client", .poll = bench_client_poll, .drop = bench_client_drop};

typedef struct clients_run {
    uint16_t port;
    ac_nanos seconds;
    _Atomic uint64_t messages;
    double elapsed; /* seconds, measured by the client thread */
} clients_run;

static double mono_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *clients_main(void *arg)
{
    clients_run *r = arg;
    ac_executor ex;
    if (ac_executor_init(&ex) != 0)
        return NULL;
    ac_join_handle h[CONNS];
    double t0 = mono_seconds();
    ac_nanos deadline = ac_clock_now(ac_executor_clock(&ex)) + r->seconds;
    for (int i = 0; i < CONNS; i++) {
        bench_client c = {.base = {&bench_client_vtable},
                          .deadline = deadline,
                          .messages = &r->messages,
                          .stream = {.io = ac_io_none()}};
        ac_addr_parse(&c.addr, "127.0.0.1", r->port);
        h[i] = AC_SPAWN(&ex, c);
    }
    for (int i = 0; i < CONNS; i++) {
        ac_block_on(&ex, &h[i].base);
        ac_join_release(&h[i]);
    }
    r->elapsed = mono_seconds() - t0;
    ac_executor_close(&ex);
    return NULL;
}

/* ---- one row: the server on one flavour ------------------------------- */

typedef struct flavour {
    const char *name;
    unsigned workers; /* 0: ac_executor */
} flavour;

/* Messages per second with the server on `f`, or a negative value. */
static double measure(const flavour *f, ac_nanos seconds)
{
    ac_tcp_listener ln;
    if (ac_tcp_listen(&ln, "127.0.0.1", 0, 64) < 0)
        return -1;
    ac_join_handle handles[CONNS];
    echo_server srv = echo_server_new(&ln, CONNS, handles, NULL);
    clients_run r = {.port = ac_tcp_listener_port(&ln), .seconds = seconds};
    pthread_t clients;
    pthread_create(&clients, NULL, clients_main, &r);
    if (f->workers == 0) {
        ac_executor ex;
        ac_executor_init(&ex);
        ac_block_on(&ex, &srv.base);
        ac_tcp_listener_close(&ln);
        ac_executor_close(&ex);
    } else {
        ac_runtime_builder b = ac_runtime_builder_new();
        b.workers = f->workers;
        b.thread_name = "l16-bench";
        b.enable_io = true;
        ac_runtime *rt = NULL;
        if (ac_runtime_build(&b, &rt) != 0) {
            ac_tcp_listener_close(&ln);
            pthread_join(clients, NULL);
            return -1;
        }
        ac_runtime_block_on(rt, &srv.base);
        ac_tcp_listener_close(&ln);
        ac_runtime_free(rt);
    }
    pthread_join(clients, NULL);
    if (r.elapsed <= 0 || srv.echoed != atomic_load(&r.messages) * MSG)
        return -1; /* every byte counted by the clients must have gone through the server */
    return (double)atomic_load(&r.messages) / r.elapsed;
}

int demo_throughput(int argc, char **argv)
{
    unsigned long workers = 2;
    ac_nanos seconds = AC_MSEC(500);
    for (int i = 1; i < argc; i++) {
        const char *v;
        if (strcmp(argv[i], "--workers") == 0) {
            if ((v = ac_cli_option_value("16-runtime-architecture", argc, argv, &i)) == NULL ||
                !ac_cli_parse_ulong("--workers", v, 1, 64, &workers))
                return 2;
        } else if (strcmp(argv[i], "--seconds") == 0) {
            if ((v = ac_cli_option_value("16-runtime-architecture", argc, argv, &i)) == NULL)
                return 2;
            seconds = ac_cli_parse_duration(v);
            if (seconds <= 0 || seconds > AC_SEC(60)) {
                fprintf(stderr,
                        "16-runtime-architecture throughput: --seconds wants 0.1 .. 60, e.g. 2 or 500ms\n");
                return 2;
            }
        } else {
            return ac_cli_unknown_option("16-runtime-architecture", argv, argv[i]);
        }
    }
    printf("loopback echo: %d connections, %d-byte messages, ping-pong, %.1f s per row;\n"
           "the clients run on an ac_executor on a thread of their own\n\n",
           CONNS, MSG, (double)seconds / 1e9);
    const flavour rows[] = {
        {"current-thread (ac_executor)", 0},
        {"multi-thread, 1 worker", 1},
        {"multi-thread, N workers", (unsigned)workers},
    };
    double rate[3];
    printf("| server | workers | messages/s | vs current-thread | vs 1 worker |\n|---|---|---|---|---|\n");
    for (int i = 0; i < 3; i++) {
        rate[i] = measure(&rows[i], seconds);
        if (rate[i] <= 0) {
            fprintf(stderr, "throughput: the %s run failed\n", rows[i].name);
            return 1;
        }
        char name[64];
        snprintf(name, sizeof name, "%s", rows[i].name);
        if (i == 2)
            snprintf(name, sizeof name, "multi-thread, %lu workers", workers);
        char vs_one[16] = "-";
        if (i > 0)
            snprintf(vs_one, sizeof vs_one, "%.2f", rate[i] / rate[1]);
        printf("| %s | %u | %.0f | %.2f | %s |\n", name, rows[i].workers ? rows[i].workers : 1, rate[i],
               rate[i] / rate[0], vs_one);
    }
    printf("\ntakeaway: 8 ping-pong connections are often ready at the same moment, so N workers can\n"
           "echo them in parallel - when there is a free core for each.  One worker alone pays for\n"
           "what the executor never does (a shared driver, wakes that cross threads) and gains\n"
           "nothing.  The client thread needs a core too, and on a shared machine the ratios move\n"
           "from run to run: measure on yours before you pick a flavour.\n");
    return 0;
}
