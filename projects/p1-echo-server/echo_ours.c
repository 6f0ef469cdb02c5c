/*
 * echo_ours.c - the echo server on our runtime.
 *
 * Two kinds of task, both written with the coroutine macros:
 *
 *   acceptor (the root future of block_on)      client (one task per connection)
 *   --------------------------------------      --------------------------------
 *   loop:                                       loop:
 *     at --max-conns? wait for one to leave       read (or the idle watchdog fires)
 *     select(accept, signal)                      send it straight back; whatever the
 *       signal -> stop                              socket will not take now is copied
 *       EMFILE -> pause 100 ms, retry               and written when it drains (or
 *       client -> spawn it                          the idle watchdog fires)
 *                                               until EOF, error or idle
 *
 * Every client reads into ONE 64 KiB buffer per thread (a thread runs one
 * client at a time) and tries to echo it back before its poll returns.
 * Only bytes the kernel refuses are copied into a buffer of the client's
 * own.  An idle connection therefore costs its task (a few hundred bytes)
 * and nothing else.
 *
 * On N workers (echo_config.workers > 1) clients run in parallel, so what
 * they share is made for it:
 *
 *   read buffer        one per thread (_Thread_local): read and send
 *                      happen in the same poll, on the same thread
 *   counters           a client counts its own bytes; the totals are
 *                      atomics it adds to once, when it ends
 *   live, max-conns    an atomic count; the acceptor's waker slot
 *                      (client_left) is set and woken under a mutex
 *   accept pauses      touched by the acceptor task only: one task never
 *                      runs on two threads at once
 *   logs               one fprintf per line (log.c): lines never mix
 *
 * The idle watchdog is one timer per client that fires every timeout/4 and
 * counts the checks in a row that saw no progress: nothing read, and
 * nothing of a pending echo written.  Four such checks and the client is
 * gone.  It is looked at whenever the client waits, for a read or for its
 * echo to drain, so a client that sends and never reads what we send back
 * is closed like a silent one.  The hot path (read, send) never touches
 * the timer heap or reads the clock, and a client is disconnected after
 * between T and 1.25 T without progress.
 */
#include "echo_ours.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/sockios.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ac/combinators.h"
#include "ac/coro.h"
#include "ac/executor.h"
#include "ac/net.h"
#include "ac/runtime.h"
#include "ac/spawn.h"
#include "ac/sleep.h"
#include "ac/timer.h"
#include "log.h"
#include "servers.h"

enum { SHARED_BUFFER = 64 * 1024, IDLE_CHECKS = 4 };
#define ACCEPT_PAUSE AC_MSEC(100)

/* What client tasks add to, from whichever thread runs them. */
typedef struct shared_counts {
    _Atomic uint64_t closed_by_peer, closed_idle, closed_error, closed_shutdown, bytes_echoed;
} shared_counts;

typedef struct server {
    echo_config cfg;
    echo_summary sum; /* the acceptor's fields (accepted, accept_pauses, peak_live) */
    shared_counts counts;
    ac_clock *clock;   /* the runtime's, for the accept-pause log */
    ac_timers *timers; /* the runtime's heap (NULL without one): watchdogs stop here */
    /* the accept pause going on (out of fds), told once when it ends */
    unsigned long pause_retries; /* 0: none going on */
    int pause_err;
    ac_nanos paused_at;
    ac_tcp_listener ln;
    ac_io signals; /* signalfd for SIGINT and SIGTERM */
    _Atomic unsigned live;
    pthread_mutex_t left_lock; /* guards client_left: set by the acceptor, woken by any client */
    ac_waker_slot client_left; /* the acceptor, waiting below --max-conns */
} server;

/* The read buffer of the thread running a client (see the top comment). */
static _Thread_local char read_buf[SHARED_BUFFER];

/* ---- client: read with an idle watchdog ------------------------------ */

typedef struct client client;

struct client {
    ac_future base;
    ac_coro co;
    server *srv;
    ac_tcp_stream stream;
    char peer[64];
    ssize_t got;   /* the last read: bytes, 0 at EOF, -errno, -ETIMEDOUT when idle */
    char *backlog; /* bytes the socket would not take at once */
    ac_write_all flush;
    size_t flushed; /* flush.done when last looked at */
    ac_timer watchdog;
    uint64_t progress, progress_at_check; /* reads, and flushes that moved bytes */
    unsigned silent_checks;
    uint64_t echoed; /* bytes, added to the server's total when the client ends */
};

