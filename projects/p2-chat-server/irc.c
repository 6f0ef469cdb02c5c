/*
 * irc.c - the IRC client protocol (RFC 1459 / RFC 2812, the part clients
 * need), spoken by the broker.  One function per command; the table at
 * the end says which ones need registration first.
 *
 *   client                          server
 *   CAP LS 302                      :p2-chat CAP * LS :
 *   NICK bob / USER bob 0 * :Bob    001 002 003 004 005, 422 (no MOTD)
 *   JOIN #c                         :bob!bob@127.0.0.1 JOIN #c, 331/332, 353, 366
 *   PRIVMSG #c :hi                  to every other member
 *   PING x                          :p2-chat PONG p2-chat :x
 *
 * docs/p2-chat-server.md ("IRC protocol") lists every command and numeric.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "broker.h"

enum { MAX_PARAMS = 15 };

typedef struct irc_msg {
    char *cmd;
    char *params[MAX_PARAMS];
    int n;
} irc_msg;

/* Split "[:prefix] CMD a b :trailing" in place. */
static bool parse(char *line, irc_msg *m)
{
    char *p = line;
    m->n = 0;
    if (*p == ':') {
        p = strchr(p, ' ');
        if (p == NULL)
            return false;
    }
    while (*p == ' ')
        p++;
    if (*p == '\0')
        return false;
    m->cmd = p;
    p = strchr(p, ' ');
    while (p != NULL) {
        *p++ = '\0';
        while (*p == ' ')
            p++;
        if (*p == '\0')
            break;
        if (*p == ':' || m->n == MAX_PARAMS - 1) {
            m->params[m->n++] = *p == ':' ? p + 1 : p;
            break;
        }
        m->params[m->n++] = p;
        p = strchr(p, ' ');
    }
    for (char *c = m->cmd; *c; c++)
        if (*c >= 'a' && *c <= 'z')
            *c = (char)(*c - 'a' + 'A');
    return true;
}

static bool need_params(broker *b, user *u, const irc_msg *m, int n)
{
    if (m->n >= n)
        return true;
    broker_numeric(b, u, "461", "%s :Not enough parameters", m->cmd);
    return false;
}

void irc_on_join(broker *b, user *u)
{
    (void)b;
    (void)u; /* nothing until NICK and USER */
}

void irc_on_too_long(broker *b, user *u) { broker_numeric(b, u, "417", ":Input line was too long"); }

static void welcome(broker *b, user *u)
{
    u->registered = true;
    char mask[128];
    broker_mask(u, mask, sizeof mask);
    broker_numeric(b, u, "001", ":Welcome to the p2 chat network %s", mask);
    broker_numeric(b, u, "002", ":Your host is " CHAT_SERVER_NAME ", running version p2-1.0");
    broker_numeric(b, u, "003", ":This server was created for the Async C course");
    broker_numeric(b, u, "004", CHAT_SERVER_NAME " p2-1.0 i nt");
    broker_numeric(
        b, u, "005",
        "NICKLEN=%d CHANNELLEN=%d TOPICLEN=%d CHANTYPES=# CASEMAPPING=rfc1459 PREFIX=() NETWORK=p2 "
        ":are supported by this server",
        CHAT_NICKLEN, CHAT_CHANLEN, CHAT_TOPICLEN);
    broker_numeric(b, u, "422", ":MOTD File is missing");
}

static void cmd_nick(broker *b, user *u, irc_msg *m)
{
    if (m->n < 1 || m->params[0][0] == '\0') {
        broker_numeric(b, u, "431", ":No nickname given");
        return;
    }
    const char *nick = m->params[0];
    if (!chat_nick_valid(nick)) {
        broker_numeric(b, u, "432", "%s :Erroneous nickname", nick);
        return;
    }
    user *other = broker_find_nick(b, nick);
    if (other != NULL && other != u) {
        broker_numeric(b, u, "433", "%s :Nickname is already in use", nick);
        return;
    }
    if (u->registered) {
        broker_rename(b, u, nick);
        return;
    }
    if (u->has_nick)
        namemap_del(&b->nicks, u->nick);
    namemap_put(&b->nicks, nick, u);
    snprintf(u->nick, sizeof u->nick, "%s", nick);
    u->has_nick = true;
    if (u->has_user)
        welcome(b, u);
}

