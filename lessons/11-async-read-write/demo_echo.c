/*
 * demo_echo.c - exercise 3 on loopback: the echo server task on port 0,
 * and CLIENTS client tasks in the same runtime that each send three
 * messages (16 B, 1000 B, 20000 B) and check the echoes with exercises 1
 * and 2.  One thread; the whole run is under a 10 s timeout.
 */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "ac/combinators.h"
#include "ac/executor.h"
#include "demos.h"
#include "lesson.h"

#define MAX_CLIENTS 64
#define MSGS        3
static const size_t msg_sizes[MSGS] = {16, 1000, 20000};
static char outgoing[20000];

typedef struct client {
    ac_future base;
    ac_coro co;
    unsigned id;
    ac_addr addr;
    ac_tcp_connect conn;
    ac_tcp_stream s;
    int i;
    write_all wr;
    read_exact rd;
    unsigned ok;
    char back[20000];
} client;

static ac_poll client_poll(ac_future *self, ac_context *cx)
{
    client *c = (client *)self;
    AC_BEGIN(&c->co);
    c->conn = ac_tcp_connect_to(&c->addr);
    AC_AWAIT(&c->co, cx, &c->conn.base);
    if (c->conn.result.err < 0) {
        printf("  client %u: connect failed (%d)\n", c->id, c->conn.result.err);
        AC_RETURN(&c->co);
    }
    c->s = c->conn.result.stream;
    printf("  client %u: connected\n", c->id);
    for (c->i = 0; c->i < MSGS; c->i++) {
        c->wr = write_all_new(&c->s.io, outgoing, msg_sizes[c->i]);
        AC_AWAIT(&c->co, cx, &c->wr.base);
        c->rd = read_exact_new(&c->s.io, c->back, msg_sizes[c->i]);
        AC_AWAIT(&c->co, cx, &c->rd.base);
        bool same =
            c->rd.result == (ssize_t)msg_sizes[c->i] && memcmp(c->back, outgoing, msg_sizes[c->i]) == 0;
        c->ok += same;
        printf("  client %u: sent %5zu B, echo back %s (read_exact: %lu reads, %lu Pendings)\n", c->id,
               msg_sizes[c->i], same ? "intact" : "WRONG", c->rd.reads, c->rd.pendings);
    }
    ac_tcp_close(&c->s); /* the session reads end of file and finishes */
    AC_END(&c->co);
}
/* dropped unfinished (the 10 s limit ran out): close what it opened */
static void client_drop(ac_future *self)
{
    client *c = (client *)self;
    ac_coro_drop(&c->co);
    ac_tcp_close(&c->s);
}
static const ac_future_vtable client_vtable = {
    .name = "client", .poll = client_poll, .drop = client_drop, AC_OUTPUT(client, ok)};

/* The root: spawn the clients, await each one's join handle. */
typedef struct crowd {
    ac_future base;
    ac_coro co;
    ac_addr addr;
    unsigned n, i, ok;
    ac_join_handle handles[MAX_CLIENTS];
} crowd;

static ac_poll crowd_poll(ac_future *self, ac_context *cx)
{
    crowd *w = (crowd *)self;
    AC_BEGIN(&w->co);
    for (w->i = 0; w->i < w->n; w->i++) {
        static client c; /* a template: AC_SPAWN copies it into the task */
        memset(&c, 0, sizeof c);
        c.base.vtable = &client_vtable;
        c.id = w->i + 1;
        c.addr = w->addr;
        c.s.io = ac_io_none();
        w->handles[w->i] = AC_SPAWN(ac_executor_current(), c);
    }
    for (w->i = 0; w->i < w->n; w->i++) {
        AC_AWAIT(&w->co, cx, &w->handles[w->i].base);
        unsigned *ok = ac_join_output(&w->handles[w->i]); /* the client's output: echoes intact */
        w->ok += ok != NULL && *ok == MSGS;
    }
    AC_END(&w->co);
}
static void crowd_drop(ac_future *self)
{
    crowd *w = (crowd *)self;
    ac_coro_drop(&w->co);
}
static const ac_future_vtable crowd_vtable = {.name = "crowd", .poll = crowd_poll, .drop = crowd_drop};

static unsigned long sessions_done, bytes_echoed;
static void session_ended(ssize_t result, void *arg)
{
    (void)arg;
    sessions_done++;
    if (result > 0)
        bytes_echoed += (unsigned long)result;
    printf("  server: a session ended, %zd bytes echoed\n", result);
}

int demo_echo(int argc, char **argv)
{
    unsigned long n = 3;
    if (!count_arg(argc, argv, 1, MAX_CLIENTS, &n))
        return 2;
    for (size_t i = 0; i < sizeof outgoing; i++)
        outgoing[i] = (char)('a' + i % 26);
    ac_executor ex;
    if (ac_executor_init(&ex) != 0)
        return 1;
    ac_tcp_listener ln;
    int err = ac_tcp_listen(&ln, "127.0.0.1", 0, 64);
    if (err) {
        fprintf(stderr, "listen: %d\n", err);
        ac_executor_close(&ex);
        return 1;
    }
    sessions_done = bytes_echoed = 0;
    printf("echo server on 127.0.0.1:%u, %lu clients, one thread:\n\n", ac_tcp_listener_port(&ln), n);
    echo_server srv = echo_server_new(&ln, (unsigned)n, session_ended, NULL);
    ac_join_handle hs = AC_SPAWN(&ex, srv);

    static crowd w;
    memset(&w, 0, sizeof w);
    w.base.vtable = &crowd_vtable;
    w.n = (unsigned)n;
    ac_addr_parse(&w.addr, "127.0.0.1", ac_tcp_listener_port(&ln));
    ac_timeout limit = ac_timeout_of(&w.base, AC_SEC(10));
    ac_block_on(&ex, &limit.base);
    /* the last sessions still have to see their end of file */
    for (int i = 0; i < 100 && sessions_done < n; i++)
        ac_executor_run_until_idle(&ex);
    unsigned ok = w.ok;
    for (unsigned i = 0; i < w.n; i++)
        ac_join_release(&w.handles[i]);
    int *result = ac_join_output(&hs);
    int accepted = result ? *result : -1;
    ac_join_release(&hs);
    ac_tcp_listener_close(&ln);
    printf("\n%s; %u of %lu clients got every echo back; server accepted %d, %lu sessions ended,\n"
           "%lu bytes echoed; tasks polled %llu times in all.\n",
           limit.result == 0 ? "finished" : "TIMED OUT after 10 s", ok, n, accepted, sessions_done,
           bytes_echoed, (unsigned long long)ex.stats.polls);
    ac_executor_close(&ex);
    if (limit.result != 0 || ok != n)
        return 1;
    printf("\nTakeaway: the server is a loop that accepts and spawns; each connection is\n"
           "its own small task that reads some, writes all, and closes at end of file.\n"
           "Thousands of them would share this one thread the same way.\n");
    return 0;
}
