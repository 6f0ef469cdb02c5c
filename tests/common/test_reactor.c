/*
 * test_reactor.c - the reactor contract, on whichever backend was built:
 * slots and generations, cross-thread wakes, EINTR, fairness.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "ac/coro.h"
#include "ac/io.h"
#include "ac/reactor.h"
#include "ac/sleep.h"
#include "rt_util.h"

static void make_pipe(int fds[2]) { assert_int_equal(pipe2(fds, O_NONBLOCK | O_CLOEXEC), 0); }

static void put_byte(int fd)
{
    char c = 'x';
    assert_int_equal(write(fd, &c, 1), 1);
}

static void test_backend_is_the_one_cmake_chose(void **state)
{
    (void)state;
    assert_string_equal(ac_reactor_backend_name(), AC_REACTOR_NAME);
}

/* Arm -> event -> exactly one wake -> slot empty: no second wake. */
static void test_armed_slot_wakes_once_per_readiness(void **state)
{
    (void)state;
    ac_executor ex;
    EXECUTOR_SETUP(ex);
    ac_reactor *r = ac_reactor_get(&ex);
    int p[2];
    make_pipe(p);
    assert_int_equal(ac_reactor_register(r, p[0]), 0);
    counting_waker cw = {0};
    ac_waker w = cw_borrow(&cw);
    ac_reactor_arm(r, p[0], AC_READABLE, &w);
    assert_true(ac_reactor_is_armed(r, p[0], AC_READABLE));
    assert_false(ac_reactor_is_armed(r, p[0], AC_WRITABLE));
    ac_reactor_turn(r, 0);
    assert_int_equal(cw.wakes, 0); /* nothing to read yet */
    put_byte(p[1]);
    ac_reactor_turn(r, AC_SEC(5));
    assert_int_equal(cw.wakes, 1);
    assert_false(ac_reactor_is_armed(r, p[0], AC_READABLE));
    put_byte(p[1]);
    ac_reactor_turn(r, 0);
    assert_int_equal(cw.wakes, 1); /* nobody armed: nobody woken */
    assert_int_equal(cw.refs, 1);  /* the slot keeps its clone for the next arm... */
    ac_reactor_arm(r, p[0], AC_READABLE, &w);
    assert_int_equal(cw.refs, 1); /* ...which reuses it instead of cloning again */
    ac_reactor_deregister(r, p[0]);
    assert_int_equal(cw.refs, 0); /* deregister gives it back */
    assert_int_equal(cw.wakes, 1);
    close(p[0]);
    close(p[1]);
    ac_executor_close(&ex);
}

static void test_disarm_and_deregister_drop_without_waking(void **state)
{
    (void)state;
    ac_executor ex;
    EXECUTOR_SETUP(ex);
    ac_reactor *r = ac_reactor_get(&ex);
    int p[2];
    make_pipe(p);
    assert_int_equal(ac_reactor_register(r, p[1]), 0);
    assert_int_equal(ac_reactor_register(r, p[0]), 0);
    counting_waker a = {0}, b = {0};
    ac_waker wa = cw_borrow(&a), wb = cw_borrow(&b);
    ac_reactor_arm(r, p[0], AC_READABLE, &wa);
    ac_reactor_disarm(r, p[0], AC_READABLE);
    assert_int_equal(a.refs, 0);
    ac_reactor_arm(r, p[0], AC_READABLE, &wb);
    assert_int_equal(b.refs, 1);
    ac_reactor_deregister(r, p[0]);
    assert_int_equal(b.refs, 0);
    assert_false(ac_reactor_is_registered(r, p[0]));
    put_byte(p[1]);
    ac_reactor_turn(r, 0);
    assert_int_equal(a.wakes + b.wakes, 0);
    ac_reactor_deregister(r, p[1]);
    assert_int_equal(r->registered, 0);
    close(p[0]);
    close(p[1]);
    ac_executor_close(&ex);
}

