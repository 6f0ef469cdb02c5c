/*
 * chat.h - project 2's chat server: its configuration, its summary, and
 * the two things its tasks hand each other (a link, an event).
 *
 *                        +-------------------------+
 *   SIGINT/SIGTERM ----> | root: wait for a signal |--abort--> acceptors
 *   (signalfd)           +-------------------------+--SHUTDOWN event--+
 *                                                                     v
 *   line listener --> acceptor --spawn--> session ---events---> +--------+
 *   irc listener  --> acceptor --spawn--> session ---(mpsc)---> | broker |
 *                                           ^  ^    bounded     +--------+
 *                                           |  |                 owns every
 *                   outbox (mpsc of chat_msg*, byte cap) <------ user, nick,
 *                   kick (notify) <----------------------------- channel
 *
 * A session is one task per client: it reads its socket, cuts lines, sends
 * each to the broker as an event, and writes whatever arrives in its
 * outbox.  The broker is the only task that knows users, nicks and
 * channels; it parses each line (line protocol or IRC), and fans one
 * reference-counted message (msg.h) out into the outbox of every
 * recipient.  Nothing is shared behind a lock: tasks talk through
 * channels, so the same code runs unchanged on a multi-threaded runtime.
 */
#ifndef P2_CHAT_H
#define P2_CHAT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "ac/clock.h"
#include "ac/mpsc.h"
#include "ac/notify.h"
#include "msg.h"

typedef enum chat_proto { CHAT_LINE = 0, CHAT_IRC = 1 } chat_proto;

/* The written limits (docs/p2-chat-server.md, "Limits"). */
enum {
    CHAT_LINE_MAX = 1024,         /* line protocol: bytes of text, without the newline */
    CHAT_IRC_LINE_MAX = 512,      /* IRC: bytes with the CRLF (RFC 1459) */
    CHAT_CUTOFF = 1 << 20,        /* this many bytes without a newline: disconnected */
    CHAT_OUTBOX_CAP = 256 * 1024, /* bytes queued for one client: beyond, "send queue exceeded" */
    CHAT_BROKER_INBOX = 4096,     /* events queued for the broker: beyond, sessions wait */
    CHAT_FLOOD_BURST = 40,        /* lines a client may send at once ... */
    CHAT_FLOOD_RATE = 20,         /* ... then this many per second; */
    CHAT_FLOOD_CUT = 200,         /* this many lines held back by throttling: disconnected */
};

typedef struct chat_config {
    ac_nanos idle_timeout; /* 0: never; IRC clients are PINGed at half of it */
    unsigned max_clients;  /* 0: no limit; beyond, a new client is told "server full" */
    unsigned workers;      /* accepted; the runtime is single-threaded today (see --help) */
    size_t outbox_cap;     /* 0: CHAT_OUTBOX_CAP */
    unsigned flood_rate;   /* lines per second after the burst; 0: CHAT_FLOOD_RATE */
    bool quiet;            /* no per-client log lines */
    bool log;              /* false: say nothing at all (tests, load) */
} chat_config;

/* Why a client went away, counted in the summary. */
typedef enum chat_close {
    CHAT_CLOSED_PEER,     /* it hung up */
    CHAT_CLOSED_QUIT,     /* /quit or QUIT */
    CHAT_CLOSED_IDLE,     /* idle timeout / no PONG */
    CHAT_CLOSED_SENDQ,    /* send queue exceeded: it stopped reading */
    CHAT_CLOSED_TOO_LONG, /* CHAT_CUTOFF bytes without a newline */
    CHAT_CLOSED_FLOOD,    /* sent faster than the flood rate for too long */
    CHAT_CLOSED_ERROR,    /* reset, broken pipe, out of memory */
    CHAT_CLOSED_SHUTDOWN, /* still there when the server stopped */
    CHAT_CLOSE_REASONS
} chat_close;

typedef struct chat_summary {
    uint64_t accepted[2];   /* by chat_proto */
    uint64_t rejected_full; /* turned away at --max-clients */
    uint64_t lines_in;      /* lines the broker handled */
    uint64_t deliveries;    /* messages put into outboxes */
    uint64_t closed[CHAT_CLOSE_REASONS];
    unsigned peak_users;
} chat_summary;

/*
 * What a session and the broker share about one client; reference
 * counted (the session holds one, the broker one while it knows the user).
 *
 *   out, queued   the outbox: the broker pushes chat_msg pointers and adds
 *                 their size to `queued`; the session subtracts once it
 *                 has written one.  The broker closes `out` to let go.
 *   kick          the broker closes `out`, writes kick_line, sets kicked
 *                 and notifies: the session writes what the socket takes
 *                 at once, the kick line last, and closes.
 */
typedef struct chat_link {
    _Atomic unsigned refs;
    chat_proto proto;
    char peer[64]; /* "127.0.0.1:50123" */
    ac_mpsc_tx out;
    _Atomic size_t queued;
    _Atomic bool kicked;
    ac_notify kick;
    char kick_line[256];
    void *user; /* the broker's */
} chat_link;

void chat_link_unref(chat_link *l);

typedef enum chat_event_kind {
    CHAT_EV_JOIN,     /* a new client: link set, the broker takes a reference */
    CHAT_EV_LINE,     /* one line of text (without its line ending) */
    CHAT_EV_TOO_LONG, /* a line over the limit was discarded */
    CHAT_EV_IDLE,     /* nothing heard for a while: PING it (IRC) */
    CHAT_EV_GONE,     /* the session ends: `why` */
    CHAT_EV_SHUTDOWN, /* from the root: tell everyone, close everyone */
} chat_event_kind;

typedef struct chat_event {
    chat_event_kind kind;
    chat_close why;
    chat_link *link;
    chat_msg *text;
} chat_event;

/* ---- running it ----------------------------------------------------- */

/* Listening sockets (bound and listening; we take them over).  fds of -1
 * are not served. */
typedef struct chat_listeners {
    int line_fd, irc_fd;
} chat_listeners;

/* Serve until SIGINT or SIGTERM, which the caller has BLOCKED (read from a
 * signalfd).  Fills *summary.  0, or -errno if it could not start. */
int chat_server_run(const chat_listeners *ls, const chat_config *cfg, chat_summary *summary);
void chat_summary_print(const chat_summary *s);

#endif
