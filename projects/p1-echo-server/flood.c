/* flood.c - the flooded-ping load (see flood.h). */
#include "flood.h"

#include "histogram.h"
#include "loopback_client.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum { RX_CHUNK = 256 * 1024, MAX_PING = 4096, PING_TIMEOUT_MS = 5000, START_TIMEOUT_MS = 5000 };

typedef struct flood {
    int fd;
    size_t burst;
    uint8_t *pattern; /* the burst's bytes */
    uint8_t *rx;
    atomic_bool stop;
    atomic_bool going; /* the first echoed flood bytes are back */
    uint64_t bursts, errors;
} flood;

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Compare n received bytes, starting at stream offset `at`, with the
 * pattern (which repeats every burst). */
static bool flood_bytes_match(const flood *f, uint64_t at, const uint8_t *got, size_t n)
{
    while (n > 0) {
        size_t off = (size_t)(at % f->burst), run = f->burst - off < n ? f->burst - off : n;
        if (memcmp(got, f->pattern + off, run) != 0)
            return false;
        got += run;
        at += run;
        n -= run;
    }
    return true;
}

/* Read what the server echoed so far; false when the connection is lost,
 * the bytes are wrong or more came back than went out. */
static bool flood_read(flood *f, uint64_t sent, uint64_t *received)
{
    for (;;) {
        ssize_t n = recv(f->fd, f->rx, RX_CHUNK, MSG_DONTWAIT);
        if (n < 0)
            return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
        if (n == 0 || *received + (uint64_t)n > sent || !flood_bytes_match(f, *received, f->rx, (size_t)n))
            return false;
        *received += (uint64_t)n;
        atomic_store_explicit(&f->going, true, memory_order_release);
    }
}

/* The flood: bursts back to back, as fast as the socket takes them, while
 * reading the echo at once (so the server's writes rarely wait), until
 * told to stop.  The server's socket is never empty: a server that serves
 * it until it runs dry would never look at the ping. */
static void *flood_thread(void *arg)
{
    flood *f = arg;
    uint64_t sent = 0, received = 0;
    while (!atomic_load_explicit(&f->stop, memory_order_acquire)) {
        struct pollfd p = {.fd = f->fd, .events = POLLIN | POLLOUT};
        int r = poll(&p, 1, 100); /* wakes now and then to look at `stop` */
        if (r < 0 && errno != EINTR)
            break;
        if (r <= 0)
            continue;
        if (p.revents & POLLOUT) {
            size_t off = (size_t)(sent % f->burst);
            ssize_t n = send(f->fd, f->pattern + off, f->burst - off, MSG_NOSIGNAL | MSG_DONTWAIT);
            if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                f->errors++;
                break;
            }
            sent += n > 0 ? (uint64_t)n : 0;
        }
        if ((p.revents & (POLLIN | POLLERR | POLLHUP)) && !flood_read(f, sent, &received)) {
            f->errors++;
            break;
        }
    }
    f->bursts = received / f->burst;
    return NULL;
}

/* Wait up to ms for fd to become readable; false on timeout or error. */
static bool wait_readable(int fd, int ms)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};
    int r;
    do {
        r = poll(&p, 1, ms);
    } while (r < 0 && errno == EINTR);
    return r == 1;
}

/* One ping: send `size` bytes and read their echo.  Its latency in ns, or
 * 0 if the echo was wrong, late (over PING_TIMEOUT_MS) or lost. */
static uint64_t one_ping(int fd, const uint8_t *msg, size_t size)
{
    uint8_t back[MAX_PING];
    uint64_t t0 = now_ns();
    if (send(fd, msg, size, MSG_NOSIGNAL) != (ssize_t)size)
        return 0;
    size_t got = 0;
    while (got < size) {
        if (!wait_readable(fd, PING_TIMEOUT_MS))
            return 0;
        ssize_t n = recv(fd, back + got, size - got, MSG_DONTWAIT);
        if (n <= 0 && !(n < 0 && (errno == EAGAIN || errno == EINTR)))
            return 0;
        got += n > 0 ? (size_t)n : 0;
    }
    uint64_t t1 = now_ns();
    return memcmp(back, msg, size) == 0 ? (t1 - t0 > 0 ? t1 - t0 : 1) : 0;
}

/* Pings on a fixed clock (a late one does not make the next ones early)
 * for cfg->seconds, into h. */
static uint64_t ping_for(int fd, const flood_config *cfg, size_t size, unsigned every_us, histogram *h)
{
    uint8_t msg[MAX_PING];
    uint64_t errors = 0, end = now_ns() + (uint64_t)(cfg->seconds * 1e9);
    uint64_t next = now_ns();
    for (unsigned seq = 0; now_ns() < end; seq++) {
        for (size_t k = 0; k < size; k++)
            msg[k] = (uint8_t)(seq + k);
        uint64_t ns = one_ping(fd, msg, size);
        if (ns == 0) {
            errors++;
            break;
        }
        histogram_record(h, ns);
        next += (uint64_t)every_us * 1000u;
        uint64_t now = now_ns();
        if (next < now)
            next = now;
        struct timespec ts = {.tv_sec = (time_t)(next / 1000000000u), .tv_nsec = (long)(next % 1000000000u)};
        while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
            ;
    }
    return errors;
}

int flood_run(const flood_config *cfg, flood_result *out)
{
    *out = (flood_result){0};
    size_t size = cfg->ping_size ? cfg->ping_size : 64;
    unsigned every_us = cfg->ping_every_us ? cfg->ping_every_us : 2000;
    if (size > MAX_PING)
        return -EINVAL;
    flood f = {.burst = cfg->burst ? cfg->burst : 1u << 20};
    f.pattern = malloc(f.burst);
    f.rx = malloc(RX_CHUNK);
    histogram *h = malloc(sizeof *h);
    int err = f.pattern && f.rx && h ? 0 : -ENOMEM;
    int ping_fd = -1;
    f.fd = -1;
    if (err == 0 && (f.fd = loopback_connect(cfg->port)) < 0)
        err = f.fd;
    if (err == 0 && (ping_fd = loopback_connect(cfg->port)) < 0)
        err = ping_fd;
    pthread_t thread;
    if (err == 0) {
        for (size_t k = 0; k < f.burst; k++)
            f.pattern[k] = (uint8_t)(k % 251);
        histogram_init(h);
        err = -pthread_create(&thread, NULL, flood_thread, &f);
    }
    if (err == 0) {
        /* the pings start once the flood is flowing both ways */
        uint64_t give_up = now_ns() + START_TIMEOUT_MS * 1000000ull;
        while (!atomic_load_explicit(&f.going, memory_order_acquire) && now_ns() < give_up)
            usleep(1000);
        if (!atomic_load(&f.going))
            out->errors++;
        else
            out->errors += ping_for(ping_fd, cfg, size, every_us, h);
        atomic_store_explicit(&f.stop, true, memory_order_release);
        pthread_join(thread, NULL);
        out->bursts = f.bursts;
        out->errors += f.errors;
        out->pings = h->count;
        out->p50_us = (double)histogram_percentile(h, 50) / 1e3;
        out->p99_us = (double)histogram_percentile(h, 99) / 1e3;
        out->max_us = (double)h->max / 1e3;
    }
    if (f.fd >= 0)
        close(f.fd);
    if (ping_fd >= 0)
        close(ping_fd);
    free(f.pattern);
    free(f.rx);
    free(h);
    return err;
}
