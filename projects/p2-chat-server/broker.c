/*
 * broker.c - the one task that owns every user, nick and channel.
 *
 *   loop: event = recv(inbox)              (every session's, the root's)
 *           JOIN      new user (line: nick user-N, in #lobby; IRC: unregistered)
 *           LINE      sanitize (text.h), hand to line.c or irc.c
 *           TOO_LONG  tell the client its line was discarded
 *           IDLE      PING it (IRC)
 *           GONE      forget it, tell its neighbours
 *           SHUTDOWN  tell everyone, close everyone
 *         remove the users doomed meanwhile (send queue exceeded, QUIT)
 *
 * Fan-out builds each message once per protocol and pushes a reference
 * into every recipient's outbox: the outbox is an unbounded mpsc of
 * pointers, bounded in BYTES by the broker (link->queued against
 * outbox_cap), so a client that stops reading is cut off instead of
 * slowing the broker, or anyone else, down.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ac/spawn.h"
#include "broker.h"
#include "log.h"

enum { EVENTS_PER_TURN = 32 };

/* ---- outboxes ------------------------------------------------------------ */

void broker_send(broker *b, user *u, chat_msg *m)
{
    if (m == NULL || u->doomed)
        return;
    chat_link *l = u->link;
    size_t queued = atomic_load_explicit(&l->queued, memory_order_relaxed);
    if (queued + m->len > b->srv->cfg.outbox_cap) {
        broker_doom(b, u, CHAT_CLOSED_SENDQ,
                    u->proto == CHAT_IRC ? "ERROR :Closing Link: send queue exceeded\r\n"
                                         : "error: send queue exceeded\n");
        return;
    }
    atomic_fetch_add_explicit(&l->queued, m->len, memory_order_relaxed);
    chat_msg *ref = chat_msg_ref(m);
    if (ac_mpsc_try_send(&l->out, &ref) != 0) { /* the session is gone already */
        atomic_fetch_sub_explicit(&l->queued, m->len, memory_order_relaxed);
        chat_msg_unref(ref);
        return;
    }
    b->sum->deliveries++;
}

void broker_sendf(broker *b, user *u, const char *fmt, ...)
{
    char line[2048];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n >= sizeof line)
        n = sizeof line - 1;
    chat_msg *m = chat_msg_new(line, (size_t)n);
    broker_send(b, u, m);
    chat_msg_unref(m);
}

void broker_numeric(broker *b, user *u, const char *num, const char *fmt, ...)
{
    char text[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    broker_sendf(b, u, ":" CHAT_SERVER_NAME " %s %s %s\r\n", num, u->has_nick ? u->nick : "*", text);
}

void broker_doom(broker *b, user *u, chat_close why, const char *line)
{
    if (u->doomed)
        return;
    u->doomed = true;
    u->doom_why = why;
    snprintf(u->doom_line, sizeof u->doom_line, "%s", line);
    b->doomed_any = true;
}

void broker_mask(const user *u, char *buf, size_t size)
{
    snprintf(buf, size, "%s!%s@%s", u->nick, u->username, u->host);
}

user *broker_find_nick(broker *b, const char *nick) { return namemap_get(&b->nicks, nick); }

/* ---- channels --------------------------------------------------------- */

channel *broker_channel(broker *b, const char *name, bool create)
{
    channel *c = namemap_get(&b->chans, name);
    if (c != NULL || !create)
        return c;
    c = calloc(1, sizeof *c);
    if (c == NULL)
        return NULL;
    snprintf(c->name, sizeof c->name, "%s", name);
    if (namemap_put(&b->chans, name, c) != 0) {
        free(c);
        return NULL;
    }
    return c;
}

bool broker_is_member(const channel *c, const user *u)
{
    for (size_t i = 0; i < u->nchans; i++)
        if (u->chans[i] == c)
            return true;
    return false;
}

static bool push_ptr(void ***arr, size_t *n, size_t *cap, void *p)
{
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 4;
        void **a = realloc(*arr, nc * sizeof *a);
        if (a == NULL)
            return false;
        *arr = a;
        *cap = nc;
    }
    (*arr)[(*n)++] = p;
    return true;
}

