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

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#else
#include <malloc.h>
#endif

#include "../check.h"
#include "ac/combinators.h"
#include "ac/executor.h"
#include "lesson.h"
#include "given_pairs.h"

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
    EXPECT_TRUE(
        !"it kept waking itself",
        "a Pending future must wait for something (an armed slot); one that wakes itself 100 times in a "
        "row and never finishes is spinning");
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

/* Fill io's (small) send buffer until the kernel says EAGAIN. */
static void fill_send_buffer(ac_io *io)
{
    static const char junk[1024];
    while (send(io->fd, junk, sizeof junk, MSG_DONTWAIT | MSG_NOSIGNAL) > 0)
        ;
}

/* Bytes the C library has handed out and not yet taken back: how a check
 * sees a task that is never freed.  Under ASan, LeakSanitizer answers. */
static size_t heap_in_use(void)
{
#if defined(__SANITIZE_ADDRESS__)
    return 0;
#else
    return mallinfo2().uordblks;
#endif
}

static bool leaked_since(size_t before, size_t allowance)
{
#if defined(__SANITIZE_ADDRESS__)
    (void)before;
    (void)allowance;
    return __lsan_do_recoverable_leak_check() != 0;
#else
    size_t now = heap_in_use();
    return now > before && now - before >= allowance;
#endif
}

/* ---- exercise 1 -------------------------------------------------------- */

static void read_exact_keeps_what_it_has_across_pendings(void **state)
{
    rig *g = *state;
    CHECK_FN("read_exact_poll");
    adopt(g, &g->a);
    ac_waker w = hand_waker();
    ac_context cx = {.waker = &w};
    char buf[10] = {0};
    read_exact f = read_exact_new(&g->a, buf, sizeof buf);

    EXPECT_POLL(poll_settled(&f.base, &cx), AC_PENDING,
                "nothing has been sent yet, so there is nothing to read");
    EXPECT_INT(f.done, 0, "no byte has arrived, so none can be done");
    EXPECT_TRUE(f.armed, "a Pending read_exact waits in io's read slot, and says so in `armed` for its drop");
    EXPECT_TRUE(ac_reactor_is_armed(g->r, g->a.fd, AC_READABLE),
                "Pending must leave the waker in the reactor's read slot, or nothing wakes the future again");

    assert_int_equal(write(g->b.fd, "abc", 3), 3);
    EXPECT_POLL(poll_settled(&f.base, &cx), AC_PENDING,
                "3 of the 10 bytes are not enough: it must wait for more");
    EXPECT_INT(f.done, 3, "the 3 bytes that arrived are kept in the struct across the Pending");

    assert_int_equal(write(g->b.fd, "defghij", 7), 7);
    EXPECT_POLL(poll_settled(&f.base, &cx), AC_READY, "all 10 bytes have arrived");
    EXPECT_INT(f.result, 10, "a full buffer's result is its length");
    EXPECT_INT(*(ssize_t *)ac_future_output(&f.base), 10, "the output is `result`");
    EXPECT_MEM(buf, "abcdefghij", 10,
               "the bytes arrive in order: later reads go after the ones already done");
    EXPECT_INT(f.reads, 2, "one read per batch that arrived: `reads` counts the calls that brought bytes");
    EXPECT_TRUE(f.pendings >= 2,
                "`pendings` counts every Pending (one more if the I/O budget made it yield)");
    EXPECT_FALSE(f.armed, "a finished read_exact waits on nothing: `armed` is cleared when polled again");
}

/* Two messages back to back: read_exact of the first must leave the
 * second in the socket, however the first was split. */
