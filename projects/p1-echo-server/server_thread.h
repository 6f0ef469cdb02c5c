/*
 * server_thread.h - our echo server on a thread of this process, for the
 * self-test and the integration tests: start it on a free loopback port,
 * talk to it, stop it with a real SIGTERM and read its summary.
 *
 *   server_thread_start()   block SIGINT/SIGTERM in the caller (the new
 *                           thread inherits the mask), bind 127.0.0.1:0,
 *                           start echo_ours_run() on a thread
 *   server_thread_stop()    kill(getpid(), SIGTERM): the server reads it from
 *                           its signalfd, closes everything, returns
 */
#ifndef P1_SERVER_THREAD_H
#define P1_SERVER_THREAD_H

#include <pthread.h>
#include <stdint.h>

#include "echo_ours.h"

typedef struct server_thread {
    pthread_t thread;
    int listen_fd; /* handed to the server, which closes it */
    uint16_t port;
    echo_config cfg;
    echo_summary summary; /* valid after server_thread_stop */
    int result;           /* echo_ours_run's return value */
} server_thread;

/* 0 or -errno. */
int server_thread_start(server_thread *s, const echo_config *cfg);
/* Stop it and wait for it: 0, or the server's error. */
int server_thread_stop(server_thread *s);

/* Open file descriptors of this process right now (from /proc/self/fd). */
int count_open_fds(void);

#endif
