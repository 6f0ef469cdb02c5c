/*
 * Checks for lesson 11 (AsyncRead / AsyncWrite), one group per exercise.
 *
 *   ctest --preset learner -L 11-async-read-write      all four
 *   ctest --preset learner -R 11-async-read-write/ex1  just exercise 1
 *
 * Socket pairs and loopback port 0 only; no sleeps.  Hand-polled checks
 * register their ac_io with the reactor themselves, so a Pending poll has
 * somewhere to leave its waker without a running executor.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../check.h"
#include "ac/combinators.h"
#include "ac/executor.h"
#include "lesson.h"
#include "pairs.h"

typedef struct rig {
    ac_executor ex;
    ac_reactor *r;
    ac_io a, b; /* a socket pair: a is the side under test */
} rig;

static ac_reactor *rig_reactor; /* the running test's, for poll_settled */

static int rig_setup(void **state)
{
    rig *g = calloc(1, sizeof *g);
    if (g == NULL || ac_executor_init(&g->ex) != 0)
        return -1;
    g->r = rig_reactor = ac_reactor_get(&g->ex);
    *state = g;
    return g->r == NULL || io_socket_pair(&g->a, &g->b) != 0 ? -1 : 0;
}

static int rig_teardown(void **state)
{
    rig *g = *state;
    ac_io_close(&g->a);
    ac_io_close(&g->b);
    ac_executor_close(&g->ex);
    free(g);
    return 0;
}

/* Register io by hand, as the first Pending would inside a runtime. */
static void adopt(rig *g, ac_io *io)
{
    assert_int_equal(ac_reactor_register(g->r, io->fd), 0);
    io->reactor = g->r;
}

/* Shrink a socket's send buffer so a few KiB fill it. */
static void small_sndbuf(ac_io *io)
{
    int size = 4096;
    assert_int_equal(setsockopt(io->fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof size), 0);
}

/* Read whatever is waiting (nonblocking) into out+*got; returns bytes read. */
static size_t drain(ac_io *io, char *out, size_t *got, size_t cap)
{
    size_t before = *got;
    for (;;) {
        ssize_t n = read(io->fd, out + *got, cap - *got);
        if (n <= 0)
            break;
        *got += (size_t)n;
    }
    return *got - before;
}

static void fill_pattern(char *buf, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++)
        buf[i] = (char)((i * 31 + seed) % 251);
}

/*
 * Hand polls.  ac_io_poll_read/write may return Pending WITHOUT arming:
 * after AC_IO_BUDGET operations in a row the runtime makes the task step
 * aside by waking it and returning Pending (its fairness budget).  An
 * executor would simply poll the task again; poll_settled does the same,
 * so a Pending it returns always means "armed in the reactor".
 *
 * And after a Pending it turns the reactor once without blocking, as the
 * executor's park would, and polls again if that woke the future: the
 * reactor remembers a socket that ran dry (reactor.h), and only an event
 * from the kernel tells it that bytes came in since.
 */
static int self_wakes;
static const ac_waker_vtable hand_vtable;
static ac_waker hand_clone(void *data) { return (ac_waker){.data = data, .vtable = &hand_vtable}; }
static void hand_wake(void *data)
{
    (void)data;
    self_wakes++;
}
static void hand_drop(void *data) { (void)data; }
static const ac_waker_vtable hand_vtable = {
    .clone = hand_clone, .wake = hand_wake, .wake_by_ref = hand_wake, .drop = hand_drop};
static ac_waker hand_waker(void) { return hand_clone(&self_wakes); }

static ac_poll poll_settled(ac_future *f, ac_context *cx)
{
    for (int i = 0; i < 100; i++) {
        int before = self_wakes;
        ac_poll p = ac_future_poll(f, cx);
        if (p == AC_READY)
            return p;
        if (self_wakes == before) {
            ac_reactor_turn(rig_reactor, 0); /* what a park would do next */
            if (self_wakes == before)
                return p; /* armed, and nothing has happened yet */
        }
    }
    fail_msg("a future kept waking itself without ever waiting or finishing");
    return AC_PENDING;
}

/* A task that writes `len` bytes at most `chunk` at a time, yielding
 * between chunks so the reader sees them one by one, then shuts down
 * its writing side (end of file for the reader). */