static void drop_ptr(void **arr, size_t *n, void *p)
{
    for (size_t i = 0; i < *n; i++)
        if (arr[i] == p) {
            arr[i] = arr[--*n];
            return;
        }
}

/* Send to every member of c but `except`: irc to IRC users, line to line users. */
static void channel_send(broker *b, channel *c, user *except, chat_msg *irc, chat_msg *line)
{
    for (size_t i = 0; i < c->n; i++) {
        user *m = c->members[i];
        if (m != except)
            broker_send(b, m, m->proto == CHAT_IRC ? irc : line);
    }
}

static bool is_lobby(const channel *c) { return chat_same_name(c->name, CHAT_LOBBY); }

void broker_join(broker *b, user *u, channel *c)
{
    if (!push_ptr((void ***)&c->members, &c->n, &c->cap, u))
        return;
    if (!push_ptr((void ***)&u->chans, &u->nchans, &u->chans_cap, c)) {
        c->n--;
        return;
    }
    char mask[128];
    broker_mask(u, mask, sizeof mask);
    chat_msg *irc = chat_msg_printf(":%s JOIN %s\r\n", mask, c->name);
    chat_msg *line = is_lobby(c) ? chat_msg_printf("* %s joined\n", u->nick) : NULL;
    channel_send(b, c, u, irc, line);
    if (u->proto == CHAT_IRC)
        broker_send(b, u, irc);
    chat_msg_unref(irc);
    chat_msg_unref(line);
}

/* Take u out of c (no announcement); an empty channel other than the lobby goes. */
static void leave(broker *b, user *u, channel *c)
{
    drop_ptr((void **)c->members, &c->n, u);
    drop_ptr((void **)u->chans, &u->nchans, c);
    if (c->n == 0 && !is_lobby(c)) {
        namemap_del(&b->chans, c->name);
        free(c->members);
        free(c);
    }
}

void broker_part(broker *b, user *u, channel *c, const char *reason)
{
    char mask[128];
    broker_mask(u, mask, sizeof mask);
    chat_msg *irc = chat_msg_printf(":%s PART %s :%s\r\n", mask, c->name, reason);
    chat_msg *line = is_lobby(c) ? chat_msg_printf("* %s left %s%s%s%s\n", u->nick, c->name,
                                                   *reason ? " (" : "", reason, *reason ? ")" : "")
                                 : NULL;
    channel_send(b, c, NULL, irc, line);
    chat_msg_unref(irc);
    chat_msg_unref(line);
    leave(b, u, c);
}

void broker_say(broker *b, user *from, channel *c, const char *text, bool notice)
{
    char mask[128];
    broker_mask(from, mask, sizeof mask);
    chat_msg *irc = chat_msg_printf(":%s %s %s :%s\r\n", mask, notice ? "NOTICE" : "PRIVMSG", c->name, text);
    chat_msg *line =
        is_lobby(c) ? chat_msg_printf(notice ? "-%s- %s\n" : "%s: %s\n", from->nick, text) : NULL;
    channel_send(b, c, from, irc, line);
    chat_msg_unref(irc);
    chat_msg_unref(line);
}

void broker_tell(broker *b, user *from, user *to, const char *text, bool notice)
{
    if (to->proto == CHAT_IRC) {
        char mask[128];
        broker_mask(from, mask, sizeof mask);
        broker_sendf(b, to, ":%s %s %s :%s\r\n", mask, notice ? "NOTICE" : "PRIVMSG", to->nick, text);
    } else {
        broker_sendf(b, to, notice ? "-%s- %s\n" : "*%s* %s\n", from->nick, text);
    }
}

