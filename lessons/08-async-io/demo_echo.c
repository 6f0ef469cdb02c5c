/*
 * demo_echo.c - `echo`: exercise 3's server against real client threads.
 *
 * The main thread runs the epoll loop (echo_server_step) and reports what
 * each step changed in the connection table - which fds arrived, which
 * echoed, which left - by comparing the table before and after.
 */
#include <stdio.h>
#include <string.h>

#include "course/cli.h"
#include "demos.h"
#include "lesson.h"
#include "given_net.h"

enum { STEP_TIMEOUT_MS = 100, GIVE_UP_MS = 10000, SHOWN_ECHOES = 10 };

/* What the table looked like before a step: bytes per fd, -1 = no conn. */
static void snapshot(const echo_server *s, long *bytes)
{
    for (int fd = 0; fd < ECHO_MAX_FDS; fd++)
        bytes[fd] = s->conns[fd] != NULL ? (long)s->conns[fd]->bytes : -1;
}

/* Print how conns[] changed during one step. */
static void report_step(const echo_server *s, const long *before, unsigned *echo_lines)
{
    for (int fd = 0; fd < ECHO_MAX_FDS; fd++) {
        const echo_conn *c = s->conns[fd];
        char slot[16];
        snprintf(slot, sizeof slot, "conns[%d]", fd);
        if (before[fd] < 0 && c != NULL)
            printf("  step %-3lu %-9s = new connection          (live %zu)\n", s->steps, slot, s->live);
        else if (before[fd] >= 0 && c == NULL)
            printf("  step %-3lu %-9s = NULL: client hung up    (live %zu)\n", s->steps, slot, s->live);
        else if (c != NULL && (long)c->bytes > before[fd] && ++*echo_lines <= SHOWN_ECHOES)
            printf("  step %-3lu fd %d: read %ld bytes, wrote them back\n", s->steps, fd,
                   (long)c->bytes - before[fd]);
        else if (c != NULL && (long)c->bytes > before[fd] && *echo_lines == SHOWN_ECHOES + 1)
            printf("  ... more echoes, counted but not printed\n");
    }
}

int demo_echo(int argc, char **argv)
{
    unsigned long clients = 3, messages = 4;
    if (argc >= 2 && !ac_cli_parse_ulong(argv[0], argv[1], 1, 100, &clients))
        return 2;
    if (argc >= 3 && !ac_cli_parse_ulong(argv[0], argv[2], 1, 1000, &messages))
        return 2;

    static echo_server s; /* static: the fd table is 8 KiB */
    int err = echo_server_open(&s);
    if (err != 0) {
        fprintf(stderr, "echo server: %s\n", strerror(-err));
        return 1;
    }
    printf("epoll echo server on 127.0.0.1:%u (listener fd %d); %lu clients x %lu lines each.\n\n", s.port,
           s.listen_fd, clients, messages);
    echo_load load = {.port = s.port, .clients = (unsigned)clients, .messages = (unsigned)messages};
    if (echo_load_start(&load) != 0) {
        echo_server_close(&s); /* clients already started fail to connect and end */
        echo_load_join(&load);
        return 1;
    }

    static long before[ECHO_MAX_FDS];
    unsigned echo_lines = 0;
    double deadline = wall_ms() + GIVE_UP_MS;
    while (!(echo_load_done(&load) && s.live == 0) && wall_ms() < deadline) {
        snapshot(&s, before);
        int n = echo_server_step(&s, STEP_TIMEOUT_MS);
        if (n < 0) {
            fprintf(stderr, "echo_server_step: %s\n", strerror(-n));
            break;
        }
        report_step(&s, before, &echo_lines);
    }
    bool finished = echo_load_done(&load) && s.live == 0;
    echo_load_join(&load);
    unsigned long ok = atomic_load(&load.echoes_ok), failures = atomic_load(&load.failures);
    printf("\n  clients %lu, lines echoed intact %lu of %lu, failures %lu\n", clients, ok, clients * messages,
           failures);
    printf("  server: accepted %lu, disconnected %lu, refused %lu, %lu bytes echoed,\n"
           "          %lu steps (epoll_wait calls), %lu events\n",
           s.accepted, s.disconnected, s.refused, s.bytes_echoed, s.steps, s.events);
    echo_server_close(&s);
    if (!finished || failures != 0 || ok != clients * messages) {
        fprintf(stderr, "echo demo did not finish cleanly%s\n", finished ? "" : " (gave up after 10 s)");
        return 1;
    }
    printf("\nTakeaway: one thread, one epoll_wait, many sockets.  The fd in each event is\n"
           "the key to that connection's state; forgetting a closed fd (DEL, close, free,\n"
           "NULL) is half of the server.\n");
    return 0;
}
