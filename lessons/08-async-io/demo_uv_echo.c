/*
 * demo_uv_echo.c - `uv-echo`: the same echo server written on libuv, as the
 * baseline to read beside exercise 3.
 *
 * Where exercise 3 has one loop that asks epoll "what is ready?" and then
 * reads, libuv turns it inside out: we hand it callbacks, and its loop
 * (epoll underneath, on Linux) calls them:
 *
 *   on_connection   the listener had a connection: uv_accept, uv_read_start
 *   on_alloc        libuv is about to read: give it a buffer
 *   on_read         it read nread bytes (or UV_EOF): uv_write them back
 *   on_write_done   the write finished: free the request
 *   on_closed       a handle is fully closed: free the connection
 */
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uv.h>

#include "course/cli.h"
#include "demos.h"
#include "given_net.h"

enum { GIVE_UP_MS = 10000 };

typedef struct uv_echo {
    uv_loop_t loop;
    uv_tcp_t server;
    uv_async_t client_finished; /* poked by client threads: time to check if we are done */
    uv_timer_t deadline;
    echo_load load;
    bool stopping;
    unsigned long live, accepted, disconnected, bytes;
    unsigned long alloc_calls, read_calls, write_calls;
} uv_echo;

typedef struct uv_conn {
    uv_tcp_t tcp; /* first: libuv hands us the handle, we cast back */
    uv_echo *server;
    char buf[4096];
} uv_conn;

typedef struct echo_write {
    uv_write_t req;
    char data[]; /* a copy: the read buffer is reused before the write is done */
} echo_write;

/* Connections are heap-allocated with the handle as their first member and
 * data pointing back at themselves; the server's handle is not. */
static void on_closed(uv_handle_t *h)
{
    if (h->type == UV_TCP && h->data == (void *)h)
        free(h->data);
}

static void close_if_open(uv_handle_t *h, void *arg)
{
    (void)arg;
    if (!uv_is_closing(h))
        uv_close(h, on_closed);
}

/* Close every handle: uv_run returns once none is left. */
static void stop(uv_echo *e)
{
    if (e->stopping)
        return;
    e->stopping = true;
    uv_walk(&e->loop, close_if_open, NULL);
}

static void maybe_stop(uv_echo *e)
{
    if (echo_load_done(&e->load) && e->live == 0)
        stop(e);
}

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
    (void)suggested;
    uv_conn *c = h->data;
    c->server->alloc_calls++;
    *buf = uv_buf_init(c->buf, sizeof c->buf);
}

static void on_write_done(uv_write_t *req, int status)
{
    (void)status; /* an error shows up again as a read error: handled there */
    free(req);
}

static void on_read(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf)
{
    uv_conn *c = stream->data;
    uv_echo *e = c->server;
    e->read_calls++;
    if (nread > 0) {
        echo_write *w = malloc(sizeof *w + (size_t)nread);
        if (w != NULL) {
            memcpy(w->data, buf->base, (size_t)nread);
            uv_buf_t out = uv_buf_init(w->data, (unsigned)nread);
            if (uv_write(&w->req, stream, &out, 1, on_write_done) == 0) {
                e->write_calls++;
                e->bytes += (unsigned long)nread;
                return;
            }
            free(w);
        }
        nread = UV_ENOMEM; /* could not echo: drop the client like an error */
    }
    if (nread < 0) { /* UV_EOF: the client hung up; anything else: it broke */
        uv_close((uv_handle_t *)stream, on_closed);
        e->live--;
        e->disconnected++;
        printf("  uv: client hung up (%s)                (live %lu)\n",
               nread == UV_EOF ? "EOF" : uv_strerror((int)nread), e->live);
        maybe_stop(e);
    }
    /* nread == 0: libuv's "nothing this time" (its EAGAIN) - nothing to do */
}

static void on_connection(uv_stream_t *server, int status)
{
    uv_echo *e = server->data;
    if (status < 0)
        return;
    uv_conn *c = calloc(1, sizeof *c);
    if (c == NULL)
        return;
    c->server = e;
    uv_tcp_init(&e->loop, &c->tcp);
    c->tcp.data = c;
    if (uv_accept(server, (uv_stream_t *)&c->tcp) != 0 ||
        uv_read_start((uv_stream_t *)&c->tcp, on_alloc, on_read) != 0) {
        uv_close((uv_handle_t *)&c->tcp, on_closed);
        return;
    }
    e->live++;
    e->accepted++;
    printf("  uv: new connection                      (live %lu)\n", e->live);
}

