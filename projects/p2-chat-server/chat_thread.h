/*
 * chat_thread.h - the real chat server on a thread of this process, for
 * the self-test, `load` and the integration tests: both listeners on
 * 127.0.0.1 port 0, stopped with a real SIGTERM, summary read back.
 * (Project 1's server_thread, for this server.)
 */
#ifndef P2_CHAT_THREAD_H
#define P2_CHAT_THREAD_H

#include <pthread.h>
#include <stdint.h>

#include "chat.h"

typedef struct chat_thread {
    pthread_t thread;
    chat_listeners ls; /* handed to the server, which closes them */
    uint16_t line_port, irc_port;
    chat_config cfg;
    chat_summary summary; /* valid after chat_thread_stop */
    int result;
} chat_thread;

/* Blocks SIGINT/SIGTERM in the caller (the thread inherits it).  0 or -errno. */
int chat_thread_start(chat_thread *t, const chat_config *cfg);
/* SIGTERM to the process (one server at a time), wait: 0 or the server's error. */
int chat_thread_stop(chat_thread *t);

#endif
