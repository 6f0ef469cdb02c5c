/*
 * p1-echo-server - project 1: a TCP echo server, measured against libuv
 * (the baseline) and a bare epoll loop (the floor).
 *
 * This main.c is the benchmark's half; the runtime's own server (`run`,
 * `test`, `c10k`) joins it once the runtime has TCP.  Options are parsed
 * strictly: anything unknown or malformed is an error and exit status 2.
 */
#include "ac/cli.h"
#include "bench.h"
#include "listen_socket.h"
#include "loadgen.h"
#include "servers.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *program = "p1-echo-server";

/* The value after option argv[*i], or NULL (said on stderr) if it is missing. */
static const char *value_of(int argc, char **argv, int *i)
{
    if (*i + 1 >= argc) {
        fprintf(stderr, "%s %s: option '%s' needs a value\n", program, argv[0], argv[*i]);
        return NULL;
    }
    return argv[++*i];
}

static int unknown_option(char **argv, const char *arg)
{
    fprintf(stderr, "%s %s: unknown option '%s' (try --help)\n", program, argv[0], arg);
    return 2;
}

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
    bench_options opt = {.conns = {1, 100, 1000}, .conn_counts = 3, .seconds = 5, .size = 64};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        unsigned long n;
        if (strcmp(a, "--json") == 0) {
            opt.json = true;
        } else if (strcmp(a, "--pin") == 0) {
            opt.pin = true;
        } else if (strcmp(a, "--conns") == 0) {
            if (!(v = value_of(argc, argv, &i)) || !parse_conn_list(v, &opt))
                return 2;
        } else if (strcmp(a, "--seconds") == 0) {
            if (!(v = value_of(argc, argv, &i)) || !ac_cli_parse_ulong("--seconds", v, 1, 600, &n))
                return 2;
            opt.seconds = (unsigned)n;
        } else if (strcmp(a, "--size") == 0) {
            if (!(v = value_of(argc, argv, &i)) || !ac_cli_parse_ulong("--size", v, 1, 1 << 20, &n))
                return 2;
            opt.size = n;
        } else {
            return unknown_option(argv, a);
        }
    }
    return bench_run(&opt);
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
    int fd = listen_socket_open(host, (uint16_t)port, &bound);
    if (fd < 0) {
        fprintf(stderr, "%s %s: cannot listen on %s:%lu: %s\n", program, argv[0], host, port,
                fd == -EINVAL ? "not an IPv4 address" : strerror(-fd));
        return fd == -EINVAL ? 2 : 1;
    }
    fprintf(stderr, "%s echo server listening on %s:%u (Ctrl-C stops it)\n", name, host, (unsigned)bound);
    int rc = echo_server_find(name)->serve(fd);
    fprintf(stderr, "%s echo server stopped\n", name);
    return rc;
}

static int cmd_serve_uv(int argc, char **argv) { return serve("libuv", argc, argv); }
static int cmd_serve_epoll(int argc, char **argv) { return serve("epoll", argc, argv); }

/* client: an exact number of round trips (for callgrind runs and manual tests). */
static int cmd_client(int argc, char **argv)
{
    unsigned long port = 0, conns = 1, trips = 10000, size = 64, chunk = 0;
    const struct {
        const char *name;
        unsigned long min, max, *out;
    } options[] = {
        {"--port", 1, 65535, &port},
        {"--conns", 1, 10000, &conns},
        {"--round-trips", 1, 1000000000, &trips},
        {"--size", 1, 1 << 20, &size},
        {"--chunk", 1, 1 << 20, &chunk},
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
    {.name = "bench",
     .args = "[--conns 1,100,1000] [--seconds 5] [--size 64] [--pin] [--json]",
     .help = "run libuv and raw epoll under the same ping-pong load, print a table (or JSON);\n"
             "      --pin runs the client and the servers on one CPU",
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
     .args = "--port P [--conns 1] [--round-trips 10000] [--size 64] [--chunk B]",
     .help = "send exactly N ping-pong round trips to 127.0.0.1:P and report them",
     .run = cmd_client},
};
enum { COMMAND_COUNT = sizeof commands / sizeof commands[0] };

static void usage(FILE *out)
{
    fprintf(out, "%s - project 1: TCP echo servers and their benchmark\n\nusage: %s <command> [options]\n\n",
            program, program);
    for (size_t i = 0; i < COMMAND_COUNT; i++)
        fprintf(out, "  %s %s\n      %s\n", commands[i].name, commands[i].args, commands[i].help);
    fprintf(out, "  --help\n      show this text\n\nbench and client use 127.0.0.1 only; the servers listen "
                 "where --host says (127.0.0.1 by default).\n");
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
    for (size_t i = 0; i < COMMAND_COUNT; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "%s: unknown command '%s' (try --help)\n", program, argv[1]);
    return 2;
}
