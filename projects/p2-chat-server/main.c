/*
 * p2-chat-server - project 2: a chat server for nc (line protocol) and for
 * real IRC clients (irssi, weechat, python3-irc), on our runtime.
 *
 * This main.c is the command table only.  Options are parsed strictly:
 * anything unknown or malformed is an error and exit status 2.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chat.h"
#include "chat_bench.h"
#include "chat_crowd.h"
#include "chat_load.h"
#include "chat_selftest.h"
#include "chat_slow.h"
#include "course/cli.h"
#include "listen_socket.h"
#include "log.h"

static const char *program = "p2-chat-server";

static const char *value_of(int argc, char **argv, int *i)
{
    return ac_cli_option_value(program, argc, argv, i);
}

static int unknown_option(char **argv, const char *arg) { return ac_cli_unknown_option(program, argv, arg); }

static ac_nanos parse_duration(const char *text) { return ac_cli_parse_duration(text); }

/* The default --workers of `run`: one per CPU (at least 1, at most 256). */
static unsigned long cpu_count(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 256 ? 256 : (unsigned long)n;
}

/* "10,100" into out[]: up to max_count numbers in [lo, hi]; false (said) otherwise. */
static bool parse_list(const char *name, const char *v, unsigned long lo, unsigned long hi, unsigned *out,
                       unsigned max_count, unsigned *count)
{
    *count = 0;
    for (const char *item = v;; item++) {
        char *end;
        unsigned long n = strtoul(item, &end, 10);
        if (end == item || n < lo || n > hi || *count == max_count || (*end != ',' && *end != '\0')) {
            fprintf(stderr, "%s: expected up to %u numbers %lu..%lu like %lu,%lu, got '%s'\n", name,
                    max_count, lo, hi, lo, hi, v);
            return false;
        }
        out[(*count)++] = (unsigned)n;
        if (*end == '\0')
            return true;
        item = end;
    }
}

static int open_listener(const char *host, unsigned long port, const char *what)
{
    uint16_t bound;
    int fd = listen_socket_open(host, (uint16_t)port, &bound);
    if (fd < 0) {
        fprintf(stderr, "%s run: cannot listen on %s:%lu: %s\n", program, host, port,
                fd == -EINVAL ? "not an IPv4 address" : strerror(-fd));
        return fd == -EINVAL ? -2 : -1;
    }
    printf("%s listening on %s:%u\n", what, host, (unsigned)bound);
    fflush(stdout);
    return fd;
}

static int cmd_run(int argc, char **argv)
{
    const char *host = "127.0.0.1";
    unsigned long port = 7000, irc_port = 6667, workers = cpu_count(), max_clients = 0;
    chat_config cfg = {.idle_timeout = AC_SEC(300), .log = true};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        if (strcmp(a, "--quiet") == 0) {
            cfg.quiet = true;
        } else if (strcmp(a, "--host") == 0) {
            if (!(v = value_of(argc, argv, &i)))
                return 2;
            host = v;
        } else if (strcmp(a, "--port") == 0) {
            if (!(v = value_of(argc, argv, &i)) || !ac_cli_parse_ulong("--port", v, 0, 65535, &port))
                return 2;
        } else if (strcmp(a, "--irc-port") == 0) {
            if (!(v = value_of(argc, argv, &i)) || !ac_cli_parse_ulong("--irc-port", v, 0, 65535, &irc_port))
                return 2;
        } else if (strcmp(a, "--workers") == 0) {
            if (!(v = value_of(argc, argv, &i)) || !ac_cli_parse_ulong("--workers", v, 1, 256, &workers))
                return 2;
        } else if (strcmp(a, "--max-clients") == 0) {
            if (!(v = value_of(argc, argv, &i)) ||
                !ac_cli_parse_ulong("--max-clients", v, 1, 1000000, &max_clients))
                return 2;
        } else if (strcmp(a, "--idle-timeout") == 0) {
            if (!(v = value_of(argc, argv, &i)))
                return 2;
            cfg.idle_timeout = parse_duration(v);
            if (cfg.idle_timeout < 0) {
                fprintf(stderr,
                        "--idle-timeout: expected a duration like 300s, 500ms, 5m or 0 (off), got '%s'\n", v);
                return 2;
            }
        } else {
            return unknown_option(argv, a);
        }
    }
    cfg.max_clients = (unsigned)max_clients;
    cfg.workers = (unsigned)workers;
    chat_listeners ls;
    ls.line_fd = open_listener(host, port, "line chat");
    if (ls.line_fd < 0)
        return -ls.line_fd;
    ls.irc_fd = open_listener(host, irc_port, "irc");
    if (ls.irc_fd < 0)
        return -ls.irc_fd;
    if (workers == 1)
        echo_log("chat server up (1 worker: the single-threaded executor); Ctrl-C or SIGTERM stops it");
    else
        echo_log("chat server up (%lu workers: the multi-threaded runtime); Ctrl-C or SIGTERM stops it",
                 workers);
    chat_summary sum;
    int err = chat_server_run(&ls, &cfg, &sum);
    if (err < 0) {
        fprintf(stderr, "%s run: cannot start: %s\n", program, strerror(-err));
        return 1;
    }
    chat_summary_print(&sum);
    return 0;
}

