/*
 * test_runtime_io.c - the multi-threaded runtime's shared I/O and time
 * driver: sleeps and timeouts on 2 and 4 workers, a timer started while
 * another worker waits in epoll, TCP echo over loopback with everything
 * on the workers, ping-pong with parking through the driver, shutdown
 * with timers armed and sockets registered, the missing-driver aborts,
 * and spawn.h on both flavours.
 *
 * No timing asserts: every wait is "finished within a generous deadline",
 * and a watchdog (alarm) kills a test that hangs.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ac/combinators.h"
#include "ac/io.h"
#include "ac/mpsc.h"
#include "ac/net.h"
#include "ac/runtime.h"
#include "ac/sleep.h"
#include "ac/spawn.h"
#include "chan_util.h"
#include "runtime_internal.h"
#include "runtime_stats.h"

#define WATCHDOG_S 40 /* a hang kills the test well inside CTest's 60 s */

static ac_runtime *build_with(unsigned workers, bool io, bool time)
{
    ac_runtime_builder b = ac_runtime_builder_new();
    b.workers = workers;
    b.enable_io = io;
    b.enable_time = time;
    b.thread_name = "rtio";
    ac_runtime *rt = NULL;
    assert_int_equal(ac_runtime_build(&b, &rt), 0);
    assert_non_null(rt);
    return rt;
}

/* Wait on this (plain) thread until h finished, at most `limit`. */
static bool finishes_within(ac_join_handle *h, ac_nanos limit)
{
    ac_nanos end = ac_monotonic_now() + limit;
    while (!ac_join_is_finished(h)) {
        if (ac_monotonic_now() > end)
            return false;
        usleep(1000);
    }
    return true;
}

/* ---- sleeps ------------------------------------------------------------------ */

/* Sleep `d`, then record the worker it finished on. */
typedef struct napper {
    ac_future base;
    ac_sleep s;
    _Atomic unsigned *done;
    int worker;
} napper;
static ac_poll napper_poll(ac_future *self, ac_context *cx)
{
    napper *f = (napper *)self;
    if (ac_future_poll(&f->s.base, cx) == AC_PENDING)
        return AC_PENDING;
    f->worker = ac_runtime_worker_index();
    atomic_fetch_add(f->done, 1);
    return AC_READY;
}
static void napper_drop(ac_future *self) { ac_future_drop(&((napper *)self)->s.base); }
static const ac_future_vtable napper_vtable = {
    .name = "napper", .poll = napper_poll, .drop = napper_drop, AC_OUTPUT(napper, worker)};

#define NAPPERS 1000

static void many_sleeps_complete_on(unsigned workers)
{
    alarm(WATCHDOG_S);
    ac_runtime *rt = build_with(workers, false, true);
    static ac_join_handle h[NAPPERS];
    _Atomic unsigned done = 0;
    for (int i = 0; i < NAPPERS; i++) {
        napper f = {.base = {&napper_vtable}, .s = ac_sleep_for(AC_MSEC(1 + i % 20)), .done = &done};
        h[i] = AC_RUNTIME_SPAWN(rt, f);
    }
    unsigned on_worker[8] = {0};
    for (int i = 0; i < NAPPERS; i++) {
        ac_runtime_block_on(rt, &h[i].base);
        int w = -1;
        assert_true(ac_join_take(&h[i], &w, sizeof w));
        assert_true(w >= 0 && w < (int)workers); /* finished on a worker */
        on_worker[w]++;
    }
    assert_int_equal(atomic_load(&done), NAPPERS);
    assert_int_equal(ac_runtime_shutdown(rt, AC_FOREVER), 0); /* workers joined: the heap is ours to read */
    assert_int_equal(rt->driver->timers.fired, NAPPERS);      /* each one fired by the shared heap */
    assert_int_equal(ac_timers_len(&rt->driver->timers), 0);
    print_message("      %u workers: sleeps finished per worker:", workers);
    for (unsigned i = 0; i < workers; i++)
        print_message(" %u", on_worker[i]);
    print_message("\n");
    ac_runtime_free(rt);
    alarm(0);
}

