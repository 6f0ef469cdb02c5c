/*
 * server.c - starting and stopping the chat server: the root future, one
 * acceptor per listener, the broker.
 *
 *   root (block_on's future)              acceptor (one task per listener)
 *   ------------------------              --------------------------------
 *   spawn broker, acceptors               loop: accept
 *   wait for SIGINT/SIGTERM (signalfd)          at --max-clients? tell it
 *   abort the acceptors                           "server full", close it
 *   send SHUTDOWN to the broker                 else spawn its session
 *   close our sender; await the broker
 *
 * The broker ends when the last sender of its inbox is closed: ours, the
 * acceptors' (aborted) and every session's (each closes its own when it
 * ends).  So when the broker is done, every task is.
 *
 * Runtime: --workers 1 is the single-threaded executor (ac_executor);
 * --workers N > 1 is the multi-threaded runtime (ac_runtime, N workers,
 * its shared I/O and time drivers).  Nothing else differs: every task
 * spawns, reads the clock and sleeps through spawn.h's flavour-neutral
 * calls, and talks to the others only through thread-safe channels (mpsc,
 * notify) and atomics.  What stays shared across workers (server.h: the
 * two counters; chat.h: the link; msg.h: the message) is atomic.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ac/coro.h"
#include "ac/executor.h"
#include "ac/runtime.h"
#include "ac/spawn.h"
#include "log.h"
#include "server.h"

typedef struct acceptor {
    ac_future base;
    ac_coro co;
    chat_server *srv;
    chat_proto proto;
    ac_tcp_listener *ln;
    ac_mpsc_tx to_broker;
    ac_tcp_accept accept;
} acceptor;

static void reject_full(ac_tcp_result *r, chat_proto proto)
{
    const char *line = proto == CHAT_IRC ? "ERROR :Server full, try again later\r\n" : "error: server full\n";
    (void)send(r->stream.io.fd, line, strlen(line), MSG_NOSIGNAL | MSG_DONTWAIT);
    ac_tcp_close(&r->stream);
}

static ac_poll acceptor_poll(ac_future *self, ac_context *cx)
{
    acceptor *a = (acceptor *)self;
    chat_server *srv = a->srv;
    AC_BEGIN(&a->co);
    for (;;) {
        a->accept = ac_tcp_accept_on(a->ln);
        AC_AWAIT(&a->co, cx, &a->accept.base);
        if (a->accept.result.err != 0) {
            if (srv->cfg.log && !srv->cfg.quiet)
                echo_log("accept: %s", strerror(-a->accept.result.err));
            continue;
        }
        unsigned live = atomic_load_explicit(&srv->live, memory_order_relaxed);
        if (srv->cfg.max_clients > 0 && live >= srv->cfg.max_clients) {
            reject_full(&a->accept.result, a->proto);
            atomic_fetch_add_explicit(&srv->rejected_full, 1, memory_order_relaxed);
            if (srv->cfg.log && !srv->cfg.quiet)
                echo_log("server full (%u clients): refused one", live);
            continue;
        }
        session_spawn(srv, &a->accept.result, a->proto, &a->to_broker);
    }
    AC_END(&a->co);
}

static void acceptor_drop(ac_future *self)
{
    acceptor *a = (acceptor *)self;
    ac_coro_drop(&a->co);
    ac_mpsc_tx_close(&a->to_broker);
}

static const ac_future_vtable acceptor_vtable = {
    .name = "chat_acceptor", .poll = acceptor_poll, .drop = acceptor_drop};

typedef struct root {
    ac_future base;
    ac_coro co;
    chat_server *srv;
    ac_io *signals;
    ac_tcp_listener *ln[2];
    ac_join_handle acceptors[2];
    ac_join_handle broker;
    ac_mpsc_rx inbox; /* handed to the broker */
    chat_summary *summary;
    ac_mpsc_tx to_broker;
    chat_event ev;
    ac_mpsc_send_fut send;
    ac_ready stop;
} root;

static ac_poll root_poll(ac_future *self, ac_context *cx)
{
    root *r = (root *)self;
    AC_BEGIN(&r->co);
    if (!broker_spawn(r->srv, r->inbox, r->summary, &r->broker)) {
        fprintf(stderr, "chat server: cannot start the broker: out of memory\n");
        abort();
    }
    for (int i = 0; i < 2; i++) {
        if (r->ln[i] == NULL)
            continue;
        acceptor a = {.base = {&acceptor_vtable},
                      .srv = r->srv,
                      .proto = (chat_proto)i,
                      .ln = r->ln[i],
                      .to_broker = ac_mpsc_tx_clone(&r->to_broker)};
        r->acceptors[i] = AC_SPAWN_CURRENT(a);
        if (r->acceptors[i].task == NULL)
            ac_mpsc_tx_close(&a.to_broker);
    }
    r->stop = ac_ready_for(r->signals, AC_READABLE);
    AC_AWAIT(&r->co, cx, &r->stop.base);
    for (int i = 0; i < 2; i++) {
        if (r->acceptors[i].task != NULL) {
            ac_join_abort(&r->acceptors[i]);
            ac_join_release(&r->acceptors[i]);
        }
    }
    r->ev = (chat_event){.kind = CHAT_EV_SHUTDOWN};
    r->send = ac_mpsc_send(&r->to_broker, &r->ev);
    AC_AWAIT(&r->co, cx, &r->send.base);
    ac_mpsc_tx_close(&r->to_broker);
    AC_AWAIT(&r->co, cx, &r->broker.base);
    ac_join_release(&r->broker);
    AC_END(&r->co);
}