/*
 * Two readable fds in ONE batch of events.  Whichever waker runs first
 * closes the other fd (deregister, close) and immediately reuses its number
 * for a fresh pipe, armed with a third waker.  The batch still holds the
 * event for the old fd: it must be recognised as stale and wake nobody.
 */
typedef struct reuse_case {
    ac_reactor *r;
    int a[2], b[2];
    int fresh[2];
    counting_waker wa, wb, fresh_w;
    bool swapped;
} reuse_case;

static void close_other_and_reuse(counting_waker *self)
{
    reuse_case *c = self->user;
    if (c->swapped)
        return;
    c->swapped = true;
    int *victim = self == &c->wa ? c->b : c->a;
    int number = victim[0];
    ac_reactor_deregister(c->r, victim[0]);
    close(victim[0]);
    close(victim[1]);
    make_pipe(c->fresh);
    if (c->fresh[0] != number) { /* lowest free fd is reused; make sure of it */
        assert_int_equal(dup2(c->fresh[0], number), number);
        close(c->fresh[0]);
        c->fresh[0] = number;
    }
    assert_int_equal(ac_reactor_register(c->r, c->fresh[0]), 0);
    ac_waker w = cw_borrow(&c->fresh_w);
    ac_reactor_arm(c->r, c->fresh[0], AC_READABLE, &w);
    victim[0] = victim[1] = -1;
}

static void test_fd_reused_within_one_batch_gets_no_stale_wake(void **state)
{
    (void)state;
    ac_executor ex;
    EXECUTOR_SETUP(ex);
    static reuse_case c;
    c = (reuse_case){.r = ac_reactor_get(&ex)};
    c.wa = (counting_waker){.on_wake = close_other_and_reuse, .user = &c};
    c.wb = (counting_waker){.on_wake = close_other_and_reuse, .user = &c};
    make_pipe(c.a);
    make_pipe(c.b);
    assert_int_equal(ac_reactor_register(c.r, c.a[0]), 0);
    assert_int_equal(ac_reactor_register(c.r, c.b[0]), 0);
    ac_waker wa = cw_borrow(&c.wa), wb = cw_borrow(&c.wb);
    ac_reactor_arm(c.r, c.a[0], AC_READABLE, &wa);
    ac_reactor_arm(c.r, c.b[0], AC_READABLE, &wb);
    put_byte(c.a[1]);
    put_byte(c.b[1]);
    int seen = ac_reactor_turn(c.r, AC_SEC(5));
    assert_true(c.swapped);
    assert_int_equal(c.wa.wakes + c.wb.wakes, 1); /* the victim's waker was dropped */
    assert_int_equal(c.fresh_w.wakes, 0);         /* and the new owner got nothing */
    assert_true(ac_reactor_is_armed(c.r, c.fresh[0], AC_READABLE));
    assert_int_equal(seen, 2);             /* both events were in the batch... */
    assert_int_equal(c.r->stats.stale, 1); /* ...and the second was recognised as stale */
    /* the new pipe still works normally */
    put_byte(c.fresh[1]);
    ac_reactor_turn(c.r, AC_SEC(5));
    assert_int_equal(c.fresh_w.wakes, 1);
    int *alive = c.a[0] >= 0 ? c.a : c.b;
    ac_reactor_deregister(c.r, alive[0]);
    ac_reactor_deregister(c.r, c.fresh[0]);
    close(alive[0]);
    close(alive[1]);
    close(c.fresh[0]);
    close(c.fresh[1]);
    assert_int_equal(c.wa.refs + c.wb.refs + c.fresh_w.refs, 0);
    ac_executor_close(&ex);
}

/* ---- a wake from another thread interrupts a blocked wait ------------ */

typedef struct remote_wait {
    ac_future base;
    _Atomic bool done;
    bool started;
    ac_waker waker;
    pthread_t thread;
} remote_wait;

