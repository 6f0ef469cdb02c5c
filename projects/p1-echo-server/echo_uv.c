/*
 * echo_uv.c - the baseline: an echo server in idiomatic libuv.  Everything
 * runs in callbacks on one uv_loop_t:
 *
 *   listen fd --on_connection--> uv_tcp_t (malloc'd) --uv_read_start-->
 *     alloc_read_buffer: the loop's one 64 KiB read buffer
 *     on_read: uv_try_write the bytes straight back; whatever the socket
 *              would not take now is copied into a block and queued with
 *              uv_write (on_written frees it)
 *     EOF:     uv_shutdown (waits for queued writes) --> uv_close
 *   SIGTERM/SIGINT --on_signal--> uv_walk closes every handle --> uv_run returns
 *
 * Try-then-queue is how Node.js writes to its streams too: in the common
 * case (the socket has room) a read costs no allocation and no write request,
 * which is the strongest honest baseline libuv offers.  The textbook version
 * (malloc a buffer per read, uv_write it, free it in the write callback)
 * costs two to four times the instructions per round trip here (README.md).
 */
#include "servers.h"

#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <uv.h>

enum {
    READ_BUFFER = 64 * 1024,
    /* Stop reading from a client while this much of its echo waits to be
     * sent: a client that sends but does not read cannot grow us forever. */
    MAX_QUEUED = 256 * 1024,
};

/* Bytes the socket did not take at once, and the write request that sends
 * them later: one allocation, freed by on_written. */
typedef struct echo_block {
    uv_write_t req;
    char data[];
} echo_block;

static void free_client(uv_handle_t *handle) { free(handle); }

static void close_client(uv_stream_t *client)
{
    if (!uv_is_closing((uv_handle_t *)client))
        uv_close((uv_handle_t *)client, free_client);
}

static void on_read(uv_stream_t *client, ssize_t nread, const uv_buf_t *buf);

/* Every read lands in the same buffer (loop->data): on_read is done with
 * it before it returns, so one buffer serves every connection. */
static void alloc_read_buffer(uv_handle_t *handle, size_t suggested, uv_buf_t *buf)
{
    (void)suggested;
    *buf = uv_buf_init(handle->loop->data, READ_BUFFER);
}

static void on_written(uv_write_t *req, int status)
{
    uv_stream_t *client = req->handle;
    free(req); /* req is the first member of its echo_block */
    if (status < 0) {
        if (status != UV_ECANCELED)
            close_client(client);
        return;
    }
    if (client->data && uv_stream_get_write_queue_size(client) == 0) {
        client->data = NULL; /* caught up: listen to the client again */
        if (uv_read_start(client, alloc_read_buffer, on_read) != 0)
            close_client(client);
    }
}

/* Queue a copy of the bytes uv_try_write left over. */
static void queue_rest(uv_stream_t *client, const char *bytes, size_t len)
{
    echo_block *b = malloc(sizeof *b + len);
    if (!b) {
        close_client(client);
        return;
    }
    memcpy(b->data, bytes, len);
    uv_buf_t rest = uv_buf_init(b->data, (unsigned)len);
    if (uv_write(&b->req, client, &rest, 1, on_written) != 0) {
        free(b);
        close_client(client);
        return;
    }
    if (uv_stream_get_write_queue_size(client) >= MAX_QUEUED) {
        uv_read_stop(client);
        client->data = client; /* paused; on_written resumes */
    }
}

static void on_shutdown(uv_shutdown_t *req, int status)
{
    (void)status; /* flushed or cancelled: either way this connection is done */
    close_client(req->handle);
    free(req);
}

static void on_read(uv_stream_t *client, ssize_t nread, const uv_buf_t *buf)
{
    if (nread > 0) {
        uv_buf_t bytes = uv_buf_init(buf->base, (unsigned)nread);
        int sent = uv_try_write(client, &bytes, 1); /* UV_EAGAIN if earlier bytes still queue */
        if (sent == nread)
            return;
        if (sent < 0 && sent != UV_EAGAIN) {
            close_client(client);
            return;
        }
        size_t done = sent > 0 ? (size_t)sent : 0;
        queue_rest(client, buf->base + done, (size_t)nread - done);
    } else if (nread == UV_EOF) {
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
    /* nread == 0 is libuv's EAGAIN: nothing to do */
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
    client->data = NULL; /* non-NULL while reading is paused (queue_rest) */
    if (uv_accept(server, (uv_stream_t *)client) != 0) {
        uv_close((uv_handle_t *)client, free_client);
        return;
    }
    /* Small echoes go out at once instead of waiting for an ACK (Nagle);
     * every server in the benchmark does the same. */
    uv_tcp_nodelay(client, 1);
    if (uv_read_start((uv_stream_t *)client, alloc_read_buffer, on_read) != 0)
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
    char *read_buffer = malloc(READ_BUFFER);
    uv_signal_t term, intr;
    int rc = read_buffer ? uv_loop_init(&loop) : UV_ENOMEM;
    if (rc != 0) {
        free(read_buffer);
        close(listen_fd);
        fprintf(stderr, "echo_uv: uv_loop_init: %s\n", uv_strerror(rc));
        return 1;
    }
    loop.data = read_buffer;
    /* libuv writes with write(2), so a client that hung up while an echo
     * was queued would kill the process with SIGPIPE (the flooded ping
     * does that); as libuv's documentation advises, ignore it: the write
     * fails with EPIPE instead and that connection is closed. */
    signal(SIGPIPE, SIG_IGN);
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
    free(read_buffer);
    return rc == 0 && closed == 0 ? 0 : 1;
}
