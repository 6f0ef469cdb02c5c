/*
 * Integration tests for project 2's IRC protocol: the real chat server on
 * a thread of this process, on 127.0.0.1 port 0, spoken to the way an IRC
 * client does (registration, channels, messages, every error numeric a
 * client can provoke).  Every read is bounded.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "chat_client.h"
#include "chat_thread.h"

enum { WAIT = 3000 };

/* Every test's server; `--workers N` (ctest runs this program with 1 and
 * with 2) puts it on the multi-threaded runtime. */
static chat_config base = {.idle_timeout = 0, .flood_rate = 1000000};

static void expect(chat_conn *c, const char *want)
{
    char line[4096];
    if (!chat_conn_expect(c, want, WAIT, line, sizeof line))
        fail_msg("never saw a line containing '%s'", want);
}

/* The very next line must be exactly `want`. */
static void next_is(chat_conn *c, const char *want)
{
    char line[4096];
    assert_int_equal(chat_conn_line(c, line, sizeof line, WAIT), 0);
    assert_string_equal(line, want);
}

static void registered(chat_conn *c, uint16_t port, const char *nick)
{
    assert_int_equal(chat_conn_open(c, port), 0);
    chat_conn_send(c, "NICK %s\r\nUSER %s 0 * :Real %s\r\n", nick, nick, nick);
    expect(c, " 422 ");
}

static void registration_sends_the_welcome_numerics_and_cap_ls_is_empty(void **state)
{
    (void)state;
    chat_thread t;
    assert_int_equal(chat_thread_start(&t, &base), 0);
    chat_conn c;
    assert_int_equal(chat_conn_open(&c, t.irc_port), 0);
    chat_conn_send(&c, "CAP LS 302\r\nJOIN #x\r\nNICK bob\r\nUSER bob 0 * :Bob B\r\nCAP END\r\n");
    next_is(&c, ":p2-chat CAP * LS :");
    next_is(&c, ":p2-chat 451 * :You have not registered");
    next_is(&c, ":p2-chat 001 bob :Welcome to the p2 chat network bob!bob@127.0.0.1");
    expect(&c, ":p2-chat 002 bob ");
    expect(&c, ":p2-chat 003 bob ");
    expect(&c, ":p2-chat 004 bob p2-chat ");
    char line[512];
    assert_true(chat_conn_expect(&c, ":p2-chat 005 bob ", WAIT, line, sizeof line));
    assert_non_null(strstr(line, "NICKLEN=16"));
    assert_non_null(strstr(line, "CHANNELLEN=32"));
    assert_non_null(strstr(line, "CHANTYPES=#"));
    assert_non_null(strstr(line, "CASEMAPPING=rfc1459"));
    next_is(&c, ":p2-chat 422 bob :MOTD File is missing");
    chat_conn_send(&c, "PING :abc\r\nUSER again 0 * :x\r\nMOTD\r\nFROB\r\n");
    next_is(&c, ":p2-chat PONG p2-chat :abc");
    next_is(&c, ":p2-chat 462 bob :You may not reregister");
    next_is(&c, ":p2-chat 422 bob :MOTD File is missing");
    next_is(&c, ":p2-chat 421 bob FROB :Unknown command");
    chat_conn_close(&c);
    assert_int_equal(chat_thread_stop(&t), 0);
}

static void nicks_are_unique_under_rfc1459_casemapping(void **state)
{
    (void)state;
    chat_thread t;
    assert_int_equal(chat_thread_start(&t, &base), 0);
    chat_conn a, b;
    registered(&a, t.irc_port, "[Bob]");
    assert_int_equal(chat_conn_open(&b, t.irc_port), 0);
    chat_conn_send(&b, "NICK {bOB}\r\nNICK\r\nNICK 9lives\r\nUSER b 0 * :b\r\nUSER\r\n");
    next_is(&b, ":p2-chat 433 * {bOB} :Nickname is already in use");
    next_is(&b, ":p2-chat 431 * :No nickname given");
    next_is(&b, ":p2-chat 432 * 9lives :Erroneous nickname");
    chat_conn_send(&b, "NICK carol\r\n");
    expect(&b, " 422 ");
    chat_conn_send(&b, "NICK [BOB]\r\n");
    next_is(&b, ":p2-chat 433 carol [BOB] :Nickname is already in use");
    chat_conn_close(&a);
    chat_conn_close(&b);
    assert_int_equal(chat_thread_stop(&t), 0);
}