static void cmd_user(broker *b, user *u, irc_msg *m)
{
    if (u->registered) {
        broker_numeric(b, u, "462", ":You may not reregister");
        return;
    }
    if (!need_params(b, u, m, 4))
        return;
    snprintf(u->username, sizeof u->username, "%s", m->params[0]);
    for (char *c = u->username; *c; c++)
        if (*c == '@' || *c == '!')
            *c = '_';
    snprintf(u->realname, sizeof u->realname, "%s", m->params[3]);
    u->has_user = true;
    if (u->has_nick)
        welcome(b, u);
}

static void cmd_cap(broker *b, user *u, irc_msg *m)
{
    if (!need_params(b, u, m, 1))
        return;
    const char *who = u->has_nick ? u->nick : "*";
    if (strcasecmp(m->params[0], "LS") == 0 || strcasecmp(m->params[0], "LIST") == 0)
        broker_sendf(b, u, ":" CHAT_SERVER_NAME " CAP %s %s :\r\n", who, m->params[0]);
    else if (strcasecmp(m->params[0], "REQ") == 0)
        broker_sendf(b, u, ":" CHAT_SERVER_NAME " CAP %s NAK :%s\r\n", who, m->n > 1 ? m->params[1] : "");
    else if (strcasecmp(m->params[0], "END") != 0)
        broker_numeric(b, u, "410", "%s :Invalid CAP command", m->params[0]);
}

static void cmd_ping(broker *b, user *u, irc_msg *m)
{
    if (m->n < 1) {
        broker_numeric(b, u, "409", ":No origin specified");
        return;
    }
    broker_sendf(b, u, ":" CHAT_SERVER_NAME " PONG " CHAT_SERVER_NAME " :%s\r\n", m->params[0]);
}

static void cmd_pong(broker *b, user *u, irc_msg *m)
{
    (void)b, (void)u, (void)m; /* any line is proof of life: the session saw it */
}

static void cmd_quit(broker *b, user *u, irc_msg *m)
{
    snprintf(u->quit_text, sizeof u->quit_text, "Quit: %s", m->n > 0 ? m->params[0] : "");
    char line[256];
    snprintf(line, sizeof line, "ERROR :Closing Link: %s (%s)\r\n", u->host, u->quit_text);
    broker_doom(b, u, CHAT_CLOSED_QUIT, line);
}

void irc_topic_reply(broker *b, user *u, channel *c)
{
    if (c->topic[0] == '\0')
        broker_numeric(b, u, "331", "%s :No topic is set", c->name);
    else
        broker_numeric(b, u, "332", "%s :%s", c->name, c->topic);
}

void irc_names(broker *b, user *u, channel *c)
{
    char list[400];
    size_t at = 0;
    for (size_t i = 0; i < c->n; i++) {
        const char *nick = c->members[i]->nick;
        if (at + strlen(nick) + 2 > sizeof list) {
            broker_numeric(b, u, "353", "= %s :%s", c->name, list);
            at = 0;
        }
        at += (size_t)snprintf(list + at, sizeof list - at, "%s%s", at ? " " : "", nick);
    }
    if (at > 0)
        broker_numeric(b, u, "353", "= %s :%s", c->name, list);
    broker_numeric(b, u, "366", "%s :End of /NAMES list", c->name);
}

static void cmd_join(broker *b, user *u, irc_msg *m)
{
    if (!need_params(b, u, m, 1))
        return;
    if (strcmp(m->params[0], "0") == 0) {
        while (u->nchans > 0)
            broker_part(b, u, u->chans[u->nchans - 1], "Left all channels");
        return;
    }
    char *save = NULL;
    for (char *name = strtok_r(m->params[0], ",", &save); name; name = strtok_r(NULL, ",", &save)) {
        if (!chat_chan_valid(name)) {
            broker_numeric(b, u, "403", "%s :No such channel", name);
            continue;
        }
        channel *c = broker_channel(b, name, true);
        if (c == NULL || broker_is_member(c, u))
            continue;
        broker_join(b, u, c);
        irc_topic_reply(b, u, c);
        irc_names(b, u, c);
    }
}

static void cmd_part(broker *b, user *u, irc_msg *m)
{
    if (!need_params(b, u, m, 1))
        return;
    char *save = NULL;
    for (char *name = strtok_r(m->params[0], ",", &save); name; name = strtok_r(NULL, ",", &save)) {
        channel *c = broker_channel(b, name, false);
        if (c == NULL)
            broker_numeric(b, u, "403", "%s :No such channel", name);
        else if (!broker_is_member(c, u))
            broker_numeric(b, u, "442", "%s :You're not on that channel", name);
        else
            broker_part(b, u, c, m->n > 1 ? m->params[1] : "");
    }
}

