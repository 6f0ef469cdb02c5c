/*
 * test_net.c - TCP and UDP on the reactor, over 127.0.0.1, port 0.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "ac/coro.h"
#include "ac/net.h"
#include "rt_util.h"

/* ---- a small server: accept N connections, give each a handler ---------- */

typedef enum handler_kind { H_ECHO, H_DISCARD, H_SAY_ABC, H_RESET } handler_kind;

typedef struct handler {
    ac_future base;
    ac_coro co;
    handler_kind kind;
    ac_tcp_stream s;
    union {
        ac_copy copy;
        ac_read read;
        ac_write_all write;
    } op;
    ssize_t total;
    char buf[16384];
} handler;

static ac_poll handler_poll(ac_future *self, ac_context *cx)
{
    handler *h = (handler *)self;
    AC_BEGIN(&h->co);
    if (h->kind == H_ECHO) {
        h->op.copy = ac_copy_through(&h->s.io, &h->s.io, h->buf, sizeof h->buf);
        AC_AWAIT(&h->co, cx, &h->op.copy.base);
        h->total = h->op.copy.result;
    } else if (h->kind == H_DISCARD) {
        for (;;) {
            h->op.read = ac_read_some(&h->s.io, h->buf, sizeof h->buf);
            AC_AWAIT(&h->co, cx, &h->op.read.base);
            if (h->op.read.result <= 0)
                break;
            h->total += h->op.read.result;
        }
    } else if (h->kind == H_SAY_ABC) {
        h->op.write = ac_write_all_from(&h->s.io, "abc", 3);
        AC_AWAIT(&h->co, cx, &h->op.write.base);
    } else { /* H_RESET: wait for one byte, then answer with RST instead of FIN */
        h->op.read = ac_read_some(&h->s.io, h->buf, 1);
        AC_AWAIT(&h->co, cx, &h->op.read.base);
        ac_tcp_close_reset(&h->s);
    }
    ac_tcp_close(&h->s);
    AC_END(&h->co);
}
static void handler_drop(ac_future *self)
{
    handler *h = (handler *)self;
    ac_coro_drop(&h->co);
    ac_tcp_close(&h->s);
}
static const ac_future_vtable handler_vtable = {
    .name = "handler", .poll = handler_poll, .drop = handler_drop};

typedef struct acceptor {
    ac_future base;
    ac_coro co;
    ac_tcp_listener *ln;
    handler_kind kinds[4];
    int n, i;
    ac_tcp_accept acc;
} acceptor;

static ac_poll acceptor_poll(ac_future *self, ac_context *cx)
{
    acceptor *a = (acceptor *)self;
    AC_BEGIN(&a->co);
    for (a->i = 0; a->i < a->n; a->i++) {
        a->acc = ac_tcp_accept_on(a->ln);
        AC_AWAIT(&a->co, cx, &a->acc.base);
        assert_int_equal(a->acc.result.err, 0);
        handler h = {.base = {&handler_vtable}, .kind = a->kinds[a->i], .s = a->acc.result.stream};
        ac_join_handle jh = AC_SPAWN(ac_executor_current(), h);
        ac_join_release(&jh);
    }
    AC_END(&a->co);
}
static const ac_future_vtable acceptor_vtable = {.name = "acceptor", .poll = acceptor_poll};

static ac_tcp_listener listener;
static ac_addr server_addr;

/* Listen on 127.0.0.1:0 and spawn an acceptor for the given handlers. */
static void start_server(ac_executor *ex, int n, const handler_kind *kinds)
{
    assert_int_equal(ac_tcp_listen(&listener, "127.0.0.1", 0, 16), 0);
    assert_true(ac_tcp_listener_port(&listener) != 0);
    assert_int_equal(ac_addr_parse(&server_addr, "127.0.0.1", ac_tcp_listener_port(&listener)), 0);
    acceptor a = {.base = {&acceptor_vtable}, .ln = &listener, .n = n};
    memcpy(a.kinds, kinds, (size_t)n * sizeof *kinds);
    ac_join_handle h = AC_SPAWN(ex, a);
    ac_join_release(&h);
}