void broker_set_topic(broker *b, user *u, channel *c, const char *topic)
{
    snprintf(c->topic, sizeof c->topic, "%s", topic);
    char mask[128];
    broker_mask(u, mask, sizeof mask);
    chat_msg *irc = chat_msg_printf(":%s TOPIC %s :%s\r\n", mask, c->name, c->topic);
    chat_msg *line = is_lobby(c) ? chat_msg_printf("* %s set the topic: %s\n", u->nick, c->topic) : NULL;
    channel_send(b, c, NULL, irc, line);
    chat_msg_unref(irc);
    chat_msg_unref(line);
}

void broker_each_neighbour(broker *b, user *u, bool self, void (*fn)(broker *, user *, void *), void *arg)
{
    uint64_t mark = ++b->mark;
    u->mark = mark;
    if (self)
        fn(b, u, arg);
    for (size_t i = 0; i < u->nchans; i++) {
        channel *c = u->chans[i];
        for (size_t j = 0; j < c->n; j++) {
            user *m = c->members[j];
            if (m->mark != mark) {
                m->mark = mark;
                fn(b, m, arg);
            }
        }
    }
}

typedef struct pair {
    chat_msg *irc, *line;
} pair;

static void send_pair(broker *b, user *to, void *arg)
{
    pair *p = arg;
    broker_send(b, to, to->proto == CHAT_IRC ? p->irc : p->line);
}

void broker_rename(broker *b, user *u, const char *nick)
{
    char mask[128];
    broker_mask(u, mask, sizeof mask);
    pair p = {chat_msg_printf(":%s NICK :%s\r\n", mask, nick),
              chat_msg_printf("* %s is now known as %s\n", u->nick, nick)};
    if (u->has_nick)
        namemap_del(&b->nicks, u->nick);
    namemap_put(&b->nicks, nick, u);
    broker_each_neighbour(b, u, true, send_pair, &p);
    snprintf(u->nick, sizeof u->nick, "%s", nick);
    u->has_nick = true;
    chat_msg_unref(p.irc);
    chat_msg_unref(p.line);
}

/* ---- users ------------------------------------------------------------------ */

/* The broker lets go of l: graceful (last line queued, then closed: the
 * session writes everything) or a kick (closed, the session writes what
 * fits now, `line` last). */
static void release_link(chat_link *l, bool kick, const char *line)
{
    l->user = NULL;
    if (kick)
        snprintf(l->kick_line, sizeof l->kick_line, "%s", line);
    ac_mpsc_tx_close(&l->out);
    if (kick) {
        atomic_store(&l->kicked, true);
        ac_notify_one(&l->kick);
    }
    chat_link_unref(l);
}

static const char *close_text(chat_close why)
{
    static const char *const text[CHAT_CLOSE_REASONS] = {
        [CHAT_CLOSED_PEER] = "Connection closed", [CHAT_CLOSED_QUIT] = "Quit",
        [CHAT_CLOSED_IDLE] = "Ping timeout",      [CHAT_CLOSED_SENDQ] = "send queue exceeded",
        [CHAT_CLOSED_TOO_LONG] = "line too long", [CHAT_CLOSED_FLOOD] = "Excess flood",
        [CHAT_CLOSED_ERROR] = "Connection error", [CHAT_CLOSED_SHUTDOWN] = "Server shutting down"};
    return text[why];
}