static void *remote_waker_thread(void *arg)
{
    remote_wait *rw = arg;
    usleep(20000); /* the executor is parked in the backend by now */
    atomic_store(&rw->done, true);
    ac_waker_wake(&rw->waker);
    return NULL;
}

static ac_poll remote_wait_poll(ac_future *self, ac_context *cx)
{
    remote_wait *rw = (remote_wait *)self;
    if (atomic_load(&rw->done))
        return AC_READY;
    if (!rw->started) {
        rw->started = true;
        rw->waker = ac_waker_clone(cx->waker);
        pthread_create(&rw->thread, NULL, remote_waker_thread, rw);
    }
    return AC_PENDING;
}
static const ac_future_vtable remote_wait_vtable = {.name = "remote_wait", .poll = remote_wait_poll};

static void test_cross_thread_wake_interrupts_the_wait(void **state)
{
    (void)state;
    ac_executor ex;
    EXECUTOR_SETUP(ex);
    ac_reactor *r = ac_reactor_get(&ex); /* park in the backend, no timers: forever */
    remote_wait rw = {.base = {&remote_wait_vtable}};
    ac_block_on(&ex, &rw.base);
    pthread_join(rw.thread, NULL);
    assert_true(atomic_load(&rw.done));
    assert_true(r->stats.waits >= 1);
    assert_true(ex.stats.parks >= 1);
    ac_executor_close(&ex);
}

/* ---- readiness memory: a short read of a stream socket ---------------- */

/* A socket pair, `a` adopted by the reactor of `ex`, as after a first wait. */
static void adopted_pair(ac_executor *ex, ac_io *a, ac_io *b)
{
    int fds[2];
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), 0);
    assert_int_equal(ac_io_open(a, fds[0]), 0);
    assert_int_equal(ac_io_open(b, fds[1]), 0);
    assert_true(a->is_stream);
    ac_reactor *r = ac_reactor_get(ex);
    assert_int_equal(ac_reactor_register(r, a->fd), 0);
    a->reactor = r;
}

static void test_short_read_skips_the_eagain_read_and_loses_no_wake(void **state)
{
    (void)state;
    ac_executor ex;
    EXECUTOR_SETUP(ex);
    ac_io a, b;
    adopted_pair(&ex, &a, &b);
    counting_waker cw = {0};
    ac_waker w = cw_borrow(&cw);
    ac_context cx = {.waker = &w};
    char buf[16];
    ssize_t n = 0;

    assert_int_equal(write(b.fd, "abc", 3), 3);
    assert_int_equal(ac_io_poll_read(&a, &cx, buf, sizeof buf, &n), AC_READY);
    assert_int_equal(n, 3); /* short: the queue is empty now */

    /* Bytes arrive, but the reactor has not seen their event yet: the read
     * is skipped and the slot armed, which a plain retry would not do. */
    assert_int_equal(write(b.fd, "de", 2), 2);
    assert_int_equal(ac_io_poll_read(&a, &cx, buf, sizeof buf, &n), AC_PENDING);
    assert_true(ac_reactor_is_armed(a.reactor, a.fd, AC_READABLE));

    /* The kernel's event for them wakes the reader, and the read gets them. */
    assert_true(ac_reactor_turn(a.reactor, AC_SEC(1)) >= 1);
    assert_int_equal(cw.wakes, 1);
    assert_int_equal(ac_io_poll_read(&a, &cx, buf, sizeof buf, &n), AC_READY);
    assert_int_equal(n, 2);
    assert_memory_equal(buf, "de", 2);
    ac_reactor_disarm(a.reactor, a.fd, AC_READABLE);
    ac_io_close(&a);
    ac_io_close(&b);
    ac_executor_close(&ex);
}

/* Data and the end of file in one event: after the short read the end of
 * file is still to be read, and no further event will announce it. */
