/* chat_load.c - the load generator: see chat_load.h. */
#include "chat_load.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chat_client.h"
#include "chat_thread.h"
#include "log.h"

enum { MAX_SAMPLES = 10 * 1000 * 1000 }; /* latencies kept for the percentiles (80 MB) */

static uint64_t now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

typedef struct loader {
    const chat_load_options *opt;
    chat_conn *conns;
    uint64_t *got;                                     /* per client */
    uint64_t *latencies;                               /* every delivery */
    uint64_t n_lat, cap_lat, delivered, last_delivery; /* latencies kept: at most cap_lat */
} loader;

/* Every complete line waiting on client i: count the load lines. */
static int drain(loader *l, unsigned i)
{
    char line[1024];
    int r;
    while ((r = chat_conn_line(&l->conns[i], line, sizeof line, 0)) == 0) {
        char *p = strstr(line, "load ");
        unsigned from, seq;
        unsigned long long sent;
        if (p == NULL || sscanf(p, "load %u %u %llu", &from, &seq, &sent) != 3)
            continue;
        uint64_t t = now_ns();
        l->got[i]++;
        l->delivered++;
        if (l->n_lat < l->cap_lat)
            l->latencies[l->n_lat++] = t - sent;
        l->last_delivery = t;
    }
    return r == -EPIPE ? -EPIPE : 0;
}

/* Wait up to ms for anything to read, then drain every readable client. */
static int pump(loader *l, int ms)
{
    unsigned n = l->opt->clients;
    struct pollfd *p = calloc(n, sizeof *p);
    if (p == NULL)
        return -ENOMEM;
    for (unsigned i = 0; i < n; i++)
        p[i] = (struct pollfd){.fd = l->conns[i].fd, .events = POLLIN};
    int r = poll(p, n, ms), err = 0;
    for (unsigned i = 0; r > 0 && i < n; i++)
        if (p[i].revents != 0 && (err = drain(l, i)) != 0)
            break;
    free(p);
    return err;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static double pct_ms(const uint64_t *v, uint64_t n, double q)
{
    if (n == 0)
        return 0;
    uint64_t k = (uint64_t)(q * (double)(n - 1));
    return (double)v[k] / 1e6;
}

/* Connect every client, send every registration, then wait for each to
 * be in #lobby: registrations overlap, so a server that makes each one
 * wait (ngIRCd holds a new client back about a second) costs that once. */
static int join_all(loader *l, uint16_t port)
{
    for (unsigned i = 0; i < l->opt->clients; i++) {
        chat_conn *c = &l->conns[i];
        int err = chat_conn_open(c, port);
        if (err != 0)
            return err;
        if (l->opt->irc &&
            (err = chat_conn_send(c, "NICK load%u\r\nUSER load 0 * :load\r\nJOIN #lobby\r\n", i)) != 0)
            return err;
    }
    for (unsigned i = 0; i < l->opt->clients; i++)
        if (!chat_conn_expect(&l->conns[i], l->opt->irc ? " 366 " : "* welcome", 10000, NULL, 0))
            return -ETIMEDOUT;
    return 0;
}

int chat_load_run(uint16_t port, const chat_load_options *opt, chat_load_result *r)
{
    *r = (chat_load_result){0};
    unsigned n = opt->clients;
    loader l = {.opt = opt};
    l.conns = calloc(n, sizeof *l.conns);
    l.got = calloc(n, sizeof *l.got);
    r->expected = (uint64_t)n * (n - 1) * opt->messages;
    l.cap_lat = r->expected < MAX_SAMPLES ? r->expected : MAX_SAMPLES;
    l.latencies = malloc(l.cap_lat * sizeof *l.latencies);
    int err = l.conns && l.got && l.latencies ? 0 : -ENOMEM;
    for (unsigned i = 0; l.conns && i < n; i++)
        l.conns[i].fd = -1;
    if (err == 0)
        err = join_all(&l, port);
    uint64_t start = now_ns(), deadline = start + (uint64_t)CHAT_LOAD_SECONDS * 1000000000u;
    for (unsigned m = 0; err == 0 && m < opt->messages; m++) {
        for (unsigned i = 0; err == 0 && i < n; i++)
            err = opt->irc
                      ? chat_conn_send(&l.conns[i], "PRIVMSG #lobby :load %u %u %llu\r\n", i, m,
                                       (unsigned long long)now_ns())
                      : chat_conn_send(&l.conns[i], "load %u %u %llu\n", i, m, (unsigned long long)now_ns());
        if (err == 0)
            err = pump(&l, 0);
    }
    uint64_t total = 0;
    while (err == 0 && (total = l.delivered) < r->expected && now_ns() < deadline)
        err = pump(&l, 100);
    for (unsigned i = 0; i < n; i++)
        if (l.got && l.got[i] != (uint64_t)(n - 1) * opt->messages)
            r->short_clients++;
    r->delivered = l.delivered;
    if (l.n_lat > 0) {
        qsort(l.latencies, l.n_lat, sizeof *l.latencies, cmp_u64);
        r->p50_ms = pct_ms(l.latencies, l.n_lat, 0.50);
        r->p90_ms = pct_ms(l.latencies, l.n_lat, 0.90);
        r->p99_ms = pct_ms(l.latencies, l.n_lat, 0.99);
        r->max_ms = pct_ms(l.latencies, l.n_lat, 1.0);
        r->seconds = (double)(l.last_delivery - start) / 1e9;
        r->per_second = r->seconds > 0 ? (double)l.delivered / r->seconds : 0;
    }
    for (unsigned i = 0; l.conns && i < n; i++)
        chat_conn_close(&l.conns[i]);
    free(l.conns);
    free(l.got);
    free(l.latencies);
    return err;
}

int chat_load_main(const chat_load_options *opt)
{
    chat_config cfg = {
        .idle_timeout = AC_SEC(60), .flood_rate = 1000000, .outbox_cap = 16u << 20, .workers = opt->workers};
    chat_thread t;
    int err = chat_thread_start(&t, &cfg);
    if (err != 0) {
        fprintf(stderr, "p2-chat-server load: cannot start the server: %s\n", strerror(-err));
        return 1;
    }
    printf("load: %u %s clients x %u messages against our server (%u worker%s), 127.0.0.1:%u\n", opt->clients,
           opt->irc ? "IRC" : "line", opt->messages, opt->workers > 1 ? opt->workers : 1,
           opt->workers > 1 ? "s" : "", (unsigned)(opt->irc ? t.irc_port : t.line_port));
    chat_load_result r;
    err = chat_load_run(opt->irc ? t.irc_port : t.line_port, opt, &r);
    chat_thread_stop(&t); /* or it stopped already: a SIGTERM to us reaches its signalfd */
    chat_summary_print(&t.summary);
    if (err != 0)
        printf("load: error: %s\n", strerror(-err));
    printf("delivered %llu of %llu (%u clients short) in %.3f s: %.0f messages/s\n",
           (unsigned long long)r.delivered, (unsigned long long)r.expected, r.short_clients, r.seconds,
           r.per_second);
    printf("latency ms: p50 %.3f  p90 %.3f  p99 %.3f  max %.3f\n", r.p50_ms, r.p90_ms, r.p99_ms, r.max_ms);
    bool ok = err == 0 && r.delivered == r.expected && r.short_clients == 0;
    printf("%s\n", ok ? "PASS: every client received every message from the others" : "FAIL");
    return ok ? 0 : 1;
}
