/*
 * given_net.h - loopback helpers for lesson 08's demos: a listener on an
 * ephemeral port, and the client threads the demos start for themselves.
 * Everything stays on 127.0.0.1 and every wait has a bound.
 */
#ifndef LESSON08_NET_H
#define LESSON08_NET_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>

/* A listening TCP socket on 127.0.0.1, port 0 (the kernel picks a free
 * one, stored in *port).  Blocking; fd or -errno. */
int loopback_listen(unsigned short *port);
/* A blocking client socket connected to 127.0.0.1:port, with 5 s send and
 * receive timeouts so a client can never hang a demo.  fd or -errno. */
int loopback_connect(unsigned short port);
/* Accept one connection, waiting at most timeout_ms for it.  fd, or
 * -ETIMEDOUT / -errno. */
int loopback_accept(int listen_fd, int timeout_ms);
/* Turn on O_NONBLOCK.  0 or -errno. */
int set_nonblocking(int fd);
/* Milliseconds of CPU time this thread has used (user + system). */
double thread_cpu_ms(void);
/* Milliseconds on the monotonic clock. */
double wall_ms(void);

/* A client thread that connects, then `repeat` times (at least once) waits
 * `delay_ms` and sends `message`; then it closes the connection. */
typedef struct delayed_sender {
    unsigned short port;
    unsigned delay_ms;
    const char *message;
    unsigned repeat;
    pthread_t thread;
    int error; /* 0, or -errno if connect/send failed */
} delayed_sender;

int delayed_sender_start(delayed_sender *d);
void delayed_sender_join(delayed_sender *d);

/* `clients` client threads; each connects, sends `messages` lines one at a
 * time, reads each echo back and checks it, then disconnects. */
typedef struct echo_load {
    unsigned short port;
    unsigned clients, messages;
    pthread_t *threads;
    atomic_uint finished;         /* clients that have hung up */
    atomic_ulong echoes_ok;       /* messages that came back intact */
    atomic_ulong failures;        /* wrong echo, timeout, connect error */
    void (*on_finish)(void *arg); /* optional: called by each client thread as it ends */
    void *arg;
} echo_load;

/* Start the client threads.  On failure some may have started: call
 * echo_load_join() all the same (it joins only those). */
int echo_load_start(echo_load *l);
bool echo_load_done(echo_load *l);
void echo_load_join(echo_load *l);

#endif
