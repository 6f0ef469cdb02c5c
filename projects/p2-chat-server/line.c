/*
 * line.c - the line protocol (for nc and telnet), spoken by the broker.
 *
 *   on connect   nick user-N (the first N free), member of #lobby;
 *                "* welcome, you are user-N; /help lists the commands"
 *   text         to everyone else in #lobby as "user-N: text"
 *   /nick NAME   "* old is now known as NAME" to everyone (and you)
 *   /who         "* in #lobby (3): a b c"
 *   /quit [why]  "* bye"; the others see "* NAME left (why)"
 *   /help        the commands
 *   errors       one line "error: <reason>"
 *
 * docs/p2-chat-server.md ("Line protocol") is the precise specification.
 */
#include <stdio.h>
#include <string.h>

#include "broker.h"

void line_on_join(broker *b, user *u)
{
    char nick[CHAT_NICKLEN + 1];
    do
        snprintf(nick, sizeof nick, "user-%llu", (unsigned long long)++b->next_line_nick);
    while (broker_find_nick(b, nick) != NULL);
    snprintf(u->nick, sizeof u->nick, "%s", nick);
    snprintf(u->username, sizeof u->username, "line");
    u->has_nick = u->has_user = u->registered = true;
    namemap_put(&b->nicks, nick, u);
    broker_sendf(b, u, "* welcome, you are %s; /help lists the commands\n", nick);
    channel *lobby = broker_channel(b, CHAT_LOBBY, true);
    if (lobby != NULL)
        broker_join(b, u, lobby);
}

void line_on_too_long(broker *b, user *u)
{
    broker_sendf(b, u, "error: line too long (the limit is %d bytes); it was discarded\n", CHAT_LINE_MAX);
}

static void who(broker *b, user *u)
{
    channel *lobby = broker_channel(b, CHAT_LOBBY, false);
    char list[1500];
    size_t at = 0;
    size_t n = lobby ? lobby->n : 0;
    for (size_t i = 0; i < n && at + CHAT_NICKLEN + 8 < sizeof list; i++)
        at += (size_t)snprintf(list + at, sizeof list - at, " %s", lobby->members[i]->nick);
    if (n > 0 && at + CHAT_NICKLEN + 8 >= sizeof list)
        snprintf(list + at, sizeof list - at, " ...");
    broker_sendf(b, u, "* in %s (%zu):%s\n", CHAT_LOBBY, n, list);
}

static void help(broker *b, user *u)
{
    broker_sendf(b, u, "* commands: /nick NAME, /who, /quit [reason], /help; anything else is said to %s\n",
                 CHAT_LOBBY);
}

static void nick(broker *b, user *u, const char *name)
{
    if (*name == '\0') {
        broker_sendf(b, u, "error: /nick needs a name\n");
    } else if (!chat_nick_valid(name)) {
        broker_sendf(
            b, u,
            "error: invalid nick '%s': 1-%d characters, a letter or []\\`_^{|} first, then also digits "
            "and -\n",
            name, CHAT_NICKLEN);
    } else {
        user *other = broker_find_nick(b, name);
        if (other != NULL && other != u)
            broker_sendf(b, u, "error: nick %s is taken\n", name);
        else
            broker_rename(b, u, name);
    }
}

void line_on_line(broker *b, user *u, char *line)
{
    if (line[0] != '/') {
        if (line[0] == '\0')
            return;
        channel *lobby = broker_channel(b, CHAT_LOBBY, false);
        if (lobby != NULL)
            broker_say(b, u, lobby, line, false);
        return;
    }
    char *cmd = line + 1, *arg = strchr(cmd, ' ');
    if (arg != NULL) {
        *arg++ = '\0';
        while (*arg == ' ')
            arg++;
        for (char *end = arg + strlen(arg); end > arg && end[-1] == ' ';)
            *--end = '\0';
    } else {
        arg = cmd + strlen(cmd);
    }
    if (strcmp(cmd, "nick") == 0) {
        nick(b, u, arg);
    } else if (strcmp(cmd, "who") == 0) {
        who(b, u);
    } else if (strcmp(cmd, "help") == 0) {
        help(b, u);
    } else if (strcmp(cmd, "quit") == 0) {
        snprintf(u->quit_text, sizeof u->quit_text, "%s", *arg ? arg : "quit");
        broker_doom(b, u, CHAT_CLOSED_QUIT, "* bye\n");
    } else {
        broker_sendf(b, u, "error: unknown command /%.32s (try /help)\n", cmd);
    }
}
