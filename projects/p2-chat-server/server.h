/*
 * server.h - what the server's tasks share (internal to project 2).
 * Written by chat_server_run before any task starts; afterwards only the
 * two counters change, atomically (acceptors add, sessions subtract).
 */
#ifndef P2_SERVER_H
#define P2_SERVER_H

#include "ac/net.h"
#include "chat.h"

typedef struct chat_server {
    chat_config cfg;
    _Atomic unsigned live;          /* sessions alive */
    _Atomic uint64_t rejected_full; /* turned away at --max-clients (the broker never sees them) */
} chat_server;

/* One task for a new connection (takes over r->stream); it sends its own
 * JOIN event.  False (the stream is closed) if the task cannot start. */
bool session_spawn(chat_server *srv, ac_tcp_result *r, chat_proto proto, const ac_mpsc_tx *to_broker);

/* The broker's task; it ends when every sender of `inbox` is closed. */
bool broker_spawn(chat_server *srv, ac_mpsc_rx inbox, chat_summary *summary, ac_join_handle *out);

#endif