static void channels_join_names_topic_message_part_and_errors(void **state)
{
    (void)state;
    chat_thread t;
    assert_int_equal(chat_thread_start(&t, &base), 0);
    chat_conn a, b;
    registered(&a, t.irc_port, "alice");
    registered(&b, t.irc_port, "bob");
    chat_conn_send(&a, "JOIN #c\r\nTOPIC #c :the topic\r\n");
    next_is(&a, ":alice!alice@127.0.0.1 JOIN #c");
    next_is(&a, ":p2-chat 331 alice #c :No topic is set");
    next_is(&a, ":p2-chat 353 alice = #c :alice");
    next_is(&a, ":p2-chat 366 alice #c :End of /NAMES list");
    next_is(&a, ":alice!alice@127.0.0.1 TOPIC #c :the topic");
    chat_conn_send(&b, "PRIVMSG #c :early\r\nJOIN #c\r\n");
    next_is(&b, ":p2-chat 404 bob #c :Cannot send to channel");
    next_is(&b, ":bob!bob@127.0.0.1 JOIN #c");
    next_is(&b, ":p2-chat 332 bob #c :the topic");
    next_is(&b, ":p2-chat 353 bob = #c :alice bob");
    next_is(&b, ":p2-chat 366 bob #c :End of /NAMES list");
    next_is(&a, ":bob!bob@127.0.0.1 JOIN #c");
    chat_conn_send(&b, "PRIVMSG #c :hello all\r\nNOTICE #c :a notice\r\nPRIVMSG alice :just you\r\n");
    next_is(&a, ":bob!bob@127.0.0.1 PRIVMSG #c :hello all");
    next_is(&a, ":bob!bob@127.0.0.1 NOTICE #c :a notice");
    next_is(&a, ":bob!bob@127.0.0.1 PRIVMSG alice :just you");
    chat_conn_send(&b, "PRIVMSG nobody :x\r\nPRIVMSG #nope :x\r\nPRIVMSG\r\nPRIVMSG alice\r\nPART #nope\r\n"
                       "PART #lobby\r\nJOIN bad\r\nTOPIC\r\nNAMES #c\r\nWHO #c\r\n");
    next_is(&b, ":p2-chat 401 bob nobody :No such nick/channel");
    next_is(&b, ":p2-chat 403 bob #nope :No such channel");
    next_is(&b, ":p2-chat 411 bob :No recipient given (PRIVMSG)");
    next_is(&b, ":p2-chat 412 bob :No text to send");
    next_is(&b, ":p2-chat 403 bob #nope :No such channel");
    next_is(&b, ":p2-chat 442 bob #lobby :You're not on that channel");
    next_is(&b, ":p2-chat 403 bob bad :No such channel");
    next_is(&b, ":p2-chat 461 bob TOPIC :Not enough parameters");
    next_is(&b, ":p2-chat 353 bob = #c :alice bob");
    next_is(&b, ":p2-chat 366 bob #c :End of /NAMES list");
    next_is(&b, ":p2-chat 352 bob #c alice 127.0.0.1 p2-chat alice H :0 Real alice");
    next_is(&b, ":p2-chat 352 bob #c bob 127.0.0.1 p2-chat bob H :0 Real bob");
    next_is(&b, ":p2-chat 315 bob #c :End of /WHO list");
    chat_conn_send(&b, "LIST\r\n");
    expect(&b, ":p2-chat 322 bob #c 2 :the topic");
    expect(&b, ":p2-chat 323 bob :End of /LIST");
    chat_conn_send(&b, "NICK robert\r\nPART #c :bye now\r\n");
    next_is(&a, ":bob!bob@127.0.0.1 NICK :robert");
    next_is(&a, ":robert!bob@127.0.0.1 PART #c :bye now");
    next_is(&b, ":bob!bob@127.0.0.1 NICK :robert");
    next_is(&b, ":robert!bob@127.0.0.1 PART #c :bye now");
    chat_conn_close(&a);
    chat_conn_close(&b);
    assert_int_equal(chat_thread_stop(&t), 0);
}