typedef struct chunker {
    ac_future base;
    ac_io *io;
    const char *buf;
    size_t len, chunk, sent;
    unsigned long chunks;
} chunker;

static ac_poll chunker_poll(ac_future *self, ac_context *cx)
{
    chunker *c = (chunker *)self;
    if (c->sent < c->len) {
        size_t n = c->len - c->sent < c->chunk ? c->len - c->sent : c->chunk;
        ssize_t w;
        if (ac_io_poll_write(c->io, cx, c->buf + c->sent, n, &w) == AC_PENDING)
            return AC_PENDING;
        assert_true(w > 0);
        c->sent += (size_t)w;
        c->chunks++;
        if (c->sent < c->len) {
            ac_waker_wake_by_ref(cx->waker); /* yield: let the reader run */
            return AC_PENDING;
        }
    }
    shutdown(c->io->fd, SHUT_WR);
    return AC_READY;
}
static const ac_future_vtable chunker_vtable = {.name = "chunker", .poll = chunker_poll};

static chunker chunker_new(ac_io *io, const char *buf, size_t len, size_t chunk)
{
    return (chunker){.base = {&chunker_vtable}, .io = io, .buf = buf, .len = len, .chunk = chunk};
}

/* A task that reads everything until end of file into out. */
typedef struct sink {
    ac_future base;
    ac_io *io;
    char *out;
    size_t cap, got;
    ssize_t result; /* 0 at end of file, or -errno */
} sink;

static ac_poll sink_poll(ac_future *self, ac_context *cx)
{
    sink *k = (sink *)self;
    for (;;) {
        char scratch[4096];
        char *into = k->got < k->cap ? k->out + k->got : scratch;
        size_t room = k->got < k->cap ? k->cap - k->got : sizeof scratch;
        ssize_t n;
        if (ac_io_poll_read(k->io, cx, into, room, &n) == AC_PENDING)
            return AC_PENDING;
        if (n <= 0) {
            k->result = n;
            return AC_READY;
        }
        k->got += (size_t)n;
    }
}
static const ac_future_vtable sink_vtable = {.name = "sink", .poll = sink_poll, AC_OUTPUT(sink, got)};

static sink sink_new(ac_io *io, char *out, size_t cap)
{
    return (sink){.base = {&sink_vtable}, .io = io, .out = out, .cap = cap};
}

/* ---- exercise 1 -------------------------------------------------------- */

static void read_exact_keeps_what_it_has_across_pendings(void **state)
{
    rig *g = *state;
    adopt(g, &g->a);
    ac_waker w = hand_waker();
    ac_context cx = {.waker = &w};
    char buf[10] = {0};
    read_exact f = read_exact_new(&g->a, buf, sizeof buf);

    assert_int_equal(poll_settled(&f.base, &cx), AC_PENDING);
    assert_int_equal(f.done, 0);
    assert_true(f.armed);
    assert_true(ac_reactor_is_armed(g->r, g->a.fd, AC_READABLE));

    assert_int_equal(write(g->b.fd, "abc", 3), 3);
    assert_int_equal(poll_settled(&f.base, &cx), AC_PENDING);
    assert_int_equal(f.done, 3);

    assert_int_equal(write(g->b.fd, "defghij", 7), 7);
    assert_int_equal(poll_settled(&f.base, &cx), AC_READY);
    assert_int_equal(f.result, 10);
    assert_int_equal(*(ssize_t *)ac_future_output(&f.base), 10);
    assert_memory_equal(buf, "abcdefghij", 10);
    assert_int_equal(f.reads, 2);
    assert_true(f.pendings >= 2); /* (one more if the I/O budget made it yield) */
    assert_false(f.armed);
}

static void read_exact_moves_10_kib_sent_in_small_chunks(void **state)
{
    rig *g = *state;
    static char out[10240], in[10240];
    fill_pattern(out, sizeof out, 7);
    chunker c = chunker_new(&g->b, out, sizeof out, 100);
    ac_join_handle h = AC_SPAWN(&g->ex, c);
    read_exact f = read_exact_new(&g->a, in, sizeof in);
    ac_block_on(&g->ex, &f.base);
    assert_int_equal(f.result, (ssize_t)sizeof in);
    assert_memory_equal(in, out, sizeof in);
    assert_true(f.pendings >= 1); /* it had to wait for later chunks */
    assert_true(f.reads >= 2);    /* and it took more than one read */
    ac_executor_run(&g->ex);
    ac_join_release(&h);
}

