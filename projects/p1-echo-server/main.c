/*
 * p1-echo-server - project 1: a TCP echo server, measured against libuv
 * (the baseline) and a bare epoll loop (the floor).
 *
 * This main.c is the benchmark's half; the runtime's own server (`run`,
 * `test`, `c10k`) joins it once the runtime has TCP.  Options are parsed
 * strictly: anything unknown or malformed is an error and exit status 2.
 */
#include "course/cli.h"
#include "bench.h"
#include "c10k.h"
#include "selftest.h"
#include "echo_ours.h"
#include "log.h"
#include "listen_socket.h"
#include "loadgen.h"
#include "lockstep.h"
#include "servers.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *program = "p1-echo-server";

static const char *value_of(int argc, char **argv, int *i)
{
    return ac_cli_option_value(program, argc, argv, i);
}

static int unknown_option(char **argv, const char *arg) { return ac_cli_unknown_option(program, argv, arg); }

/* "1,100,1000" -> opt->conns; false (said on stderr) on anything else,
 * empty items included. */
static bool parse_conn_list(const char *text, bench_options *opt)
{
    opt->conn_counts = 0;
    for (const char *item = text;; item++) {
        const char *comma = strchr(item, ',');
        size_t len = comma ? (size_t)(comma - item) : strlen(item);
        char number[16];
        unsigned long c;
        if (opt->conn_counts == BENCH_MAX_CONN_COUNTS || len == 0 || len >= sizeof number) {
            fprintf(stderr, "--conns: expected up to %d counts like 1,100,1000, got '%s'\n",
                    BENCH_MAX_CONN_COUNTS, text);
            return false;
        }
        memcpy(number, item, len);
        number[len] = '\0';
        if (!ac_cli_parse_ulong("--conns", number, 1, 10000, &c))
            return false;
        opt->conns[opt->conn_counts++] = (unsigned)c;
        if (!comma)
            return true;
        item = comma;
    }
}

static int cmd_bench(int argc, char **argv)
{
    bench_options opt = {
        .conns = {1, 100, 1000}, .conn_counts = 3, .seconds = 5, .size = 64, .flood = true, .workers = 2};
    bool flood_only = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        unsigned long n;
        if (strcmp(a, "--json") == 0) {
            opt.json = true;
        } else if (strcmp(a, "--no-flood") == 0) {
            opt.flood = false;
        } else if (strcmp(a, "--flood-only") == 0) {
            flood_only = true;
        } else if (strcmp(a, "--pin") == 0) {
            opt.pin = true;
        } else if (strcmp(a, "--conns") == 0) {
            if (!(v = value_of(argc, argv, &i)) || !parse_conn_list(v, &opt))
                return 2;
        } else if (strcmp(a, "--seconds") == 0) {
            if (!(v = value_of(argc, argv, &i)) || !ac_cli_parse_ulong("--seconds", v, 1, 600, &n))
                return 2;
            opt.seconds = (unsigned)n;
        } else if (strcmp(a, "--workers") == 0) {
            if (!(v = value_of(argc, argv, &i)) || !ac_cli_parse_ulong("--workers", v, 2, 64, &n))
                return 2;
            opt.workers = (unsigned)n;
        } else if (strcmp(a, "--size") == 0) {
            if (!(v = value_of(argc, argv, &i)) || !ac_cli_parse_ulong("--size", v, 1, 1 << 20, &n))
                return 2;
            opt.size = n;
        } else {
            return unknown_option(argv, a);
        }
    }
    if (flood_only) {
        if (!opt.flood) {
            fprintf(stderr, "%s bench: --flood-only and --no-flood leave nothing to run\n", program);
            return 2;
        }
        opt.conn_counts = 0;
    }
    return bench_run(&opt);
}

/* Bind and listen for a foreground server; on failure say why and return
 * minus the exit status (2: bad address, 1: anything else). */
static int open_listener(const char *cmd, const char *host, unsigned long port, uint16_t *bound)
{
    int fd = listen_socket_open(host, (uint16_t)port, bound);
    if (fd >= 0)
        return fd;
    fprintf(stderr, "%s %s: cannot listen on %s:%lu: %s\n", program, cmd, host, port,
            fd == -EINVAL ? "not an IPv4 address" : strerror(-fd));
    return fd == -EINVAL ? -2 : -1;
}

/* serve-uv / serve-epoll: one server in the foreground until Ctrl-C. */
static int serve(const char *name, int argc, char **argv)
{
    const char *host = "127.0.0.1";
    unsigned long port = 8080;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        if (strcmp(a, "--host") == 0) {
            if (!(v = value_of(argc, argv, &i)))
                return 2;
            host = v;
        } else if (strcmp(a, "--port") == 0) {
            if (!(v = value_of(argc, argv, &i)) || !ac_cli_parse_ulong("--port", v, 0, 65535, &port))
                return 2;
        } else {
            return unknown_option(argv, a);
        }
    }
    uint16_t bound;
    int fd = open_listener(argv[0], host, port, &bound);
    if (fd < 0)
        return -fd;
    fprintf(stderr, "%s echo server listening on %s:%u (Ctrl-C stops it)\n", name, host, (unsigned)bound);
    int rc = echo_server_find(name)->serve(fd);
    fprintf(stderr, "%s echo server stopped\n", name);
    return rc;
}