static void test_a_thousand_sleeps_complete_on_two_workers(void **state)
{
    (void)state;
    many_sleeps_complete_on(2);
}

static void test_a_thousand_sleeps_complete_on_four_workers(void **state)
{
    (void)state;
    many_sleeps_complete_on(4);
}

/* Pending forever (never wakes): what a timeout must cut short. */
typedef struct forever_fut {
    ac_future base;
} forever_fut;
static ac_poll forever_poll(ac_future *self, ac_context *cx)
{
    (void)self, (void)cx;
    return AC_PENDING;
}
static const ac_future_vtable forever_vtable = {.name = "forever", .poll = forever_poll};

/* A timeout around `inner`: its result as output. */
typedef struct timed {
    ac_future base;
    forever_fut never;
    ac_sleep quick;
    ac_timeout t;
    bool started, use_never;
    int result;
} timed;
static ac_poll timed_poll(ac_future *self, ac_context *cx)
{
    timed *f = (timed *)self;
    if (!f->started) {
        f->started = true;
        f->t = ac_timeout_of(f->use_never ? &f->never.base : &f->quick.base, AC_MSEC(30));
    }
    if (ac_future_poll(&f->t.base, cx) == AC_PENDING)
        return AC_PENDING;
    f->result = f->t.result;
    return AC_READY;
}
static void timed_drop(ac_future *self)
{
    timed *f = (timed *)self;
    if (f->started)
        ac_future_drop(&f->t.base);
}
static const ac_future_vtable timed_vtable = {
    .name = "timed", .poll = timed_poll, .drop = timed_drop, AC_OUTPUT(timed, result)};

static void test_timeouts_fire_and_pass_on_workers(void **state)
{
    (void)state;
    alarm(WATCHDOG_S);
    ac_runtime *rt = build_with(4, false, true);
    enum { N = 40 };
    ac_join_handle h[N];
    for (int i = 0; i < N; i++) {
        timed f = {.base = {&timed_vtable},
                   .never = {{&forever_vtable}},
                   .quick = ac_sleep_for(AC_MSEC(1)),
                   .use_never = i % 2 == 0};
        h[i] = AC_RUNTIME_SPAWN(rt, f);
    }
    for (int i = 0; i < N; i++) {
        ac_runtime_block_on(rt, &h[i].base);
        int result = 1;
        assert_true(ac_join_take(&h[i], &result, sizeof result));
        assert_int_equal(result, i % 2 == 0 ? -ETIMEDOUT : 0);
    }
    ac_runtime_free(rt);
    alarm(0);
}

/* The root of block_on sleeps too (it runs on this thread, not a worker). */
static void test_block_on_root_sleeps_on_the_shared_heap(void **state)
{
    (void)state;
    alarm(WATCHDOG_S);
    ac_runtime *rt = build_with(2, false, true);
    _Atomic unsigned done = 0;
    napper root = {.base = {&napper_vtable}, .s = ac_sleep_for(AC_MSEC(5)), .done = &done};
    ac_nanos before = ac_clock_now(ac_runtime_clock(rt));
    ac_runtime_block_on(rt, &root.base);
    assert_int_equal(atomic_load(&done), 1);
    assert_int_equal(root.worker, -1); /* not on a worker */
    assert_true(ac_clock_now(ac_runtime_clock(rt)) - before >= AC_MSEC(5));
    ac_runtime_free(rt);
    alarm(0);
}

/* Worker A waits in epoll with no alarm set; a task started now runs on
 * worker B (notify prefers a condvar sleeper) and starts a 20 ms timer:
 * unless B resets the timerfd at once, nobody ever wakes for it. */