static void read_exact_end_of_file_first_is_an_error(void **state)
{
    rig *g = *state;
    adopt(g, &g->a);
    ac_waker w = hand_waker();
    ac_context cx = {.waker = &w};
    char buf[10];
    assert_int_equal(write(g->b.fd, "abcd", 4), 4);
    ac_io_close(&g->b);
    read_exact f = read_exact_new(&g->a, buf, sizeof buf);
    assert_int_equal(poll_settled(&f.base, &cx), AC_READY);
    assert_int_equal(f.result, UNEXPECTED_EOF);
    assert_int_equal(f.done, 4);
    assert_memory_equal(buf, "abcd", 4);

    read_exact none = read_exact_new(&g->a, buf, 0); /* nothing to read: done at once */
    assert_int_equal(poll_settled(&none.base, &cx), AC_READY);
    assert_int_equal(none.result, 0);
}

static void read_exact_reports_errors_and_drop_disarms(void **state)
{
    rig *g = *state;
    adopt(g, &g->a);
    ac_waker w = hand_waker();
    ac_context cx = {.waker = &w};
    char buf[8];
    read_exact f = read_exact_new(&g->a, buf, sizeof buf);
    assert_int_equal(poll_settled(&f.base, &cx), AC_PENDING);
    ac_future_drop(&f.base); /* the given drop relies on your `armed` */
    assert_false(ac_reactor_is_armed(g->r, g->a.fd, AC_READABLE));

    ac_io bad = {.fd = g->b.fd, .is_socket = true};
    shutdown(g->b.fd, SHUT_RDWR);
    ac_io_close(&g->b);
    read_exact e = read_exact_new(&bad, buf, sizeof buf); /* a closed fd */
    assert_int_equal(poll_settled(&e.base, &cx), AC_READY);
    assert_int_equal(e.result, -EBADF);
}

static const struct CMUnitTest ex1_tests[] = {
    cmocka_unit_test_setup_teardown(read_exact_keeps_what_it_has_across_pendings, rig_setup, rig_teardown),
    cmocka_unit_test_setup_teardown(read_exact_moves_10_kib_sent_in_small_chunks, rig_setup, rig_teardown),
    cmocka_unit_test_setup_teardown(read_exact_end_of_file_first_is_an_error, rig_setup, rig_teardown),
    cmocka_unit_test_setup_teardown(read_exact_reports_errors_and_drop_disarms, rig_setup, rig_teardown),
};

/* ---- exercise 2 -------------------------------------------------------- */

static void write_all_survives_short_writes(void **state)
{
    rig *g = *state;
    adopt(g, &g->b);
    small_sndbuf(&g->b);
    ac_waker w = hand_waker();
    ac_context cx = {.waker = &w};
    static char out[65536], in[65536];
    fill_pattern(out, sizeof out, 3);
    write_all f = write_all_new(&g->b, out, sizeof out);
    size_t got = 0;
    unsigned polls = 0;
    while (poll_settled(&f.base, &cx) == AC_PENDING) {
        polls++;
        assert_true(f.armed);
        assert_true(f.done < sizeof out);
        assert_true(ac_reactor_is_armed(g->r, g->b.fd, AC_WRITABLE));
        assert_true(drain(&g->a, in, &got, sizeof in) > 0); /* make room */
        assert_true(polls < 10000);
    }
    drain(&g->a, in, &got, sizeof in);
    assert_int_equal(f.result, (ssize_t)sizeof out);
    assert_int_equal(got, sizeof out);
    assert_memory_equal(in, out, sizeof out);
    assert_true(polls >= 2);            /* the buffer really filled up */
    assert_true(f.pendings >= polls);   /* every wait, plus any budget yields */
    assert_true(f.writes > f.pendings); /* several partial writes */
}