static ac_nanos parse_duration(const char *text) { return ac_cli_parse_duration(text); }

/* run: our server in the foreground, as a person would run it. */
static int cmd_run(int argc, char **argv)
{
    const char *host = "127.0.0.1";
    unsigned long port = 8080, max_conns = 0, workers = 1;
    echo_config cfg = {.idle_timeout = AC_SEC(10), .log_to_stderr = true};
    const char *idle_text = "10s";
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
        } else if (strcmp(a, "--max-conns") == 0) {
            if (!(v = value_of(argc, argv, &i)) ||
                !ac_cli_parse_ulong("--max-conns", v, 1, 1000000, &max_conns))
                return 2;
        } else if (strcmp(a, "--workers") == 0) {
            if (!(v = value_of(argc, argv, &i)) || !ac_cli_parse_ulong("--workers", v, 1, 64, &workers))
                return 2;
        } else if (strcmp(a, "--idle-timeout") == 0) {
            if (!(v = value_of(argc, argv, &i)))
                return 2;
            cfg.idle_timeout = parse_duration(v);
            idle_text = v;
            if (cfg.idle_timeout < 0) {
                fprintf(stderr,
                        "--idle-timeout: expected a duration like 10s, 500ms, 2m or 0 (off), got '%s'\n", v);
                return 2;
            }
        } else {
            return unknown_option(argv, a);
        }
    }
    cfg.max_conns = (unsigned)max_conns;
    cfg.workers = (unsigned)workers;
    uint16_t bound;
    int fd = open_listener(argv[0], host, port, &bound);
    if (fd < 0)
        return -fd;
    char limit[32] = "no limit";
    if (max_conns)
        snprintf(limit, sizeof limit, "%lu", max_conns);
    char threads[40] = "1 thread (ac_executor)";
    if (workers > 1)
        snprintf(threads, sizeof threads, "%lu workers (ac_runtime)", workers);
    echo_log("ours echo server listening on %s:%u (idle timeout %s, max conns %s, %s); Ctrl-C stops it", host,
             (unsigned)bound, cfg.idle_timeout ? idle_text : "off", limit, threads);
    echo_summary sum;
    int err = echo_ours_run(fd, &cfg, &sum);
    if (err < 0) {
        fprintf(stderr, "%s run: cannot start: %s\n", program, strerror(-err));
        return 1;
    }
    echo_summary_print(&sum);
    return 0;
}

static int cmd_test(int argc, char **argv)
{
    if (argc > 1)
        return unknown_option(argv, argv[1]);
    return selftest_run();
}

static int cmd_c10k(int argc, char **argv)
{
    unsigned long conns = 10000;
    for (int i = 1; i < argc; i++) {
        const char *v;
        if (strcmp(argv[i], "--conns") != 0)
            return unknown_option(argv, argv[i]);
        if (!(v = value_of(argc, argv, &i)) || !ac_cli_parse_ulong("--conns", v, 1, 100000, &conns))
            return 2;
    }
    return c10k_run((unsigned)conns);
}

static int cmd_serve_uv(int argc, char **argv) { return serve("libuv", argc, argv); }
static int cmd_serve_epoll(int argc, char **argv) { return serve("epoll", argc, argv); }

/* client: an exact number of round trips (for callgrind runs and manual tests). */
static int cmd_client(int argc, char **argv)
{
    unsigned long port = 0, conns = 1, trips = 10000, size = 64, chunk = 0, think_us = 0;
    const struct {
        const char *name;
        unsigned long min, max, *out;
    } options[] = {
        {"--port", 1, 65535, &port},
        {"--conns", 1, 10000, &conns},
        {"--round-trips", 1, 1000000000, &trips},
        {"--size", 1, 1 << 20, &size},
        {"--chunk", 1, 1 << 20, &chunk},
        {"--lockstep-think-us", 1, 1000000, &think_us},
    };
    for (int i = 1; i < argc; i++) {
        size_t k = 0;
        while (k < sizeof options / sizeof options[0] && strcmp(argv[i], options[k].name) != 0)
            k++;
        if (k == sizeof options / sizeof options[0])
            return unknown_option(argv, argv[i]);
        const char *v = value_of(argc, argv, &i);
        if (!v || !ac_cli_parse_ulong(options[k].name, v, options[k].min, options[k].max, options[k].out))
            return 2;
    }
    if (port == 0) {
        fprintf(stderr, "%s client: --port is required\n", program);
        return 2;
    }
    if (think_us > 0) {
        /* lockstep: round trips are counted per connection per round */
        uint64_t rounds = (trips + conns - 1) / conns;
        int err = lockstep_run((uint16_t)port, (unsigned)conns, rounds, size, (unsigned)think_us);
        if (err < 0)
            fprintf(stderr, "%s client: %s\n", program, strerror(-err));
        else
            printf("%llu lockstep rounds x %lu connections, %lu bytes each, all echoed\n",
                   (unsigned long long)rounds, conns, size);
        return err < 0 ? 1 : 0;
    }
    loadgen_config cfg = {.port = (uint16_t)port,
                          .conns = (unsigned)conns,
                          .size = size,
                          .max_round_trips = trips,
                          .io_chunk = chunk,
                          .timeout_seconds = 600};
    loadgen_result r;
    int rc = loadgen_run(&cfg, &r);
    if (rc < 0) {
        fprintf(stderr, "%s client: %s\n", program, strerror(-rc));
        return 1;
    }
    printf(
        "%llu round trips of %zu bytes over %u connections in %.3f s: %.0f rt/s, p50 %.1f us, p99 %.1f us, "
        "max %.1f us, %llu errors\n",
        (unsigned long long)r.round_trips, cfg.size, cfg.conns, r.seconds, r.rps, r.p50_us, r.p99_us,
        r.max_us, (unsigned long long)r.errors);
    return r.errors ? 1 : 0;
}