/* Connect as block_on's root; the stream is the caller's to close. */
static ac_tcp_stream connect_now(ac_executor *ex)
{
    ac_tcp_connect c = ac_tcp_connect_to(&server_addr);
    ac_block_on(ex, &c.base);
    assert_int_equal(c.result.err, 0);
    return c.result.stream;
}

/* ---- tests ------------------------------------------------------------------ */

static void test_echo_round_trip_with_shutdown(void **state)
{
    (void)state;
    ac_executor ex;
    EXECUTOR_SETUP(ex);
    start_server(&ex, 1, (handler_kind[]){H_ECHO});
    ac_tcp_stream s = connect_now(&ex);
    static const char msg[] = "hello, reactor";
    ac_write_all w = ac_write_all_from(&s.io, msg, sizeof msg);
    ac_block_on(&ex, &w.base);
    assert_int_equal(w.result, sizeof msg);
    assert_int_equal(ac_tcp_shutdown(&s, SHUT_WR), 0);
    char got[64];
    ac_read_exact r = ac_read_exact_into(&s.io, got, sizeof got);
    ac_block_on(&ex, &r.base);
    assert_int_equal(r.result, sizeof msg); /* EOF after the echo: a short read_exact */
    assert_memory_equal(got, msg, sizeof msg);
    ac_tcp_close(&s);
    ac_executor_run(&ex); /* the server side finishes too */
    ac_tcp_listener_close(&listener);
    ac_executor_close(&ex);
}

static void test_read_exact_reports_early_eof(void **state)
{
    (void)state;
    ac_executor ex;
    EXECUTOR_SETUP(ex);
    start_server(&ex, 1, (handler_kind[]){H_SAY_ABC});
    ac_tcp_stream s = connect_now(&ex);
    char got[10];
    ac_read_exact r = ac_read_exact_into(&s.io, got, sizeof got);
    ac_block_on(&ex, &r.base);
    assert_int_equal(r.result, 3);
    assert_memory_equal(got, "abc", 3);
    ac_tcp_close(&s);
    ac_executor_run(&ex);
    ac_tcp_listener_close(&listener);
    ac_executor_close(&ex);
}

static void test_connect_refused_is_a_negative_errno(void **state)
{
    (void)state;
    ac_executor ex;
    EXECUTOR_SETUP(ex);
    ac_tcp_listener ln;
    assert_int_equal(ac_tcp_listen(&ln, "127.0.0.1", 0, 1), 0);
    ac_addr a;
    assert_int_equal(ac_addr_parse(&a, "127.0.0.1", ac_tcp_listener_port(&ln)), 0);
    ac_tcp_listener_close(&ln); /* nobody listens there now */
    ac_tcp_connect c = ac_tcp_connect_to(&a);
    ac_block_on(&ex, &c.base);
    assert_int_equal(c.result.err, -ECONNREFUSED);
    assert_int_equal(c.result.stream.io.fd, -1);
    assert_int_equal(ac_addr_parse(&a, "localhost", 1), -EINVAL); /* numeric only */
    ac_executor_close(&ex);
}

static void test_accepted_socket_is_nonblocking_and_cloexec(void **state)
{
    (void)state;
    ac_executor ex;
    EXECUTOR_SETUP(ex);
    ac_tcp_listener ln;
    assert_int_equal(ac_tcp_listen(&ln, "127.0.0.1", 0, 1), 0);
    ac_addr a;
    assert_int_equal(ac_addr_parse(&a, "127.0.0.1", ac_tcp_listener_port(&ln)), 0);
    ac_tcp_accept acc = ac_tcp_accept_on(&ln);
    ac_tcp_connect c = ac_tcp_connect_to(&a);
    ac_block_on(&ex, &c.base); /* the backlog completes the handshake */
    assert_int_equal(c.result.err, 0);
    ac_block_on(&ex, &acc.base);
    assert_int_equal(acc.result.err, 0);
    int fd = acc.result.stream.io.fd;
    assert_true(fcntl(fd, F_GETFL) & O_NONBLOCK);
    assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
    char text[64];
    assert_non_null(strstr(ac_addr_format(&acc.result.peer, text, sizeof text), "127.0.0.1:"));
    ac_tcp_close(&acc.result.stream);
    ac_tcp_close(&c.result.stream);
    ac_tcp_listener_close(&ln);
    ac_executor_close(&ex);
}