static void write_all_reports_a_peer_that_left(void **state)
{
    rig *g = *state;
    adopt(g, &g->b);
    ac_waker w = hand_waker();
    ac_context cx = {.waker = &w};
    ac_io_close(&g->a);
    write_all f = write_all_new(&g->b, "hello", 5);
    assert_int_equal(poll_settled(&f.base, &cx), AC_READY);
    assert_int_equal(f.result, -EPIPE);

    write_all none = write_all_new(&g->b, "", 0);
    assert_int_equal(poll_settled(&none.base, &cx), AC_READY);
    assert_int_equal(none.result, 0);
}

static void write_all_on_the_executor(void **state)
{
    rig *g = *state;
    small_sndbuf(&g->b);
    static char out[100000], in[100000];
    fill_pattern(out, sizeof out, 11);
    sink k = sink_new(&g->a, in, sizeof in);
    ac_join_handle h = AC_SPAWN(&g->ex, k);
    write_all f = write_all_new(&g->b, out, sizeof out);
    ac_block_on(&g->ex, &f.base);
    assert_int_equal(f.result, (ssize_t)sizeof out);
    shutdown(g->b.fd, SHUT_WR);
    ac_executor_run(&g->ex);
    size_t *got = ac_join_output(&h); /* the sink's output: bytes it got */
    assert_non_null(got);
    assert_int_equal(*got, sizeof out);
    assert_memory_equal(in, out, sizeof out);
    ac_join_release(&h);
}

static void write_all_drop_disarms(void **state)
{
    rig *g = *state;
    adopt(g, &g->b);
    small_sndbuf(&g->b);
    static char out[100000];
    ac_waker w = hand_waker();
    ac_context cx = {.waker = &w};
    write_all big = write_all_new(&g->b, out, sizeof out);
    assert_int_equal(poll_settled(&big.base, &cx), AC_PENDING);
    assert_true(ac_reactor_is_armed(g->r, g->b.fd, AC_WRITABLE));
    ac_future_drop(&big.base); /* the given drop relies on your `armed` */
    assert_false(ac_reactor_is_armed(g->r, g->b.fd, AC_WRITABLE));
}

static const struct CMUnitTest ex2_tests[] = {
    cmocka_unit_test_setup_teardown(write_all_survives_short_writes, rig_setup, rig_teardown),
    cmocka_unit_test_setup_teardown(write_all_reports_a_peer_that_left, rig_setup, rig_teardown),
    cmocka_unit_test_setup_teardown(write_all_on_the_executor, rig_setup, rig_teardown),
    cmocka_unit_test_setup_teardown(write_all_drop_disarms, rig_setup, rig_teardown),
};

/* ---- exercise 3 -------------------------------------------------------- */

typedef struct sessions_seen {
    int count;
    ssize_t results[4];
} sessions_seen;

static void note_session(ssize_t result, void *arg)
{
    sessions_seen *s = arg;
    if (s->count < 4)
        s->results[s->count] = result;
    s->count++;
}

/* The client side, written with the runtime's own futures: send each
 * message, read its echo back exactly, then say goodbye (SHUT_WR) and
 * expect end of file. */
typedef struct talker {
    ac_future base;
    ac_coro co;
    ac_io *io;
    const char *const *msgs;
    int n, i;
    char back[256];
    ac_write_all wr;
    ac_read_exact rd;
    ac_read last;
    int ok;
} talker;

static ac_poll talker_poll(ac_future *self, ac_context *cx)
{
    talker *t = (talker *)self;
    AC_BEGIN(&t->co);
    for (t->i = 0; t->i < t->n; t->i++) {
        t->wr = ac_write_all_from(t->io, t->msgs[t->i], strlen(t->msgs[t->i]));
        AC_AWAIT(&t->co, cx, &t->wr.base);
        t->rd = ac_read_exact_into(t->io, t->back, strlen(t->msgs[t->i]));
        AC_AWAIT(&t->co, cx, &t->rd.base);
        if (t->rd.result == (ssize_t)strlen(t->msgs[t->i]) &&
            memcmp(t->back, t->msgs[t->i], t->rd.result) == 0)
            t->ok++;
    }
    shutdown(t->io->fd, SHUT_WR);
    t->last = ac_read_some(t->io, t->back, sizeof t->back);
    AC_AWAIT(&t->co, cx, &t->last.base);
    if (t->last.result == 0)
        t->ok++; /* the session closed its end */
    AC_END(&t->co);
}
static const ac_future_vtable talker_vtable = {.name = "talker", .poll = talker_poll};