static void test_hangup_in_the_same_event_is_still_read(void **state)
{
    (void)state;
    ac_executor ex;
    EXECUTOR_SETUP(ex);
    ac_io a, b;
    adopted_pair(&ex, &a, &b);
    counting_waker cw = {0};
    ac_waker w = cw_borrow(&cw);
    ac_context cx = {.waker = &w};
    char buf[16];
    ssize_t n = -1;

    /* arm first (the poll backend reports armed fds only), then data + EOF */
    assert_int_equal(ac_io_poll_read(&a, &cx, buf, sizeof buf, &n), AC_PENDING);
    assert_int_equal(write(b.fd, "xy", 2), 2);
    assert_int_equal(shutdown(b.fd, SHUT_WR), 0);
    assert_true(ac_reactor_turn(a.reactor, AC_SEC(1)) >= 1);
    assert_int_equal(cw.wakes, 1);
    assert_int_equal(ac_io_poll_read(&a, &cx, buf, sizeof buf, &n), AC_READY);
    assert_int_equal(n, 2);
    assert_int_equal(ac_io_poll_read(&a, &cx, buf, sizeof buf, &n), AC_READY);
    assert_int_equal(n, 0); /* end of file, at once */
    ac_io_close(&a);
    ac_io_close(&b);
    ac_executor_close(&ex);
}

/* ---- EINTR: a 1 ms SIGALRM storm does not cut a sleep short ----------- */

static void test_signal_storm_does_not_cut_a_sleep_short(void **state)
{
    (void)state;
    ac_executor ex;
    EXECUTOR_SETUP(ex);
    alarm_storm(true);
    ac_nanos t0 = ac_monotonic_now();
    ac_sleep s = ac_sleep_for(AC_MSEC(40));
    ac_block_on(&ex, &s.base);
    ac_nanos took = ac_monotonic_now() - t0;
    alarm_storm(false);
    ac_reactor *r = ac_reactor_get(&ex);
    assert_true(took >= AC_MSEC(40));
    assert_true(r->stats.eintr > 0);
    ac_executor_close(&ex);
}

/* ---- a dropped I/O future clears its slot --------------------------------- */

typedef struct pipe_reader {
    ac_future base;
    ac_read read;
    char buf[8];
} pipe_reader;
static ac_poll pipe_reader_poll(ac_future *self, ac_context *cx)
{
    return ac_future_poll(&((pipe_reader *)self)->read.base, cx);
}
static void pipe_reader_drop(ac_future *self) { ac_future_drop(&((pipe_reader *)self)->read.base); }
static const ac_future_vtable pipe_reader_vtable = {
    .name = "pipe_reader", .poll = pipe_reader_poll, .drop = pipe_reader_drop};

static void test_dropped_read_future_disarms_its_slot(void **state)
{
    (void)state;
    ac_executor ex;
    EXECUTOR_SETUP(ex);
    int p[2];
    make_pipe(p);
    static ac_io io;
    assert_int_equal(ac_io_open(&io, p[0]), 0);
    pipe_reader pr = {.base = {&pipe_reader_vtable}};
    ac_join_handle h = AC_SPAWN(&ex, pr);
    /* the task's copy of the future points at the task's own buffer */
    pipe_reader *inside = (pipe_reader *)ac_task_future(h.task);
    inside->read = ac_read_some(&io, inside->buf, sizeof inside->buf);
    ac_executor_run_until_idle(&ex);
    assert_non_null(io.reactor);
    assert_true(ac_reactor_is_armed(io.reactor, p[0], AC_READABLE));
    ac_join_abort(&h);
    ac_executor_run_until_idle(&ex);
    assert_true(ac_join_was_aborted(&h));
    assert_false(ac_reactor_is_armed(io.reactor, p[0], AC_READABLE));
    ac_join_release(&h);
    ac_io_close(&io);
    close(p[1]);
    ac_executor_close(&ex);
}

