/*
 * session.c - one task per client: its socket on one side, the broker on
 * the other.
 *
 * One hand-written future polls every source the client has, in turn,
 * until none of them moves (select over its branches, by hand):
 *
 *   poll:  +-> event to the broker still in flight?  poll the send
 *          |   kicked?                               write what fits, close, Ready
 *          |   outbox                                write the current message; next one
 *          |                                         (closed and drained: close, Ready)
 *          |   socket                                read; cut a line; make it the event
 *          |   flood                                 out of tokens? wait (throttled)
 *          |   idle watchdog                         nothing heard: PING / close
 *          +-- anything moved? again : Pending (every source has our waker)
 *
 * The session never decides anything about chat: every line goes to the
 * broker, and what to write comes back through the outbox.  At most one
 * event is in flight, and no socket read happens while it is: a broker
 * that falls behind slows its senders down (the inbox is bounded), never
 * the other way round.
 *
 * It ends only when its outbox is closed and drained, which the broker
 * does once it has forgotten the client: so nothing is ever pushed into
 * an outbox nobody will drain.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include "ac/executor.h" /* ac_coop_charge */
#include "ac/sleep.h"
#include "ac/spawn.h"
#include "log.h"
#include "server.h"

enum {
    READ_BUF = CHAT_LINE_MAX + 2,
    WRITE_BATCH = 32,    /* messages gathered into one sendmsg */
    WRITES_PER_POLL = 16 /* sendmsg calls in one poll; then the task yields */
};

typedef struct session {
    ac_future base;
    chat_server *srv;
    ac_tcp_stream stream;
    chat_link *link;
    ac_mpsc_rx outbox;
    ac_mpsc_tx to_broker;
    bool started;
    /* the one event in flight */
    chat_event ev;
    ac_mpsc_send_fut send;
    bool sending;
    chat_close gone; /* why we are done reading, once `gone_set` */
    bool gone_set, gone_sent, peer_dead;
    /* kick */
    ac_notified kicked;
    /* writing: up to WRITE_BATCH messages taken off the outbox, written by
     * one sendmsg; out_off bytes of out[0] are written already */
    chat_msg *out[WRITE_BATCH];
    unsigned nout, writes;
    size_t out_off;
    /* reading */
    bool discarding;
    size_t discarded, len;
    /* flood control: the "theoretical arrival time" of the next line */
    ac_nanos tat;
    unsigned waited_in_a_row;
    ac_sleep throttle;
    bool throttled;
    /* idle */
    ac_nanos last_progress;
    ac_sleep idle;
    bool idle_armed, pinged;
    char buf[READ_BUF];
} session;

void chat_link_unref(chat_link *l)
{
    if (atomic_fetch_sub_explicit(&l->refs, 1, memory_order_acq_rel) != 1)
        return;
    ac_notify_destroy(&l->kick);
    free(l);
}

/* The clock of whichever runtime polls us (executor or multi-threaded). */
static ac_nanos now(void) { return ac_now(); }

/* Every event holds a reference to the link: the broker may let go of
 * this client (and the session end) while the event still waits in the
 * broker's inbox. */
static void queue_event(session *s, chat_event_kind kind, chat_msg *text)
{
    atomic_fetch_add_explicit(&s->link->refs, 1, memory_order_relaxed);
    s->ev = (chat_event){.kind = kind, .link = s->link, .text = text, .why = s->gone};
    s->sending = true;
}

static void set_gone(session *s, chat_close why)
{
    if (!s->gone_set) {
        s->gone_set = true;
        s->gone = why;
    }
}

static size_t line_limit(const session *s)
{
    return s->link->proto == CHAT_IRC ? CHAT_IRC_LINE_MAX - 2 : CHAT_LINE_MAX;
}
static size_t buf_cap(const session *s) { return s->link->proto == CHAT_IRC ? CHAT_IRC_LINE_MAX : READ_BUF; }

/* out[0] is written (or dropped): let go of it. */
static void message_done(session *s)
{
    chat_msg *m = s->out[0];
    atomic_fetch_sub_explicit(&s->link->queued, m->len, memory_order_relaxed);
    chat_msg_unref(m);
    memmove(s->out, s->out + 1, (s->nout - 1) * sizeof s->out[0]);
    s->nout--;
    s->out_off = 0;
}

/* Take what the outbox holds, up to WRITE_BATCH.  Ready (and nothing
 * taken) once the broker has closed it and it is drained. */
