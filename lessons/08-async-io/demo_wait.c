/*
 * demo_wait.c - `spin` and `epoll`: two ways to wait for one message.
 *
 * Each run starts a client thread on an ephemeral loopback port that
 * connects, dawdles DELAY_MS and then sends one line.  The main thread
 * accepts, makes the socket nonblocking and waits for the line: first by
 * asking read() over and over (exercise 1), then by sleeping in
 * epoll_wait() (exercise 2).  CPU time is this thread's, from
 * CLOCK_THREAD_CPUTIME_ID, so the client thread's work is not counted.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "course/cli.h"
#include "demos.h"
#include "lesson.h"
#include "given_net.h"

enum { SHOWN_EAGAINS = 5, GIVE_UP_MS = 5000 };

/* What the spin loop's observer knows: when it started, and whether to talk. */
typedef struct spin_watch {
    bool verbose;
    double start_ms, last_progress_ms;
    bool gave_up;
    unsigned long eagains; /* the last count we were told */
} spin_watch;

/* Print the first few EAGAINs, then count quietly; show progress every
 * half second and give up after GIVE_UP_MS so the loop is bounded. */
static bool watch_eagain(unsigned long eagains, void *arg)
{
    spin_watch *w = arg;
    w->eagains = eagains;
    if (w->verbose && eagains <= SHOWN_EAGAINS)
        printf("  read() -> -1, errno EAGAIN   (#%lu: nothing has arrived yet, ask again)\n", eagains);
    else if (w->verbose && eagains == SHOWN_EAGAINS + 1)
        printf("  ... still EAGAIN; counting the rest without printing them\n");
    if (eagains % 1024 == 0) { /* reading the clock is cheap, but not free */
        double now = wall_ms();
        if (w->verbose && now - w->last_progress_ms >= 500) {
            printf("  ... %lu EAGAINs so far\n", eagains);
            w->last_progress_ms = now;
        }
        if (now - w->start_ms > GIVE_UP_MS) {
            w->gave_up = true;
            return false;
        }
    }
    return true;
}

typedef struct wait_result {
    ssize_t got;
    char text[128];
    double wall, cpu;
    unsigned long retries; /* EAGAINs for spin, epoll_wait calls for epoll */
} wait_result;

/* One run: client thread, accept, wait with the chosen method, measure. */
static int wait_for_message(bool use_epoll, unsigned delay_ms, bool verbose, wait_result *out)
{
    unsigned short port;
    int lfd = loopback_listen(&port);
    if (lfd < 0) {
        fprintf(stderr, "listen: %s\n", strerror(-lfd));
        return 1;
    }
    delayed_sender sender = {.port = port, .delay_ms = delay_ms, .message = "hello from the client\n"};
    if (delayed_sender_start(&sender) != 0) {
        close(lfd);
        return 1;
    }
    int fd = loopback_accept(lfd, 5000);
    if (fd < 0 || set_nonblocking(fd) != 0) {
        fprintf(stderr, "accept: %s\n", strerror(fd < 0 ? -fd : errno));
        delayed_sender_join(&sender);
        close(lfd);
        return 1;
    }
    if (verbose)
        printf("server: accepted a client on 127.0.0.1:%u, socket is nonblocking; it will\n"
               "        send in %u ms.  Waiting for it %s:\n\n",
               port, delay_ms, use_epoll ? "in epoll_wait" : "by asking read() again and again");

    char buf[sizeof out->text];
    spin_watch watch = {.verbose = verbose};
    unsigned waits = 0;
    double cpu0 = thread_cpu_ms(), wall0 = wall_ms();
    watch.start_ms = watch.last_progress_ms = wall0;
    ssize_t n = use_epoll ? epoll_read(fd, buf, sizeof buf - 1, GIVE_UP_MS, &waits)
                          : spin_read(fd, buf, sizeof buf - 1, watch_eagain, &watch);
    out->cpu = thread_cpu_ms() - cpu0;
    out->wall = wall_ms() - wall0;
    out->got = n;
    out->retries = use_epoll ? waits : watch.eagains;
    out->text[0] = '\0';
    if (n > 0) {
        buf[n] = '\0';
        buf[strcspn(buf, "\n")] = '\0';
        snprintf(out->text, sizeof out->text, "%s", buf);
    }
    close(fd);
    delayed_sender_join(&sender);
    close(lfd);
    if (n <= 0) {
        fprintf(stderr, "no message: %s\n",
                n == 0          ? "the client hung up"
                : watch.gave_up ? "gave up after 5 s"
                                : strerror((int)-n));
        return 1;
    }
    return 0;
}

static bool parse_delay(int argc, char **argv, unsigned long *delay)
{
    return argc < 2 || ac_cli_parse_ulong(argv[0], argv[1], 0, 2000, delay);
}

int demo_spin(int argc, char **argv)
{
    unsigned long delay = 100;
    if (!parse_delay(argc, argv, &delay))
        return 2;
    wait_result r;
    if (wait_for_message(false, (unsigned)delay, true, &r) != 0)
        return 1;
    printf("\n  read() -> %zd bytes: \"%s\"   (after %lu EAGAINs in all)\n", r.got, r.text, r.retries);
    printf("\nwaited %.1f ms of wall time and burned %.1f ms of CPU doing it (%.0f%%).\n", r.wall, r.cpu,
           r.wall > 0 ? 100.0 * r.cpu / r.wall : 0.0);
    printf("\nTakeaway: a nonblocking read never sleeps - EAGAIN just means \"not yet\".\n"
           "Asking again at once works, but the waiting costs a whole core.\n");
    return 0;
}

int demo_epoll(int argc, char **argv)
{
    unsigned long delay = 200;
    if (!parse_delay(argc, argv, &delay))
        return 2;
    printf("The same message, %lu ms late, waited for twice (client on a loopback port):\n\n", delay);

    wait_result spin, ep;
    if (wait_for_message(false, (unsigned)delay, false, &spin) != 0)
        return 1;
    printf("  busy loop (ex1 spin_read) ........ done\n");
    if (wait_for_message(true, (unsigned)delay, false, &ep) != 0)
        return 1;
    printf("  epoll loop (ex2 epoll_read) ...... done\n\n");

    printf("  %-28s %9s %9s %6s   %s\n", "how", "wall ms", "CPU ms", "CPU%", "asked the kernel");
    printf("  %-28s %9.1f %9.1f %5.0f%%   %lu read() calls said EAGAIN\n", "busy loop (spin_read)", spin.wall,
           spin.cpu, spin.wall > 0 ? 100.0 * spin.cpu / spin.wall : 0.0, spin.retries);
    printf("  %-28s %9.1f %9.1f %5.0f%%   %lu epoll_wait call(s)\n", "epoll_wait (epoll_read)", ep.wall,
           ep.cpu, ep.wall > 0 ? 100.0 * ep.cpu / ep.wall : 0.0, ep.retries);
    if (ep.cpu > 0)
        printf("\n  The busy loop used %.0fx the CPU time for the same wait.\n", spin.cpu / ep.cpu);
    printf("\n(Measured, not asserted: the numbers depend on the machine and its load.)\n");
    printf("\nTakeaway: both loops wait the same wall time; only the busy one pays for it.\n"
           "epoll_wait puts the thread to sleep and the kernel wakes it when the fd is ready.\n");
    return 0;
}