/* ---- fairness: always-ready work cannot keep I/O out ---------------------- */

typedef struct spinner {
    ac_future base;
    ac_yield y;
    int wfd;
    unsigned long spins;
    _Atomic bool *stop;
} spinner;
static ac_poll spinner_poll(ac_future *self, ac_context *cx)
{
    spinner *s = (spinner *)self;
    if (atomic_load(s->stop))
        return AC_READY;
    if (++s->spins == 10)
        put_byte(s->wfd); /* data arrives while we keep the queue busy */
    if (s->spins > 1000000)
        return AC_READY; /* starved for a million polls: give up, the test fails */
    s->y = ac_yield_now();
    ac_poll p = ac_future_poll(&s->y.base, cx); /* Pending: wakes us again at once */
    assert_int_equal(p, AC_PENDING);
    return AC_PENDING;
}
static const ac_future_vtable spinner_vtable = {.name = "spinner", .poll = spinner_poll};

typedef struct waiter {
    ac_future base;
    ac_io *io;
    ac_read read;
    char buf[4];
    bool started;
    _Atomic bool *stop;
} waiter;
static ac_poll waiter_poll(ac_future *self, ac_context *cx)
{
    waiter *w = (waiter *)self;
    if (!w->started) {
        w->started = true;
        w->read = ac_read_some(w->io, w->buf, sizeof w->buf);
    }
    if (ac_future_poll(&w->read.base, cx) == AC_PENDING)
        return AC_PENDING;
    atomic_store(w->stop, true);
    return AC_READY;
}
static const ac_future_vtable waiter_vtable = {.name = "waiter", .poll = waiter_poll};

static void run_fairness(bool spinner_is_root)
{
    ac_executor ex;
    EXECUTOR_SETUP(ex);
    int p[2];
    make_pipe(p);
    static ac_io io;
    assert_int_equal(ac_io_open(&io, p[0]), 0);
    static _Atomic bool stop;
    atomic_store(&stop, false);
    waiter w = {.base = {&waiter_vtable}, .io = &io, .stop = &stop};
    spinner s = {.base = {&spinner_vtable}, .wfd = p[1], .stop = &stop};
    ac_join_handle hw = AC_SPAWN(&ex, w);
    if (spinner_is_root) {
        ac_block_on(&ex, &s.base); /* the busy one is block_on's own future */
    } else {
        ac_join_handle hs = AC_SPAWN(&ex, s);
        ac_executor_run(&ex);
        ac_join_release(&hs);
    }
    assert_true(atomic_load(&stop)); /* the reader got its byte while the spinner spun */
    assert_true(ex.stats.driver_checks > 0);
    ac_join_release(&hw);
    ac_io_close(&io);
    close(p[1]);
    ac_executor_close(&ex);
}

static void test_io_gets_in_between_always_ready_tasks(void **state)
{
    (void)state;
    run_fairness(false);
}

static void test_io_gets_in_while_the_root_future_spins(void **state)
{
    (void)state;
    run_fairness(true);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_backend_is_the_one_cmake_chose),
        cmocka_unit_test(test_armed_slot_wakes_once_per_readiness),
        cmocka_unit_test(test_disarm_and_deregister_drop_without_waking),
        cmocka_unit_test(test_fd_reused_within_one_batch_gets_no_stale_wake),
        cmocka_unit_test(test_cross_thread_wake_interrupts_the_wait),
        cmocka_unit_test(test_signal_storm_does_not_cut_a_sleep_short),
        cmocka_unit_test(test_short_read_skips_the_eagain_read_and_loses_no_wake),
        cmocka_unit_test(test_hangup_in_the_same_event_is_still_read),
        cmocka_unit_test(test_dropped_read_future_disarms_its_slot),
        cmocka_unit_test(test_io_gets_in_between_always_ready_tasks),
        cmocka_unit_test(test_io_gets_in_while_the_root_future_spins),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
