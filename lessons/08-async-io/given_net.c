/* given_net.c - loopback sockets and demo client threads (see given_net.h). */
#include "given_net.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

int loopback_listen(unsigned short *port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -errno;
    struct sockaddr_in addr = {
        .sin_family = AF_INET, .sin_port = 0, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof addr;
    if (bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(fd, 64) != 0 ||
        getsockname(fd, (struct sockaddr *)&addr, &len) != 0) {
        int err = -errno;
        close(fd);
        return err;
    }
    *port = ntohs(addr.sin_port);
    return fd;
}

int loopback_connect(unsigned short port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -errno;
    struct timeval bound = {.tv_sec = 5};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &bound, sizeof bound);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &bound, sizeof bound);
    struct sockaddr_in addr = {
        .sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
        int err = -errno;
        close(fd);
        return err;
    }
    return fd;
}

int loopback_accept(int listen_fd, int timeout_ms)
{
    struct pollfd p = {.fd = listen_fd, .events = POLLIN};
    int n;
    do {
        n = poll(&p, 1, timeout_ms);
    } while (n < 0 && errno == EINTR);
    if (n <= 0)
        return n == 0 ? -ETIMEDOUT : -errno;
    int fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);
    return fd < 0 ? -errno : fd;
}

int set_nonblocking(int fd)
{
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0)
        return -errno;
    return 0;
}

static double to_ms(const struct timespec *t) { return (double)t->tv_sec * 1e3 + (double)t->tv_nsec / 1e6; }

double thread_cpu_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return to_ms(&t);
}

double wall_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return to_ms(&t);
}

/* Sleep for ms, resuming after signals: the demo's stand-in for a slow peer. */
static void sleep_ms(unsigned ms)
{
    struct timespec t = {.tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L};
    while (nanosleep(&t, &t) != 0 && errno == EINTR) {
    }
}

/* Send all of buf on a blocking socket (send may take it in pieces). */
static int send_all(int fd, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = send(fd, buf, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return n < 0 ? -errno : -EPIPE;
        buf += n;
        len -= (size_t)n;
    }
    return 0;
}

/* ---- delayed sender ------------------------------------------------- */

static void *delayed_sender_main(void *arg)
{
    delayed_sender *d = arg;
    int fd = loopback_connect(d->port);
    if (fd < 0) {
        d->error = fd;
        return NULL;
    }
    unsigned times = d->repeat > 0 ? d->repeat : 1;
    for (unsigned i = 0; i < times && d->error == 0; i++) {
        sleep_ms(d->delay_ms);
        d->error = send_all(fd, d->message, strlen(d->message));
    }
    close(fd);
    return NULL;
}

int delayed_sender_start(delayed_sender *d)
{
    d->error = 0;
    return -pthread_create(&d->thread, NULL, delayed_sender_main, d);
}

void delayed_sender_join(delayed_sender *d) { pthread_join(d->thread, NULL); }

/* ---- echo load ------------------------------------------------------ */

typedef struct echo_client {
    echo_load *load;
    unsigned id;
} echo_client;

/* Read exactly len bytes (or fail on timeout / hang-up). */
static int recv_exact(int fd, char *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = recv(fd, buf, len, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return n < 0 ? -errno : -ECONNRESET;
        buf += n;
        len -= (size_t)n;
    }
    return 0;
}

static void *echo_client_main(void *arg)
{
    echo_client *c = arg;
    echo_load *l = c->load;
    int fd = loopback_connect(l->port);
    if (fd < 0) {
        atomic_fetch_add(&l->failures, 1);
    } else {
        for (unsigned m = 0; m < l->messages; m++) {
            char line[64], back[64];
            int len = snprintf(line, sizeof line, "client %u says hello #%u\n", c->id, m + 1);
            if (send_all(fd, line, (size_t)len) != 0 || recv_exact(fd, back, (size_t)len) != 0 ||
                memcmp(line, back, (size_t)len) != 0) {
                atomic_fetch_add(&l->failures, 1);
                break;
            }
            atomic_fetch_add(&l->echoes_ok, 1);
        }
        close(fd); /* the server sees end of file: its disconnect path */
    }
    atomic_fetch_add(&l->finished, 1);
    if (l->on_finish != NULL)
        l->on_finish(l->arg);
    free(c);
    return NULL;
}

int echo_load_start(echo_load *l)
{
    atomic_init(&l->finished, 0);
    atomic_init(&l->echoes_ok, 0);
    atomic_init(&l->failures, 0);
    l->threads = calloc(l->clients, sizeof *l->threads);
    if (l->threads == NULL) {
        l->clients = 0; /* nothing to join */
        return -ENOMEM;
    }
    for (unsigned i = 0; i < l->clients; i++) {
        echo_client *c = malloc(sizeof *c);
        int err = c == NULL ? ENOMEM : 0;
        if (c != NULL) {
            *c = (echo_client){.load = l, .id = i + 1};
            err = pthread_create(&l->threads[i], NULL, echo_client_main, c);
        }
        if (err != 0) {
            free(c);
            l->clients = i; /* join only the ones that started */
            return -err;
        }
    }
    return 0;
}

bool echo_load_done(echo_load *l) { return atomic_load(&l->finished) == l->clients; }

void echo_load_join(echo_load *l)
{
    if (l->threads == NULL)
        return; /* never started */
    for (unsigned i = 0; i < l->clients; i++)
        pthread_join(l->threads[i], NULL);
    free(l->threads);
    l->threads = NULL;
}