static void test_a_timer_started_while_another_worker_waits_in_epoll_fires(void **state)
{
    (void)state;
    alarm(WATCHDOG_S);
    ac_runtime *rt = build_with(2, true, true);
    bool in_driver = false;
    for (int i = 0; i < 5000 && !in_driver; i++) { /* both park; one in the driver */
        pthread_mutex_lock(&rt->idle_lock);
        in_driver = rt->driver_sleeper >= 0 && rt->n_sleepers == 2;
        pthread_mutex_unlock(&rt->idle_lock);
        if (!in_driver)
            usleep(1000);
    }
    assert_true(in_driver);
    _Atomic unsigned done = 0;
    napper f = {.base = {&napper_vtable}, .s = ac_sleep_for(AC_MSEC(20)), .done = &done};
    ac_join_handle h = AC_RUNTIME_SPAWN(rt, f);
    assert_true(finishes_within(&h, AC_SEC(10)));
    assert_int_equal(atomic_load(&done), 1);
    ac_join_release(&h);
    ac_runtime_free(rt);
    alarm(0);
}

/* Always runnable until *stop: keeps its worker from ever parking. */
typedef struct spinner {
    ac_future base;
    _Atomic bool *stop;
} spinner;
static ac_poll spinner_poll(ac_future *self, ac_context *cx)
{
    spinner *f = (spinner *)self;
    if (atomic_load(f->stop))
        return AC_READY;
    ac_waker_wake_by_ref(cx->waker);
    return AC_PENDING;
}
static const ac_future_vtable spinner_vtable = {.name = "spinner", .poll = spinner_poll};

/* Every worker busy, none ever parks: only the look every event_interval
 * ticks turns the driver, so without it the sleep would never end. */
static void test_a_timer_fires_while_every_worker_is_busy(void **state)
{
    (void)state;
    alarm(WATCHDOG_S);
    ac_runtime *rt = build_with(2, true, true);
    _Atomic bool stop = false;
    ac_join_handle spin[4];
    for (int i = 0; i < 4; i++) {
        spinner f = {.base = {&spinner_vtable}, .stop = &stop};
        spin[i] = AC_RUNTIME_SPAWN(rt, f);
    }
    _Atomic unsigned done = 0;
    napper f = {.base = {&napper_vtable}, .s = ac_sleep_for(AC_MSEC(10)), .done = &done};
    ac_join_handle h = AC_RUNTIME_SPAWN(rt, f);
    bool finished = finishes_within(&h, AC_SEC(10));
    atomic_store(&stop, true);
    assert_true(finished);
    for (int i = 0; i < 4; i++) {
        ac_runtime_block_on(rt, &spin[i].base);
        ac_join_release(&spin[i]);
    }
    ac_join_release(&h);
    assert_int_equal(ac_runtime_shutdown(rt, AC_FOREVER), 0);
    assert_true(rt->driver->stats.waits > 0); /* busy workers turned it (read once they are joined) */
    ac_runtime_free(rt);
    alarm(0);
}

/* ---- TCP echo ---------------------------------------------------------------- */

#define CLIENTS     16
#define CLIENT_SIZE (64 * 1024)

typedef struct echo_counts {
    _Atomic unsigned conns;
    _Atomic unsigned on_worker[8];
} echo_counts;

/* One accepted connection: echo until end of file. */
typedef struct echo_conn {
    ac_future base;
    ac_coro co;
    ac_tcp_stream s;
    ac_read rd;
    ac_write_all wr;
    char buf[4096];
    ssize_t got;
    echo_counts *counts;
} echo_conn;
static ac_poll echo_conn_poll(ac_future *self, ac_context *cx)
{
    echo_conn *f = (echo_conn *)self;
    AC_BEGIN(&f->co);
    atomic_fetch_add(&f->counts->on_worker[ac_runtime_worker_index()], 1);
    for (;;) {
        f->rd = ac_read_some(&f->s.io, f->buf, sizeof f->buf);
        AC_AWAIT(&f->co, cx, &f->rd.base);
        f->got = f->rd.result;
        if (f->got <= 0)
            break;
        f->wr = ac_write_all_from(&f->s.io, f->buf, (size_t)f->got);
        AC_AWAIT(&f->co, cx, &f->wr.base);
        if (f->wr.result < 0)
            break;
    }
    ac_tcp_close(&f->s);
    AC_END(&f->co);
}
static void echo_conn_drop(ac_future *self)
{
    echo_conn *f = (echo_conn *)self;
    ac_coro_drop(&f->co);
    ac_tcp_close(&f->s);
}
static const ac_future_vtable echo_conn_vtable = {
    .name = "echo_conn", .poll = echo_conn_poll, .drop = echo_conn_drop};