typedef struct command {
    const char *name, *args, *help;
    int (*run)(int argc, char **argv);
} command;

static const command commands[] = {
    {.name = "run",
     .args = "[--host 127.0.0.1] [--port 8080] [--idle-timeout 10s] [--max-conns N] [--workers 1] [--quiet]",
     .help = "our echo server (one task per client) in the foreground until Ctrl-C or SIGTERM;\n"
             "      --workers 1 (the default) runs it on the single-threaded ac_executor, --workers N\n"
             "      on ac_runtime with N worker threads (clients in parallel, shared I/O and timers);\n"
             "      --idle-timeout closes a client that makes no progress for that long: it sends\n"
             "      nothing, or it does not read what we send back (0 turns it off);\n"
             "      --quiet keeps only the start, stop and summary lines",
     .run = cmd_run},
    {.name = "test",
     .args = "",
     .help = "self-test: our server on a free port, concurrent and 1 MiB echoes, idle timeout, shutdown",
     .run = cmd_test},
    {.name = "c10k",
     .args = "[--conns 10000]",
     .help = "hold that many connections open at once, echo on each, print server RSS per connection",
     .run = cmd_c10k},
    {.name = "bench",
     .args = "[--conns 1,100,1000] [--seconds 5] [--size 64] [--workers 2] [--pin] [--json] [--no-flood | "
             "--flood-only]",
     .help = "run ours (1 thread), ours-mt (ours on --workers N threads), libuv and raw epoll under\n"
             "      the same ping-pong load, then the flooded ping (a 64-byte ping every 2 ms beside a\n"
             "      client streaming 1 MiB bursts), print tables (or JSON) with the ratios; --pin runs\n"
             "      the client and the servers on one CPU",
     .run = cmd_bench},
    {.name = "serve-uv",
     .args = "[--host 127.0.0.1] [--port 8080]",
     .help = "the libuv echo server in the foreground (port 0: any free port)",
     .run = cmd_serve_uv},
    {.name = "serve-epoll",
     .args = "[--host 127.0.0.1] [--port 8080]",
     .help = "the raw epoll echo server in the foreground",
     .run = cmd_serve_epoll},
    {.name = "client",
     .args = "--port P [--conns 1] [--round-trips 10000] [--size 64] [--chunk B] [--lockstep-think-us U]",
     .help = "send exactly N ping-pong round trips to 127.0.0.1:P and report them;\n"
             "      --lockstep-think-us: rounds of one message per connection, U us apart (measure_ir.sh)",
     .run = cmd_client},
};
enum { COMMAND_COUNT = sizeof commands / sizeof commands[0] };

/* One command's synopsis and help, after `lead` ("  " in the list). */
static void print_command(FILE *out, const char *lead, const command *c)
{
    fprintf(out, "%s%s %s\n      %s\n", lead, c->name, c->args, c->help);
}

static void usage(FILE *out)
{
    fprintf(out, "%s - project 1: TCP echo servers and their benchmark\n\nusage: %s <command> [options]\n\n",
            program, program);
    for (size_t i = 0; i < COMMAND_COUNT; i++)
        print_command(out, "  ", &commands[i]);
    fprintf(out, "  --help\n      show this text (after a command: just that command's usage)\n\nbench and "
                 "client use 127.0.0.1 only; the servers listen "
                 "where --host says (127.0.0.1 by default).\n");
}

/* `p1-echo-server bench --help`: anywhere among a command's options,
 * --help (or -h) prints that command's usage instead of running it. */
static bool asks_for_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return true;
    return false;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return 0;
    }
    for (size_t i = 0; i < COMMAND_COUNT; i++) {
        if (strcmp(argv[1], commands[i].name) != 0)
            continue;
        if (asks_for_help(argc - 1, argv + 1)) {
            printf("usage: %s ", program);
            print_command(stdout, "", &commands[i]);
            return 0;
        }
        return commands[i].run(argc - 1, argv + 1);
    }
    fprintf(stderr, "%s: unknown command '%s' (try --help)\n", program, argv[1]);
    return 2;
}
