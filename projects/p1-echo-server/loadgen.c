/* loadgen.c - the ping-pong load generator (see loadgen.h). */
#include "loadgen.h"

#include "histogram.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum { RX_BUFFER = 64 * 1024, MAX_EVENTS = 512, PATTERN_SHIFTS = 256 };

typedef struct lg_conn {
    int fd; /* -1 once lost */
    bool connected, busy;
    bool mismatch; /* this round trip echoed a wrong byte */
    size_t sent, received;
    const uint8_t *expect; /* this round trip's message: pattern + a shift */
    uint64_t t0;           /* when it started, ns */
    uint64_t rounds;
} lg_conn;

typedef struct loadgen {
    const loadgen_config *cfg;
    loadgen_result *out;
    int epfd;
    lg_conn *conns;
    uint8_t *pattern; /* size + PATTERN_SHIFTS random bytes */
    uint8_t *rx;
    histogram *hist;
    bool recording;
    uint64_t started, in_flight;
    unsigned live;
} loadgen;

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int loadgen_reserve_fds(unsigned fds)
{
    struct rlimit lim;
    if (getrlimit(RLIMIT_NOFILE, &lim) < 0)
        return -errno;
    if (lim.rlim_cur >= fds)
        return 0;
    if (lim.rlim_max < fds) {
        fprintf(stderr, "need %u open files but the hard limit (ulimit -Hn) is %llu\n", fds,
                (unsigned long long)lim.rlim_max);
        return -EMFILE;
    }
    fprintf(stderr, "raising the open-file soft limit (RLIMIT_NOFILE) from %llu to %llu for %u sockets\n",
            (unsigned long long)lim.rlim_cur, (unsigned long long)lim.rlim_max, fds);
    lim.rlim_cur = lim.rlim_max;
    return setrlimit(RLIMIT_NOFILE, &lim) < 0 ? -errno : 0;
}

static void lose(loadgen *g, lg_conn *c)
{
    g->out->errors++;
    if (c->busy)
        g->in_flight--;
    c->busy = false;
    close(c->fd); /* also leaves the epoll set */
    c->fd = -1;
    g->live--;
}

/* Begin the next message on c if the run wants more.  Each round trip sends
 * a different window of the random pattern, so an echo of the *previous*
 * message (or another connection's) cannot pass the check. */
static void start_round_trip(loadgen *g, lg_conn *c, uint64_t now)
{
    if (g->cfg->max_round_trips && g->started == g->cfg->max_round_trips) {
        c->busy = false;
        return;
    }
    size_t shift = (size_t)((uintptr_t)(c - g->conns) * 7 + c->rounds * 13) % PATTERN_SHIFTS;
    c->rounds++;
    c->expect = g->pattern + shift;
    c->sent = c->received = 0;
    c->mismatch = false;
    c->t0 = now;
    c->busy = true;
    g->started++;
    g->in_flight++;
}

static void finish_round_trip(loadgen *g, lg_conn *c)
{
    uint64_t now = now_ns();
    g->out->total_round_trips++;
    if (g->recording) {
        histogram_record(g->hist, now - c->t0);
        g->out->round_trips++;
    }
    if (c->mismatch)
        g->out->errors++;
    g->in_flight--;
    c->busy = false;
    start_round_trip(g, c, now);
}

static size_t chunk(const loadgen *g, size_t want)
{
    size_t limit = g->cfg->io_chunk;
    return limit && want > limit ? limit : want;
}

/* Send until the message is out or the socket is full.  false: lost. */
static bool send_some(loadgen *g, lg_conn *c)
{
    while (c->sent < g->cfg->size) {
        ssize_t n = send(c->fd, c->expect + c->sent, chunk(g, g->cfg->size - c->sent), MSG_NOSIGNAL);
        if (n > 0)
            c->sent += (size_t)n;
        else if (errno == EAGAIN)
            return true;
        else if (n == 0 || errno != EINTR)
            return false;
    }
    return true;
}

/* Read back what has been sent so far, checking every byte, until we have
 * it all or the socket is empty.  Never reads past what was sent: extra
 * bytes from a broken server show up as a mismatch in the next message. */
static bool recv_some(loadgen *g, lg_conn *c)
{
    while (c->received < c->sent) {
        size_t want = c->sent - c->received;
        ssize_t n = recv(c->fd, g->rx, chunk(g, want < RX_BUFFER ? want : RX_BUFFER), 0);
        if (n > 0) {
            if (memcmp(g->rx, c->expect + c->received, (size_t)n) != 0)
                c->mismatch = true;
            else
                g->out->bytes_verified += (uint64_t)n;
            c->received += (size_t)n;
        } else if (n < 0 && errno == EAGAIN) {
            return true;
        } else if (n == 0 || errno != EINTR) {
            return false; /* EOF or reset in the middle of a message */
        }
    }
    return true;
}

/* React to an edge on c: finish connecting, then move bytes both ways until
 * the socket says EAGAIN, completing (and restarting) round trips. */