/* The accept loop: `want` connections, each spawned with ac_spawn_current. */
typedef struct acceptor {
    ac_future base;
    ac_coro co;
    ac_tcp_listener *ln;
    ac_tcp_accept acc;
    unsigned want, got;
    echo_counts *counts;
} acceptor;
static ac_poll acceptor_poll(ac_future *self, ac_context *cx)
{
    acceptor *f = (acceptor *)self;
    AC_BEGIN(&f->co);
    while (f->got < f->want) {
        f->acc = ac_tcp_accept_on(f->ln);
        AC_AWAIT(&f->co, cx, &f->acc.base);
        if (f->acc.result.err < 0)
            continue;
        echo_conn c = {.base = {&echo_conn_vtable}, .s = f->acc.result.stream, .counts = f->counts};
        ac_join_handle h = AC_SPAWN_CURRENT(c);
        ac_join_release(&h); /* detached */
        f->got++;
        atomic_fetch_add(&f->counts->conns, 1);
    }
    AC_END(&f->co);
}
static void acceptor_drop(ac_future *self) { ac_coro_drop(&((acceptor *)self)->co); }
static const ac_future_vtable acceptor_vtable = {
    .name = "acceptor", .poll = acceptor_poll, .drop = acceptor_drop};

/* A client: connect, send CLIENT_SIZE bytes while reading them back. */
typedef struct client {
    ac_future base;
    ac_coro co;
    ac_addr addr;
    ac_tcp_connect conn;
    ac_tcp_stream s;
    ac_write_all wr;
    ac_read_exact rd;
    unsigned char *out, *in;
    int ok; /* output: 1 when every byte came back in order */
} client;
static ac_poll client_poll(ac_future *self, ac_context *cx)
{
    client *f = (client *)self;
    AC_BEGIN(&f->co);
    f->conn = ac_tcp_connect_to(&f->addr);
    AC_AWAIT(&f->co, cx, &f->conn.base);
    if (f->conn.result.err < 0)
        AC_RETURN(&f->co);
    f->s = f->conn.result.stream;
    f->wr = ac_write_all_from(&f->s.io, f->out, CLIENT_SIZE);
    f->rd = ac_read_exact_into(&f->s.io, f->in, CLIENT_SIZE);
    /* all of it out, then all of it back: 64 KiB fits the loopback buffers */
    AC_AWAIT(&f->co, cx, &f->wr.base);
    AC_AWAIT(&f->co, cx, &f->rd.base);
    f->ok =
        f->wr.result == CLIENT_SIZE && f->rd.result == CLIENT_SIZE && memcmp(f->out, f->in, CLIENT_SIZE) == 0;
    ac_tcp_close(&f->s);
    AC_END(&f->co);
}
static void client_drop(ac_future *self)
{
    client *f = (client *)self;
    ac_coro_drop(&f->co);
    ac_tcp_close(&f->s);
}
static const ac_future_vtable client_vtable = {
    .name = "client", .poll = client_poll, .drop = client_drop, AC_OUTPUT(client, ok)};