static ac_poll take_messages(session *s, ac_context *cx, bool *progress)
{
    while (s->nout < WRITE_BATCH) {
        chat_msg *m;
        int r = 0;
        if (s->nout == 0) { /* nothing in hand: wait for the next one */
            if (ac_mpsc_poll_recv(&s->outbox, cx, &m, &r) == AC_PENDING)
                return AC_PENDING;
            if (r < 0)
                return AC_READY;
        } else if (ac_mpsc_try_recv(&s->outbox, &m) != 0) {
            break;
        }
        s->out[s->nout++] = m;
        *progress = true;
    }
    return AC_PENDING;
}

/* The outbox: gather the queued messages and write them with one
 * sendmsg (a fan-out of K lines to this client costs one syscall, not
 * K).  Ready once the broker has closed the outbox and it is drained.
 * The syscall is ours, so we charge the task's I/O budget by hand and
 * give up the turn after WRITES_PER_POLL of them. */
static ac_poll write_step(session *s, ac_context *cx, bool *progress)
{
    for (;;) {
        if (take_messages(s, cx, progress) == AC_READY)
            return AC_READY;
        if (s->nout == 0)
            return AC_PENDING;
        if (s->peer_dead) { /* nobody to write to: drop them */
            while (s->nout > 0)
                message_done(s);
            continue;
        }
        if (s->writes == WRITES_PER_POLL) {
            ac_waker_wake_by_ref(cx->waker);
            return AC_PENDING;
        }
        struct iovec iov[WRITE_BATCH];
        for (unsigned i = 0; i < s->nout; i++)
            iov[i] = (struct iovec){.iov_base = s->out[i]->data, .iov_len = s->out[i]->len};
        iov[0].iov_base = s->out[0]->data + s->out_off;
        iov[0].iov_len -= s->out_off;
        struct msghdr mh = {.msg_iov = iov, .msg_iovlen = s->nout};
        ssize_t n = sendmsg(s->stream.io.fd, &mh, MSG_NOSIGNAL | MSG_DONTWAIT);
        s->writes++;
        ac_coop_charge();
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            if (ac_io_arm(&s->stream.io, AC_WRITABLE, cx) == 0)
                return AC_PENDING;
            errno = EIO;
        }
        *progress = true;
        if (n < 0) {
            s->peer_dead = true;
            set_gone(s, CHAT_CLOSED_ERROR);
            continue;
        }
        s->last_progress = now();
        size_t left = (size_t)n;
        while (s->nout > 0 && left >= s->out[0]->len - s->out_off) {
            left -= s->out[0]->len - s->out_off;
            message_done(s);
        }
        s->out_off += left;
    }
}

/* Flood control (a GCRA bucket): true when the next line may go now;
 * otherwise the throttle sleep is armed for when it may.  Lines that had
 * to wait are counted in a row, until half the burst is available again. */
static bool flood_allows(session *s, ac_context *cx)
{
    unsigned rate = s->srv->cfg.flood_rate ? s->srv->cfg.flood_rate : CHAT_FLOOD_RATE;
    ac_nanos interval = AC_SEC(1) / rate, slack = (CHAT_FLOOD_BURST - 1) * interval;
    bool waited = false;
    for (;;) {
        if (s->throttled) {
            if (ac_future_poll(&s->throttle.base, cx) == AC_PENDING)
                return false;
            s->throttled = false;
            waited = true;
        }
        ac_nanos t = now();
        if (s->tat < t)
            s->tat = t;
        if (s->tat - t <= slack) {
            if (!waited && s->tat - t <= slack / 2) /* half the burst is back: not flooding */
                s->waited_in_a_row = 0;
            s->tat += interval;
            return true;
        }
        s->waited_in_a_row++;
        s->throttled = true;
        ac_sleep_reset(&s->throttle, s->tat - slack);
    }
}

/* Cut one complete line off the buffer into the event; true if it did. */
static bool take_line(session *s, ac_context *cx, bool *progress)
{
    char *nl = memchr(s->buf, '\n', s->len);
    if (nl == NULL)
        return false;
    size_t n = (size_t)(nl - s->buf), used = n + 1;
    if (n > 0 && s->buf[n - 1] == '\r')
        n--;
    if (n > 0 && n <= line_limit(s)) {
        if (!flood_allows(s, cx)) {
            if (s->waited_in_a_row >= CHAT_FLOOD_CUT)
                set_gone(s, CHAT_CLOSED_FLOOD);
            return true; /* not taken: retried once the throttle sleep is over */
        }
        chat_msg *m = chat_msg_new(s->buf, n);
        if (m == NULL)
            set_gone(s, CHAT_CLOSED_ERROR);
        else
            queue_event(s, CHAT_EV_LINE, m);
    } else if (n > line_limit(s)) {
        queue_event(s, CHAT_EV_TOO_LONG, NULL);
    }
    memmove(s->buf, s->buf + used, s->len - used);
    s->len -= used;
    *progress = true;
    return true;
}