static void read_exact_never_reads_past_its_buffer(void **state)
{
    rig *g = *state;
    CHECK_FN("read_exact_poll");
    adopt(g, &g->a);
    ac_waker w = hand_waker();
    ac_context cx = {.waker = &w};
    struct {
        char buf[10];
        char guard[8];
    } msg;
    memset(&msg, '#', sizeof msg);
    read_exact f = read_exact_new(&g->a, msg.buf, sizeof msg.buf);

    assert_int_equal(write(g->b.fd, "abc", 3), 3);
    EXPECT_POLL(poll_settled(&f.base, &cx), AC_PENDING,
                "3 of the 10 bytes are not enough: it must wait for more");
    assert_int_equal(write(g->b.fd, "defghijNEXT", 11), 11); /* the rest, then the next message */
    EXPECT_POLL(poll_settled(&f.base, &cx), AC_READY, "all 10 bytes have arrived");
    EXPECT_INT(f.done, 10,
               "each read asks for what is still missing (len - done), never more: done can never pass len");
    EXPECT_INT(f.result, 10, "a full buffer's result is its length");
    EXPECT_MEM(msg.buf, "abcdefghij", 10, "the buffer holds exactly the first message");
    EXPECT_MEM(msg.guard, "########", 8,
               "nothing is written past buf + len (asking for len at buf + done does)");
    char rest[16] = {0};
    EXPECT_INT(read(g->a.fd, rest, sizeof rest), 4,
               "the next message stays in the socket: read_exact takes its len bytes and not one more");
    EXPECT_MEM(rest, "NEXT", 4, "the next message stays in the socket, whole");
}

static void read_exact_moves_10_kib_sent_in_small_chunks(void **state)
{
    rig *g = *state;
    CHECK_FN("read_exact_poll");
    CHECK_WAITING("for ac_block_on(read_exact) to finish while a task sends 10 KiB in 100-byte chunks");
    static char out[10240], in[10240];
    fill_pattern(out, sizeof out, 7);
    chunker c = chunker_new(&g->b, out, sizeof out, 100);
    ac_join_handle h = AC_SPAWN(&g->ex, c);
    read_exact f = read_exact_new(&g->a, in, sizeof in);
    ac_block_on(&g->ex, &f.base);
    EXPECT_INT(f.result, (ssize_t)sizeof in, "every byte sent arrives, so the buffer fills up");
    EXPECT_MEM(in, out, sizeof in, "the bytes arrive in order, each chunk after the last");
    EXPECT_TRUE(f.pendings >= 1, "later chunks were not there yet: it had to wait for them");
    EXPECT_TRUE(f.reads >= 2, "one read cannot have brought chunks that were sent later");
    ac_executor_run(&g->ex);
    ac_join_release(&h);
}

static void read_exact_end_of_file_first_is_an_error(void **state)
{
    rig *g = *state;
    CHECK_FN("read_exact_poll");
    adopt(g, &g->a);
    ac_waker w = hand_waker();
    ac_context cx = {.waker = &w};
    char buf[10];
    assert_int_equal(write(g->b.fd, "abcd", 4), 4);
    ac_io_close(&g->b);
    read_exact f = read_exact_new(&g->a, buf, sizeof buf);
    EXPECT_POLL(poll_settled(&f.base, &cx), AC_READY,
                "end of file ends the wait: no more bytes will ever come");
    EXPECT_ERR(f.result, UNEXPECTED_EOF,
               "4 bytes are not the 10 asked for: end of file first is UNEXPECTED_EOF, not a short count");
    EXPECT_INT(f.done, 4, "the 4 bytes that did arrive are counted in done");
    EXPECT_MEM(buf, "abcd", 4, "the 4 bytes that did arrive are in the buffer");

    read_exact none = read_exact_new(&g->a, buf, 0);
    EXPECT_POLL(poll_settled(&none.base, &cx), AC_READY, "a buffer of length 0 is full already");
    EXPECT_INT(none.result, 0, "a buffer of length 0 is full with 0 bytes (not an end-of-file error)");
}

static void read_exact_reports_errors_and_drop_disarms(void **state)
{
    rig *g = *state;
    CHECK_FN("read_exact_poll");
    adopt(g, &g->a);
    ac_waker w = hand_waker();
    ac_context cx = {.waker = &w};
    char buf[8];
    read_exact f = read_exact_new(&g->a, buf, sizeof buf);
    EXPECT_POLL(poll_settled(&f.base, &cx), AC_PENDING, "nothing has been sent yet");
    ac_future_drop(&f.base);
    EXPECT_FALSE(
        ac_reactor_is_armed(g->r, g->a.fd, AC_READABLE),
        "the given drop disarms the read slot only when `armed` says a Pending left our waker there");

    ac_io bad = {.fd = g->b.fd, .is_socket = true};
    shutdown(g->b.fd, SHUT_RDWR);
    ac_io_close(&g->b);
    read_exact e = read_exact_new(&bad, buf, sizeof buf); /* a closed fd */
    EXPECT_POLL(poll_settled(&e.base, &cx), AC_READY, "an error ends the read at once");
    EXPECT_ERR(e.result, -EBADF,
               "an error from the read is the result as it is (not end of file, not a count)");
}

