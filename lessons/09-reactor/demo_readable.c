/*
 * demo_readable.c - exercise 3's future on the real executor.  A thread
 * writes after 100 ms; meanwhile the executor has nothing to run, so it
 * parks in the reactor's wait, which is where the CPU time goes: nowhere.
 */
#include <stdio.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <pthread.h>

#include "ac/executor.h"
#include "demos.h"
#include "lesson.h"
#include "given_sockets.h"

/* A future that polls another one and prints each result. */
typedef struct traced {
    ac_future base;
    readable *inner;
    unsigned polls;
} traced;

static ac_poll traced_poll(ac_future *self, ac_context *cx)
{
    traced *t = (traced *)self;
    ac_poll p = ac_future_poll(&t->inner->base, cx);
    t->polls++;
    reactor *r = t->inner->reactor;
    if (p == AC_PENDING)
        printf("  poll #%u -> Pending (EAGAIN; fd %d armed: %s)  ... the executor parks\n", t->polls,
               t->inner->fd, reactor_is_armed(r, t->inner->fd, AC_READABLE) ? "yes" : "no");
    else
        printf("  poll #%u -> Ready, %zd bytes: \"%.*s\"\n", t->polls, t->inner->result,
               (int)(t->inner->result > 0 ? t->inner->result : 0), (char *)t->inner->buf);
    return p;
}

static void traced_drop(ac_future *self) { ac_future_drop(&((traced *)self)->inner->base); }

static const ac_future_vtable traced_vtable = {.name = "traced", .poll = traced_poll, .drop = traced_drop};

static void *late_writer(void *arg)
{
    int fd = *(int *)arg;
    struct timespec t = {.tv_nsec = 100 * 1000000L};
    nanosleep(&t, NULL);
    if (write(fd, "ping", 4) != 4)
        perror("write");
    return NULL;
}

static double cpu_ms(void)
{
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return (double)(u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e3 +
           (double)(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e3;
}

int demo_readable(int argc, char **argv)
{
    if (!no_args(argc, argv))
        return 2;
    ac_executor ex;
    int pair[2];
    reactor handle, *r = &handle;
    if (!demo_reactor_and_pair(&ex, &reactor_common, r, pair))
        return 1;
    char buf[32];

    printf("1) nothing there yet; a thread writes \"ping\" in 100 ms.  block_on(readable):\n\n");
    readable f = readable_new(r, pair[0], buf, sizeof buf);
    traced t = {.base = {&traced_vtable}, .inner = &f};
    pthread_t th;
    pthread_create(&th, NULL, late_writer, &pair[1]);
    double cpu0 = cpu_ms();
    ac_nanos t0 = ac_monotonic_now();
    ac_block_on(&ex, &t.base);
    ac_nanos waited = ac_monotonic_now() - t0;
    double cpu = cpu_ms() - cpu0;
    pthread_join(th, NULL);
    printf("\n  waited %.0f ms of wall time, used %.1f ms of CPU; executor parks: %llu;\n"
           "  reactor waits: %llu, wakes: %llu\n",
           (double)waited / 1e6, cpu, (unsigned long long)ex.stats.parks,
           (unsigned long long)reactor_stats(r).waits, (unsigned long long)reactor_stats(r).wakes);

    printf("\n2) the bytes are there before the first poll:\n\n");
    if (write(pair[1], "pong", 4) != 4)
        return 1;
    reactor_deregister(r, pair[0]); /* start from scratch: not registered */
    readable g = readable_new(r, pair[0], buf, sizeof buf);
    traced t2 = {.base = {&traced_vtable}, .inner = &g};
    ac_block_on(&ex, &t2.base);
    printf("\n  fd %d registered: %s - it never had to wait, so it never asked the reactor.\n", pair[0],
           reactor_is_registered(r, pair[0]) ? "yes" : "no");

    reactor_deregister(r, pair[0]);
    close(pair[0]);
    close(pair[1]);
    ac_executor_close(&ex);
    printf("\nTakeaway: a future on the reactor is three moves - try, arm on EAGAIN,\n"
           "return Pending - and the executor supplies the rest: with nothing to run\n"
           "it blocks in the reactor, and the wake puts the future's task back in line.\n");
    return 0;
}