static int cmd_test(int argc, char **argv)
{
    if (argc > 1)
        return unknown_option(argv, argv[1]);
    return chat_selftest_run();
}

static int cmd_load(int argc, char **argv)
{
    chat_load_options opt = {.clients = 100, .messages = 10, .workers = 1};
    bool slow = false, counted = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        unsigned long n;
        if (strcmp(a, "--irc") == 0) {
            opt.irc = true;
        } else if (strcmp(a, "--slow-reader") == 0) {
            slow = true;
        } else if (strcmp(a, "--workers") == 0) {
            if (!(v = value_of(argc, argv, &i)) || !ac_cli_parse_ulong("--workers", v, 1, 256, &n))
                return 2;
            opt.workers = (unsigned)n;
        } else if (strcmp(a, "--clients") == 0) {
            if (!(v = value_of(argc, argv, &i)) || !ac_cli_parse_ulong("--clients", v, 2, 1000, &n))
                return 2;
            opt.clients = (unsigned)n;
            counted = true;
        } else if (strcmp(a, "--messages") == 0) {
            if (!(v = value_of(argc, argv, &i)) || !ac_cli_parse_ulong("--messages", v, 1, 1000, &n))
                return 2;
            opt.messages = (unsigned)n;
        } else {
            return unknown_option(argv, a);
        }
    }
    if (slow) {
        if (opt.irc) {
            fprintf(stderr, "%s load: --slow-reader runs on the line protocol only\n", program);
            return 2;
        }
        chat_slow_options so = {
            .talkers = counted ? opt.clients : 5, .lines_per_ms = 2, .workers = opt.workers};
        if (so.talkers > CHAT_SLOW_MAX_TALKERS) {
            fprintf(stderr, "%s load: --slow-reader takes up to %d --clients\n", program,
                    CHAT_SLOW_MAX_TALKERS);
            return 2;
        }
        return chat_slow_main(&so);
    }
    return chat_load_main(&opt);
}

static int cmd_crowd(int argc, char **argv)
{
    unsigned long clients = 10000;
    for (int i = 1; i < argc; i++) {
        const char *v;
        if (strcmp(argv[i], "--clients") != 0)
            return unknown_option(argv, argv[i]);
        if (!(v = value_of(argc, argv, &i)) || !ac_cli_parse_ulong("--clients", v, 1, 100000, &clients))
            return 2;
    }
    return chat_crowd_main((unsigned)clients);
}