static const struct CMUnitTest ex1_tests[] = {
    cmocka_unit_test_setup_teardown(read_exact_keeps_what_it_has_across_pendings, rig_setup, rig_teardown),
    cmocka_unit_test_setup_teardown(read_exact_never_reads_past_its_buffer, rig_setup, rig_teardown),
    cmocka_unit_test_setup_teardown(read_exact_moves_10_kib_sent_in_small_chunks, rig_setup, rig_teardown),
    cmocka_unit_test_setup_teardown(read_exact_end_of_file_first_is_an_error, rig_setup, rig_teardown),
    cmocka_unit_test_setup_teardown(read_exact_reports_errors_and_drop_disarms, rig_setup, rig_teardown),
};

/* ---- exercise 2 -------------------------------------------------------- */

static void write_all_survives_short_writes(void **state)
{
    rig *g = *state;
    CHECK_FN("write_all_poll");
    adopt(g, &g->b);
    small_sndbuf(&g->b);
    ac_waker w = hand_waker();
    ac_context cx = {.waker = &w};
    static char out[65536], in[65536 + 4096];
    fill_pattern(out, sizeof out, 3);
    write_all f = write_all_new(&g->b, out, sizeof out);
    size_t got = 0;
    unsigned polls = 0;
    while (poll_settled(&f.base, &cx) == AC_PENDING && polls < 10000) {
        polls++;
        EXPECT_TRUE(f.armed,
                    "a Pending write_all waits in io's write slot, and says so in `armed` for its drop");
        EXPECT_TRUE(f.done < sizeof out, "a write_all that still has bytes to write is not done");
        EXPECT_TRUE(ac_reactor_is_armed(g->r, g->b.fd, AC_WRITABLE),
                    "Pending must leave the waker in the reactor's write slot, or nothing wakes it again");
        EXPECT_TRUE(drain(&g->a, in, &got, sizeof in) > 0,
                    "a Pending write_all has filled the send buffer, so the reader finds bytes to take");
    }
    drain(&g->a, in, &got, sizeof in);
    EXPECT_INT(f.result, (ssize_t)sizeof out, "a buffer written out completely: the result is its length");
    EXPECT_INT(f.done, sizeof out, "done counts the bytes the writes took: all of them, never more");
    EXPECT_INT(got, sizeof out,
               "the reader gets every byte exactly once: each write offers buf + done, len - done");
    EXPECT_MEM(in, out, sizeof out,
               "the bytes arrive in order: each write starts where the last one stopped");
    EXPECT_TRUE(polls >= 2, "64 KiB cannot fit a 4 KiB send buffer: it must have waited for room");
    EXPECT_TRUE(f.pendings >= polls, "`pendings` counts every Pending (plus any budget yields)");
    EXPECT_TRUE(f.writes > f.pendings,
                "a full send buffer takes part of a write: it must go on with the rest");
    EXPECT_FALSE(f.armed, "a finished write_all waits on nothing: `armed` is cleared when polled again");
}

static void write_all_reports_a_peer_that_left(void **state)
{
    rig *g = *state;
    CHECK_FN("write_all_poll");
    adopt(g, &g->b);
    ac_waker w = hand_waker();
    ac_context cx = {.waker = &w};
    ac_io_close(&g->a);
    write_all f = write_all_new(&g->b, "hello", 5);
    EXPECT_POLL(poll_settled(&f.base, &cx), AC_READY, "an error ends the write at once");
    EXPECT_ERR(f.result, -EPIPE, "nobody reads any more: the write's error is the result, not a byte count");

    write_all none = write_all_new(&g->b, "", 0);
    EXPECT_POLL(poll_settled(&none.base, &cx), AC_READY, "nothing to write: done at once");
    EXPECT_INT(none.result, 0, "nothing to write is 0 bytes written (no write call is needed)");
}