/* The socket: one line per event, reading only when no line is buffered. */
static void read_step(session *s, ac_context *cx, bool *progress)
{
    if (take_line(s, cx, progress))
        return;
    if (s->len == buf_cap(s)) { /* no newline in a full buffer: over the limit */
        s->discarding = true;
        s->discarded = s->len;
        s->len = 0;
        queue_event(s, CHAT_EV_TOO_LONG, NULL);
        *progress = true;
        return;
    }
    ssize_t n;
    if (ac_io_poll_read(&s->stream.io, cx, s->buf + s->len, buf_cap(s) - s->len, &n) == AC_PENDING)
        return;
    *progress = true;
    if (n <= 0) {
        s->peer_dead = true;
        set_gone(s, n == 0 ? CHAT_CLOSED_PEER : CHAT_CLOSED_ERROR);
        return;
    }
    s->last_progress = now();
    s->pinged = false;
    if (!s->discarding) {
        s->len += (size_t)n;
        return;
    }
    char *nl = memchr(s->buf, '\n', (size_t)n);
    if (nl == NULL) {
        s->discarded += (size_t)n;
        if (s->discarded >= CHAT_CUTOFF)
            set_gone(s, CHAT_CLOSED_TOO_LONG);
        return;
    }
    s->discarding = false; /* the long line ended: keep what follows it */
    size_t rest = (size_t)n - (size_t)(nl + 1 - s->buf);
    memmove(s->buf, nl + 1, rest);
    s->len = rest;
}

/* The idle watchdog: one sleep, re-aimed only when it fires. */
static void idle_step(session *s, ac_context *cx, bool *progress)
{
    ac_nanos timeout = s->srv->cfg.idle_timeout;
    if (timeout <= 0)
        return;
    bool irc = s->link->proto == CHAT_IRC;
    ac_nanos wait = irc ? timeout / 2 : timeout; /* IRC: PING at T/2, close at T */
    if (!s->idle_armed) {
        s->idle = ac_sleep_until(s->last_progress + wait);
        s->idle_armed = true;
    }
    while (ac_future_poll(&s->idle.base, cx) == AC_READY) {
        ac_nanos t = now(), quiet_for = t - s->last_progress;
        if (quiet_for < wait) {
            ac_sleep_reset(&s->idle, s->last_progress + wait);
            continue;
        }
        *progress = true;
        if (irc && !s->pinged && quiet_for < timeout) {
            s->pinged = true;
            if (!s->sending && !s->gone_set)
                queue_event(s, CHAT_EV_IDLE, NULL);
            ac_sleep_reset(&s->idle, s->last_progress + timeout);
            continue;
        }
        set_gone(s, CHAT_CLOSED_IDLE);
        return;
    }
}

/* Kicked: the broker has closed the outbox already.  Write what the
 * socket takes now, the kick line last; never wait. */
static void kick_flush(session *s)
{
    for (;;) {
        while (s->nout > 0) {
            chat_msg *m = s->out[0];
            size_t len = m->len - s->out_off;
            if (!s->peer_dead &&
                send(s->stream.io.fd, m->data + s->out_off, len, MSG_NOSIGNAL | MSG_DONTWAIT) != (ssize_t)len)
                s->peer_dead = true;
            message_done(s);
        }
        chat_msg *m;
        if (ac_mpsc_try_recv(&s->outbox, &m) != 0)
            break;
        s->out[s->nout++] = m;
    }
    size_t n = strlen(s->link->kick_line);
    if (!s->peer_dead && n > 0)
        (void)send(s->stream.io.fd, s->link->kick_line, n, MSG_NOSIGNAL | MSG_DONTWAIT);
}