static void test_tcp_echo_with_server_and_clients_on_four_workers(void **state)
{
    (void)state;
    alarm(WATCHDOG_S);
    ac_runtime *rt = build_with(4, true, false);
    ac_tcp_listener ln;
    assert_int_equal(ac_tcp_listen(&ln, "127.0.0.1", 0, 64), 0);
    echo_counts counts = {0};
    acceptor a = {.base = {&acceptor_vtable}, .ln = &ln, .want = CLIENTS, .counts = &counts};
    ac_join_handle ha = AC_RUNTIME_SPAWN(rt, a);
    static unsigned char out[CLIENTS][CLIENT_SIZE], in[CLIENTS][CLIENT_SIZE];
    ac_join_handle hc[CLIENTS];
    for (int i = 0; i < CLIENTS; i++) {
        for (int j = 0; j < CLIENT_SIZE; j++)
            out[i][j] = (unsigned char)(i * 31 + j * 7 + j / 256);
        client c = {.base = {&client_vtable}, .s = {ac_io_none()}, .out = out[i], .in = in[i]};
        assert_int_equal(ac_addr_parse(&c.addr, "127.0.0.1", ac_tcp_listener_port(&ln)), 0);
        hc[i] = AC_RUNTIME_SPAWN(rt, c);
    }
    for (int i = 0; i < CLIENTS; i++) {
        ac_runtime_block_on(rt, &hc[i].base);
        int ok = 0;
        assert_true(ac_join_take(&hc[i], &ok, sizeof ok));
        assert_int_equal(ok, 1); /* every byte back, in order */
    }
    ac_runtime_block_on(rt, &ha.base);
    ac_join_release(&ha);
    assert_int_equal(atomic_load(&counts.conns), CLIENTS);
    unsigned workers_used = 0;
    print_message("      connections served per worker:");
    for (unsigned i = 0; i < 4; i++) {
        unsigned n = atomic_load(&counts.on_worker[i]);
        print_message(" %u", n);
        workers_used += n > 0;
    }
    print_message("\n");
    ac_worker_stats s = total_stats(rt);
    assert_true(s.polls > 0);
    (void)workers_used; /* printed: spread is likely, not promised */
    ac_runtime_shutdown(rt, AC_SEC(10));
    ac_tcp_listener_close(&ln);
    ac_runtime_free(rt);
    alarm(0);
}

/* ---- ping-pong through channels, parking through the driver ------------------ */

#define PINGS SCALE(100000)

typedef struct ponger {
    ac_future base;
    ac_mpsc_rx *rx;
    ac_mpsc_tx *tx;
    long rounds, done;
    bool lead, sent;
} ponger;
static ac_poll ponger_poll(ac_future *self, ac_context *cx)
{
    ponger *f = (ponger *)self;
    while (f->done < f->rounds) {
        if (f->lead && !f->sent) {
            f->sent = true;
            assert_int_equal(ac_mpsc_try_send(f->tx, &f->done), 0);
        }
        long v[2] = {0}; /* room for the channel's 16-byte copy path (a -Wstringop-overflow false alarm) */
        int result;
        if (ac_mpsc_poll_recv(f->rx, cx, v, &result) == AC_PENDING)
            return AC_PENDING;
        assert_int_equal(result, 0);
        if (!f->lead)
            assert_int_equal(ac_mpsc_try_send(f->tx, v), 0);
        f->sent = false;
        f->done++;
    }
    return AC_READY;
}
static void ponger_drop(ac_future *self) { ac_mpsc_rx_forget_waker(((ponger *)self)->rx); }
static const ac_future_vtable ponger_vtable = {
    .name = "ponger", .poll = ponger_poll, .drop = ponger_drop, AC_OUTPUT(ponger, done)};

static void test_ping_pong_through_channels_parks_and_loses_no_wake(void **state)
{
    (void)state;
    alarm(WATCHDOG_S);
    ac_runtime *rt = build_with(2, true, true);
    ac_mpsc_tx atx, btx;
    ac_mpsc_rx arx, brx;
    assert_int_equal(ac_mpsc_unbounded(sizeof(long), &atx, &arx), 0);
    assert_int_equal(ac_mpsc_unbounded(sizeof(long), &btx, &brx), 0);
    ponger lead = {.base = {&ponger_vtable}, .rx = &brx, .tx = &atx, .rounds = PINGS, .lead = true};
    ponger serve = {.base = {&ponger_vtable}, .rx = &arx, .tx = &btx, .rounds = PINGS};
    ac_join_handle hs = AC_RUNTIME_SPAWN(rt, serve);
    ac_join_handle hl = AC_RUNTIME_SPAWN(rt, lead);
    ac_runtime_block_on(rt, &hl.base);
    ac_runtime_block_on(rt, &hs.base);
    long led = 0, served = 0;
    assert_true(ac_join_take(&hl, &led, sizeof led));
    assert_true(ac_join_take(&hs, &served, sizeof served));
    assert_int_equal(led, PINGS);
    assert_int_equal(served, PINGS);
    ac_worker_stats s = total_stats(rt);
    assert_true(s.parks > 0); /* workers parked (through the driver) between rounds */
    ac_runtime_free(rt);
    ac_mpsc_tx_close(&atx);
    ac_mpsc_tx_close(&btx);
    ac_mpsc_rx_close(&arx);
    ac_mpsc_rx_close(&brx);
    alarm(0);
}