static void write_all_on_the_executor(void **state)
{
    rig *g = *state;
    CHECK_FN("write_all_poll");
    CHECK_WAITING("for ac_block_on(write_all) of 100000 bytes while a task reads them");
    small_sndbuf(&g->b);
    static char out[100000], in[100000];
    fill_pattern(out, sizeof out, 11);
    sink k = sink_new(&g->a, in, sizeof in);
    ac_join_handle h = AC_SPAWN(&g->ex, k);
    write_all f = write_all_new(&g->b, out, sizeof out);
    ac_block_on(&g->ex, &f.base);
    EXPECT_INT(f.result, (ssize_t)sizeof out, "every byte was written: the result is the length");
    shutdown(g->b.fd, SHUT_WR);
    ac_executor_run(&g->ex);
    size_t *got = ac_join_output(&h);
    assert_non_null(got);
    EXPECT_INT(*got, sizeof out, "the reader gets every byte exactly once, no more and no less");
    EXPECT_MEM(in, out, sizeof out, "the bytes arrive in order");
    ac_join_release(&h);
}

static void write_all_drop_disarms(void **state)
{
    rig *g = *state;
    CHECK_FN("write_all_poll");
    adopt(g, &g->b);
    small_sndbuf(&g->b);
    static char out[100000];
    ac_waker w = hand_waker();
    ac_context cx = {.waker = &w};
    write_all big = write_all_new(&g->b, out, sizeof out);
    EXPECT_POLL(poll_settled(&big.base, &cx), AC_PENDING, "100000 bytes do not fit a 4 KiB send buffer");
    EXPECT_TRUE(ac_reactor_is_armed(g->r, g->b.fd, AC_WRITABLE),
                "a Pending write_all waits in the write slot");
    ac_future_drop(&big.base);
    EXPECT_FALSE(
        ac_reactor_is_armed(g->r, g->b.fd, AC_WRITABLE),
        "the given drop disarms the write slot only when `armed` says a Pending left our waker there");
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
    CHECK_FN("echo_session_poll");
    CHECK_WAITING("for a client to get its 3 messages echoed, then end of file after its goodbye (SHUT_WR)");
    sessions_seen seen = {0};
    int fd = g->a.fd;
    echo_session s = echo_session_new(g->a, note_session, &seen);
    g->a = ac_io_none(); /* the session owns it now */
    ac_join_handle h = AC_SPAWN(&g->ex, s);
    talker t = talker_new(&g->b, greetings, 3);
    ac_block_on(&g->ex, &t.base);
    ac_executor_run(&g->ex); /* let the session finish */
    EXPECT_INT(
        t.ok, 4,
        "each of the 3 messages comes back exactly as sent (only the bytes read are written back), then end "
        "of file");
    EXPECT_INT(seen.count, 1, "the session calls on_done once, when it ends");
    size_t total = strlen(greetings[0]) + strlen(greetings[1]) + strlen(greetings[2]);
    EXPECT_INT(
        seen.results[0], (ssize_t)total,
        "a session ended by the client's end of file reports the bytes it echoed (end of file is no error)");
    ssize_t *result = ac_join_output(&h);
    assert_non_null(result);
    EXPECT_INT(*result, (ssize_t)total, "the session's output `result` is what on_done was told");
    EXPECT_INT(fcntl(fd, F_GETFD), -1, "the session owns its socket: it closes it when it ends");
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
    CHECK_FN("echo_server_poll");
    size_t heap_before = heap_in_use();
    ac_tcp_listener ln;
    assert_int_equal(ac_tcp_listen(&ln, "127.0.0.1", 0, 16), 0);
    sessions_seen seen = {0};
    echo_server srv = echo_server_new(&ln, 2, note_session, &seen);
    ac_join_handle hs = AC_SPAWN(&g->ex, srv);
    for (int i = 0; i < 2; i++) {
        CHECK_WAITING(
            i == 0 ? "for client 1 to connect and get its messages echoed by a session"
                   : "for client 2 to connect and get its messages echoed: does the server accept again?");
        visitor v;
        memset(&v, 0, sizeof v);
        v.base.vtable = &visitor_vtable;
        assert_int_equal(ac_addr_parse(&v.addr, "127.0.0.1", ac_tcp_listener_port(&ln)), 0);
        ac_block_on(&g->ex, &v.base);
        EXPECT_INT(v.ok, 3, "each client's messages come back exactly as sent, then end of file");
    }
    CHECK_WAITING("for the server (2 connections) and its sessions to finish");
    ac_executor_run(&g->ex);
    EXPECT_TRUE(ac_join_is_finished(&hs),
                "after max_conns connections the server stops accepting and is Ready");
    int *accepted = ac_join_output(&hs);
    assert_non_null(accepted);
    EXPECT_INT(*accepted, 2, "the server's result is the number of connections it accepted");
    EXPECT_INT(seen.count, 2, "each connection gets a session of its own, and each session ends once");
    ssize_t each = (ssize_t)(strlen(greetings[0]) + strlen(greetings[1]));
    EXPECT_INT(seen.results[0], each, "each session reports the bytes it echoed");
    EXPECT_INT(seen.results[1], each, "each session reports the bytes it echoed");
    ac_join_release(&hs);
    ac_tcp_listener_close(&ln);

    /* Everything is finished: once the executor lets go too, nothing of
     * the sessions may stay behind.  A join handle nobody releases keeps
     * its task's memory (and the session in it) forever. */
    ac_executor_close(&g->ex);
    bool leaked = leaked_since(heap_before, sizeof(echo_session));
    assert_int_equal(ac_executor_init(&g->ex), 0); /* for the teardown */
    EXPECT_FALSE(
        leaked,
        "every spawned session's join handle is released (ac_join_release): a detached task must not be "
        "kept alive by a handle nobody holds");
}