static void session_finish(session *s)
{
    if (s->sending) { /* the broker is gone (it cannot be, while the outbox is open) */
        ac_future_drop(&s->send.base);
        chat_msg_unref(s->ev.text);
        chat_link_unref(s->ev.link);
        s->sending = false;
    }
    ac_future_drop(&s->throttle.base);
    if (s->idle_armed)
        ac_future_drop(&s->idle.base);
    while (s->nout > 0)
        message_done(s);
    ac_mpsc_rx_forget_waker(&s->outbox);
    ac_mpsc_rx_close(&s->outbox);
    ac_tcp_close(&s->stream);
    chat_link_unref(s->link);
    atomic_fetch_sub_explicit(&s->srv->live, 1, memory_order_relaxed);
    /* last: with every sender closed the broker ends, and so may the
     * server, while this task still runs on another worker */
    ac_mpsc_tx_close(&s->to_broker);
}

static ac_poll session_poll(ac_future *self, ac_context *cx)
{
    session *s = (session *)self;
    if (!s->started) {
        s->started = true;
        s->send = ac_mpsc_send(&s->to_broker, &s->ev);
        s->kicked = ac_notify_notified(&s->link->kick);
        s->last_progress = now();
        queue_event(s, CHAT_EV_JOIN, NULL);
    }
    s->writes = 0;
    for (;;) {
        bool progress = false;
        if (s->sending && ac_mpsc_poll_send(&s->send, cx) == AC_READY) {
            s->sending = false;
            progress = true;
            if (s->send.result < 0) { /* cannot happen: the broker outlives every session */
                chat_msg_unref(s->ev.text);
                chat_link_unref(s->ev.link);
                ac_future_drop(&s->kicked.base);
                session_finish(s);
                return AC_READY;
            }
            if (s->ev.kind == CHAT_EV_GONE)
                s->gone_sent = true;
        }
        if (ac_future_poll(&s->kicked.base, cx) == AC_READY) {
            kick_flush(s);
            session_finish(s);
            return AC_READY;
        }
        if (write_step(s, cx, &progress) == AC_READY) {
            if (atomic_load(&s->link->kicked))
                kick_flush(s);
            ac_future_drop(&s->kicked.base);
            session_finish(s);
            return AC_READY;
        }
        if (!s->sending && !s->gone_set)
            read_step(s, cx, &progress);
        if (!s->gone_sent)
            idle_step(s, cx, &progress);
        if (!s->sending && s->gone_set && !s->gone_sent) {
            queue_event(s, CHAT_EV_GONE, NULL);
            progress = true;
        }
        if (!progress)
            return AC_PENDING;
    }
}

/* Dropped by the executor's close: only if the server stopped abnormally. */
static void session_drop(ac_future *self)
{
    session *s = (session *)self;
    if (!s->started) {
        ac_mpsc_rx_close(&s->outbox);
        ac_tcp_close(&s->stream);
        chat_link_unref(s->link);
        atomic_fetch_sub_explicit(&s->srv->live, 1, memory_order_relaxed);
        ac_mpsc_tx_close(&s->to_broker);
        return;
    }
    ac_future_drop(&s->kicked.base);
    chat_msg *m;
    while (ac_mpsc_try_recv(&s->outbox, &m) == 0)
        chat_msg_unref(m);
    session_finish(s);
}

static const ac_future_vtable session_vtable = {
    .name = "chat_session", .poll = session_poll, .drop = session_drop};

bool session_spawn(chat_server *srv, ac_tcp_result *r, chat_proto proto, const ac_mpsc_tx *to_broker)
{
    chat_link *l = calloc(1, sizeof *l);
    session s = {.base = {&session_vtable}, .srv = srv, .stream = r->stream};
    if (l == NULL || ac_mpsc_unbounded(sizeof(chat_msg *), &l->out, &s.outbox) != 0) {
        free(l);
        ac_tcp_close(&s.stream);
        return false;
    }
    atomic_init(&l->refs, 1);
    l->proto = proto;
    ac_addr_format(&r->peer, l->peer, sizeof l->peer);
    ac_notify_init(&l->kick);
    s.link = l;
    s.to_broker = ac_mpsc_tx_clone(to_broker);
    s.throttle = ac_sleep_for(0);
    ac_tcp_set_nodelay(&s.stream, true);
    atomic_fetch_add_explicit(&srv->live, 1, memory_order_relaxed);
    ac_join_handle h = AC_SPAWN_CURRENT(s);
    if (h.task == NULL) {
        ac_mpsc_tx_close(&l->out);
        session_drop(&s.base);
        return false;
    }
    ac_join_release(&h);
    return true;
}