static const ac_future_vtable root_vtable = {.name = "chat_root", .poll = root_poll};

/* Which signal stopped us (for the log), read off the signalfd. */
static const char *signal_name(int fd)
{
    struct signalfd_siginfo si;
    if (read(fd, &si, sizeof si) != (ssize_t)sizeof si)
        return "a signal";
    return si.ssi_signo == SIGINT ? "SIGINT" : si.ssi_signo == SIGTERM ? "SIGTERM" : "a signal";
}

/* The runtime: one of the two flavours (see the top of this file). */
typedef struct chat_runtime {
    ac_executor ex; /* workers <= 1 */
    ac_runtime *rt; /* workers > 1 */
} chat_runtime;

static int runtime_start(chat_runtime *run, unsigned workers)
{
    run->rt = NULL;
    if (workers <= 1)
        return ac_executor_init(&run->ex);
    ac_runtime_builder b = ac_runtime_builder_new();
    b.workers = workers;
    b.enable_io = true;
    b.enable_time = true;
    b.thread_name = "p2-chat";
    return ac_runtime_build(&b, &run->rt);
}

static void runtime_block_on(chat_runtime *run, ac_future *fut)
{
    if (run->rt != NULL)
        ac_runtime_block_on(run->rt, fut);
    else
        ac_block_on(&run->ex, fut);
}

static void runtime_free(chat_runtime *run)
{
    if (run->rt != NULL)
        ac_runtime_free(run->rt);
    else
        ac_executor_close(&run->ex);
}

int chat_server_run(const chat_listeners *ls, const chat_config *cfg, chat_summary *summary)
{
    *summary = (chat_summary){0};
    chat_server *srv = calloc(1, sizeof *srv);
    ac_tcp_listener ln[2];
    int fds[2] = {ls->line_fd, ls->irc_fd};
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, NULL); /* before the workers start: they inherit it */
    int sfd = signalfd(-1, &stop_signals, SFD_NONBLOCK | SFD_CLOEXEC);
    chat_runtime run;
    int err = srv == NULL ? -ENOMEM : sfd < 0 ? -errno : runtime_start(&run, cfg->workers);
    if (err != 0) {
        for (int i = 0; i < 2; i++)
            if (fds[i] >= 0)
                close(fds[i]);
        if (sfd >= 0)
            close(sfd);
        free(srv);
        return err;
    }
    srv->cfg = *cfg;
    if (srv->cfg.outbox_cap == 0)
        srv->cfg.outbox_cap = CHAT_OUTBOX_CAP;
    ac_io signals;
    ac_io_open(&signals, sfd);
    root r = {.base = {&root_vtable}, .srv = srv, .signals = &signals};
    for (int i = 0; i < 2; i++)
        if (fds[i] >= 0 && ac_tcp_listener_adopt(&ln[i], fds[i]) == 0)
            r.ln[i] = &ln[i];

    r.summary = summary;
    err = ac_mpsc_bounded(sizeof(chat_event), CHAT_BROKER_INBOX, &r.to_broker, &r.inbox);
    if (err == 0) {
        runtime_block_on(&run, &r.base);
        if (cfg->log)
            echo_log("%s: stopped; every client was told and closed", signal_name(sfd));
        else
            (void)signal_name(sfd);
    }
    for (int i = 0; i < 2; i++)
        if (r.ln[i] != NULL)
            ac_tcp_listener_close(r.ln[i]);
    ac_io_close(&signals);
    runtime_free(&run); /* every worker has stopped: nothing touches srv any more */
    summary->rejected_full = atomic_load(&srv->rejected_full);
    free(srv);
    return err;
}

void chat_summary_print(const chat_summary *s)
{
    const uint64_t *c = s->closed;
    echo_log("summary: %llu line and %llu irc clients, peak %u at once, %llu refused (server full); %llu "
             "lines in, "
             "%llu messages delivered",
             (unsigned long long)s->accepted[CHAT_LINE], (unsigned long long)s->accepted[CHAT_IRC],
             s->peak_users, (unsigned long long)s->rejected_full, (unsigned long long)s->lines_in,
             (unsigned long long)s->deliveries);
    echo_log(
        "summary: closed %llu by peer, %llu quit, %llu idle, %llu send queue exceeded, %llu line too long, "
        "%llu flood, %llu on error, %llu at shutdown",
        (unsigned long long)c[CHAT_CLOSED_PEER], (unsigned long long)c[CHAT_CLOSED_QUIT],
        (unsigned long long)c[CHAT_CLOSED_IDLE], (unsigned long long)c[CHAT_CLOSED_SENDQ],
        (unsigned long long)c[CHAT_CLOSED_TOO_LONG], (unsigned long long)c[CHAT_CLOSED_FLOOD],
        (unsigned long long)c[CHAT_CLOSED_ERROR], (unsigned long long)c[CHAT_CLOSED_SHUTDOWN]);
}