/* The watchdog's timer is not running: a check is due (it fired), or it
 * must be started.  True once the client has made no progress for
 * IDLE_CHECKS checks in a row. */
static __attribute__((noinline)) bool watchdog_check(client *c, ac_context *cx)
{
    ac_nanos timeout = c->srv->cfg.idle_timeout;
    if (timeout <= 0)
        return false;
    if (ac_timer_has_fired(&c->watchdog)) { /* a check is due */
        if (c->progress != c->progress_at_check) {
            c->progress_at_check = c->progress;
            c->silent_checks = 0;
        } else if (++c->silent_checks >= IDLE_CHECKS) {
            return true;
        }
    }
    ac_timers *heap = c->srv->timers;
    ac_nanos due = ac_clock_now(c->srv->clock) + timeout / IDLE_CHECKS;
    if (heap == NULL || ac_timer_start(heap, &c->watchdog, due, cx->waker) != 0)
        return false; /* out of memory: no watchdog, the client just stays */
    return false;
}

/* Called when the client must wait (for a read, or for its echo to
 * drain).  True once it has made no progress for the idle timeout. */
static inline bool watchdog_says_idle(client *c, ac_context *cx)
{
    if (ac_timer_is_started(&c->watchdog)) /* nearly always: one check and out */
        return false;
    return watchdog_check(c, cx);
}

/* One step of the client: read into the shared buffer, or give up when
 * the watchdog says the client has been silent for the idle timeout.
 * Awaited with AC_AWAIT_POLL: the hottest step of the server, so no future
 * of its own. */
static ac_poll client_read(client *c, ac_context *cx)
{
    if (ac_io_poll_read(&c->stream.io, cx, read_buf, SHARED_BUFFER, &c->got) == AC_READY) {
        c->progress++;
        return AC_READY;
    }
    if (!watchdog_says_idle(c, cx))
        return AC_PENDING;
    ac_io_disarm(&c->stream.io, AC_READABLE);
    c->got = -ETIMEDOUT;
    return AC_READY;
}

/* Another step: wait for the backlog to drain into the socket, or give up
 * (flush.result = -ETIMEDOUT) when the watchdog says the client has not
 * taken a byte for the idle timeout: a client that sends and never reads
 * would otherwise hold its connection (and a --max-conns place) forever. */
static ac_poll client_flush(client *c, ac_context *cx)
{
    ac_poll p = ac_future_poll(&c->flush.base, cx);
    if (c->flush.done != c->flushed) {
        c->flushed = c->flush.done;
        c->progress++;
    }
    if (p == AC_READY || !watchdog_says_idle(c, cx))
        return p;
    ac_future_drop(&c->flush.base); /* disarms the socket's write slot */
    c->flush.result = -ETIMEDOUT;
    return AC_READY;
}

/* Bytes written to fd that the peer has not taken yet (SIOCOUTQ); 0 if
 * the kernel will not say. */
static int unsent_bytes(int fd)
{
    int n = 0;
    return ioctl(fd, SIOCOUTQ, &n) == 0 ? n : 0;
}

/* The one way out for a client, whatever ended it.  Cold: kept out of
 * client_poll, whose hot path then needs fewer registers. */