static void test_adopted_listener_knows_its_port_and_accepts(void **state)
{
    (void)state;
    ac_executor ex;
    EXECUTOR_SETUP(ex);
    ac_addr a; /* a listening socket made by hand, blocking */
    assert_int_equal(ac_addr_parse(&a, "127.0.0.1", 0), 0);
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    assert_true(fd >= 0);
    assert_int_equal(bind(fd, &a.u.sa, a.len), 0);
    assert_int_equal(listen(fd, 1), 0);
    assert_int_equal(getsockname(fd, &a.u.sa, &a.len), 0);

    ac_tcp_listener ln;
    assert_int_equal(ac_tcp_listener_adopt(&ln, fd), 0);
    assert_int_equal(ac_tcp_listener_port(&ln), ac_addr_port(&a));
    assert_true(fcntl(fd, F_GETFL) & O_NONBLOCK);
    ac_tcp_accept acc = ac_tcp_accept_on(&ln);
    ac_tcp_connect c = ac_tcp_connect_to(&a);
    ac_block_on(&ex, &c.base);
    assert_int_equal(c.result.err, 0);
    ac_block_on(&ex, &acc.base);
    assert_int_equal(acc.result.err, 0);
    ac_tcp_close(&acc.result.stream);
    ac_tcp_close(&c.result.stream);
    ac_tcp_listener_close(&ln);
    ac_executor_close(&ex);
}

static void test_write_after_peer_reset_is_an_error_not_sigpipe(void **state)
{
    (void)state;
    signal(SIGPIPE, SIG_DFL); /* a SIGPIPE would kill this test */
    ac_executor ex;
    EXECUTOR_SETUP(ex);
    start_server(&ex, 1, (handler_kind[]){H_RESET});
    ac_tcp_stream s = connect_now(&ex);
    ac_write_all hello = ac_write_all_from(&s.io, "x", 1);
    ac_block_on(&ex, &hello.base);
    assert_int_equal(hello.result, 1);
    ac_executor_run(&ex); /* the server reads it and resets */
    ac_ready ready = ac_ready_for(&s.io, AC_READABLE);
    ac_block_on(&ex, &ready.base); /* the RST has arrived */
    assert_int_equal(ready.result, 0);
    static char big[1 << 20];
    ac_write_all w = ac_write_all_from(&s.io, big, sizeof big);
    ac_block_on(&ex, &w.base);
    assert_true(w.result == -ECONNRESET || w.result == -EPIPE);
    ac_write_all again = ac_write_all_from(&s.io, big, 10);
    ac_block_on(&ex, &again.base);
    assert_int_equal(again.result, -EPIPE); /* and we are still alive */
    ac_tcp_close(&s);
    ac_tcp_listener_close(&listener);
    ac_executor_close(&ex);
}

/* ---- 10 MiB echo under a 1 ms SIGALRM storm --------------------------------- */

enum { BIG = 10 << 20 };

typedef struct pump {
    ac_future base;
    ac_coro co;
    ac_tcp_stream *s;
    bool writer;
    char *data;
    union {
        ac_write_all w;
        ac_read_exact r;
    } op;
    ssize_t result;
} pump;