static void away_userhost_ison_mode_and_quit_relayed(void **state)
{
    (void)state;
    chat_thread t;
    assert_int_equal(chat_thread_start(&t, &base), 0);
    chat_conn a, b;
    registered(&a, t.irc_port, "alice");
    registered(&b, t.irc_port, "bob");
    chat_conn_send(&a, "AWAY :lunch\r\nJOIN #c\r\n");
    next_is(&a, ":p2-chat 306 alice :You have been marked as being away");
    expect(&a, " 366 ");
    chat_conn_send(&b, "JOIN #c\r\n");
    expect(&b, " 366 ");
    expect(&a, ":bob!bob@127.0.0.1 JOIN #c");
    chat_conn_send(
        &b,
        "PRIVMSG alice :hi\r\nUSERHOST alice bob ghost\r\nISON ghost bob ALICE\r\nMODE #c\r\nMODE bob\r\n");
    next_is(&b, ":p2-chat 301 bob alice :lunch");
    next_is(&b, ":p2-chat 302 bob :alice=-alice@127.0.0.1 bob=+bob@127.0.0.1");
    next_is(&b, ":p2-chat 303 bob :bob alice");
    next_is(&b, ":p2-chat 324 bob #c +nt");
    next_is(&b, ":p2-chat 221 bob +i");
    chat_conn_send(&a, "AWAY\r\n");
    expect(&a, ":p2-chat 305 alice :You are no longer marked as being away");
    chat_conn_send(&b, "QUIT :see you\r\n");
    next_is(&b, "ERROR :Closing Link: 127.0.0.1 (Quit: see you)");
    assert_true(chat_conn_expect_close(&b, WAIT));
    expect(&a, ":bob!bob@127.0.0.1 QUIT :Quit: see you");
    chat_conn_close(&a);
    chat_conn_close(&b);
    assert_int_equal(chat_thread_stop(&t), 0);
    assert_int_equal(t.summary.closed[CHAT_CLOSED_QUIT], 1);
}

static void line_users_and_irc_users_meet_in_the_lobby(void **state)
{
    (void)state;
    chat_thread t;
    assert_int_equal(chat_thread_start(&t, &base), 0);
    chat_conn irc, line;
    registered(&irc, t.irc_port, "ircer");
    chat_conn_send(&irc, "JOIN #lobby\r\n");
    expect(&irc, " 366 ");
    assert_int_equal(chat_conn_open(&line, t.line_port), 0);
    expect(&line, "* welcome, you are user-1");
    next_is(&irc, ":user-1!line@127.0.0.1 JOIN #lobby");
    chat_conn_send(&line, "hello irc\n");
    next_is(&irc, ":user-1!line@127.0.0.1 PRIVMSG #lobby :hello irc");
    chat_conn_send(&irc, "PRIVMSG #lobby :hello line\r\nPRIVMSG user-1 :private\r\n");
    expect(&line, "ircer: hello line");
    next_is(&line, "*ircer* private");
    chat_conn_close(&line);
    expect(&irc, ":user-1!line@127.0.0.1 QUIT :Connection closed");
    chat_conn_close(&irc);
    assert_int_equal(chat_thread_stop(&t), 0);
}

static void a_line_over_512_bytes_gets_417(void **state)
{
    (void)state;
    chat_thread t;
    assert_int_equal(chat_thread_start(&t, &base), 0);
    chat_conn a;
    registered(&a, t.irc_port, "alice");
    char big[600];
    memset(big, 'x', sizeof big);
    memcpy(big, "PRIVMSG alice :", 15);
    chat_conn_send_raw(&a, big, sizeof big);
    chat_conn_send(&a, "\r\nPING :after\r\n");
    next_is(&a, ":p2-chat 417 alice :Input line was too long");
    next_is(&a, ":p2-chat PONG p2-chat :after");
    chat_conn_close(&a);
    assert_int_equal(chat_thread_stop(&t), 0);
}

static void idle_clients_are_pinged_and_dropped_without_a_pong(void **state)
{
    (void)state;
    chat_config cfg = base;
    cfg.idle_timeout = AC_MSEC(400);
    chat_thread t;
    assert_int_equal(chat_thread_start(&t, &cfg), 0);
    chat_conn a;
    registered(&a, t.irc_port, "alice");
    expect(&a, "PING :p2-chat");
    chat_conn_send(&a, "PONG :p2-chat\r\n"); /* alive: pinged again, not dropped */
    expect(&a, "PING :p2-chat");
    expect(&a, "ERROR :Closing Link: Ping timeout");
    assert_true(chat_conn_expect_close(&a, WAIT));
    chat_conn_close(&a);
    assert_int_equal(chat_thread_stop(&t), 0);
    assert_int_equal(t.summary.closed[CHAT_CLOSED_IDLE], 1);
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--workers") == 0)
        base.workers = (unsigned)atoi(argv[2]);
    else if (argc != 1) {
        fprintf(stderr, "usage: %s [--workers N]\n", argv[0]);
        return 2;
    }
    print_message("server on %u worker(s)\n", base.workers > 1 ? base.workers : 1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(registration_sends_the_welcome_numerics_and_cap_ls_is_empty),
        cmocka_unit_test(nicks_are_unique_under_rfc1459_casemapping),
        cmocka_unit_test(channels_join_names_topic_message_part_and_errors),
        cmocka_unit_test(away_userhost_ison_mode_and_quit_relayed),
        cmocka_unit_test(line_users_and_irc_users_meet_in_the_lobby),
        cmocka_unit_test(a_line_over_512_bytes_gets_417),
        cmocka_unit_test(idle_clients_are_pinged_and_dropped_without_a_pong),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