/* ---- shutdown with timers armed and sockets registered ----------------------- */

/* Sleeps 10 s, or reads a socket nobody writes: pending until dropped. */
typedef struct holder {
    ac_future base;
    ac_sleep s;
    ac_io io;
    ac_read rd;
    char buf[16];
    bool reading, polled;
    _Atomic unsigned *polls, *drops;
} holder;
static ac_poll holder_poll(ac_future *self, ac_context *cx)
{
    holder *f = (holder *)self;
    if (!f->polled) {
        f->polled = true;
        atomic_fetch_add(f->polls, 1);
        if (f->reading)
            f->rd = ac_read_some(&f->io, f->buf, sizeof f->buf);
    }
    return ac_future_poll(f->reading ? &f->rd.base : &f->s.base, cx);
}
static void holder_drop(ac_future *self)
{
    holder *f = (holder *)self;
    if (f->reading) {
        if (f->polled)
            ac_future_drop(&f->rd.base);
        ac_io_close(&f->io);
    } else {
        ac_future_drop(&f->s.base);
    }
    atomic_fetch_add(f->drops, 1);
}
static const ac_future_vtable holder_vtable = {.name = "holder", .poll = holder_poll, .drop = holder_drop};

static void test_shutdown_with_timers_armed_and_sockets_registered(void **state)
{
    (void)state;
    alarm(WATCHDOG_S);
    enum { WORKERS = 4, EACH = 8, N = WORKERS * EACH };
    ac_runtime *rt = build_with(WORKERS, true, true);
    _Atomic unsigned polls = 0, drops = 0;
    int peers[N];
    for (int i = 0; i < N; i++) {
        holder f = {.base = {&holder_vtable},
                    .s = ac_sleep_for(AC_SEC(10)),
                    .io = ac_io_none(),
                    .reading = i % 2 == 1,
                    .polls = &polls,
                    .drops = &drops};
        peers[i] = -1;
        if (f.reading) {
            int sv[2];
            assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
            assert_int_equal(ac_io_open(&f.io, sv[0]), 0);
            peers[i] = sv[1];
        }
        ac_join_handle h = AC_RUNTIME_SPAWN(rt, f);
        ac_join_release(&h);
    }
    for (int i = 0; i < 10000 && atomic_load(&polls) < N; i++)
        usleep(1000);
    assert_int_equal(atomic_load(&polls), N); /* every one armed its timer or socket */
    ac_nanos t0 = ac_monotonic_now();
    assert_int_equal(ac_runtime_shutdown(rt, AC_SEC(5)), 0);
    assert_true(ac_monotonic_now() - t0 < AC_SEC(5)); /* not after the 10 s sleeps */
    assert_int_equal(atomic_load(&drops), N);
    assert_int_equal(ac_runtime_live_tasks(rt), 0);
    assert_int_equal(ac_timers_len(&rt->driver->timers), 0);
    assert_int_equal(rt->driver->registered, 0);
    ac_runtime_free(rt);
    for (int i = 0; i < N; i++)
        if (peers[i] >= 0)
            close(peers[i]);
    alarm(0);
}

/* ---- the one race a shared reactor adds ------------------------------------- */

/* A poll reads (EAGAIN), then the driver, on another thread, dispatches
 * an edge for that fd before the poll arms: edge-triggered, that edge
 * would be lost.  The arm must see it (stamped with a turn later than the
 * poll's) and wake at once instead.  Driven by hand on one thread. */