static ac_poll pump_poll(ac_future *self, ac_context *cx)
{
    pump *p = (pump *)self;
    AC_BEGIN(&p->co);
    if (p->writer) {
        p->op.w = ac_write_all_from(&p->s->io, p->data, BIG);
        AC_AWAIT(&p->co, cx, &p->op.w.base);
        p->result = p->op.w.result;
        ac_tcp_shutdown(p->s, SHUT_WR);
    } else {
        p->op.r = ac_read_exact_into(&p->s->io, p->data, BIG);
        AC_AWAIT(&p->co, cx, &p->op.r.base);
        p->result = p->op.r.result;
    }
    AC_END(&p->co);
}
static const ac_future_vtable pump_vtable = {.name = "pump", .poll = pump_poll, AC_OUTPUT(pump, result)};

static void test_ten_mib_echo_survives_an_eintr_storm(void **state)
{
    (void)state;
    char *out = malloc(BIG), *in = malloc(BIG);
    assert_non_null(out);
    assert_non_null(in);
    uint32_t x = 12345;
    for (size_t i = 0; i < BIG; i++) {
        x = x * 1103515245u + 12345u;
        out[i] = (char)(x >> 16);
    }
    ac_executor ex;
    EXECUTOR_SETUP(ex);
    start_server(&ex, 1, (handler_kind[]){H_ECHO});
    static ac_tcp_stream s;
    s = connect_now(&ex);
    rt_alarms = 0;
    alarm_storm(true);
    pump w = {.base = {&pump_vtable}, .s = &s, .writer = true, .data = out};
    pump r = {.base = {&pump_vtable}, .s = &s, .writer = false, .data = in};
    ac_join_handle hw = AC_SPAWN(&ex, w), hr = AC_SPAWN(&ex, r);
    ac_executor_run(&ex);
    alarm_storm(false);
    ssize_t wrote = 0, read = 0;
    assert_true(ac_join_take(&hw, &wrote, sizeof wrote));
    assert_true(ac_join_take(&hr, &read, sizeof read));
    assert_int_equal(wrote, BIG);
    assert_int_equal(read, BIG);
    assert_true(memcmp(in, out, BIG) == 0);
    assert_true(rt_alarms > 0); /* the storm really happened */
    ac_tcp_close(&s);
    ac_tcp_listener_close(&listener);
    ac_executor_close(&ex);
    free(out);
    free(in);
}

/* ---- a flooding connection does not starve another's ping ------------------- */

typedef struct flood {
    _Atomic bool stop;
    _Atomic long long sent;
    int port;
} flood;

/* A plain blocking client thread that writes 1 MiB bursts as fast as it can. */
static void *flood_thread(void *arg)
{
    flood *f = arg;
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    ac_addr a;
    ac_addr_parse(&a, "127.0.0.1", (uint16_t)f->port);
    if (connect(fd, &a.u.sa, a.len) != 0) {
        close(fd);
        return NULL;
    }
    static char burst[1 << 20];
    while (!atomic_load(&f->stop) && atomic_load(&f->sent) < (1ll << 31)) {
        ssize_t n = send(fd, burst, sizeof burst, MSG_NOSIGNAL);
        if (n <= 0)
            break;
        atomic_fetch_add(&f->sent, n);
    }
    close(fd);
    return NULL;
}

typedef struct pinger {
    ac_future base;
    ac_coro co;
    ac_tcp_connect conn;
    ac_tcp_stream s;
    ac_write_all w;
    ac_read_exact r;
    char buf[4];
    int rounds;
    flood *f;
    long long flood_at_end;
} pinger;

