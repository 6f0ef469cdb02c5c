/*
 * chat_client.h - a blocking line-oriented client on 127.0.0.1, for the
 * self-test, `load` and the tests: send a line, read lines, wait for one
 * that contains some text.  Every wait is bounded.
 */
#ifndef P2_CHAT_CLIENT_H
#define P2_CHAT_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct chat_conn {
    int fd;
    size_t len;
    char buf[16384];
} chat_conn;

/* 0 or -errno. */
int chat_conn_open(chat_conn *c, uint16_t port);
void chat_conn_close(chat_conn *c);
/* Send all of it (printf-style; give the line ending yourself).  0 or -errno. */
int chat_conn_send(chat_conn *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int chat_conn_send_raw(chat_conn *c, const void *data, size_t len);
/* The next line, without its line ending, waiting at most ms: 0,
 * -ETIMEDOUT, or -EPIPE once the server closed the connection. */
int chat_conn_line(chat_conn *c, char *out, size_t size, int ms);
/* Read lines until one contains `want` (copied to out if given): true, or
 * false when ms pass or the connection closes first. */
bool chat_conn_expect(chat_conn *c, const char *want, int ms, char *out, size_t size);
/* True if the server closes the connection within ms (lines before are skipped). */
bool chat_conn_expect_close(chat_conn *c, int ms);

#endif