static talker talker_new(ac_io *io, const char *const *msgs, int n)
{
    talker t;
    memset(&t, 0, sizeof t);
    t.base.vtable = &talker_vtable;
    t.io = io;
    t.msgs = msgs;
    t.n = n;
    return t;
}

static const char *const greetings[] = {"hello", "echo, echo", "a somewhat longer third message"};

static void echo_session_echoes_until_end_of_file(void **state)
{
    rig *g = *state;
    sessions_seen seen = {0};
    int fd = g->a.fd;
    echo_session s = echo_session_new(g->a, note_session, &seen);
    g->a = ac_io_none(); /* the session owns it now */
    ac_join_handle h = AC_SPAWN(&g->ex, s);
    talker t = talker_new(&g->b, greetings, 3);
    ac_block_on(&g->ex, &t.base);
    ac_executor_run(&g->ex); /* let the session finish */
    assert_int_equal(t.ok, 4);
    assert_int_equal(seen.count, 1);
    size_t total = strlen(greetings[0]) + strlen(greetings[1]) + strlen(greetings[2]);
    assert_int_equal(seen.results[0], (ssize_t)total);
    ssize_t *result = ac_join_output(&h); /* the session's output */
    assert_non_null(result);
    assert_int_equal(*result, (ssize_t)total);
    assert_int_equal(fcntl(fd, F_GETFD), -1); /* it closed its socket */
    assert_int_equal(errno, EBADF);
    ac_join_release(&h);
}

/* Two clients connect over loopback, one after the other. */
typedef struct visitor {
    ac_future base;
    ac_coro co;
    ac_addr addr;
    ac_tcp_connect conn;
    ac_tcp_stream stream;
    talker talk;
    int ok;
} visitor;

static ac_poll visitor_poll(ac_future *self, ac_context *cx)
{
    visitor *v = (visitor *)self;
    AC_BEGIN(&v->co);
    v->conn = ac_tcp_connect_to(&v->addr);
    AC_AWAIT(&v->co, cx, &v->conn.base);
    assert_int_equal(v->conn.result.err, 0);
    v->stream = v->conn.result.stream;
    v->talk = talker_new(&v->stream.io, greetings, 2);
    AC_AWAIT(&v->co, cx, &v->talk.base);
    v->ok = v->talk.ok;
    ac_tcp_close(&v->stream);
    AC_END(&v->co);
}
static const ac_future_vtable visitor_vtable = {.name = "visitor", .poll = visitor_poll};

static void echo_server_spawns_a_session_per_client(void **state)
{
    rig *g = *state;
    ac_tcp_listener ln;
    assert_int_equal(ac_tcp_listen(&ln, "127.0.0.1", 0, 16), 0);
    sessions_seen seen = {0};
    echo_server srv = echo_server_new(&ln, 2, note_session, &seen);
    ac_join_handle hs = AC_SPAWN(&g->ex, srv);
    for (int i = 0; i < 2; i++) {
        visitor v;
        memset(&v, 0, sizeof v);
        v.base.vtable = &visitor_vtable;
        assert_int_equal(ac_addr_parse(&v.addr, "127.0.0.1", ac_tcp_listener_port(&ln)), 0);
        ac_block_on(&g->ex, &v.base);
        assert_int_equal(v.ok, 3);
    }
    ac_executor_run(&g->ex); /* server and sessions finish */
    assert_true(ac_join_is_finished(&hs));
    int *accepted = ac_join_output(&hs);
    assert_non_null(accepted);
    assert_int_equal(*accepted, 2);
    assert_int_equal(seen.count, 2);
    ssize_t each = (ssize_t)(strlen(greetings[0]) + strlen(greetings[1]));
    assert_int_equal(seen.results[0], each);
    assert_int_equal(seen.results[1], each);
    ac_join_release(&hs);
    ac_tcp_listener_close(&ln);
}

static const struct CMUnitTest ex3_tests[] = {
    cmocka_unit_test_setup_teardown(echo_session_echoes_until_end_of_file, rig_setup, rig_teardown),
    cmocka_unit_test_setup_teardown(echo_server_spawns_a_session_per_client, rig_setup, rig_teardown),
};

