/* chat_client.c - blocking test client: see chat_client.h. */
#include "chat_client.h"

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "loopback_client.h"

int chat_conn_open(chat_conn *c, uint16_t port)
{
    c->len = 0;
    c->fd = loopback_connect(port);
    return c->fd < 0 ? c->fd : 0;
}

void chat_conn_close(chat_conn *c)
{
    if (c->fd >= 0)
        close(c->fd);
    c->fd = -1;
}

int chat_conn_send_raw(chat_conn *c, const void *data, size_t len)
{
    const char *p = data;
    while (len > 0) {
        ssize_t n = send(c->fd, p, len, MSG_NOSIGNAL);
        if (n < 0)
            return errno == EINTR ? 0 : -errno;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

int chat_conn_send(chat_conn *c, const char *fmt, ...)
{
    char line[4096];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof line)
        return -EINVAL;
    return chat_conn_send_raw(c, line, (size_t)n);
}

static long ms_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

int chat_conn_line(chat_conn *c, char *out, size_t size, int ms)
{
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (;;) {
        char *nl = memchr(c->buf, '\n', c->len);
        if (nl != NULL) {
            size_t n = (size_t)(nl - c->buf), used = n + 1;
            if (n > 0 && c->buf[n - 1] == '\r')
                n--;
            if (out != NULL && size > 0) {
                size_t k = n < size - 1 ? n : size - 1;
                memcpy(out, c->buf, k);
                out[k] = '\0';
            }
            memmove(c->buf, c->buf + used, c->len - used);
            c->len -= used;
            return 0;
        }
        if (c->len == sizeof c->buf) /* a line longer than we keep: drop it */
            c->len = 0;
        long left = ms - ms_since(&t0);
        if (left < 0)
            left = 0; /* one look without waiting, still */
        struct pollfd p = {.fd = c->fd, .events = POLLIN};
        int r = poll(&p, 1, (int)left);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -ETIMEDOUT;
        ssize_t n = recv(c->fd, c->buf + c->len, sizeof c->buf - c->len, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -EPIPE;
        c->len += (size_t)n;
    }
}

bool chat_conn_expect(chat_conn *c, const char *want, int ms, char *out, size_t size)
{
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    char line[4096];
    for (;;) {
        long left = ms - ms_since(&t0);
        if (chat_conn_line(c, line, sizeof line, left > 0 ? (int)left : 0) != 0)
            return false; /* ms == 0: only the lines already here */
        if (strstr(line, want) != NULL) {
            if (out != NULL)
                snprintf(out, size, "%s", line);
            return true;
        }
    }
}

bool chat_conn_expect_close(chat_conn *c, int ms)
{
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (;;) {
        long left = ms - ms_since(&t0);
        int r = chat_conn_line(c, NULL, 0, left > 0 ? (int)left : 0);
        if (r == -EPIPE)
            return true;
        if (r == -ETIMEDOUT)
            return false;
    }
}