static ac_poll pinger_poll(ac_future *self, ac_context *cx)
{
    pinger *p = (pinger *)self;
    AC_BEGIN(&p->co);
    /* wait until the flood is really flowing */
    while (atomic_load(&p->f->sent) < (4 << 20)) {
        AC_YIELD(&p->co, cx);
    }
    p->conn = ac_tcp_connect_to(&server_addr);
    AC_AWAIT(&p->co, cx, &p->conn.base);
    assert_int_equal(p->conn.result.err, 0);
    p->s = p->conn.result.stream;
    for (p->rounds = 0; p->rounds < 20; p->rounds++) {
        p->w = ac_write_all_from(&p->s.io, "ping", 4);
        AC_AWAIT(&p->co, cx, &p->w.base);
        p->r = ac_read_exact_into(&p->s.io, p->buf, 4);
        AC_AWAIT(&p->co, cx, &p->r.base);
        assert_int_equal(p->r.result, 4);
    }
    p->flood_at_end = atomic_load(&p->f->sent);
    atomic_store(&p->f->stop, true);
    ac_tcp_close(&p->s);
    AC_END(&p->co);
}
static const ac_future_vtable pinger_vtable = {.name = "pinger", .poll = pinger_poll};

static void test_flood_does_not_starve_a_ping(void **state)
{
    (void)state;
    ac_executor ex;
    EXECUTOR_SETUP(ex);
    start_server(&ex, 2, (handler_kind[]){H_DISCARD, H_ECHO});
    static flood f;
    f = (flood){.port = ac_tcp_listener_port(&listener)};
    pthread_t t;
    pthread_create(&t, NULL, flood_thread, &f);
    pinger p = {.base = {&pinger_vtable}, .f = &f};
    ac_block_on(&ex, &p.base);
    assert_int_equal(p.rounds, 20);
    /* the pings were answered while the flood ran, long before its cap */
    assert_true(p.flood_at_end >= (4 << 20));
    assert_true(p.flood_at_end < (1ll << 31));
    ac_executor_run(&ex); /* drain: the flooder sees `stop`, closes; the discard handler ends */
    pthread_join(t, NULL);
    ac_tcp_listener_close(&listener);
    ac_executor_close(&ex);
}

/* ---- UDP ------------------------------------------------------------------- */

static void test_udp_send_to_and_recv_from(void **state)
{
    (void)state;
    ac_executor ex;
    EXECUTOR_SETUP(ex);
    ac_udp_socket a, b;
    assert_int_equal(ac_udp_bind(&a, "127.0.0.1", 0), 0);
    assert_int_equal(ac_udp_bind(&b, "127.0.0.1", 0), 0);
    char buf[32] = {0};
    /* b waits first: its recv must register, then be woken */
    ac_udp_recv r = ac_udp_recv_from(&b, buf, sizeof buf);
    ac_join_handle h = ac_spawn(&ex, &r, sizeof r);
    ac_executor_run_until_idle(&ex);
    assert_false(ac_join_is_finished(&h));
    ac_udp_send s = ac_udp_send_to(&a, "datagram", 8, &b.local);
    ac_block_on(&ex, &s.base);
    assert_int_equal(s.result, 8);
    ac_executor_run(&ex);
    assert_true(ac_join_is_finished(&h));
    const ac_udp_recv *done = (const ac_udp_recv *)ac_task_future(h.task);
    assert_int_equal(done->result, 8);
    assert_memory_equal(buf, "datagram", 8);
    assert_int_equal(ac_addr_port(&done->from), ac_udp_port(&a)); /* who sent it */
    ac_join_release(&h);
    ac_udp_close(&a);
    ac_udp_close(&b);
    ac_executor_close(&ex);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_echo_round_trip_with_shutdown),
        cmocka_unit_test(test_read_exact_reports_early_eof),
        cmocka_unit_test(test_connect_refused_is_a_negative_errno),
        cmocka_unit_test(test_accepted_socket_is_nonblocking_and_cloexec),
        cmocka_unit_test(test_adopted_listener_knows_its_port_and_accepts),
        cmocka_unit_test(test_write_after_peer_reset_is_an_error_not_sigpipe),
        cmocka_unit_test(test_ten_mib_echo_survives_an_eintr_storm),
        cmocka_unit_test(test_flood_does_not_starve_a_ping),
        cmocka_unit_test(test_udp_send_to_and_recv_from),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