static __attribute__((cold, noinline)) void client_finish(client *c, _Atomic uint64_t *counter,
                                                          const char *why)
{
    server *srv = c->srv;
    if (ac_timer_is_started(&c->watchdog))
        ac_timer_stop(srv->timers, &c->watchdog);
    /* A client that stopped reading has echo stuck in our backlog or in the
     * kernel's send queue: a plain close would queue the FIN behind bytes
     * its zero window never takes, so it would not even learn it was
     * dropped, and the kernel would hold those bytes.  A reset ends it at
     * once and frees them. */
    if (counter == &srv->counts.closed_idle && (c->backlog != NULL || unsent_bytes(c->stream.io.fd) > 0))
        ac_tcp_close_reset(&c->stream);
    else
        ac_tcp_close(&c->stream);
    free(c->backlog);
    c->backlog = NULL;
    atomic_fetch_add_explicit(counter, 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&srv->counts.bytes_echoed, c->echoed, memory_order_relaxed);
    unsigned live = atomic_fetch_sub_explicit(&srv->live, 1, memory_order_relaxed) - 1;
    if (!srv->cfg.quiet && srv->cfg.log_to_stderr)
        echo_log("%s closed: %s (live %u)", c->peer, why, live);
    /* After the decrement: an acceptor that looks at `live` under this lock
     * either sees the new count or has stored its waker for this wake. */
    pthread_mutex_lock(&srv->left_lock);
    ac_waker_slot_wake(&srv->client_left);
    pthread_mutex_unlock(&srv->left_lock);
}

/* Copy what the socket would not take, buf[done..n), into the client's
 * own buffer and set up its flush.  False when out of memory. */
static __attribute__((cold, noinline)) bool keep_backlog(client *c, size_t done, size_t n)
{
    size_t rest = n - done;
    c->backlog = malloc(rest);
    if (c->backlog == NULL)
        return false;
    memcpy(c->backlog, read_buf + done, rest);
    c->flush = ac_write_all_from(&c->stream.io, c->backlog, rest);
    c->flushed = 0;
    return true;
}

