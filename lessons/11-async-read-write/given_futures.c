/*
 * given_futures.c - the given parts of lesson 11's futures: vtables,
 * constructors and drops.  You write the poll functions.
 *
 * Every drop here releases what an unfinished poll may have left behind:
 * a waker in the reactor (disarm), and for a session its socket.
 */
#include <string.h>

#include "lesson.h"

static void read_exact_drop(ac_future *self)
{
    read_exact *f = (read_exact *)self;
    if (f->armed)
        ac_io_disarm(f->io, AC_READABLE);
    f->armed = false;
}

static const ac_future_vtable read_exact_vtable = {
    .name = "read_exact", .poll = read_exact_poll, .drop = read_exact_drop, AC_OUTPUT(read_exact, result)};

read_exact read_exact_new(ac_io *io, void *buf, size_t len)
{
    return (read_exact){.base = {&read_exact_vtable}, .io = io, .buf = buf, .len = len};
}

static void write_all_drop(ac_future *self)
{
    write_all *f = (write_all *)self;
    if (f->armed)
        ac_io_disarm(f->io, AC_WRITABLE);
    f->armed = false;
}

static const ac_future_vtable write_all_vtable = {
    .name = "write_all", .poll = write_all_poll, .drop = write_all_drop, AC_OUTPUT(write_all, result)};

write_all write_all_new(ac_io *io, const void *buf, size_t len)
{
    return (write_all){.base = {&write_all_vtable}, .io = io, .buf = buf, .len = len};
}

/* A session dropped half-way (its task aborted, the runtime closed):
 * cancel the child it was awaiting, then close the connection. */
static void echo_session_drop(ac_future *self)
{
    echo_session *s = (echo_session *)self;
    ac_coro_drop(&s->co);
    ac_io_close(&s->io);
}

static const ac_future_vtable echo_session_vtable = {.name = "echo_session",
                                                     .poll = echo_session_poll,
                                                     .drop = echo_session_drop,
                                                     AC_OUTPUT(echo_session, result)};

echo_session echo_session_new(ac_io io, session_done on_done, void *arg)
{
    echo_session s;
    memset(&s, 0, sizeof s);
    s.base.vtable = &echo_session_vtable;
    s.io = io;
    s.on_done = on_done;
    s.arg = arg;
    return s;
}

static void echo_server_drop(ac_future *self) { ac_coro_drop(&((echo_server *)self)->co); }

static const ac_future_vtable echo_server_vtable = {.name = "echo_server",
                                                    .poll = echo_server_poll,
                                                    .drop = echo_server_drop,
                                                    AC_OUTPUT(echo_server, result)};

echo_server echo_server_new(ac_tcp_listener *ln, unsigned max_conns, session_done on_session_done, void *arg)
{
    return (echo_server){.base = {&echo_server_vtable},
                         .ln = ln,
                         .max_conns = max_conns,
                         .on_session_done = on_session_done,
                         .arg = arg};
}

static void io_copy_drop(ac_future *self)
{
    io_copy *f = (io_copy *)self;
    if (f->armed == COPY_ARMED_READ)
        ac_io_disarm(f->from, AC_READABLE);
    else if (f->armed == COPY_ARMED_WRITE)
        ac_io_disarm(f->to, AC_WRITABLE);
    f->armed = COPY_IDLE;
}

static const ac_future_vtable io_copy_vtable = {
    .name = "io_copy", .poll = io_copy_poll, .drop = io_copy_drop, AC_OUTPUT(io_copy, result)};

io_copy io_copy_new(ac_io *from, ac_io *to, void *buf, size_t cap)
{
    return (io_copy){.base = {&io_copy_vtable}, .from = from, .to = to, .buf = buf, .cap = cap};
}