static void on_client_finished(uv_async_t *a) { maybe_stop(a->data); }
static void on_deadline(uv_timer_t *t)
{
    fprintf(stderr, "uv-echo: gave up after %d ms\n", GIVE_UP_MS);
    stop(t->data);
}

/* Runs on a client thread: uv_async_send is the one thread-safe libuv call. */
static void poke_loop(void *arg) { uv_async_send(arg); }

int demo_uv_echo(int argc, char **argv)
{
    unsigned long clients = 3, messages = 4;
    if (argc >= 2 && !ac_cli_parse_ulong(argv[0], argv[1], 1, 100, &clients))
        return 2;
    if (argc >= 3 && !ac_cli_parse_ulong(argv[0], argv[2], 1, 1000, &messages))
        return 2;

    uv_echo *e = calloc(1, sizeof *e);
    if (e == NULL || uv_loop_init(&e->loop) != 0) {
        free(e);
        return 1;
    }
    struct sockaddr_in addr;
    struct sockaddr_storage bound;
    int len = sizeof bound;
    uv_ip4_addr("127.0.0.1", 0, &addr);
    uv_tcp_init(&e->loop, &e->server);
    e->server.data = e;
    int err = uv_tcp_bind(&e->server, (const struct sockaddr *)&addr, 0);
    if (err == 0)
        err = uv_listen((uv_stream_t *)&e->server, 64, on_connection);
    if (err == 0)
        err = uv_tcp_getsockname(&e->server, (struct sockaddr *)&bound, &len);
    uv_async_init(&e->loop, &e->client_finished, on_client_finished);
    e->client_finished.data = e;
    uv_timer_init(&e->loop, &e->deadline);
    e->deadline.data = e;
    uv_timer_start(&e->deadline, on_deadline, GIVE_UP_MS, 0);

    e->load = (echo_load){.clients = (unsigned)clients,
                          .messages = (unsigned)messages,
                          .on_finish = poke_loop,
                          .arg = &e->client_finished};
    if (err == 0) {
        e->load.port = ntohs(((struct sockaddr_in *)&bound)->sin_port);
        printf("libuv %s echo server on 127.0.0.1:%u; %lu clients x %lu lines each.\n\n", uv_version_string(),
               e->load.port, clients, messages);
        err = echo_load_start(&e->load);
    }
    if (err != 0) {
        fprintf(stderr, "uv-echo: %s\n", err < 0 ? uv_strerror(err) : "setup failed");
        stop(e);
        uv_run(&e->loop, UV_RUN_DEFAULT);
        echo_load_join(&e->load); /* clients that did start fail to connect and end */
        uv_loop_close(&e->loop);
        free(e);
        return 1;
    }
    uv_run(&e->loop, UV_RUN_DEFAULT); /* returns once stop() closed every handle */
    echo_load_join(&e->load);

    unsigned long ok = atomic_load(&e->load.echoes_ok), failures = atomic_load(&e->load.failures);
    printf("\n  clients %lu, lines echoed intact %lu of %lu, failures %lu\n", clients, ok, clients * messages,
           failures);
    printf("  server: accepted %lu, disconnected %lu, %lu bytes echoed\n", e->accepted, e->disconnected,
           e->bytes);
    printf("  callbacks: %lu alloc, %lu read, %lu write\n", e->alloc_calls, e->read_calls, e->write_calls);
    int rc = uv_loop_close(&e->loop) == 0 && failures == 0 && ok == clients * messages ? 0 : 1;
    free(e);
    if (rc != 0) {
        fprintf(stderr, "uv-echo did not finish cleanly\n");
        return 1;
    }
    printf("\nTakeaway: the same server in libuv is a set of callbacks.  The epoll loop, the\n"
           "fd-to-connection table, EAGAIN and partial writes are all inside libuv; what\n"
           "is left for us is what to do with the bytes.\n");
    return 0;
}