static ac_poll client_poll(ac_future *self, ac_context *cx)
{
    client *c = (client *)self;
    server *srv = c->srv;
    AC_BEGIN(&c->co);
    for (;;) {
        AC_AWAIT_POLL(&c->co, client_read(c, cx));
        ssize_t n = c->got;
        if (n <= 0) {
            if (n == 0)
                client_finish(c, &srv->counts.closed_by_peer, "peer hung up");
            else if (n == -ETIMEDOUT)
                client_finish(c, &srv->counts.closed_idle, "idle timeout");
            else
                client_finish(c, &srv->counts.closed_error, strerror((int)-n));
            AC_RETURN(&c->co);
        }
        /* Echo straight from the shared buffer; most of the time it all fits.
         * The send spends budget like the read does, so a client that keeps
         * both busy gives up its turn after AC_IO_BUDGET of them.  Only a
         * full read can be followed by another read in this poll: after a
         * short one the socket is dry, the next read waits without looking
         * at the budget, and a charge would change nothing. */
        if ((size_t)n == SHARED_BUFFER)
            ac_coop_charge();
        ssize_t sent = send(c->stream.io.fd, read_buf, (size_t)n, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (sent < 0 && errno != EAGAIN && errno != EINTR) {
            client_finish(c, &srv->counts.closed_error, strerror(errno));
            AC_RETURN(&c->co);
        }
        if (sent < 0)
            sent = 0;
        c->echoed += (size_t)sent;
        if ((size_t)sent < (size_t)n) {
            /* Keep the rest (the shared buffer is the next client's), wait until it drains. */
            if (!keep_backlog(c, (size_t)sent, (size_t)n)) {
                client_finish(c, &srv->counts.closed_error, "out of memory");
                AC_RETURN(&c->co);
            }
            AC_AWAIT_POLL(&c->co, client_flush(c, cx));
            if (c->flush.result == -ETIMEDOUT) { /* backlog kept: client_finish resets */
                client_finish(c, &srv->counts.closed_idle, "idle timeout (not reading what we send)");
                AC_RETURN(&c->co);
            }
            free(c->backlog);
            c->backlog = NULL;
            if (c->flush.result < 0) {
                client_finish(c, &srv->counts.closed_error, strerror((int)-c->flush.result));
                AC_RETURN(&c->co);
            }
            c->echoed += (size_t)c->flush.result;
        }
    }
    AC_END(&c->co);
}

/* Dropped by the executor's shutdown: the server is stopping. */
static void client_drop(ac_future *self)
{
    client *c = (client *)self;
    if (c->backlog != NULL) /* a flush was pending (awaited by hand: the coroutine did not record it) */
        ac_future_drop(&c->flush.base);
    ac_coro_drop(&c->co);
    client_finish(c, &c->srv->counts.closed_shutdown, "server shutting down");
}

static const ac_future_vtable client_vtable = {
    .name = "echo_client", .poll = client_poll, .drop = client_drop};

/* ---- acceptor ---------------------------------------------------------- */

/* Ready once fewer than max_conns clients are connected. */
typedef struct below_limit {
    ac_future base;
    server *srv;
} below_limit;

static ac_poll below_limit_poll(ac_future *self, ac_context *cx)
{
    server *srv = ((below_limit *)self)->srv;
    pthread_mutex_lock(&srv->left_lock);
    bool room = atomic_load_explicit(&srv->live, memory_order_relaxed) < srv->cfg.max_conns;
    if (!room)
        ac_waker_slot_set(&srv->client_left, cx->waker);
    pthread_mutex_unlock(&srv->left_lock);
    return room ? AC_READY : AC_PENDING;
}

static void below_limit_drop(ac_future *self)
{
    server *srv = ((below_limit *)self)->srv;
    pthread_mutex_lock(&srv->left_lock);
    ac_waker_slot_clear(&srv->client_left);
    pthread_mutex_unlock(&srv->left_lock);
}

static const ac_future_vtable below_limit_vtable = {
    .name = "below_limit", .poll = below_limit_poll, .drop = below_limit_drop};

typedef struct acceptor {
    ac_future base;
    ac_coro co;
    server *srv;
    ac_tcp_accept accept;
    below_limit room;
    ac_sleep pause;
    ac_ready stop;
    ac_select sel;
} acceptor;

static void spawn_client(server *srv, ac_tcp_result *r)
{
    client c = {.base = {&client_vtable}, .srv = srv, .stream = r->stream, .watchdog = ac_timer_new()};
    ac_addr_format(&r->peer, c.peer, sizeof c.peer);
    /* Counted before the spawn: on N workers the client may run, and end,
     * before AC_SPAWN returns. */
    unsigned live = atomic_fetch_add_explicit(&srv->live, 1, memory_order_relaxed) + 1;
    srv->sum.accepted++;
    if (live > srv->sum.peak_live)
        srv->sum.peak_live = live;
    if (!srv->cfg.quiet && srv->cfg.log_to_stderr)
        echo_log("%s connected (live %u)", c.peer, live);
    ac_join_handle h = AC_SPAWN_CURRENT(c);
    if (h.task == NULL) { /* out of memory: this client cannot be served */
        atomic_fetch_sub_explicit(&srv->live, 1, memory_order_relaxed);
        atomic_fetch_add_explicit(&srv->counts.closed_error, 1, memory_order_relaxed);
        ac_tcp_close(&c.stream);
        return;
    }
    ac_join_release(&h); /* detached: it ends itself, or shutdown drops it */
}

static bool accept_error_means_no_fds(int err)
{
    return err == -EMFILE || err == -ENFILE || err == -ENOBUFS || err == -ENOMEM;
}

/* Per-event lines (connections, accept pauses) are for a server run
 * without --quiet; start, stop and the summary are always told. */
static bool server_chatty(const server *srv) { return srv->cfg.log_to_stderr && !srv->cfg.quiet; }

static ac_nanos server_now(const server *srv) { return ac_clock_now(srv->clock); }

/* accept failed for want of descriptors: one more retry of the pause
 * going on, or the start of a new one (counted in the summary). */
static void accept_pause_note(server *srv, int err)
{
    if (srv->pause_retries++ == 0) {
        srv->sum.accept_pauses++;
        srv->paused_at = server_now(srv);
    }
    srv->pause_err = err;
}

/* The pause is over (accept works again, or we are stopping): tell it
 * once, with how long it lasted and how many tries failed. */
static void accept_pause_end(server *srv, const char *how)
{
    if (srv->pause_retries == 0)
        return;
    if (server_chatty(srv))
        echo_log("accept paused %.1f s%s: %s (%lu time%s)", (double)(server_now(srv) - srv->paused_at) / 1e9,
                 how, strerror(-srv->pause_err), srv->pause_retries, srv->pause_retries == 1 ? "" : "s");
    srv->pause_retries = 0;
}

static ac_poll acceptor_poll(ac_future *self, ac_context *cx)
{
    acceptor *a = (acceptor *)self;
    server *srv = a->srv;
    AC_BEGIN(&a->co);
    /* Whichever runtime polls us: its clock and its timer heap, which the
     * clients' watchdogs use from any thread (and at shutdown). */
    srv->clock = ac_clock_current();
    srv->timers = ac_timers_current();
    for (;;) {
        a->stop = ac_ready_for(&srv->signals, AC_READABLE);
        if (srv->cfg.max_conns > 0 &&
            atomic_load_explicit(&srv->live, memory_order_relaxed) >= srv->cfg.max_conns) {
            srv->sum.accept_pauses++;
            if (server_chatty(srv))
                echo_log("at --max-conns %u: not accepting until a client leaves", srv->cfg.max_conns);
            a->room = (below_limit){.base = {&below_limit_vtable}, .srv = srv};
            a->sel = AC_SELECT(&a->room.base, &a->stop.base);
            AC_AWAIT(&a->co, cx, &a->sel.base);
            if (a->sel.result == 1)
                break;
            continue;
        }
        a->accept = ac_tcp_accept_on(&srv->ln);
        a->sel = AC_SELECT(&a->accept.base, &a->stop.base);
        AC_AWAIT(&a->co, cx, &a->sel.base);
        if (a->sel.result == 1)
            break;
        if (a->accept.result.err == 0) {
            accept_pause_end(srv, "");
            spawn_client(srv, &a->accept.result);
            continue;
        }
        if (!accept_error_means_no_fds(a->accept.result.err)) {
            if (server_chatty(srv))
                echo_log("accept: %s", strerror(-a->accept.result.err));
            continue;
        }
        /* Out of descriptors: retrying at once would spin (the connection
         * stays queued and the listener stays readable).  Pause, then try
         * again; clients that left meanwhile have freed theirs.  Told once
         * per pause, when it ends, not once per retry. */
        accept_pause_note(srv, a->accept.result.err);
        a->pause = ac_sleep_for(ACCEPT_PAUSE);
        a->stop = ac_ready_for(&srv->signals, AC_READABLE);
        a->sel = AC_SELECT(&a->pause.base, &a->stop.base);
        AC_AWAIT(&a->co, cx, &a->sel.base);
        if (a->sel.result == 1)
            break;
    }
    AC_END(&a->co);
}

static const ac_future_vtable acceptor_vtable = {.name = "acceptor", .poll = acceptor_poll};

/* ---- running it --------------------------------------------------------- */

/* Which signal stopped us (for the log), read off the signalfd. */
static const char *signal_name(int fd)
{
    struct signalfd_siginfo si;
    if (read(fd, &si, sizeof si) != (ssize_t)sizeof si)
        return "a signal";
    return si.ssi_signo == SIGINT ? "SIGINT" : si.ssi_signo == SIGTERM ? "SIGTERM" : "a signal";
}

/* The acceptor has returned (a stop signal): no more accepting.  Tell how
 * the last accept pause ended, and let the listener and the signalfd go
 * while their runtime is still there.  The clients are still running. */
static void server_stop_accepting(server *srv, int sfd)
{
    accept_pause_end(srv, " until we stopped");
    /* Read the signal even when nothing is logged: a SIGTERM sent to the
     * whole process stays pending until someone takes it, and would stop
     * the next server this process starts. */
    const char *why = signal_name(sfd);
    if (srv->cfg.log_to_stderr)
        echo_log("%s: no longer accepting; closing %u client(s)", why,
                 atomic_load_explicit(&srv->live, memory_order_relaxed));
    ac_tcp_listener_close(&srv->ln);
    ac_io_close(&srv->signals);
}

/* Start ours on 1 or N threads: the one place the runtime is built, and
 * the only code that knows which.  Runs the acceptor to its end, then
 * drops every client still connected (each closes its socket and counts
 * itself as closed at shutdown).
 *
 *   workers <= 1   ac_executor: everything on this thread
 *   workers  > 1   ac_runtime with N workers and its shared I/O and time
 *                  drivers; this thread polls the acceptor (block_on)
 */
static int run_ours(server *srv, ac_future *root, int sfd)
{
    if (srv->cfg.workers <= 1) {
        ac_executor ex;
        int err = ac_executor_init(&ex);
        if (err != 0)
            return err;
        ac_block_on(&ex, root);
        server_stop_accepting(srv, sfd);
        ac_executor_close(&ex);
        return 0;
    }
    ac_runtime_builder b = ac_runtime_builder_new();
    b.workers = srv->cfg.workers;
    b.thread_name = "p1-worker";
    b.enable_io = true;   /* sockets and the signalfd */
    b.enable_time = true; /* the idle watchdogs and the accept pause */
    ac_runtime *rt = NULL;
    int err = ac_runtime_build(&b, &rt);
    if (err != 0)
        return err;
    ac_runtime_block_on(rt, root);
    server_stop_accepting(srv, sfd);
    ac_runtime_free(rt); /* stops the workers, then drops the clients */
    return 0;
}

int echo_ours_run(int listen_fd, const echo_config *cfg, echo_summary *summary)
{
    server *srv = calloc(1, sizeof *srv);
    if (srv == NULL) {
        close(listen_fd);
        return -ENOMEM;
    }
    srv->cfg = *cfg;
    pthread_mutex_init(&srv->left_lock, NULL);
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    /* Held, not delivered: they arrive as readable data on the signalfd,
     * which the acceptor selects on like any socket.  Blocked before any
     * runtime thread exists, so every one of them inherits the mask. */
    pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);
    int sfd = signalfd(-1, &stop_signals, SFD_NONBLOCK | SFD_CLOEXEC);
    int err = sfd < 0 ? -errno : 0;
    if (err == 0) {
        /* Neither is registered with a reactor until it first waits, so
         * both can be made before the runtime that will poll them. */
        ac_io_open(&srv->signals, sfd);
        ac_tcp_listener_adopt(&srv->ln, listen_fd);
        acceptor a = {.base = {&acceptor_vtable}, .srv = srv};
        err = run_ours(srv, &a.base, sfd);
        if (err != 0) {
            ac_tcp_listener_close(&srv->ln);
            ac_io_close(&srv->signals);
        }
    } else {
        close(listen_fd);
    }
    if (err == 0) {
        *summary = srv->sum;
        summary->closed_by_peer = atomic_load(&srv->counts.closed_by_peer);
        summary->closed_idle = atomic_load(&srv->counts.closed_idle);
        summary->closed_error = atomic_load(&srv->counts.closed_error);
        summary->closed_shutdown = atomic_load(&srv->counts.closed_shutdown);
        summary->bytes_echoed = atomic_load(&srv->counts.bytes_echoed);
    }
    pthread_mutex_destroy(&srv->left_lock);
    free(srv);
    return err;
}

