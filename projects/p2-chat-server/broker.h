/*
 * broker.h - the state the broker task owns alone, and the operations the
 * two protocol front ends (line.c, irc.c) call on it.  Nothing here is
 * touched by any other task: no lock.
 *
 *   broker --- nicks: namemap folded nick -> user
 *          --- chans: namemap folded name -> channel --- members: user*[]
 *          --- users: list of every user (joined order)
 *
 * A user is removed only between events (broker_reap): while fan-out walks
 * a member list, a recipient whose outbox is over its cap is only marked.
 */
#ifndef P2_BROKER_H
#define P2_BROKER_H

#include <stdbool.h>
#include <stdint.h>

#include "chat.h"
#include "namemap.h"
#include "server.h"
#include "text.h"

#define CHAT_SERVER_NAME "p2-chat"
#define CHAT_LOBBY       "#lobby"

typedef struct channel channel;
typedef struct user user;

struct user {
    chat_link *link;
    chat_proto proto;
    uint64_t id;
    char nick[CHAT_NICKLEN + 1];
    char username[CHAT_NICKLEN + 1];
    char realname[64];
    char host[64]; /* the peer's address without the port */
    bool has_nick, has_user, registered;
    char away[128]; /* "" when not away */
    channel **chans;
    size_t nchans, chans_cap;
    uint64_t mark; /* fan-out de-duplication */
    bool doomed;   /* to be removed after this event */
    chat_close doom_why;
    char doom_line[256];
    char quit_text[128]; /* QUIT's reason, for the neighbours */
    user *prev, *next;
};

struct channel {
    char name[CHAT_CHANLEN + 1];
    char topic[CHAT_TOPICLEN + 1];
    user **members;
    size_t n, cap;
};

typedef struct broker {
    ac_future base;
    chat_server *srv;
    ac_mpsc_rx inbox;
    chat_event ev;
    chat_summary *sum;
    namemap nicks, chans;
    user *first, *last;
    size_t users;
    uint64_t next_id, next_line_nick, mark;
    bool doomed_any, shutting_down;
} broker;

/* Queue m (a reference is taken) into u's outbox; over the byte cap, u is
 * doomed ("send queue exceeded"). */
void broker_send(broker *b, user *u, chat_msg *m);
void broker_sendf(broker *b, user *u, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* ":p2-chat NNN <nick or *> ..." */
void broker_numeric(broker *b, user *u, const char *num, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Mark u for removal; `line` is its last line (may be ""). */
void broker_doom(broker *b, user *u, chat_close why, const char *line);

channel *broker_channel(broker *b, const char *name, bool create);
bool broker_is_member(const channel *c, const user *u);
/* JOIN/PART announced to the channel (and u), in both protocols. */
void broker_join(broker *b, user *u, channel *c);
void broker_part(broker *b, user *u, channel *c, const char *reason);
/* Text to a channel: every member but the sender (notice: NOTICE, else PRIVMSG). */
void broker_say(broker *b, user *from, channel *c, const char *text, bool notice);
/* Text to one user. */
void broker_tell(broker *b, user *from, user *to, const char *text, bool notice);
/* Take a new nick (it must be valid and free): seen by everyone sharing a channel. */
void broker_rename(broker *b, user *u, const char *nick);
void broker_set_topic(broker *b, user *u, channel *c, const char *topic);
user *broker_find_nick(broker *b, const char *nick);
/* Everyone sharing a channel with u (u too if `self`), each once. */
void broker_each_neighbour(broker *b, user *u, bool self, void (*fn)(broker *, user *, void *), void *arg);
/* nick!user@host */
void broker_mask(const user *u, char *buf, size_t size);

/* The front ends. */
void line_on_join(broker *b, user *u);
void line_on_line(broker *b, user *u, char *line);
void line_on_too_long(broker *b, user *u);
void irc_on_join(broker *b, user *u);
void irc_on_line(broker *b, user *u, char *line);
void irc_on_too_long(broker *b, user *u);
void irc_names(broker *b, user *u, channel *c);
void irc_topic_reply(broker *b, user *u, channel *c);

#endif