/* Forget u now: its neighbours see it quit, its outbox is let go of. */
static void remove_user(broker *b, user *u, chat_close why, const char *quit_text, const char *last_line)
{
    char mask[128];
    broker_mask(u, mask, sizeof mask);
    if (u->registered) {
        pair p = {chat_msg_printf(":%s QUIT :%s\r\n", mask, quit_text),
                  chat_msg_printf("* %s left (%s)\n", u->nick, quit_text)};
        broker_each_neighbour(b, u, false, send_pair, &p);
        chat_msg_unref(p.irc);
        chat_msg_unref(p.line);
    }
    while (u->nchans > 0)
        leave(b, u, u->chans[u->nchans - 1]);
    if (u->has_nick && broker_find_nick(b, u->nick) == u)
        namemap_del(&b->nicks, u->nick);
    *(u->prev ? &u->prev->next : &b->first) = u->next;
    *(u->next ? &u->next->prev : &b->last) = u->prev;
    b->users--;
    b->sum->closed[why]++;
    if (b->srv->cfg.log && !b->srv->cfg.quiet)
        echo_log("%s %s (%s) left: %s (%zu users)", u->proto == CHAT_IRC ? "irc" : "line", u->link->peer,
                 u->has_nick ? u->nick : "*", close_text(why), b->users);
    bool graceful = why == CHAT_CLOSED_QUIT;
    if (graceful && *last_line) {
        u->doomed = false; /* the one message a doomed user still gets */
        broker_sendf(b, u, "%s", last_line);
    }
    release_link(u->link, !graceful && why != CHAT_CLOSED_PEER && why != CHAT_CLOSED_ERROR, last_line);
    free(u->chans);
    free(u);
}

static void reap(broker *b)
{
    if (!b->doomed_any)
        return;
    b->doomed_any = false;
    for (user *u = b->first, *next; u != NULL; u = next) {
        next = u->next;
        if (u->doomed)
            remove_user(b, u, u->doom_why,
                        u->doom_why == CHAT_CLOSED_QUIT ? u->quit_text : close_text(u->doom_why),
                        u->doom_line);
    }
}

static void on_join(broker *b, chat_link *l)
{
    atomic_fetch_add_explicit(&l->refs, 1, memory_order_relaxed);
    const char *bye =
        l->proto == CHAT_IRC ? "ERROR :Closing Link: server shutting down\r\n" : "* server shutting down\n";
    user *u = b->shutting_down ? NULL : calloc(1, sizeof *u);
    if (u == NULL) {
        b->sum->closed[b->shutting_down ? CHAT_CLOSED_SHUTDOWN : CHAT_CLOSED_ERROR]++;
        release_link(l, true, bye);
        return;
    }
    u->link = l;
    u->proto = l->proto;
    u->id = ++b->next_id;
    l->user = u;
    snprintf(u->host, sizeof u->host, "%s", l->peer);
    char *colon = strrchr(u->host, ':');
    if (colon != NULL)
        *colon = '\0';
    u->prev = b->last;
    *(b->last ? &b->last->next : &b->first) = u;
    b->last = u;
    b->users++;
    b->sum->accepted[u->proto]++;
    if (b->users > b->sum->peak_users)
        b->sum->peak_users = (unsigned)b->users;
    if (u->proto == CHAT_IRC)
        irc_on_join(b, u);
    else
        line_on_join(b, u);
    if (b->srv->cfg.log && !b->srv->cfg.quiet)
        echo_log("%s %s connected as %s (%zu users)", u->proto == CHAT_IRC ? "irc" : "line", l->peer,
                 u->has_nick ? u->nick : "*", b->users);
}