int echo_ours_serve(int listen_fd)
{
    echo_config cfg = {.idle_timeout = AC_SEC(10), .quiet = true, .log_to_stderr = false};
    echo_summary sum;
    int err = echo_ours_run(listen_fd, &cfg, &sum);
    if (err < 0)
        fprintf(stderr, "ours: cannot start: %s\n", strerror(-err));
    return err < 0 ? 1 : 0;
}

unsigned echo_ours_bench_workers = 2;

int echo_ours_serve_mt(int listen_fd)
{
    echo_config cfg = {.workers = echo_ours_bench_workers, .idle_timeout = AC_SEC(10), .quiet = true};
    echo_summary sum;
    int err = echo_ours_run(listen_fd, &cfg, &sum);
    if (err < 0)
        fprintf(stderr, "ours-mt: cannot start: %s\n", strerror(-err));
    return err < 0 ? 1 : 0;
}

void echo_summary_print(const echo_summary *s)
{
    echo_log("summary: %llu accepted, peak %u at once, %llu bytes echoed", (unsigned long long)s->accepted,
             s->peak_live, (unsigned long long)s->bytes_echoed);
    echo_log("summary: closed %llu by peer, %llu idle, %llu on error, %llu at shutdown; accept paused %llu "
             "time(s)",
             (unsigned long long)s->closed_by_peer, (unsigned long long)s->closed_idle,
             (unsigned long long)s->closed_error, (unsigned long long)s->closed_shutdown,
             (unsigned long long)s->accept_pauses);
}
