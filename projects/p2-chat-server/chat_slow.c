/* chat_slow.c - a client that stops reading while others chat: see chat_slow.h. */
#include "chat_slow.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "chat_client.h"
#include "chat_thread.h"

static uint64_t now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

typedef struct slow_run {
    chat_conn *talk;
    unsigned n;
    uint64_t cut_at; /* 0 until a talker saw the cut */
    uint64_t *lat;   /* latencies of lines sent before cut_at */
    uint64_t n_lat, delivered;
} slow_run;

/* Every complete line waiting on talker i. */
static int drain(slow_run *s, unsigned i)
{
    char line[2048];
    int r;
    while ((r = chat_conn_line(&s->talk[i], line, sizeof line, 0)) == 0) {
        unsigned long long sent;
        char *p = strstr(line, ": slow ");
        if (p != NULL && sscanf(p, ": slow %llu", &sent) == 1) {
            s->delivered++;
            if ((s->cut_at == 0 || sent < s->cut_at) &&
                s->n_lat < CHAT_SLOW_MAX_LINES * CHAT_SLOW_MAX_TALKERS)
                s->lat[s->n_lat++] = now_ns() - sent;
        } else if (s->cut_at == 0 && strstr(line, "* user-1 left (send queue exceeded)") == line) {
            s->cut_at = now_ns();
        }
    }
    return r == -EPIPE ? -EPIPE : 0;
}

/* Read whatever arrives on the talkers for up to ms. */
static int pump(slow_run *s, int ms)
{
    struct pollfd p[CHAT_SLOW_MAX_TALKERS];
    for (unsigned i = 0; i < s->n; i++)
        p[i] = (struct pollfd){.fd = s->talk[i].fd, .events = POLLIN};
    int r = poll(p, s->n, ms);
    for (unsigned i = 0; r > 0 && i < s->n; i++)
        if (p[i].revents != 0 && drain(s, i) != 0)
            return -EPIPE;
    return 0;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

int chat_slow_run(uint16_t port, const chat_slow_options *opt, chat_slow_result *r)
{
    *r = (chat_slow_result){0};
    if (opt->talkers < 2 || opt->talkers > CHAT_SLOW_MAX_TALKERS || opt->lines_per_ms == 0)
        return -EINVAL;
    chat_conn slow, talk[CHAT_SLOW_MAX_TALKERS];
    slow_run s = {.talk = talk, .n = opt->talkers};
    s.lat = malloc(sizeof *s.lat * CHAT_SLOW_MAX_LINES * CHAT_SLOW_MAX_TALKERS);
    if (s.lat == NULL)
        return -ENOMEM;
    int err = chat_conn_open(&slow, port);
    if (err == 0 && !chat_conn_expect(&slow, "* welcome, you are user-1;", 5000, NULL, 0))
        err = -EPROTO; /* the slow one must be user-1: the talkers look for its cut */
    int small = 4096;
    if (err == 0)
        setsockopt(slow.fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
    unsigned opened = 0;
    for (; err == 0 && opened < s.n; opened++)
        if ((err = chat_conn_open(&talk[opened], port)) == 0 &&
            !chat_conn_expect(&talk[opened], "* welcome", 5000, NULL, 0))
            err = -ETIMEDOUT;
    char pad[1001];
    memset(pad, 'p', sizeof pad - 1);
    pad[sizeof pad - 1] = '\0';
    uint64_t start = now_ns(), deadline = start + (uint64_t)CHAT_SLOW_SECONDS * 1000000000u, tick = start;
    unsigned after_cut = 0;
    /* say lines until the cut was seen and 200 more were said after it */
    while (err == 0 && r->sent < CHAT_SLOW_MAX_LINES && after_cut < 200 && now_ns() < deadline) {
        for (unsigned k = 0; err == 0 && k < opt->lines_per_ms; k++, r->sent++)
            err = chat_conn_send(&talk[r->sent % s.n], "slow %llu %s\n", (unsigned long long)now_ns(), pad);
        if (s.cut_at != 0)
            after_cut += opt->lines_per_ms;
        tick += 1000000;
        uint64_t t = now_ns();
        while (err == 0 && t < tick) { /* read until the next tick */
            err = pump(&s, (int)((tick - t + 999999) / 1000000));
            t = now_ns();
        }
        if (err == 0)
            err = pump(&s, 0);
    }
    r->expected = r->sent * (s.n - 1);
    while (err == 0 && s.delivered < r->expected && now_ns() < deadline)
        err = pump(&s, 100);
    r->cut = s.cut_at != 0;
    r->cut_after_s = r->cut ? (double)(s.cut_at - start) / 1e9 : 0;
    r->delivered = s.delivered;
    r->while_connected = s.n_lat;
    if (s.n_lat > 0) {
        qsort(s.lat, s.n_lat, sizeof *s.lat, cmp_u64);
        r->p50_ms = (double)s.lat[(s.n_lat - 1) / 2] / 1e6;
        r->p99_ms = (double)s.lat[(uint64_t)(0.99 * (double)(s.n_lat - 1))] / 1e6;
        r->max_ms = (double)s.lat[s.n_lat - 1] / 1e6;
    }
    for (unsigned i = 0; i < opened; i++)
        chat_conn_close(&talk[i]);
    chat_conn_close(&slow);
    free(s.lat);
    return err;
}

int chat_slow_main(const chat_slow_options *opt)
{
    chat_config cfg = {.flood_rate = 1000000, .workers = opt->workers};
    chat_thread t;
    int err = chat_thread_start(&t, &cfg);
    if (err != 0) {
        fprintf(stderr, "p2-chat-server load: cannot start the server: %s\n", strerror(-err));
        return 1;
    }
    printf("load --slow-reader: one line client stops reading; %u others say %u line(s) of ~1 KB per ms "
           "(%u worker(s))\n",
           opt->talkers, opt->lines_per_ms, opt->workers > 1 ? opt->workers : 1);
    chat_slow_result r;
    err = chat_slow_run(t.line_port, opt, &r);
    chat_thread_stop(&t);
    chat_summary_print(&t.summary);
    if (err != 0)
        printf("load: error: %s\n", strerror(-err));
    if (r.cut)
        printf("the slow client was cut (send queue exceeded) %.3f s after the first line\n", r.cut_after_s);
    else
        printf("the slow client was NOT cut\n");
    printf("delivered %llu of %llu to the others (%llu lines said)\n", (unsigned long long)r.delivered,
           (unsigned long long)r.expected, (unsigned long long)r.sent);
    printf("latency ms while it was connected (%llu deliveries): p50 %.3f  p99 %.3f  max %.3f\n",
           (unsigned long long)r.while_connected, r.p50_ms, r.p99_ms, r.max_ms);
    bool ok = err == 0 && r.cut && r.delivered == r.expected;
    printf("%s\n", ok ? "PASS: cut, and nobody else missed a line" : "FAIL");
    return ok ? 0 : 1;
}