static const struct CMUnitTest ex3_tests[] = {
    cmocka_unit_test_setup_teardown(echo_session_echoes_until_end_of_file, rig_setup, rig_teardown),
    cmocka_unit_test_setup_teardown(echo_server_spawns_a_session_per_client, rig_setup, rig_teardown),
};

/* ---- exercise 4 -------------------------------------------------------- */

static void io_copy_pipes_everything_until_end_of_file(void **state)
{
    rig *g = *state;
    CHECK_FN("io_copy_poll");
    CHECK_WAITING(
        "for ac_block_on(io_copy) to copy 200000 bytes between two socket pairs, until end of file");
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
    EXPECT_INT(cp.result, (ssize_t)sizeof out, "at end of file the result is the total copied: every byte");
    EXPECT_INT(cp.total, (ssize_t)sizeof out, "`total` counts the bytes written to `to`");
    EXPECT_TRUE(cp.reads >= sizeof out / sizeof buf,
                "a 4096-byte buffer needs at least 49 reads for 200000 bytes");
    EXPECT_TRUE(cp.pendings >= 1, "the writer sends in chunks: the copy must have waited for some");
    EXPECT_INT(cp.armed, COPY_IDLE,
               "a finished copy waits on nothing: `armed` is COPY_IDLE (0) once it is Ready");
    ac_io_close(&c); /* end of file for the sink */
    ac_executor_run(&g->ex);
    size_t *got = ac_join_output(&hk);
    assert_non_null(got);
    EXPECT_INT(*got, sizeof out, "the far end gets every byte exactly once");
    EXPECT_MEM(in, out, sizeof out,
               "bytes arrive in order: what was read is all written out before the buffer is filled again");
    ac_join_release(&hw);
    ac_join_release(&hk);
    ac_io_close(&d);
}

static void io_copy_reports_a_dead_destination(void **state)
{
    rig *g = *state;
    CHECK_FN("io_copy_poll");
    ac_io c, d;
    assert_int_equal(io_socket_pair(&c, &d), 0);
    ac_io_close(&d);
    assert_int_equal(write(g->b.fd, "data", 4), 4);
    ac_waker w = hand_waker();
    ac_context cx = {.waker = &w};
    char buf[64];
    io_copy cp = io_copy_new(&g->a, &c, buf, sizeof buf);
    EXPECT_POLL(poll_settled(&cp.base, &cx), AC_READY, "an error on the write side ends the copy");
    EXPECT_ERR(cp.result, -EPIPE, "a write error is the result as it is: the bytes went nowhere");
    ac_io_close(&c);
}