static void drive(loadgen *g, lg_conn *c)
{
    if (!c->connected) {
        int err = 0;
        socklen_t len = sizeof err;
        if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0 || err != 0) {
            lose(g, c);
            return;
        }
        c->connected = true;
        start_round_trip(g, c, now_ns());
    }
    while (c->busy) {
        if (!send_some(g, c) || !recv_some(g, c)) {
            lose(g, c);
            return;
        }
        if (c->received < g->cfg->size)
            return; /* both directions wait for their next edge */
        finish_round_trip(g, c);
    }
}

static int open_conns(loadgen *g)
{
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(g->cfg->port)};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    for (unsigned i = 0; i < g->cfg->conns; i++) {
        lg_conn *c = &g->conns[i];
        c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (c->fd < 0)
            return -errno;
        g->live++;
        int one = 1;
        setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        if (g->cfg->rcvbuf > 0) /* before connect: the window is negotiated then */
            setsockopt(c->fd, SOL_SOCKET, SO_RCVBUF, &g->cfg->rcvbuf, sizeof g->cfg->rcvbuf);
        if (connect(c->fd, (struct sockaddr *)&addr, sizeof addr) < 0 && errno != EINPROGRESS)
            return -errno;
        /* Writable = connected (or failed: SO_ERROR says which, in drive). */
        struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT | EPOLLET, .data.ptr = c};
        if (epoll_ctl(g->epfd, EPOLL_CTL_ADD, c->fd, &ev) < 0)
            return -errno;
    }
    return 0;
}

/* The event loop: phase changes happen between epoll_wait calls, so the
 * wait never sleeps past the next one. */
static void run_loop(loadgen *g)
{
    const loadgen_config *cfg = g->cfg;
    bool counted = cfg->max_round_trips > 0;
    uint64_t start = now_ns(), measured_from = start;
    double timeout = cfg->timeout_seconds > 0 ? cfg->timeout_seconds : 60;
    uint64_t deadline = start + (uint64_t)(timeout * 1e9);
    uint64_t warm_end = counted ? start : start + (uint64_t)(cfg->warmup_seconds * 1e9);
    uint64_t end = counted ? deadline : warm_end + (uint64_t)(cfg->seconds * 1e9);
    if (end > deadline)
        end = deadline;
    g->recording = counted;
    for (;;) {
        uint64_t now = now_ns();
        if (!g->recording && now >= warm_end) {
            g->recording = true;
            measured_from = now;
        }
        bool done = counted ? g->started == cfg->max_round_trips && g->in_flight == 0 : now >= end;
        if (counted && now >= deadline && !done)
            g->out->timed_out = true;
        if (done || g->out->timed_out || g->live == 0) {
            g->out->seconds = (double)(now - measured_from) / 1e9;
            break;
        }
        uint64_t next = g->recording ? end : warm_end;
        int wait_ms = (int)((next - now + 999999) / 1000000);
        struct epoll_event events[MAX_EVENTS];
        int n = epoll_wait(g->epfd, events, MAX_EVENTS, wait_ms);
        for (int i = 0; i < n; i++) {
            lg_conn *c = events[i].data.ptr;
            if (c->fd >= 0)
                drive(g, c);
        }
    }
    if (g->out->timed_out)
        g->out->errors++;
    for (unsigned i = 0; i < cfg->conns; i++)
        if (g->conns[i].fd >= 0 && !g->conns[i].connected)
            g->out->errors++; /* never got through */
}

int loadgen_run(const loadgen_config *cfg, loadgen_result *out)
{
    *out = (loadgen_result){0};
    if (cfg->conns == 0 || cfg->size == 0)
        return -EINVAL;
    int rc = loadgen_reserve_fds(cfg->conns + 32);
    if (rc < 0)
        return rc;
    loadgen g = {.cfg = cfg, .out = out};
    g.epfd = epoll_create1(EPOLL_CLOEXEC);
    g.conns = calloc(cfg->conns, sizeof *g.conns);
    g.pattern = malloc(cfg->size + PATTERN_SHIFTS);
    g.rx = malloc(RX_BUFFER);
    g.hist = malloc(sizeof *g.hist);
    if (g.epfd < 0 || !g.conns || !g.pattern || !g.rx || !g.hist) {
        rc = -ENOMEM;
        goto done;
    }
    for (unsigned i = 0; i < cfg->conns; i++)
        g.conns[i].fd = -1;
    uint32_t x = 2463534242u; /* xorshift32: cheap, fixed bytes that are not a simple ramp */
    for (size_t i = 0; i < cfg->size + PATTERN_SHIFTS; i++) {
        x ^= x << 13, x ^= x >> 17, x ^= x << 5;
        g.pattern[i] = (uint8_t)x;
    }
    histogram_init(g.hist);
    rc = open_conns(&g);
    if (rc == 0) {
        run_loop(&g);
        if (out->seconds > 0)
            out->rps = (double)out->round_trips / out->seconds;
        out->p50_us = (double)histogram_percentile(g.hist, 50) / 1e3;
        out->p99_us = (double)histogram_percentile(g.hist, 99) / 1e3;
        out->max_us = (double)g.hist->max / 1e3;
    }
done:
    for (unsigned i = 0; g.conns && i < cfg->conns; i++)
        if (g.conns[i].fd >= 0)
            close(g.conns[i].fd);
    if (g.epfd >= 0)
        close(g.epfd);
    free(g.conns);
    free(g.pattern);
    free(g.rx);
    free(g.hist);
    return rc;
}
