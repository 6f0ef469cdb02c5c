/*
 * given_echo.c - the echo server of lesson 16, on whichever runtime polls it.
 */
#include "given_echo.h"

#include "ac/runtime.h"
#include "ac/spawn.h"

static ac_poll conn_poll(ac_future *self, ac_context *cx)
{
    echo_conn *c = (echo_conn *)self;
    AC_BEGIN(&c->co);
    if (c->where != NULL) {
        where_task probe = where_task_new(0); /* polled by hand: notes this thread */
        ac_future_poll(&probe.base, cx);
        *c->where = probe.out;
    }
    for (;;) {
        c->rd = ac_read_some(&c->stream.io, c->buf, sizeof c->buf);
        AC_AWAIT(&c->co, cx, &c->rd.base);
        if (c->rd.result <= 0) /* end of file, or the client reset us */
            break;
        c->wr = ac_write_all_from(&c->stream.io, c->buf, (size_t)c->rd.result);
        AC_AWAIT(&c->co, cx, &c->wr.base);
        if (c->wr.result < 0)
            break;
        atomic_fetch_add_explicit(c->echoed, (uint64_t)c->wr.result, memory_order_relaxed);
    }
    ac_tcp_close(&c->stream);
    AC_END(&c->co);
}

static void conn_drop(ac_future *self)
{
    echo_conn *c = (echo_conn *)self;
    ac_coro_drop(&c->co);
    ac_tcp_close(&c->stream);
}

static const ac_future_vtable conn_vtable = {.name = "echo_conn", .poll = conn_poll, .drop = conn_drop};

static ac_poll server_poll(ac_future *self, ac_context *cx)
{
    echo_server *s = (echo_server *)self;
    AC_BEGIN(&s->co);
    while (s->accepted < s->conns) {
        s->accept = ac_tcp_accept_on(s->ln);
        AC_AWAIT(&s->co, cx, &s->accept.base);
        if (s->accept.result.err != 0) {
            s->err = s->accept.result.err;
            s->conns = s->accepted; /* stop accepting; wait for the ones we have */
            break;
        }
        echo_conn c = {.base = {&conn_vtable},
                       .stream = s->accept.result.stream,
                       .where = s->where ? &s->where[s->accepted] : NULL,
                       .echoed = &s->echoed};
        /* The one spawn of the server, and it names no runtime. */
        s->handles[s->accepted++] = AC_SPAWN_CURRENT(c);
    }
    for (s->joined = 0; s->joined < s->accepted; s->joined++) {
        AC_AWAIT(&s->co, cx, &s->handles[s->joined].base);
        ac_join_release(&s->handles[s->joined]);
    }
    AC_END(&s->co);
}

static void server_drop(ac_future *self)
{
    echo_server *s = (echo_server *)self;
    ac_coro_drop(&s->co);
    for (int i = s->joined; i < s->accepted; i++)
        ac_join_release(&s->handles[i]);
}

static const ac_future_vtable server_vtable = {
    .name = "echo_server", .poll = server_poll, .drop = server_drop};

echo_server echo_server_new(ac_tcp_listener *ln, int conns, ac_join_handle *handles, where_ran *where)
{
    return (echo_server){
        .base = {&server_vtable}, .ln = ln, .conns = conns, .handles = handles, .where = where};
}