static void io_copy_drop_disarms_the_side_it_waits_on(void **state)
{
    rig *g = *state;
    CHECK_FN("io_copy_poll");
    adopt(g, &g->a);
    ac_io c, d;
    assert_int_equal(io_socket_pair(&c, &d), 0);
    ac_waker w = hand_waker();
    ac_context cx = {.waker = &w};
    char buf[64];
    io_copy cp = io_copy_new(&g->a, &c, buf, sizeof buf);
    EXPECT_POLL(poll_settled(&cp.base, &cx), AC_PENDING,
                "nothing has been sent: there is nothing to copy yet");
    EXPECT_INT(cp.armed, COPY_ARMED_READ,
               "waiting for bytes to read is COPY_ARMED_READ (1), for the given drop");
    EXPECT_TRUE(ac_reactor_is_armed(g->r, g->a.fd, AC_READABLE),
                "waiting to read leaves the waker in the read slot of `from`");
    ac_future_drop(&cp.base);
    EXPECT_FALSE(ac_reactor_is_armed(g->r, g->a.fd, AC_READABLE), "the drop disarms the side `armed` names");

    shutdown(g->b.fd, SHUT_WR);
    io_copy empty = io_copy_new(&g->a, &c, buf, sizeof buf);
    EXPECT_POLL(poll_settled(&empty.base, &cx), AC_READY, "end of file at once ends the copy");
    EXPECT_INT(empty.result, 0, "end of file before any byte: 0 bytes copied (not an error)");
    ac_io_close(&c);
    ac_io_close(&d);
}

/* The destination is full: the bytes read wait in buf, and the copy waits
 * on the WRITE slot of `to` - which its drop must know. */
static void io_copy_waits_on_a_full_destination(void **state)
{
    rig *g = *state;
    CHECK_FN("io_copy_poll");
    adopt(g, &g->a);
    ac_io c, d;
    assert_int_equal(io_socket_pair(&c, &d), 0);
    adopt(g, &c);
    small_sndbuf(&c);
    fill_send_buffer(&c);
    assert_int_equal(write(g->b.fd, "stuck!", 6), 6);
    ac_waker w = hand_waker();
    ac_context cx = {.waker = &w};
    char buf[64];
    io_copy cp = io_copy_new(&g->a, &c, buf, sizeof buf);
    EXPECT_POLL(poll_settled(&cp.base, &cx), AC_PENDING,
                "the destination's send buffer is full: it must wait");
    EXPECT_INT(cp.armed, COPY_ARMED_WRITE,
               "waiting for room to write is COPY_ARMED_WRITE (2): the drop must disarm `to`'s write slot");
    EXPECT_TRUE(ac_reactor_is_armed(g->r, c.fd, AC_WRITABLE),
                "waiting to write leaves the waker in `to`'s write slot");
    EXPECT_INT(cp.total, 0, "`total` counts bytes written to `to`, and none could be");
    EXPECT_INT(cp.filled - cp.written, 6, "the 6 bytes read wait in buf until they can be written");

    ac_future_drop(&cp.base);
    EXPECT_FALSE(ac_reactor_is_armed(g->r, c.fd, AC_WRITABLE),
                 "the given drop disarms the side `armed` names: here the write slot of `to`");
    ac_io_close(&c);
    ac_io_close(&d);
}

static const struct CMUnitTest ex4_tests[] = {
    cmocka_unit_test_setup_teardown(io_copy_pipes_everything_until_end_of_file, rig_setup, rig_teardown),
    cmocka_unit_test_setup_teardown(io_copy_reports_a_dead_destination, rig_setup, rig_teardown),
    cmocka_unit_test_setup_teardown(io_copy_drop_disarms_the_side_it_waits_on, rig_setup, rig_teardown),
    cmocka_unit_test_setup_teardown(io_copy_waits_on_a_full_destination, rig_setup, rig_teardown),
};

AC_CHECK_MAIN(AC_CHECK_GROUP(ex1_read_exact, ex1_tests), AC_CHECK_GROUP(ex2_write_all, ex2_tests),
              AC_CHECK_GROUP(ex3_echo_server, ex3_tests), AC_CHECK_GROUP(ex4_copy, ex4_tests))
