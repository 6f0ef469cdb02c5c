/*
 * Tests of lesson 09's twin reactor itself (lessons/09-reactor/twin_reactor.c),
 * for what the exercise checks cannot see: what it tells epoll.  The
 * exercise checks (09-reactor.c) already run every exercise on it.
 *
 *   ctest --preset default -R 09-reactor/twin
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <pthread.h>

#include "../check.h"
#include "given_sockets.h"
#include "twin_reactor.h"

typedef struct rig {
    ac_executor ex;
    twin_reactor *r;
    int pair[2];
} rig;

static int rig_setup(void **state)
{
    rig *g = calloc(1, sizeof *g);
    if (g == NULL || ac_executor_init(&g->ex) != 0)
        return -1;
    *state = g;
    g->r = twin_reactor_new(&g->ex);
    if (g->r == NULL || socket_pair(g->pair) != 0)
        return -1;
    return twin_register(g->r, g->pair[0]);
}

static int rig_teardown(void **state)
{
    rig *g = *state;
    twin_deregister(g->r, g->pair[0]);
    close(g->pair[0]);
    close(g->pair[1]);
    ac_executor_close(&g->ex);
    free(g);
    return 0;
}

/* Level-triggered: after the wake epoll must stop watching, or every
 * later turn would report the unread bytes again and spin. */
static void a_wake_empties_the_slot_and_epoll_lets_go(void **state)
{
    rig *g = *state;
    wake_counts c = {0};
    ac_waker w = wake_counts_waker(&c);
    twin_arm(g->r, g->pair[0], AC_READABLE, &w);
    assert_true(g->r->entries[g->pair[0]].in_epoll);
    assert_int_equal(write(g->pair[1], "x", 1), 1);
    assert_int_equal(twin_turn(g->r, AC_SEC(1)), 1);
    assert_int_equal(c.wakes, 1);
    assert_int_equal(c.clones, c.drops); /* woken by value: the clone is used up */
    assert_false(twin_is_armed(g->r, g->pair[0], AC_READABLE));
    assert_false(g->r->entries[g->pair[0]].in_epoll);
    assert_int_equal(twin_turn(g->r, 0), 0); /* the byte is still unread: no event */
}

/* A registered fd nobody waits on is not in epoll: a hung-up peer
 * (EPOLLHUP is always reported) costs nothing. */
static void an_unarmed_fd_reports_nothing_even_after_a_hang_up(void **state)
{
    rig *g = *state;
    close(g->pair[1]);
    g->pair[1] = socket(AF_UNIX, SOCK_STREAM, 0); /* something for teardown to close */
    assert_int_equal(twin_turn(g->r, 0), 0);
    assert_int_equal(g->r->counts.events, 0);
}

/* Re-arming replaces the waker: the old clone is given back. */
static void arming_again_replaces_the_waker(void **state)
{
    rig *g = *state;
    wake_counts a = {0}, b = {0};
    ac_waker wa = wake_counts_waker(&a), wb = wake_counts_waker(&b);
    twin_arm(g->r, g->pair[0], AC_READABLE, &wa);
    twin_arm(g->r, g->pair[0], AC_READABLE, &wb);
    assert_int_equal(a.clones, a.drops);
    assert_int_equal(write(g->pair[1], "x", 1), 1);
    assert_int_equal(twin_turn(g->r, AC_SEC(1)), 1);
    assert_int_equal(a.wakes, 0);
    assert_int_equal(b.wakes, 1);
}

/* Both directions at once: one epoll registration for both, each slot
 * woken once, and epoll lets go only when neither waits. */
static void both_directions_share_one_registration(void **state)
{
    rig *g = *state;
    wake_counts rd = {0}, wr = {0};
    ac_waker wrd = wake_counts_waker(&rd), wwr = wake_counts_waker(&wr);
    twin_arm(g->r, g->pair[0], AC_READABLE, &wrd);
    twin_arm(g->r, g->pair[0], AC_WRITABLE, &wwr);
    assert_int_equal(twin_turn(g->r, AC_SEC(1)), 1); /* writable at once, nothing to read */
    assert_int_equal(wr.wakes, 1);
    assert_int_equal(rd.wakes, 0);
    assert_true(g->r->entries[g->pair[0]].in_epoll); /* the reader still waits */
    twin_disarm(g->r, g->pair[0], AC_READABLE);
    assert_int_equal(rd.clones, rd.drops);
    assert_false(g->r->entries[g->pair[0]].in_epoll);
}

/* The executor parks in the twin, and a wake from another thread ends
 * the park (through the executor's eventfd). */
typedef struct remote {
    ac_waker waker;
} remote;
static void *wake_from_afar(void *arg)
{
    struct timespec t = {.tv_nsec = 20 * 1000000L}; /* let the executor park first */
    nanosleep(&t, NULL);
    ac_waker_wake_by_ref(&((remote *)arg)->waker);
    return NULL;
}
typedef struct wait_remote {
    ac_future base;
    pthread_t thread;
    bool started;
    remote rm;
} wait_remote;
static ac_poll wait_remote_poll(ac_future *self, ac_context *cx)
{
    wait_remote *f = (wait_remote *)self;
    if (f->started)
        return AC_READY;
    f->started = true;
    f->rm.waker = ac_waker_clone(cx->waker);
    assert_int_equal(pthread_create(&f->thread, NULL, wake_from_afar, &f->rm), 0);
    return AC_PENDING;
}
static const ac_future_vtable wait_remote_vtable = {.name = "wait_remote", .poll = wait_remote_poll};

static void a_park_ends_at_a_wake_from_another_thread(void **state)
{
    rig *g = *state;
    wait_remote f = {.base = {&wait_remote_vtable}};
    alarm(5); /* a park deaf to the eventfd would never end: SIGALRM fails the test */
    ac_block_on(&g->ex, &f.base);
    alarm(0);
    pthread_join(f.thread, NULL);
    ac_waker_drop(&f.rm.waker);
    assert_true(f.started);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(a_wake_empties_the_slot_and_epoll_lets_go, rig_setup, rig_teardown),
        cmocka_unit_test_setup_teardown(an_unarmed_fd_reports_nothing_even_after_a_hang_up, rig_setup,
                                        rig_teardown),
        cmocka_unit_test_setup_teardown(arming_again_replaces_the_waker, rig_setup, rig_teardown),
        cmocka_unit_test_setup_teardown(both_directions_share_one_registration, rig_setup, rig_teardown),
        cmocka_unit_test_setup_teardown(a_park_ends_at_a_wake_from_another_thread, rig_setup, rig_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
