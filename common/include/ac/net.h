/*
 * net.h - layer 4: TCP and UDP sockets on the reactor.
 *
 * Sockets are created nonblocking and close-on-exec (accept4 and
 * SOCK_NONBLOCK|SOCK_CLOEXEC: one syscall, no window where another thread's
 * fork+exec could inherit them).  Addresses are numeric only ("127.0.0.1",
 * "::1"): a DNS lookup would block the runtime's thread.
 *
 *   server                                   client
 *   ------                                   ------
 *   ac_tcp_listen(&ln, "127.0.0.1", 0)       ac_tcp_connect(&addr) future
 *   ac_tcp_listener_port(&ln) -> 41234  ...  addr = 127.0.0.1:41234
 *   ac_tcp_accept(&ln) future  <-- SYN --->  Ready: .result.stream
 *   Ready: .result.stream
 *   ac_read_some(&stream.io, ..)   <-------  ac_write_all_from(&stream.io, ..)
 *   ac_tcp_close(&stream)                    ac_tcp_close(&stream)
 *
 * A stream's data goes through the generic futures of io.h on `stream.io`
 * (read_some, write_some, read_exact_into, write_all_from, copy_through).
 * Errors are negative errnos; a write after the peer reset the connection
 * gives -ECONNRESET or -EPIPE, never SIGPIPE.
 *
 * Close every socket before ac_executor_close() (the reactor goes with it).
 */
#ifndef AC_NET_H
#define AC_NET_H

#include <netinet/in.h>
#include <stdint.h>
#include <sys/socket.h>

#include "ac/io.h"

/* An IPv4 or IPv6 socket address, small enough to keep inside futures. */
typedef struct ac_addr {
    union {
        struct sockaddr sa;
        struct sockaddr_in in;
        struct sockaddr_in6 in6;
    } u;
    socklen_t len;
} ac_addr;

/* Parse a numeric IP and a port.  0, or -EINVAL for a name or bad text. */
int ac_addr_parse(ac_addr *a, const char *ip, uint16_t port);
/* The port, in host byte order. */
uint16_t ac_addr_port(const ac_addr *a);
/* "127.0.0.1:8080" / "[::1]:8080" into buf; returns buf. */
char *ac_addr_format(const ac_addr *a, char *buf, size_t size);

/* ---- TCP ---------------------------------------------------------------- */

typedef struct ac_tcp_listener {
    /* public */
    ac_io io;
    /* read-only */
    ac_addr local; /* the bound address, with the real port when 0 was asked */
} ac_tcp_listener;

typedef struct ac_tcp_stream {
    /* public */
    ac_io io; /* read and write it with the futures of io.h */
} ac_tcp_stream;

/* Bind and listen (SO_REUSEADDR; port 0 = any free port).  0 or -errno. */
int ac_tcp_listen(ac_tcp_listener *ln, const char *ip, uint16_t port, int backlog);
static inline uint16_t ac_tcp_listener_port(const ac_tcp_listener *ln) { return ac_addr_port(&ln->local); }
/* Take over fd, a socket that is already listening (made before a fork,
 * say): make it O_NONBLOCK and read its address.  0, or -errno and fd is
 * still the caller's to close. */
int ac_tcp_listener_adopt(ac_tcp_listener *ln, int fd);
/* Stop listening and close the socket (deregisters it first). */
void ac_tcp_listener_close(ac_tcp_listener *ln);

/* What accept and connect produce: err == 0 and a stream (yours to close),
 * or err < 0 and no stream. */
typedef struct ac_tcp_result {
    int err;
    ac_tcp_stream stream;
    ac_addr peer;
} ac_tcp_result;

/* Accept one connection.  Cancellation-safe: a connection is taken only
 * by the poll that returns it (a dropped accept leaves it queued). */
typedef struct ac_tcp_accept {
    /* private */
    ac_future base;
    ac_tcp_listener *ln;
    bool armed;
    /* public */
    ac_tcp_result result;
} ac_tcp_accept;
ac_tcp_accept ac_tcp_accept_on(ac_tcp_listener *ln);

/* Connect to addr (the socket is made at the first poll).  A dropped
 * connect closes its half-made socket: safe to drop, but a new connect
 * starts the handshake over. */
typedef struct ac_tcp_connect {
    /* private */
    ac_future base;
    ac_addr addr;
    bool started, armed;
    /* public */
    ac_tcp_result result;
} ac_tcp_connect;
ac_tcp_connect ac_tcp_connect_to(const ac_addr *addr);

/* shutdown(2): SHUT_WR sends end-of-file to the peer.  0 or -errno. */
int ac_tcp_shutdown(ac_tcp_stream *s, int how);
/* TCP_NODELAY on or off.  0 or -errno. */
int ac_tcp_set_nodelay(ac_tcp_stream *s, bool on);
/* Close now: the peer reads end of file (FIN) after what was sent. */
void ac_tcp_close(ac_tcp_stream *s);
/* Close now and abort the connection: unsent data is dropped and the peer
 * gets a reset (RST; SO_LINGER with a 0 s timeout). */
void ac_tcp_close_reset(ac_tcp_stream *s);

/* ---- UDP ---------------------------------------------------------------- */

typedef struct ac_udp_socket {
    /* public */
    ac_io io;
    /* read-only */
    ac_addr local; /* the bound address */
} ac_udp_socket;

/* A UDP socket bound to ip:port (port 0 = any free port).  0 or -errno. */
int ac_udp_bind(ac_udp_socket *u, const char *ip, uint16_t port);
static inline uint16_t ac_udp_port(const ac_udp_socket *u) { return ac_addr_port(&u->local); }
/* Deregister and close.  Idempotent. */
void ac_udp_close(ac_udp_socket *u);

/* Send one datagram.  result: bytes sent or -errno.  Cancellation-safe:
 * the datagram goes whole in the poll that reports it, or not at all. */
typedef struct ac_udp_send {
    /* private */
    ac_future base;
    ac_udp_socket *u;
    const void *buf;
    size_t len;
    ac_addr to;
    bool armed;
    /* public */
    ssize_t result;
} ac_udp_send;
ac_udp_send ac_udp_send_to(ac_udp_socket *u, const void *buf, size_t len, const ac_addr *to);

/* Receive one datagram (truncated to cap).  Cancellation-safe (taken only
 * by the poll that returns it).  result: its size or -errno;
 * `from` is the sender. */
typedef struct ac_udp_recv {
    /* private */
    ac_future base;
    ac_udp_socket *u;
    void *buf;
    size_t cap;
    bool armed;
    /* public */
    ac_addr from;
    ssize_t result;
} ac_udp_recv;
ac_udp_recv ac_udp_recv_from(ac_udp_socket *u, void *buf, size_t cap);

#endif
