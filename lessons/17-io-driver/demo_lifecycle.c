/*
 * demo_lifecycle.c - `17-io-driver lifecycle`: one registration from
 * start to end on the runtime's reactor, turned by hand; then what the
 * generation number is for, shown with a socket closed WITHOUT
 * deregistering while a dup() keeps it alive, and its number reused.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ac/executor.h"
#include "ac/reactor.h"
#include "demos.h"
#include "lesson.h"

static void show_stats(const ac_reactor *r, const ac_reactor_stats *before)
{
    printf("      reactor stats: +%llu events, +%llu wakes, +%llu stale; %zu fds registered\n",
           (unsigned long long)(r->stats.events - before->events),
           (unsigned long long)(r->stats.wakes - before->wakes),
           (unsigned long long)(r->stats.stale - before->stale), r->registered);
}

/* register -> arm -> event -> wake -> deregister -> close, each step said. */
static int one_registration(ac_reactor *r)
{
    int sv[2];
    if (unix_pair(sv) != 0)
        return 1;
    char buf[16];
    loud reader = {.name = "reader"};
    ac_waker w = loud_waker(&reader);
    ac_reactor_stats before = r->stats;

    printf("  a socket pair: fd %d (ours) and fd %d (the peer)\n", sv[0], sv[1]);
    ac_reactor_register(r, sv[0]);
    printf("  1. register fd %d          registered: %s\n", sv[0],
           ac_reactor_is_registered(r, sv[0]) ? "yes" : "no");
    ssize_t n = read(sv[0], buf, sizeof buf);
    printf("  2. read(fd %d) = %zd (%s)  -> arm the read slot\n", sv[0], n, n < 0 ? strerror(errno) : "?");
    ac_reactor_arm(r, sv[0], AC_READABLE, &w);
    printf("     armed: %s\n", ac_reactor_is_armed(r, sv[0], AC_READABLE) ? "yes" : "no");
    printf("  3. the peer writes \"ping\"; a turn of the reactor:\n");
    if (write(sv[1], "ping", 4) != 4)
        return 1;
    ac_reactor_turn(r, AC_MSEC(100));
    printf("  4. woken %u time(s); armed now: %s (a wake disarms)\n", reader.wakes,
           ac_reactor_is_armed(r, sv[0], AC_READABLE) ? "yes" : "no");
    n = read(sv[0], buf, sizeof buf);
    printf("     read(fd %d) = %zd\n", sv[0], n);
    ac_reactor_deregister(r, sv[0]);
    close(sv[0]);
    close(sv[1]);
    printf("  5. deregister, THEN close\n");
    show_stats(r, &before);
    return 0;
}

/*
 *   fd N = socket C   register(N): epoll holds (C, N, gen g)
 *   keep = dup(N)     C now has two fds
 *   close(N)          no deregister! epoll's entry stays: C is still open
 *   dup2(E, N)        fd N = socket E, a new one
 *   register(N)       the reactor resets entry N: gen g+2, epoll adds (E, N)
 *   C's peer writes   epoll reports (N, gen g): stale, the new owner sleeps on
 */
static int reused_number(ac_reactor *r)
{
    int c[2], e[2];
    if (unix_pair(c) != 0 || unix_pair(e) != 0)
        return 1;
    int n = c[0];
    int keep = dup(n);
    loud owner = {.name = "new owner of fd N"};
    ac_waker w = loud_waker(&owner);

    ac_reactor_register(r, n);
    printf("  socket C is fd N = %d, registered; keep = dup(N) = fd %d\n", n, keep);
    close(n);
    bool epoll = strcmp(ac_reactor_backend_name(), "epoll") == 0;
    printf("  close(%d) WITHOUT deregister: the kernel still has C open (fd %d)\n", n, keep);
    if (epoll)
        printf("  so epoll keeps its entry for (C, fd %d) and reports C's events as fd %d\n", n, n);
    else
        printf("  (poll(2) asks about fd %d afresh at every wait: C is out of the picture)\n", n);
    dup2(e[0], n);
    close(e[0]);
    printf("  dup2: fd %d is now socket E; register it again (the reactor starts the entry\n"
           "  over: a new generation) and arm its read slot\n",
           n);
    ac_reactor_register(r, n);
    ac_reactor_arm(r, n, AC_READABLE, &w);

    ac_reactor_stats before = r->stats;
    printf("  C's peer writes \"old\"; a turn:\n");
    if (write(c[1], "old", 3) != 3)
        return 1;
    ac_reactor_turn(r, AC_MSEC(20));
    show_stats(r, &before);
    if (r->stats.stale > before.stale)
        printf("      the event for C came with C's old generation: ignored (new owner woken %u\n"
               "      times; its socket E has no data)\n",
               owner.wakes);
    else
        printf("      (the %s backend keeps no registration in the kernel: nothing to go stale)\n",
               ac_reactor_backend_name());

    before = r->stats;
    printf("  E's peer writes \"new\"; a turn:\n");
    if (write(e[1], "new", 3) != 3)
        return 1;
    ac_reactor_turn(r, AC_MSEC(100));
    show_stats(r, &before);
    ac_reactor_deregister(r, n);
    close(n);
    close(keep); /* C's last fd: epoll forgets (C, N) only now */
    close(c[1]);
    close(e[1]);
    return 0;
}

int demo_lifecycle(int argc, char **argv)
{
    if (!no_args(argc, argv))
        return 2;
    ac_executor ex;
    if (ac_executor_init(&ex) != 0)
        return 1;
    ac_reactor *r = ac_reactor_get(&ex);
    if (r == NULL) {
        ac_executor_close(&ex);
        return 1;
    }
    printf("backend: %s\n\n", ac_reactor_backend_name());
    printf("-- %s\n\n", "one registration, start to end");
    int rc = one_registration(r);
    printf("\n");
    printf("-- %s\n\n", "why every event carries a generation");
    if (rc == 0)
        rc = reused_number(r);
    ac_executor_close(&ex);
    printf("\ntakeaway: a registration is a lease on an fd NUMBER; the generation says which\n"
           "lease an event belongs to, so a stale one (closed fd, number reused, a dup kept\n"
           "the old socket in epoll) wakes nobody.  Still: deregister before close.\n");
    return rc;
}