static void message(broker *b, user *u, irc_msg *m, bool notice)
{
    if (m->n < 1) {
        if (!notice)
            broker_numeric(b, u, "411", ":No recipient given (%s)", m->cmd);
        return;
    }
    if (m->n < 2 || m->params[1][0] == '\0') {
        if (!notice)
            broker_numeric(b, u, "412", ":No text to send");
        return;
    }
    char *save = NULL;
    for (char *to = strtok_r(m->params[0], ",", &save); to; to = strtok_r(NULL, ",", &save)) {
        if (to[0] == '#') {
            channel *c = broker_channel(b, to, false);
            if (c == NULL) {
                if (!notice)
                    broker_numeric(b, u, "403", "%s :No such channel", to);
            } else if (!broker_is_member(c, u)) {
                if (!notice)
                    broker_numeric(b, u, "404", "%s :Cannot send to channel", to);
            } else {
                broker_say(b, u, c, m->params[1], notice);
            }
            continue;
        }
        user *v = broker_find_nick(b, to);
        if (v == NULL || !v->registered) {
            if (!notice)
                broker_numeric(b, u, "401", "%s :No such nick/channel", to);
            continue;
        }
        broker_tell(b, u, v, m->params[1], notice);
        if (!notice && v->away[0] != '\0')
            broker_numeric(b, u, "301", "%s :%s", v->nick, v->away);
    }
}

static void cmd_privmsg(broker *b, user *u, irc_msg *m) { message(b, u, m, false); }
static void cmd_notice(broker *b, user *u, irc_msg *m) { message(b, u, m, true); }

static void cmd_names(broker *b, user *u, irc_msg *m)
{
    if (m->n < 1) {
        for (size_t i = 0; i < u->nchans; i++)
            irc_names(b, u, u->chans[i]);
        if (u->nchans == 0)
            broker_numeric(b, u, "366", "* :End of /NAMES list");
        return;
    }
    channel *c = broker_channel(b, m->params[0], false);
    if (c != NULL)
        irc_names(b, u, c);
    else
        broker_numeric(b, u, "366", "%s :End of /NAMES list", m->params[0]);
}

static void who_line(broker *b, user *u, const char *chan, const user *v)
{
    broker_numeric(b, u, "352", "%s %s %s " CHAT_SERVER_NAME " %s %s :0 %s", chan, v->username, v->host,
                   v->nick, v->away[0] ? "G" : "H", v->proto == CHAT_IRC ? v->realname : "line user");
}

static void cmd_who(broker *b, user *u, irc_msg *m)
{
    const char *mask = m->n > 0 ? m->params[0] : "*";
    if (mask[0] == '#') {
        channel *c = broker_channel(b, mask, false);
        for (size_t i = 0; c != NULL && i < c->n; i++)
            who_line(b, u, c->name, c->members[i]);
    } else {
        user *v = broker_find_nick(b, mask);
        if (v != NULL && v->registered)
            who_line(b, u, "*", v);
    }
    broker_numeric(b, u, "315", "%s :End of /WHO list", mask);
}

static void cmd_topic(broker *b, user *u, irc_msg *m)
{
    if (!need_params(b, u, m, 1))
        return;
    channel *c = broker_channel(b, m->params[0], false);
    if (c == NULL) {
        broker_numeric(b, u, "403", "%s :No such channel", m->params[0]);
    } else if (!broker_is_member(c, u)) {
        broker_numeric(b, u, "442", "%s :You're not on that channel", c->name);
    } else if (m->n < 2) {
        irc_topic_reply(b, u, c);
    } else {
        broker_set_topic(b, u, c, m->params[1]);
    }
}

typedef struct list_ctx {
    broker *b;
    user *u;
} list_ctx;

static void list_one(void *value, void *arg)
{
    list_ctx *x = arg;
    channel *c = value;
    broker_numeric(x->b, x->u, "322", "%s %zu :%s", c->name, c->n, c->topic);
}

static void cmd_list(broker *b, user *u, irc_msg *m)
{
    (void)m;
    broker_numeric(b, u, "321", "Channel :Users  Name");
    list_ctx x = {b, u};
    namemap_each(&b->chans, list_one, &x);
    broker_numeric(b, u, "323", ":End of /LIST");
}

static void cmd_motd(broker *b, user *u, irc_msg *m)
{
    (void)m;
    broker_numeric(b, u, "422", ":MOTD File is missing");
}

