/*
 * given_echo.h - one echo server future that runs on either flavour.
 *
 *   echo_server (block_on's root)             echo_conn (one task per client)
 *   -----------------------------             -------------------------------
 *   accept `conns` clients, each:             loop: read some -> write it all back
 *     AC_SPAWN_CURRENT(conn)   --------->     until end of file
 *   then join every conn, Ready
 *
 * Nothing in it names a runtime: AC_SPAWN_CURRENT spawns on whichever
 * one is polling the acceptor, the sockets find that runtime's reactor.
 */
#ifndef LESSON16_GIVEN_ECHO_H
#define LESSON16_GIVEN_ECHO_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "ac/coro.h"
#include "ac/net.h"
#include "ac/task.h"
#include "given_tasks.h"

enum { ECHO_CONN_BUFFER = 1024 };

typedef struct echo_conn {
    ac_future base;
    ac_coro co;
    ac_tcp_stream stream;
    where_ran *where;         /* where its first poll ran, or NULL */
    _Atomic uint64_t *echoed; /* bytes echoed, shared by every conn (they may run in parallel) */
    ac_read rd;
    ac_write_all wr;
    char buf[ECHO_CONN_BUFFER];
} echo_conn;

typedef struct echo_server {
    ac_future base;
    ac_coro co;
    ac_tcp_listener *ln;
    int conns; /* accept exactly this many, then wait for them */
    int accepted, joined;
    ac_tcp_accept accept;
    ac_join_handle *handles; /* conns of them */
    where_ran *where;        /* conns of them, or NULL */
    _Atomic uint64_t echoed;
    int err; /* the first accept error, 0 if none */
} echo_server;

/* A server on `ln` for exactly `conns` clients.  handles (and where, if
 * not NULL) have room for conns entries; all must outlive the server. */
echo_server echo_server_new(ac_tcp_listener *ln, int conns, ac_join_handle *handles, where_ran *where);

#endif
