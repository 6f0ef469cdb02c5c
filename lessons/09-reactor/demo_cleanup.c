/*
 * demo_cleanup.c - exercise 4: what deregistration leaves behind (nothing),
 * and a late event for a removed fd, shown to be harmless.
 */
#include <stdio.h>
#include <unistd.h>

#include "ac/executor.h"
#include "demos.h"
#include "lesson.h"
#include "given_sockets.h"

#define CONNS 4

/* X's waker: close Y in the middle of the turn, then open a new socket,
 * which the kernel will most likely give Y's old number. */
typedef struct closer {
    echo_hub *h;
    hub_conn *victim;
    int newcomer[2];
    loud *newcomer_loud;
} closer;

static const ac_waker_vtable closer_vtable;
static ac_waker closer_clone(void *data) { return (ac_waker){.data = data, .vtable = &closer_vtable}; }
static void closer_wake(void *data)
{
    closer *c = data;
    int old = c->victim->fd;
    printf("           X's waker: wake() -> it closes Y (fd %d) with hub_close\n", old);
    hub_close(c->h, c->victim);
    if (socket_pair(c->newcomer) != 0) {
        c->newcomer[0] = c->newcomer[1] = -1;
        return;
    }
    reactor_register(c->h->reactor, c->newcomer[0]);
    ac_waker w = loud_waker(c->newcomer_loud);
    reactor_arm(c->h->reactor, c->newcomer[0], AC_READABLE, &w);
    printf("           ... and opens a new socket: fd %d%s, registered and armed\n", c->newcomer[0],
           c->newcomer[0] == old ? " (Y's old number!)" : "");
}
static void closer_drop(void *data) { (void)data; }
static const ac_waker_vtable closer_vtable = {
    .clone = closer_clone, .wake = closer_wake, .wake_by_ref = closer_wake, .drop = closer_drop};

int demo_cleanup(int argc, char **argv)
{
    if (!no_args(argc, argv))
        return 2;
    ac_executor ex;
    reactor handle, *r = &handle;
    if (!demo_reactor(&ex, &reactor_common, r))
        return 1;
    echo_hub h;
    hub_init(&h, r);

    printf("1) the waker map: %d connections, each armed by a first turn\n\n", CONNS);
    int peers[CONNS];
    for (int i = 0; i < CONNS; i++) {
        int pair[2];
        if (socket_pair(pair) != 0 || hub_add(&h, pair[0]) == NULL)
            return 1;
        peers[i] = pair[1];
    }
    echo_hub_turn(&h, 0);
    printf("  waker map size (fds registered): %zu, hub open: %zu\n", reactor_stats(r).registered, h.open);
    for (int i = 0; i < CONNS; i += 2) {
        close(peers[i]);
        peers[i] = -1;
    }
    printf("  clients 0 and 2 hang up; the next turn sees end of file and calls hub_close\n");
    for (int turn = 0; turn < 10 && h.closed < 2; turn++)
        echo_hub_turn(&h, AC_SEC(1));
    printf("  waker map size: %zu, hub open: %zu, closed: %lu\n", reactor_stats(r).registered, h.open,
           h.closed);
    hub_free(&h);
    printf("  hub_free closes the rest: waker map size: %zu\n", reactor_stats(r).registered);
    for (int i = 0; i < CONNS; i++)
        if (peers[i] >= 0)
            close(peers[i]);

    printf("\n2) a late event: X and Y are both readable and reported in ONE turn;\n"
           "   X's waker runs first and closes Y.\n\n");
    hub_init(&h, r);
    int x[2], y[2];
    if (socket_pair(x) != 0 || socket_pair(y) != 0)
        return 1;
    hub_conn *cx = hub_add(&h, x[0]), *cy = hub_add(&h, y[0]);
    loud y_loud = {.name = "Y's"}, newcomer_loud = {.name = "newcomer's"};
    closer cl = {.h = &h, .victim = cy, .newcomer = {-1, -1}, .newcomer_loud = &newcomer_loud};
    ac_waker xw = closer_clone(&cl), yw = loud_waker(&y_loud);
    reactor_arm(r, cx->fd, AC_READABLE, &xw);
    reactor_arm(r, cy->fd, AC_READABLE, &yw);
    printf("  X = fd %d, Y = fd %d, both armed; their peers write one byte each\n", cx->fd, cy->fd);
    if (write(x[1], "x", 1) != 1 || write(y[1], "y", 1) != 1)
        return 1;
    uint64_t stale = reactor_stats(r).stale, wakes = reactor_stats(r).wakes;
    int n = reactor_turn(r, AC_SEC(1));
    printf("  the turn saw %d event(s): %llu wake(s), %llu stale event(s) ignored\n", n,
           (unsigned long long)(reactor_stats(r).wakes - wakes),
           (unsigned long long)(reactor_stats(r).stale - stale));
    printf("  Y's waker woken: %u times; newcomer's waker woken: %u times\n", y_loud.wakes,
           newcomer_loud.wakes);
    printf("  waker map size: %zu (X and the newcomer)\n", reactor_stats(r).registered);

    if (cl.newcomer[0] >= 0) {
        reactor_deregister(r, cl.newcomer[0]);
        close(cl.newcomer[0]);
        close(cl.newcomer[1]);
    }
    hub_free(&h);
    close(x[1]);
    close(y[1]);
    printf("  after cleanup: waker map size %zu\n", reactor_stats(r).registered);
    ac_executor_close(&ex);
    if (y_loud.wakes != 0 || newcomer_loud.wakes != 0)
        return 1;
    printf("\nTakeaway: deregister before close.  It drops the fd's wakers and moves its\n"
           "generation on, so an event the kernel already reported for the old fd -\n"
           "even one later in the same batch, even if the number was reused - is\n"
           "counted as stale and wakes nobody.\n");
    return 0;
}