static void handle(broker *b, chat_event *ev)
{
    user *u = ev->link ? ev->link->user : NULL;
    switch (ev->kind) {
    case CHAT_EV_JOIN:
        on_join(b, ev->link);
        break;
    case CHAT_EV_LINE:
        b->sum->lines_in++;
        if (u != NULL && !u->doomed) {
            ev->text->len = chat_sanitize(ev->text->data, ev->text->len);
            ev->text->data[ev->text->len] = '\0';
            if (u->proto == CHAT_IRC)
                irc_on_line(b, u, ev->text->data);
            else
                line_on_line(b, u, ev->text->data);
        }
        chat_msg_unref(ev->text);
        break;
    case CHAT_EV_TOO_LONG:
        if (u != NULL)
            (u->proto == CHAT_IRC ? irc_on_too_long : line_on_too_long)(b, u);
        break;
    case CHAT_EV_IDLE:
        if (u != NULL && u->proto == CHAT_IRC)
            broker_sendf(b, u, "PING :" CHAT_SERVER_NAME "\r\n");
        break;
    case CHAT_EV_GONE:
        if (u == NULL) { /* we let go already (QUIT) and it is stuck writing: stop waiting */
            atomic_store(&ev->link->kicked, true);
            ev->link->kick_line[0] = '\0';
            ac_notify_one(&ev->link->kick);
            break;
        }
        {
            const char *line = "";
            if (ev->why == CHAT_CLOSED_IDLE)
                line =
                    u->proto == CHAT_IRC ? "ERROR :Closing Link: Ping timeout\r\n" : "error: idle timeout\n";
            else if (ev->why == CHAT_CLOSED_TOO_LONG)
                line = u->proto == CHAT_IRC ? "ERROR :Closing Link: line too long\r\n"
                                            : "error: line too long (1 MiB without a newline)\n";
            else if (ev->why == CHAT_CLOSED_FLOOD)
                line = u->proto == CHAT_IRC ? "ERROR :Closing Link: Excess flood\r\n" : "error: flooding\n";
            broker_doom(b, u, ev->why, line);
        }
        break;
    case CHAT_EV_SHUTDOWN:
        b->shutting_down = true;
        for (user *v = b->first; v != NULL; v = v->next)
            broker_doom(b, v, CHAT_CLOSED_SHUTDOWN,
                        v->proto == CHAT_IRC ? "ERROR :Closing Link: server shutting down\r\n"
                                             : "* server shutting down\n");
        break;
    }
    reap(b);
    if (ev->link != NULL)
        chat_link_unref(ev->link); /* the event's reference (session.c, queue_event) */
}

static void free_channel(void *value, void *arg)
{
    (void)arg;
    channel *c = value;
    free(c->members);
    free(c);
}

static void broker_close(broker *b)
{
    while (b->first != NULL) /* only if the executor closes us early */
        remove_user(b, b->first, CHAT_CLOSED_SHUTDOWN, "Server shutting down", "");
    ac_mpsc_rx_forget_waker(&b->inbox);
    ac_mpsc_rx_close(&b->inbox);
    namemap_each(&b->chans, free_channel, NULL);
    namemap_free(&b->chans);
    namemap_free(&b->nicks);
}

static ac_poll broker_poll(ac_future *self, ac_context *cx)
{
    broker *b = (broker *)self;
    for (int n = 0; n < EVENTS_PER_TURN; n++) {
        int r;
        if (ac_mpsc_poll_recv(&b->inbox, cx, &b->ev, &r) == AC_PENDING)
            return AC_PENDING;
        if (r < 0) { /* every sender closed: the server is done */
            broker_close(b);
            return AC_READY;
        }
        handle(b, &b->ev);
    }
    ac_waker_wake_by_ref(cx->waker); /* let the sessions drain their outboxes */
    return AC_PENDING;
}

static void broker_drop(ac_future *self)
{
    broker *b = (broker *)self;
    chat_event ev;
    while (ac_mpsc_try_recv(&b->inbox, &ev) == 0) {
        chat_msg_unref(ev.text);
        if (ev.kind == CHAT_EV_JOIN)
            release_link((atomic_fetch_add(&ev.link->refs, 1), ev.link), true, "");
        if (ev.link != NULL)
            chat_link_unref(ev.link);
    }
    broker_close(b);
}

static const ac_future_vtable broker_vtable = {
    .name = "chat_broker", .poll = broker_poll, .drop = broker_drop};

bool broker_spawn(chat_server *srv, ac_mpsc_rx inbox, chat_summary *summary, ac_join_handle *out)
{
    broker b = {.base = {&broker_vtable}, .srv = srv, .inbox = inbox, .sum = summary};
    namemap_init(&b.nicks);
    namemap_init(&b.chans);
    broker_channel(&b, CHAT_LOBBY, true); /* always there: line users live in it */
    *out = AC_SPAWN_CURRENT(b);
    if (out->task == NULL) {
        broker_close(&b);
        return false;
    }
    return true;
}