static void test_an_edge_dispatched_during_the_poll_wakes_instead_of_arming(void **state)
{
    (void)state;
    ac_executor host;
    assert_int_equal(ac_executor_init(&host), 0);
    ac_reactor *r = ac_reactor_get(&host);
    assert_non_null(r);
    assert_int_equal(ac__reactor_share(r), 0);
    int sv[2];
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv), 0);
    assert_int_equal(ac_reactor_register(r, sv[0]), 0);
    counting_waker c = {0};
    ac_waker w = cw_borrow(&c);
    char b[8];

    ac__poll_turn = ac__shared_turn_now(r->shared); /* the poll begins */
    assert_int_equal(read(sv[0], b, sizeof b), -1); /* EAGAIN */
    assert_int_equal(write(sv[1], "x", 1), 1);      /* data arrives ... */
    ac_reactor_turn(r, 0);                          /* ... the driver dispatches it, nobody armed */
    ac__shared_arm(r, sv[0], AC_READABLE, &w);
    if (strcmp(ac_reactor_backend_name(), "poll") != 0) {
        assert_int_equal(c.wakes, 1); /* woken at once: try again */
        assert_false(ac_reactor_is_armed(r, sv[0], AC_READABLE));
    } else { /* poll(2) is level-triggered and watched nothing unarmed: it sees the data now */
        ac_reactor_turn(r, 0);
        assert_int_equal(c.wakes, 1);
    }

    ac__poll_turn = ac__shared_turn_now(r->shared); /* the next poll */
    assert_int_equal(read(sv[0], b, sizeof b), 1);
    assert_int_equal(read(sv[0], b, sizeof b), -1);
    ac__shared_arm(r, sv[0], AC_READABLE, &w);
    assert_int_equal(c.wakes, 1); /* nothing raced this time: armed */
    assert_true(ac_reactor_is_armed(r, sv[0], AC_READABLE));
    assert_int_equal(write(sv[1], "y", 1), 1);
    ac_reactor_turn(r, 0);
    assert_int_equal(c.wakes, 2); /* and the edge wakes it */

    ac_reactor_deregister(r, sv[0]);
    assert_int_equal(c.refs, 0);
    close(sv[0]);
    close(sv[1]);
    ac_executor_close(&host);
}

/* ---- the missing drivers ----------------------------------------------------- */

/* Run `child` in a fork with stderr captured; it must abort, saying `want`. */
static void expect_abort_saying(void (*child)(void), const char *want, const char *want2)
{
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        dup2(fds[1], 2);
        child();
        _exit(0); /* not reached if it aborts */
    }
    close(fds[1]);
    char buf[1024] = {0};
    size_t got = 0;
    ssize_t n;
    while (got < sizeof buf - 1 && (n = read(fds[0], buf + got, sizeof buf - 1 - got)) > 0)
        got += (size_t)n;
    close(fds[0]);
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status));
    assert_int_equal(WTERMSIG(status), SIGABRT);
    assert_non_null(strstr(buf, want));
    assert_non_null(strstr(buf, want2));
}

static void socket_on_a_time_only_runtime(void)
{
    ac_runtime *rt = build_with(1, false, true);
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
        _exit(3);
    holder f = {.base = {&holder_vtable}, .io = ac_io_none(), .reading = true};
    _Atomic unsigned polls = 0, drops = 0;
    f.polls = &polls;
    f.drops = &drops;
    ac_io_open(&f.io, sv[0]);
    ac_join_handle h = AC_RUNTIME_SPAWN(rt, f);
    ac_runtime_block_on(rt, &h.base);
}

static void root_sleep_on_an_io_only_runtime(void)
{
    ac_runtime *rt = build_with(1, true, false);
    _Atomic unsigned done = 0;
    napper root = {.base = {&napper_vtable}, .s = ac_sleep_for(AC_MSEC(1)), .done = &done};
    ac_runtime_block_on(rt, &root.base);
}

