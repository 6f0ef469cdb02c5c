/*
 * chat_selftest.c - the `test` command: the real server on free loopback
 * ports (a thread of this process), spoken to as nc and as an IRC client
 * would.  One PASS or FAIL line per check, with what it saw.
 */
#include "chat_selftest.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "chat_client.h"
#include "chat_load.h"
#include "chat_thread.h"

enum { WAIT = 3000 };

static int passed, failed;

static void report(bool ok, const char *what)
{
    printf("  %s  %s\n", ok ? "PASS" : "FAIL", what);
    fflush(stdout);
    ok ? passed++ : failed++;
}

static bool line_user(chat_conn *c, uint16_t port)
{
    return chat_conn_open(c, port) == 0 && chat_conn_expect(c, "* welcome, you are user-", WAIT, NULL, 0);
}

static bool irc_user(chat_conn *c, uint16_t port, const char *nick)
{
    return chat_conn_open(c, port) == 0 &&
           chat_conn_send(c, "CAP LS 302\r\nNICK %s\r\nUSER %s 0 * :%s\r\nCAP END\r\n", nick, nick, nick) ==
               0 &&
           chat_conn_expect(c, " 422 ", WAIT, NULL, 0);
}

static void line_checks(uint16_t port)
{
    chat_conn a, b;
    bool ok = line_user(&a, port) && line_user(&b, port);
    report(ok, "line: two nc-style clients get user-N nicks");
    ok = ok && chat_conn_send(&a, "hello\n") == 0 && chat_conn_expect(&b, "user-1: hello", WAIT, NULL, 0);
    report(ok, "line: a line reaches the other client as 'user-1: hello'");
    ok = chat_conn_send(&a, "/nick alice\n/who\n") == 0 &&
         chat_conn_expect(&b, "* user-1 is now known as alice", WAIT, NULL, 0) &&
         chat_conn_expect(&a, "* in #lobby (2): alice user-2", WAIT, NULL, 0);
    report(ok, "line: /nick is announced, /who lists #lobby");
    char big[CHAT_LINE_MAX + 2];
    memset(big, 'x', sizeof big);
    big[sizeof big - 1] = '\n';
    ok = chat_conn_send_raw(&a, big, sizeof big) == 0 &&
         chat_conn_expect(&a, "error: line too long", WAIT, NULL, 0);
    report(ok, "line: a line over 1024 bytes gets 'error: line too long'");
    char got[256] = "";
    ok = chat_conn_send(&a, "a\x1b[2Jb\x07"
                            "c\n") == 0 &&
         chat_conn_expect(&b, "alice: ", WAIT, got, sizeof got) && strcmp(got, "alice: a[2Jbc") == 0;
    report(ok, "line: ESC and BEL never reach another client");
    ok = chat_conn_send(&a, "/quit bye\n") == 0 && chat_conn_expect_close(&a, WAIT) &&
         chat_conn_expect(&b, "* alice left (bye)", WAIT, NULL, 0);
    report(ok, "line: /quit closes, the others see it");
    chat_conn_close(&a);
    chat_conn_close(&b);
}

static void irc_checks(uint16_t irc_port, uint16_t line_port)
{
    chat_conn a, b, l;
    char got[512] = "";
    bool ok = chat_conn_open(&a, irc_port) == 0 &&
              chat_conn_send(&a, "NICK bob\r\nUSER bob 0 * :Bob\r\n") == 0 &&
              chat_conn_expect(&a, ":p2-chat 001 bob ", WAIT, NULL, 0) &&
              chat_conn_expect(&a, " 005 bob ", WAIT, got, sizeof got) && strstr(got, "CASEMAPPING=rfc1459");
    report(ok, "irc: NICK + USER register: 001 ... 005 (CASEMAPPING=rfc1459)");
    ok = chat_conn_open(&b, irc_port) == 0 && chat_conn_send(&b, "NICK BOB\r\n") == 0 &&
         chat_conn_expect(&b, " 433 * BOB ", WAIT, NULL, 0);
    report(ok, "irc: 'BOB' is taken when 'bob' is (433)");
    ok = ok && irc_user(&b, irc_port, "carol");
    ok = ok && chat_conn_send(&a, "JOIN #t\r\n") == 0 &&
         chat_conn_expect(&a, " 366 bob #t ", WAIT, NULL, 0) && chat_conn_send(&b, "JOIN #t\r\n") == 0 &&
         chat_conn_expect(&b, " 353 carol = #t :bob carol", WAIT, NULL, 0);
    report(ok, "irc: JOIN answers NAMES (353, 366)");
    ok = ok && chat_conn_send(&a, "PRIVMSG #t :hi carol\r\n") == 0 &&
         chat_conn_expect(&b, ":bob!bob@127.0.0.1 PRIVMSG #t :hi carol", WAIT, NULL, 0);
    report(ok, "irc: PRIVMSG to a channel reaches its members");
    ok = chat_conn_send(&a, "PING :x\r\nFOO\r\n") == 0 &&
         chat_conn_expect(&a, "PONG p2-chat :x", WAIT, NULL, 0) &&
         chat_conn_expect(&a, " 421 bob FOO ", WAIT, NULL, 0);
    report(ok, "irc: PING gets PONG, an unknown command 421");
    ok = line_user(&l, line_port) && chat_conn_send(&a, "JOIN #lobby\r\n") == 0 &&
         chat_conn_expect(&a, " 366 bob #lobby ", WAIT, NULL, 0) && chat_conn_send(&l, "from nc\n") == 0 &&
         chat_conn_expect(&a, "PRIVMSG #lobby :from nc", WAIT, NULL, 0);
    report(ok, "irc: a line user's text arrives in #lobby");
    chat_conn_close(&a);
    chat_conn_close(&b);
    chat_conn_close(&l);
}

static void load_check(uint16_t port, bool irc)
{
    chat_load_options opt = {.clients = 20, .messages = 10, .irc = irc};
    chat_load_result r;
    bool ok = chat_load_run(port, &opt, &r) == 0 && r.delivered == r.expected && r.short_clients == 0;
    char what[128];
    snprintf(what, sizeof what, "load (%s): 20 clients x 10: %llu of %llu delivered, p99 %.1f ms",
             irc ? "irc" : "line", (unsigned long long)r.delivered, (unsigned long long)r.expected, r.p99_ms);
    report(ok, what);
}

int chat_selftest_run(void)
{
    chat_config cfg = {.flood_rate = 1000000, .outbox_cap = 4u << 20};
    chat_thread t;
    if (chat_thread_start(&t, &cfg) != 0) {
        printf("  FAIL  cannot start the server\n");
        return 1;
    }
    printf("self-test: our chat server on 127.0.0.1:%u (line) and :%u (irc), one worker\n",
           (unsigned)t.line_port, (unsigned)t.irc_port);
    line_checks(t.line_port);
    irc_checks(t.irc_port, t.line_port);
    load_check(t.line_port, false);
    load_check(t.irc_port, true);
    chat_conn a;
    bool ok = line_user(&a, t.line_port);
    ok = chat_thread_stop(&t) == 0 && ok && chat_conn_expect(&a, "* server shutting down", WAIT, NULL, 0) &&
         chat_conn_expect_close(&a, WAIT) && t.summary.closed[CHAT_CLOSED_SHUTDOWN] >= 1;
    chat_conn_close(&a);
    report(ok, "SIGTERM: connected clients are told, closed, and counted in the summary");
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
