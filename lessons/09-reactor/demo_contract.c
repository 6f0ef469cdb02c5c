/*
 * demo_contract.c - the reactor's contract, one call at a time, on a
 * socket pair: register, try, arm, turn, read, deregister.  `contract`
 * runs it on common's reactor, `twin` on the lesson's twin, which also
 * shows what it tells epoll at each step.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ac/executor.h"
#include "ac/reactor.h"
#include "demos.h"
#include "given_sockets.h"
#include "twin_reactor.h"

static void show_stats(reactor *r, const char *label)
{
    printf("           %s: waits %llu, events %llu, wakes %llu, stale %llu\n", label,
           (unsigned long long)reactor_stats(r).waits, (unsigned long long)reactor_stats(r).events,
           (unsigned long long)reactor_stats(r).wakes, (unsigned long long)reactor_stats(r).stale);
}

static void try_read(int fd)
{
    char buf[32];
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0)
        printf("  read(%d)  -> %s\n", fd, errno == EAGAIN ? "EAGAIN: nothing there yet" : strerror(errno));
    else
        printf("  read(%d)  -> %zd bytes: \"%.*s\"\n", fd, n, (int)n, buf);
}

/* The twin only: does epoll watch fd now, and for what? */
static void show_epoll(reactor *r, int fd)
{
    if (r->vtable != &reactor_twin)
        return;
    const twin_entry *e = &((twin_reactor *)r->impl)->entries[fd];
    printf("           (twin: epoll watches fd %d: %s)\n", fd,
           !e->in_epoll                        ? "no - nobody waits on it"
           : e->read.vtable && e->write.vtable ? "for reading and writing"
           : e->read.vtable                    ? "for reading"
                                               : "for writing");
}

static int contract_on(const reactor_vtable *kind)
{
    ac_executor ex;
    int pair[2];
    reactor handle, *r = &handle;
    if (!demo_reactor_and_pair(&ex, kind, r, pair))
        return 1;
    int fd = pair[0];
    loud l = {.name = "our"};
    ac_waker w = loud_waker(&l);

    if (kind == &reactor_twin)
        printf("reactor: the lesson's twin (twin_reactor.c, level-triggered epoll).");
    else
        printf("reactor: common's (backend %s).", ac_reactor_backend_name());
    printf("  socket pair: fd %d (ours, nonblocking) <-> fd %d (the peer)\n\n", fd, pair[1]);

    reactor_register(r, fd);
    printf("1 register(%d)            fds registered: %zu\n", fd, reactor_stats(r).registered);
    show_epoll(r, fd);
    printf("2 try first:\n");
    try_read(fd);
    reactor_arm(r, fd, AC_READABLE, &w);
    printf("3 arm(%d, READABLE)       read slot armed: %s (the reactor keeps a clone of our waker)\n", fd,
           reactor_is_armed(r, fd, AC_READABLE) ? "yes" : "no");
    show_epoll(r, fd);
    int n = reactor_turn(r, AC_MSEC(20));
    printf("4 turn(20 ms)             -> %d event(s), %u wake(s): nobody wrote, so nobody is woken\n", n,
           l.wakes);
    if (n > 0)
        printf("           (epoll reports the fd writable once after register; the write\n"
               "            slot is empty, so that event wakes nobody)\n");
    printf("5 the peer writes \"ping\"\n");
    if (write(pair[1], "ping", 4) != 4)
        return 1;
    printf("6 turn(1 s):\n");
    n = reactor_turn(r, AC_SEC(1));
    printf("           -> %d event(s), returned at once\n", n);
    printf("           read slot armed: %s (a slot wakes once, then empties)\n",
           reactor_is_armed(r, fd, AC_READABLE) ? "yes" : "no");
    show_epoll(r, fd);
    printf("7 the woken side tries again:\n");
    try_read(fd);
    try_read(fd);
    reactor_arm(r, fd, AC_READABLE, &w);
    printf("8 EAGAIN again, so arm again: armed: %s\n", reactor_is_armed(r, fd, AC_READABLE) ? "yes" : "no");
    show_epoll(r, fd);
    printf("9 deregister(%d):\n", fd);
    reactor_deregister(r, fd);
    printf("           fds registered: %zu, armed: %s\n", reactor_stats(r).registered,
           reactor_is_armed(r, fd, AC_READABLE) ? "yes" : "no");
    close(pair[0]);
    close(pair[1]);
    printf("10 close both ends (only after deregister)\n\n");
    show_stats(r, "reactor stats");
    printf("           our waker: %u wake(s), %u drop(s)\n", l.wakes, l.drops);
    ac_executor_close(&ex);

    return 0;
}

int demo_contract(int argc, char **argv)
{
    if (!no_args(argc, argv) || contract_on(&reactor_common) != 0)
        return argc > 1 ? 2 : 1;
    printf("\nTakeaway: the reactor never reads a byte.  It holds one waker per fd and\n"
           "direction, wakes it once when the kernel reports that direction ready, and\n"
           "forgets it.  Whoever is woken tries the syscall again - and arms again only\n"
           "after the kernel has said EAGAIN.\n");
    return 0;
}

int demo_twin(int argc, char **argv)
{
    if (!no_args(argc, argv) || contract_on(&reactor_twin) != 0)
        return argc > 1 ? 2 : 1;
    printf("\nTakeaway: the same contract, kept the plain way.  The twin tells epoll\n"
           "exactly who waits - one epoll_ctl when a slot is armed, one when it wakes -\n"
           "where common's reactor registers each fd once, edge-triggered, and never\n"
           "calls epoll_ctl again (docs/09-reactor.md, \"The twin and the fast one\").\n");
    return 0;
}