/* ---- exercise 4 -------------------------------------------------------- */

static void io_copy_pipes_everything_until_end_of_file(void **state)
{
    rig *g = *state;
    /* writer -> b ==pair==> a --copy--> c ==pair==> d -> sink */
    ac_io c, d;
    assert_int_equal(io_socket_pair(&c, &d), 0);
    small_sndbuf(&c); /* so the copy's writes fill up too */
    static char out[200000], in[200000];
    fill_pattern(out, sizeof out, 5);
    chunker w = chunker_new(&g->b, out, sizeof out, 7000);
    sink k = sink_new(&d, in, sizeof in);
    ac_join_handle hw = AC_SPAWN(&g->ex, w), hk = AC_SPAWN(&g->ex, k);
    char buf[4096];
    io_copy cp = io_copy_new(&g->a, &c, buf, sizeof buf);
    ac_block_on(&g->ex, &cp.base);
    assert_int_equal(cp.result, (ssize_t)sizeof out);
    assert_int_equal(cp.total, (ssize_t)sizeof out);
    assert_true(cp.reads >= sizeof out / sizeof buf);
    assert_true(cp.pendings >= 1);
    ac_io_close(&c); /* end of file for the sink */
    ac_executor_run(&g->ex);
    size_t *got = ac_join_output(&hk);
    assert_non_null(got);
    assert_int_equal(*got, sizeof out);
    assert_memory_equal(in, out, sizeof out);
    ac_join_release(&hw);
    ac_join_release(&hk);
    ac_io_close(&d);
}

static void io_copy_reports_a_dead_destination(void **state)
{
    rig *g = *state;
    ac_io c, d;
    assert_int_equal(io_socket_pair(&c, &d), 0);
    ac_io_close(&d);
    assert_int_equal(write(g->b.fd, "data", 4), 4);
    ac_waker w = hand_waker();
    ac_context cx = {.waker = &w};
    char buf[64];
    io_copy cp = io_copy_new(&g->a, &c, buf, sizeof buf);
    assert_int_equal(poll_settled(&cp.base, &cx), AC_READY);
    assert_int_equal(cp.result, -EPIPE);
    ac_io_close(&c);
}

static void io_copy_drop_disarms_the_side_it_waits_on(void **state)
{
    rig *g = *state;
    adopt(g, &g->a);
    ac_io c, d;
    assert_int_equal(io_socket_pair(&c, &d), 0);
    ac_waker w = hand_waker();
    ac_context cx = {.waker = &w};
    char buf[64];
    io_copy cp = io_copy_new(&g->a, &c, buf, sizeof buf);
    assert_int_equal(poll_settled(&cp.base, &cx), AC_PENDING); /* nothing to read */
    assert_int_equal(cp.armed, COPY_ARMED_READ);
    assert_true(ac_reactor_is_armed(g->r, g->a.fd, AC_READABLE));
    ac_future_drop(&cp.base);
    assert_false(ac_reactor_is_armed(g->r, g->a.fd, AC_READABLE));

    /* end of file at once: Ready with 0 copied */
    shutdown(g->b.fd, SHUT_WR);
    io_copy empty = io_copy_new(&g->a, &c, buf, sizeof buf);
    assert_int_equal(poll_settled(&empty.base, &cx), AC_READY);
    assert_int_equal(empty.result, 0);
    ac_io_close(&c);
    ac_io_close(&d);
}

static const struct CMUnitTest ex4_tests[] = {
    cmocka_unit_test_setup_teardown(io_copy_pipes_everything_until_end_of_file, rig_setup, rig_teardown),
    cmocka_unit_test_setup_teardown(io_copy_reports_a_dead_destination, rig_setup, rig_teardown),
    cmocka_unit_test_setup_teardown(io_copy_drop_disarms_the_side_it_waits_on, rig_setup, rig_teardown),
};

AC_CHECK_MAIN(AC_CHECK_GROUP(ex1_read_exact, ex1_tests), AC_CHECK_GROUP(ex2_write_all, ex2_tests),
              AC_CHECK_GROUP(ex3_echo_server, ex3_tests), AC_CHECK_GROUP(ex4_copy, ex4_tests))