static void cmd_away(broker *b, user *u, irc_msg *m)
{
    if (m->n < 1 || m->params[0][0] == '\0') {
        u->away[0] = '\0';
        broker_numeric(b, u, "305", ":You are no longer marked as being away");
    } else {
        snprintf(u->away, sizeof u->away, "%s", m->params[0]);
        broker_numeric(b, u, "306", ":You have been marked as being away");
    }
}

static void cmd_userhost(broker *b, user *u, irc_msg *m)
{
    if (!need_params(b, u, m, 1))
        return;
    char reply[512] = "";
    size_t at = 0;
    for (int i = 0; i < m->n && i < 5; i++) {
        user *v = broker_find_nick(b, m->params[i]);
        if (v != NULL && v->registered)
            at += (size_t)snprintf(reply + at, sizeof reply - at, "%s%s=%c%s@%s", at ? " " : "", v->nick,
                                   v->away[0] ? '-' : '+', v->username, v->host);
    }
    broker_numeric(b, u, "302", ":%s", reply);
}

static void cmd_ison(broker *b, user *u, irc_msg *m)
{
    if (!need_params(b, u, m, 1))
        return;
    char reply[512] = "";
    size_t at = 0;
    for (int i = 0; i < m->n; i++) {
        char *save = NULL;
        for (char *n = strtok_r(m->params[i], " ", &save); n; n = strtok_r(NULL, " ", &save)) {
            user *v = broker_find_nick(b, n);
            if (v != NULL && v->registered && at + strlen(v->nick) + 2 < sizeof reply)
                at += (size_t)snprintf(reply + at, sizeof reply - at, "%s%s", at ? " " : "", v->nick);
        }
    }
    broker_numeric(b, u, "303", ":%s", reply);
}

static void cmd_mode(broker *b, user *u, irc_msg *m)
{
    if (!need_params(b, u, m, 1))
        return;
    const char *target = m->params[0];
    if (target[0] == '#') {
        channel *c = broker_channel(b, target, false);
        if (c == NULL)
            broker_numeric(b, u, "403", "%s :No such channel", target);
        else if (m->n > 1 && strchr(m->params[1], 'b') != NULL)
            broker_numeric(b, u, "368", "%s :End of channel ban list", c->name);
        else if (m->n == 1)
            broker_numeric(b, u, "324", "%s +nt", c->name);
        else
            broker_numeric(b, u, "482", "%s :You're not channel operator", c->name);
    } else if (chat_same_name(target, u->nick)) {
        broker_numeric(b, u, "221", "+i");
    } else {
        broker_numeric(b, u, "502", ":Cant change mode for other users");
    }
}

static void cmd_pass(broker *b, user *u, irc_msg *m)
{
    (void)m;
    if (u->registered)
        broker_numeric(b, u, "462", ":You may not reregister");
}

typedef struct command {
    const char *name;
    void (*run)(broker *, user *, irc_msg *);
    bool before_registration; /* allowed before NICK and USER are done */
} command;

static const command commands[] = {
    {"AWAY", cmd_away, false},         {"CAP", cmd_cap, true},      {"ISON", cmd_ison, false},
    {"JOIN", cmd_join, false},         {"LIST", cmd_list, false},   {"MODE", cmd_mode, false},
    {"MOTD", cmd_motd, false},         {"NAMES", cmd_names, false}, {"NICK", cmd_nick, true},
    {"NOTICE", cmd_notice, false},     {"PART", cmd_part, false},   {"PASS", cmd_pass, true},
    {"PING", cmd_ping, true},          {"PONG", cmd_pong, true},    {"PRIVMSG", cmd_privmsg, false},
    {"QUIT", cmd_quit, true},          {"TOPIC", cmd_topic, false}, {"USER", cmd_user, true},
    {"USERHOST", cmd_userhost, false}, {"WHO", cmd_who, false},
};

void irc_on_line(broker *b, user *u, char *line)
{
    irc_msg m;
    if (!parse(line, &m))
        return;
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (strcmp(commands[i].name, m.cmd) != 0)
            continue;
        if (!u->registered && !commands[i].before_registration)
            broker_numeric(b, u, "451", ":You have not registered");
        else
            commands[i].run(b, u, &m);
        return;
    }
    if (!u->registered)
        broker_numeric(b, u, "451", ":You have not registered");
    else
        broker_numeric(b, u, "421", "%.32s :Unknown command", m.cmd);
}