static void test_a_missing_driver_aborts_naming_it_and_its_builder_field(void **state)
{
    (void)state;
    expect_abort_saying(socket_on_a_time_only_runtime, "no I/O driver", "enable_io");
    expect_abort_saying(root_sleep_on_an_io_only_runtime, "no time driver", "enable_time");
}

/* ---- spawn.h on both flavours ------------------------------------------------ */

typedef struct child_fut {
    ac_future base;
    int worker;
} child_fut;
static ac_poll child_poll(ac_future *self, ac_context *cx)
{
    (void)cx;
    ((child_fut *)self)->worker = ac_runtime_worker_index();
    return AC_READY;
}
static const ac_future_vtable child_vtable = {
    .name = "child", .poll = child_poll, AC_OUTPUT(child_fut, worker)};

/* Spawn a child with ac_spawn_current, await it; output: its worker, and
 * whether ac_now and ac_timers_current answered. */
typedef struct parent_out {
    int child_worker;
    bool has_clock, has_timers;
} parent_out;
typedef struct parent_fut {
    ac_future base;
    ac_join_handle h;
    bool spawned;
    parent_out out;
} parent_fut;
static ac_poll parent_poll(ac_future *self, ac_context *cx)
{
    parent_fut *f = (parent_fut *)self;
    if (!f->spawned) {
        f->spawned = true;
        f->out.has_clock = ac_clock_current() != NULL && ac_now() > 0;
        f->out.has_timers = ac_timers_current() != NULL;
        child_fut c = {.base = {&child_vtable}, .worker = -2};
        f->h = AC_SPAWN_CURRENT(c);
    }
    if (ac_future_poll(&f->h.base, cx) == AC_PENDING)
        return AC_PENDING;
    assert_true(ac_join_take(&f->h, &f->out.child_worker, sizeof f->out.child_worker));
    return AC_READY;
}
static const ac_future_vtable parent_vtable = {
    .name = "parent", .poll = parent_poll, AC_OUTPUT(parent_fut, out)};

static void test_spawn_current_and_now_on_both_flavours(void **state)
{
    (void)state;
    assert_null(ac_clock_current()); /* outside any runtime */
    assert_null(ac_timers_current());

    ac_executor ex;
    assert_int_equal(ac_executor_init(&ex), 0);
    parent_fut p = {.base = {&parent_vtable}};
    ac_block_on(&ex, &p.base);
    assert_int_equal(p.out.child_worker, -1); /* ran on the executor's thread */
    assert_true(p.out.has_clock);
    assert_true(p.out.has_timers);
    ac_executor_close(&ex);

    ac_runtime *rt = build_with(2, true, false);
    parent_fut q = {.base = {&parent_vtable}};
    ac_join_handle h = AC_RUNTIME_SPAWN(rt, q);
    ac_runtime_block_on(rt, &h.base);
    parent_out out = {0};
    assert_true(ac_join_take(&h, &out, sizeof out));
    assert_true(out.child_worker >= 0); /* the child ran on a worker */
    assert_true(out.has_clock);
    assert_false(out.has_timers); /* built without enable_time */
    ac_runtime_free(rt);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_thousand_sleeps_complete_on_two_workers),
        cmocka_unit_test(test_a_thousand_sleeps_complete_on_four_workers),
        cmocka_unit_test(test_timeouts_fire_and_pass_on_workers),
        cmocka_unit_test(test_block_on_root_sleeps_on_the_shared_heap),
        cmocka_unit_test(test_a_timer_started_while_another_worker_waits_in_epoll_fires),
        cmocka_unit_test(test_a_timer_fires_while_every_worker_is_busy),
        cmocka_unit_test(test_tcp_echo_with_server_and_clients_on_four_workers),
        cmocka_unit_test(test_ping_pong_through_channels_parks_and_loses_no_wake),
        cmocka_unit_test(test_shutdown_with_timers_armed_and_sockets_registered),
        cmocka_unit_test(test_an_edge_dispatched_during_the_poll_wakes_instead_of_arming),
        cmocka_unit_test(test_a_missing_driver_aborts_naming_it_and_its_builder_field),
        cmocka_unit_test(test_spawn_current_and_now_on_both_flavours),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
