/*
 * demo_contract.c - the reactor's contract, one call at a time, on a
 * socket pair: register, try, arm, turn, read, deregister.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ac/executor.h"
#include "ac/reactor.h"
#include "demos.h"
#include "given_sockets.h"

static void show_stats(const ac_reactor *r, const char *label)
{
    printf("           %s: waits %llu, events %llu, wakes %llu, stale %llu\n", label,
           (unsigned long long)r->stats.waits, (unsigned long long)r->stats.events,
           (unsigned long long)r->stats.wakes, (unsigned long long)r->stats.stale);
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

int demo_contract(int argc, char **argv)
{
    if (!no_args(argc, argv))
        return 2;
    ac_executor ex;
    int pair[2];
    ac_reactor *r = demo_reactor_and_pair(&ex, pair);
    if (r == NULL)
        return 1;
    int fd = pair[0];
    loud l = {.name = "our"};
    ac_waker w = loud_waker(&l);

    printf("reactor backend: %s.  socket pair: fd %d (ours, nonblocking) <-> fd %d (the peer)\n\n",
           ac_reactor_backend_name(), fd, pair[1]);

    ac_reactor_register(r, fd);
    printf("1 register(%d)            fds registered: %zu\n", fd, r->registered);
    printf("2 try first:\n");
    try_read(fd);
    ac_reactor_arm(r, fd, AC_READABLE, &w);
    printf("3 arm(%d, READABLE)       read slot armed: %s (the reactor keeps a clone of our waker)\n", fd,
           ac_reactor_is_armed(r, fd, AC_READABLE) ? "yes" : "no");
    int n = ac_reactor_turn(r, AC_MSEC(20));
    printf("4 turn(20 ms)             -> %d event(s), %u wake(s): nobody wrote, so nobody is woken\n", n,
           l.wakes);
    if (n > 0)
        printf("           (epoll reports the fd writable once after register; the write\n"
               "            slot is empty, so that event wakes nobody)\n");
    printf("5 the peer writes \"ping\"\n");
    if (write(pair[1], "ping", 4) != 4)
        return 1;
    printf("6 turn(1 s):\n");
    n = ac_reactor_turn(r, AC_SEC(1));
    printf("           -> %d event(s), returned at once\n", n);
    printf("           read slot armed: %s (a slot wakes once, then empties)\n",
           ac_reactor_is_armed(r, fd, AC_READABLE) ? "yes" : "no");
    printf("7 the woken side tries again:\n");
    try_read(fd);
    try_read(fd);
    ac_reactor_arm(r, fd, AC_READABLE, &w);
    printf("8 EAGAIN again, so arm again: armed: %s\n",
           ac_reactor_is_armed(r, fd, AC_READABLE) ? "yes" : "no");
    printf("9 deregister(%d):\n", fd);
    ac_reactor_deregister(r, fd);
    printf("           fds registered: %zu, armed: %s\n", r->registered,
           ac_reactor_is_armed(r, fd, AC_READABLE) ? "yes" : "no");
    close(pair[0]);
    close(pair[1]);
    printf("10 close both ends (only after deregister)\n\n");
    show_stats(r, "reactor stats");
    printf("           our waker: %u wake(s), %u drop(s)\n", l.wakes, l.drops);
    ac_executor_close(&ex);

    printf("\nTakeaway: the reactor never reads a byte.  It holds one waker per fd and\n"
           "direction, wakes it once when the kernel reports that direction ready, and\n"
           "forgets it.  Whoever is woken tries the syscall again - and arms again only\n"
           "after the kernel has said EAGAIN.\n");
    return 0;
}