static int cmd_bench(int argc, char **argv)
{
    unsigned long cpus = cpu_count();
    chat_bench_options opt = {.clients = {10, 100},
                              .counts = 2,
                              .messages = 3,
                              .workers = {1, (unsigned)cpus},
                              .nworkers = cpus > 1 ? 2 : 1};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        if (strcmp(a, "--json") == 0) {
            opt.json = true;
        } else if (strcmp(a, "--no-ngircd") == 0) {
            opt.no_ngircd = true;
        } else if (strcmp(a, "--messages") == 0) {
            unsigned long n;
            if (!(v = value_of(argc, argv, &i)) || !ac_cli_parse_ulong("--messages", v, 1, 1000, &n))
                return 2;
            opt.messages = (unsigned)n;
        } else if (strcmp(a, "--clients") == 0) {
            if (!(v = value_of(argc, argv, &i)) ||
                !parse_list("--clients", v, 2, 1000, opt.clients, CHAT_BENCH_MAX_COUNTS, &opt.counts))
                return 2;
        } else if (strcmp(a, "--workers") == 0) {
            if (!(v = value_of(argc, argv, &i)) ||
                !parse_list("--workers", v, 1, 256, opt.workers, CHAT_BENCH_MAX_COUNTS, &opt.nworkers))
                return 2;
        } else {
            return unknown_option(argv, a);
        }
    }
    return chat_bench_main(&opt);
}

typedef struct command {
    const char *name, *args, *help;
    int (*run)(int argc, char **argv);
} command;

static const command commands[] = {
    {.name = "run",
     .args = "[--host 127.0.0.1] [--port 7000] [--irc-port 6667] [--workers N] [--max-clients N] "
             "[--idle-timeout 300s] [--quiet]",
     .help = "serve the line protocol (nc) on --port and IRC on --irc-port until Ctrl-C/SIGTERM\n"
             "      port 0 picks a free port; one line per listener says which.  --workers: 1 is the\n"
             "      single-threaded executor, N > 1 the multi-threaded runtime (default: one per CPU).\n"
             "      --idle-timeout closes a silent client (IRC clients are PINGed at half of it), 0: never",
     .run = cmd_run},
    {.name = "test",
     .args = "",
     .help = "self-test: the real server on free ports, line and IRC, PASS/FAIL per check",
     .run = cmd_test},
    {.name = "load",
     .args =
         "[--clients 100] [--messages 10] [--irc] [--workers 1] | --slow-reader [--clients 5] [--workers 1]",
     .help = "N clients each say M lines; every client must receive every line of the others;\n"
             "      prints delivery latency percentiles and messages delivered per second.\n"
             "      --slow-reader: one line client stops reading while N others say 2 lines/ms;\n"
             "      it must be cut (send queue exceeded), the others miss nothing; latency p99",
     .run = cmd_load},
    {.name = "bench",
     .args = "[--clients 10,100] [--messages 3] [--workers 1,CPUS] [--json] [--no-ngircd]",
     .help = "IRC fan-out deliveries/s and latency p50/p99 for ours (a row per --workers) and ngIRCd\n"
             "      (started on a free loopback port with a config of its own); every client says\n"
             "      --messages lines at once (ngIRCd penalises a client with more than 3 waiting)",
     .run = cmd_bench},
    {.name = "crowd",
     .args = "[--clients 10000]",
     .help = "hold that many idle IRC clients at once (server forked); prints the server's RSS per client",
     .run = cmd_crowd},
};

enum { COMMAND_COUNT = sizeof commands / sizeof commands[0] };

static void print_command(FILE *out, const char *indent, const command *c)
{
    fprintf(out, "%susage: %s %s %s\n%s      %s\n", indent, program, c->name, c->args, indent, c->help);
}

static void usage(FILE *out)
{
    fprintf(out,
            "usage: %s <command> [options]\n\n"
            "A chat server for nc and IRC clients on the course's runtimes (executor or "
            "multi-threaded).\n\ncommands:\n",
            program);
    for (int i = 0; i < COMMAND_COUNT; i++)
        print_command(out, "  ", &commands[i]);
}

int main(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    for (int i = 0; i < COMMAND_COUNT; i++) {
        if (strcmp(argv[1], commands[i].name) != 0)
            continue;
        for (int k = 2; k < argc; k++)
            if (strcmp(argv[k], "--help") == 0) {
                print_command(stdout, "", &commands[i]);
                return 0;
            }
        return commands[i].run(argc - 1, argv + 1);
    }
    fprintf(stderr, "%s: unknown command '%s' (try --help)\n", program, argv[1]);
    return 2;
}
