/*
 * echo_uv.c - the baseline: an echo server written the way libuv's own
 * examples write one.  Everything runs in callbacks on one uv_loop_t:
 *
 *   listen fd --on_connection--> uv_tcp_t (malloc'd) --uv_read_start-->
 *     alloc_block: one malloc = write request + read buffer
 *     on_read:     uv_write the same bytes back; on_written frees the block
 *     EOF:         uv_shutdown (waits for queued writes) --> uv_close
 *   SIGTERM/SIGINT --on_signal--> uv_walk closes every handle --> uv_run returns
 */
#include "servers.h"

#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <uv.h>

/* A read buffer that is also the write request that sends it back: the bytes
 * must live until the write completes, so one allocation carries both and
 * on_written frees it.  No copy, one malloc per read. */
typedef struct echo_block {
    uv_write_t req;
    char data[];
} echo_block;

static echo_block *block_of(const uv_buf_t *buf)
{
    return buf->base ? (echo_block *)(buf->base - offsetof(echo_block, data)) : NULL;
}

static void free_client(uv_handle_t *handle) { free(handle); }

static void close_client(uv_stream_t *client)
{
    if (!uv_is_closing((uv_handle_t *)client))
        uv_close((uv_handle_t *)client, free_client);
}

static void alloc_block(uv_handle_t *handle, size_t suggested, uv_buf_t *buf)
{
    (void)handle;
    echo_block *b = malloc(sizeof *b + suggested);
    /* A zero-length buffer makes libuv report UV_ENOBUFS to on_read. */
    *buf = b ? uv_buf_init(b->data, (unsigned)suggested) : uv_buf_init(NULL, 0);
}

static void on_written(uv_write_t *req, int status)
{
    uv_stream_t *client = req->handle;
    free(req); /* req is the first member of its echo_block */
    if (status < 0 && status != UV_ECANCELED)
        close_client(client);
}

static void on_shutdown(uv_shutdown_t *req, int status)
{
    (void)status; /* flushed or cancelled: either way this connection is done */
    close_client(req->handle);
    free(req);
}

static void on_read(uv_stream_t *client, ssize_t nread, const uv_buf_t *buf)
{
    echo_block *b = block_of(buf);
    if (nread > 0) {
        uv_buf_t out = uv_buf_init(buf->base, (unsigned)nread);
        if (uv_write(&b->req, client, &out, 1, on_written) == 0)
            return;
        free(b);
        close_client(client);
        return;
    }
    free(b); /* nread == 0 is libuv's EAGAIN: the buffer carried nothing */
    if (nread == UV_EOF) {
        /* The peer is done sending; shut our side down once everything queued
         * has been written, rather than cutting off echoes in flight. */
        uv_shutdown_t *req = malloc(sizeof *req);
        if (req && uv_shutdown(req, client, on_shutdown) == 0)
            return;
        free(req);
        close_client(client);
    } else if (nread < 0) {
        close_client(client);
    }
}

static void on_connection(uv_stream_t *server, int status)
{
    if (status < 0) {
        fprintf(stderr, "echo_uv: accept: %s\n", uv_strerror(status));
        return;
    }
    uv_tcp_t *client = malloc(sizeof *client);
    if (!client)
        return;
    uv_tcp_init(server->loop, client);
    if (uv_accept(server, (uv_stream_t *)client) != 0) {
        uv_close((uv_handle_t *)client, free_client);
        return;
    }
    /* Small echoes go out at once instead of waiting for an ACK (Nagle);
     * every server in the benchmark does the same. */
    uv_tcp_nodelay(client, 1);
    if (uv_read_start((uv_stream_t *)client, alloc_block, on_read) != 0)
        close_client((uv_stream_t *)client);
}

/* uv_walk callback: close every handle.  Clients were malloc'd; the listener
 * and the signal handles live in echo_uv_serve's frame (arg = the listener). */
static void close_any(uv_handle_t *handle, void *listener)
{
    if (uv_is_closing(handle))
        return;
    if (handle->type == UV_TCP && handle != listener)
        uv_close(handle, free_client);
    else
        uv_close(handle, NULL);
}

static void on_signal(uv_signal_t *signal, int signum)
{
    (void)signum;
    uv_walk(signal->loop, close_any, signal->data);
}

int echo_uv_serve(int listen_fd)
{
    uv_loop_t loop;
    uv_tcp_t listener;
    uv_signal_t term, intr;
    int rc = uv_loop_init(&loop);
    if (rc != 0) {
        fprintf(stderr, "echo_uv: uv_loop_init: %s\n", uv_strerror(rc));
        return 1;
    }
    uv_tcp_init(&loop, &listener);
    uv_signal_init(&loop, &term);
    uv_signal_init(&loop, &intr);
    term.data = intr.data = &listener;
    rc = uv_tcp_open(&listener, listen_fd);
    if (rc != 0)
        close(listen_fd); /* not libuv's yet: ours to close */
    if (rc == 0)
        rc = uv_listen((uv_stream_t *)&listener, 4096, on_connection);
    if (rc == 0)
        rc = uv_signal_start(&term, on_signal, SIGTERM);
    if (rc == 0)
        rc = uv_signal_start(&intr, on_signal, SIGINT);
    if (rc == 0) {
        /* libuv's handlers are installed: a SIGTERM the caller held blocked
         * across fork (see servers.h) is delivered now, into the loop. */
        sigset_t stop;
        sigemptyset(&stop);
        sigaddset(&stop, SIGTERM);
        sigaddset(&stop, SIGINT);
        pthread_sigmask(SIG_UNBLOCK, &stop, NULL);
        uv_run(&loop, UV_RUN_DEFAULT);
    } else {
        fprintf(stderr, "echo_uv: %s\n", uv_strerror(rc));
        uv_walk(&loop, close_any, &listener);
        uv_run(&loop, UV_RUN_DEFAULT); /* runs the close callbacks */
    }
    /* uv_tcp_open took the fd: closing the listener closed it. */
    int closed = uv_loop_close(&loop);
    if (closed != 0)
        fprintf(stderr, "echo_uv: uv_loop_close: %s\n", uv_strerror(closed));
    return rc == 0 && closed == 0 ? 0 : 1;
}
