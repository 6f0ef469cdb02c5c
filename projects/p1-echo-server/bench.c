/* bench.c - run every echo server under the same load and compare them. */
#include "bench.h"

#include "echo_ours.h"
#include "flood.h"
#include "loadgen.h"
#include "server_child.h"
#include "servers.h"

#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

enum { WARMUP_MS = 500, STOP_GRACE_MS = 5000 };

typedef struct bench_row {
    const char *server;
    unsigned conns;
    bool ok;
    double rps, p50_us, p99_us, cpu_us_per_rt, total_cpu_us_per_rt;
} bench_row;

/* One server at one connection count.  The CPU time covers the child's whole
 * life (warm-up included), so it is divided by every round trip it served. */
static bench_row run_one(const echo_server *server, unsigned conns, const bench_options *opt)
{
    bench_row row = {.server = server->name, .conns = conns};
    server_child child;
    int rc = server_child_start(server, &child);
    if (rc < 0) {
        fprintf(stderr, "could not start: %s\n", strerror(-rc));
        return row;
    }
    loadgen_config cfg = {.port = child.port,
                          .conns = conns,
                          .size = opt->size,
                          .warmup_seconds = WARMUP_MS / 1e3,
                          .seconds = opt->seconds,
                          .timeout_seconds = opt->seconds + 30};
    loadgen_result res;
    int lg = loadgen_run(&cfg, &res);
    int status = 0;
    struct rusage usage = {0};
    int stopped = server_child_stop(&child, STOP_GRACE_MS, &status, &usage);
    double cpu_us = (double)usage.ru_utime.tv_sec * 1e6 + (double)usage.ru_utime.tv_usec;
    double sys_us = (double)usage.ru_stime.tv_sec * 1e6 + (double)usage.ru_stime.tv_usec;
    bool exited_0 = stopped == 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
    if (lg < 0)
        fprintf(stderr, "load generator failed: %s\n", strerror(-lg));
    else if (res.errors || res.round_trips == 0)
        fprintf(stderr, "%llu errors, %llu round trips: not counted\n", (unsigned long long)res.errors,
                (unsigned long long)res.round_trips);
    else if (!exited_0)
        fprintf(stderr, "server did not exit cleanly (wait status 0x%x): not counted\n", status);
    else {
        row.ok = true;
        row.rps = res.rps;
        row.p50_us = res.p50_us;
        row.p99_us = res.p99_us;
        row.cpu_us_per_rt = cpu_us / (double)res.total_round_trips;
        row.total_cpu_us_per_rt = (cpu_us + sys_us) / (double)res.total_round_trips;
        fprintf(stderr, "%.0f rt/s, p50 %.1f us, p99 %.1f us, %.2f us user CPU/rt\n", row.rps, row.p50_us,
                row.p99_us, row.cpu_us_per_rt);
    }
    return row;
}

static const bench_row *find(const bench_row *rows, size_t n, const char *server, unsigned conns)
{
    for (size_t i = 0; i < n; i++)
        if (rows[i].ok && rows[i].conns == conns && strcmp(rows[i].server, server) == 0)
            return &rows[i];
    return NULL;
}

/* "1.23x", or "-" when the reference run is missing. */
static const char *ratio(char *buf, size_t len, double mine, const bench_row *ref, bool rps)
{
    double theirs = ref ? (rps ? ref->rps : ref->cpu_us_per_rt) : 0;
    if (theirs <= 0)
        return "-";
    snprintf(buf, len, "%.2fx", mine / theirs);
    return buf;
}

static void print_table(const bench_row *rows, size_t n, const bench_options *opt)
{
    printf("echo ping-pong, %zu-byte messages, %u s per run (after %d ms warm-up), 127.0.0.1, %s;\n"
           "ours: one thread (ac_executor), ours-mt: %u workers (ac_runtime)\n\n",
           opt->size, opt->seconds, WARMUP_MS, opt->pin ? "client and server on one CPU" : "not pinned",
           opt->workers);
    printf("%-7s %6s %10s %9s %9s %9s %9s | %-14s %-14s | %-14s %-14s\n", "server", "conns", "rt/s", "p50 us",
           "p99 us", "user us", "+sys us", "rt/s vs libuv", "rt/s vs epoll", "user vs libuv",
           "user vs epoll");
    for (size_t i = 0; i < n; i++) {
        const bench_row *r = &rows[i];
        if (!r->ok) {
            printf("%-7s %6u   FAILED (see above)\n", r->server, r->conns);
            continue;
        }
        const bench_row *uv = find(rows, n, "libuv", r->conns), *ep = find(rows, n, "epoll", r->conns);
        char a[16], b[16], c[16], d[16];
        printf("%-7s %6u %10.0f %9.1f %9.1f %9.2f %9.2f | %-14s %-14s | %-14s %-14s\n", r->server, r->conns,
               r->rps, r->p50_us, r->p99_us, r->cpu_us_per_rt, r->total_cpu_us_per_rt,
               ratio(a, sizeof a, r->rps, uv, true), ratio(b, sizeof b, r->rps, ep, true),
               ratio(c, sizeof c, r->cpu_us_per_rt, uv, false),
               ratio(d, sizeof d, r->cpu_us_per_rt, ep, false));
    }
    printf("\nuser us, +sys us: the server's user CPU, and user+system CPU, per round trip (wait4 rusage).\n"
           "rt/s vs X: this row's round trips per second / X's at the same conns (higher is better).\n"
           "user vs X: this row's server user CPU per round trip / X's (lower is better).\n"
           "Latency is one round trip as the client sees it; the client shares the machine.  The kernel\n"
           "splits CPU time into user and system by sampling, so `user us` is rough when most time is\n"
           "spent in syscalls; their sum is exact.  projects/p1-echo-server/measure_ir.sh counts\n"
           "user-space instructions per round trip exactly (callgrind).\n");
}

/* Opens the one JSON object with its "runs"; bench_run adds the rest. */
static void print_json(const bench_row *rows, size_t n, unsigned workers)
{
    printf("{\"runs\": [");
    const char *sep = "";
    for (size_t i = 0; i < n; i++) {
        const bench_row *r = &rows[i];
        if (!r->ok)
            continue;
        printf("%s{\"server\": \"%s\", \"workers\": %u, \"conns\": %u, \"rps\": %.1f, \"p50_us\": %.2f, "
               "\"p99_us\": %.2f, \"server_user_us_per_rt\": %.3f}",
               sep, r->server, strcmp(r->server, "ours-mt") == 0 ? workers : 1, r->conns, r->rps, r->p50_us,
               r->p99_us, r->cpu_us_per_rt);
        sep = ", ";
    }
    printf("]");
}

/* ---- the flooded ping: one client floods, one pings (flood.h) ---------- */

typedef struct flood_row {
    const char *server;
    bool ok;
    flood_result res;
} flood_row;

static flood_row flood_one(const echo_server *server, const bench_options *opt)
{
    flood_row row = {.server = server->name};
    server_child child;
    int rc = server_child_start(server, &child);
    if (rc < 0) {
        fprintf(stderr, "could not start: %s\n", strerror(-rc));
        return row;
    }
    flood_config cfg = {.port = child.port, .seconds = opt->seconds};
    int err = flood_run(&cfg, &row.res);
    int status = 0;
    struct rusage usage;
    int stopped = server_child_stop(&child, STOP_GRACE_MS, &status, &usage);
    if (err < 0)
        fprintf(stderr, "flood client failed: %s\n", strerror(-err));
    else if (row.res.errors || row.res.pings == 0)
        fprintf(stderr, "%llu errors, %llu pings: not counted\n", (unsigned long long)row.res.errors,
                (unsigned long long)row.res.pings);
    else if (stopped != 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        fprintf(stderr, "server did not exit cleanly (wait status 0x%x): not counted\n", status);
    else {
        row.ok = true;
        fprintf(stderr, "%llu pings, p50 %.1f us, p99 %.1f us; %llu MiB bursts echoed meanwhile\n",
                (unsigned long long)row.res.pings, row.res.p50_us, row.res.p99_us,
                (unsigned long long)row.res.bursts);
    }
    return row;
}

static void print_flood_table(const flood_row *rows, size_t n, const bench_options *opt)
{
    const flood_row *uv = NULL;
    for (size_t i = 0; i < n; i++)
        if (rows[i].ok && strcmp(rows[i].server, "libuv") == 0)
            uv = &rows[i];
    printf("\nflooded ping: one client streams 1 MiB bursts, another sends a 64-byte ping every 2 ms;\n"
           "%u s per server, 127.0.0.1, %s\n\n",
           opt->seconds, opt->pin ? "client and server on one CPU" : "not pinned");
    printf("%-7s %8s %8s %10s %10s %10s | %-14s\n", "server", "pings", "bursts", "p50 us", "p99 us", "max us",
           "p99 vs libuv");
    for (size_t i = 0; i < n; i++) {
        const flood_row *r = &rows[i];
        if (!r->ok) {
            printf("%-7s   FAILED (see above)\n", r->server);
            continue;
        }
        char ratio_text[16] = "-";
        if (uv != NULL && uv->res.p99_us > 0)
            snprintf(ratio_text, sizeof ratio_text, "%.2fx", r->res.p99_us / uv->res.p99_us);
        printf("%-7s %8llu %8llu %10.1f %10.1f %10.1f | %-14s\n", r->server, (unsigned long long)r->res.pings,
               (unsigned long long)r->res.bursts, r->res.p50_us, r->res.p99_us, r->res.max_us, ratio_text);
    }
    printf("\np99 vs libuv: this row's ping p99 / libuv's (lower is better).  A server that lets the flood\n"
           "run for many turns before it looks at the other socket makes the ping wait for them.\n");
}

static void print_flood_json(const flood_row *rows, size_t n)
{
    const char *sep = "";
    for (size_t i = 0; i < n; i++) {
        const flood_row *r = &rows[i];
        if (!r->ok)
            continue;
        printf("%s{\"server\": \"%s\", \"pings\": %llu, \"p50_us\": %.2f, \"p99_us\": %.2f, "
               "\"max_us\": %.2f}",
               sep, r->server, (unsigned long long)r->res.pings, r->res.p50_us, r->res.p99_us, r->res.max_us);
        sep = ", ";
    }
}

/* --pin: put this process, and so every server forked from it, on the first
 * CPU we may use.  On some virtual machines waking a process on another CPU
 * costs ~100 us, which would swamp a 1-connection round trip and make its
 * figure depend on where the scheduler happened to put client and server.
 * On one CPU the client and the server take turns, so every microsecond a
 * server spends shows up in round trips/s. */
static int pin_to_one_cpu(void)
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) < 0)
        return -1;
    int cpu = 0;
    while (cpu < CPU_SETSIZE && !CPU_ISSET(cpu, &set))
        cpu++;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if (sched_setaffinity(0, sizeof set, &set) < 0)
        return -1;
    return cpu;
}

int bench_run(const bench_options *opt)
{
    echo_ours_bench_workers = opt->workers; /* read by ours-mt in the forked children */
    if (opt->pin) {
        int cpu = pin_to_one_cpu();
        if (cpu < 0) {
            perror("bench: --pin");
            return 1;
        }
        fprintf(stderr, "bench: client and servers pinned to CPU %d\n", cpu);
    }
    size_t total = opt->conn_counts * echo_server_count;
    size_t floods = opt->flood ? echo_server_count : 0;
    unsigned most = 0;
    for (size_t i = 0; i < opt->conn_counts; i++)
        most = opt->conns[i] > most ? opt->conns[i] : most;
    /* The client and each server hold `most` sockets; children inherit the limit. */
    if (loadgen_reserve_fds(most + 64) < 0)
        return 1;
    double each = WARMUP_MS / 1e3 + opt->seconds;
    fprintf(
        stderr,
        "bench: %zu servers x %zu connection counts = %zu runs of %.1f s (%d ms warm-up)%s: about %.0f s\n",
        echo_server_count, opt->conn_counts, total, each, WARMUP_MS,
        floods ? ", then one flooded-ping run per server" : "",
        (double)total * each + (double)(floods * opt->seconds) + 0.5);
    bench_row *rows = calloc(total ? total : 1, sizeof *rows);
    flood_row *flood_rows = calloc(floods ? floods : 1, sizeof *flood_rows);
    if (!rows || !flood_rows) {
        free(rows);
        free(flood_rows);
        return 1;
    }
    size_t n = 0;
    int status = 0;
    for (size_t ci = 0; ci < opt->conn_counts; ci++) {
        for (size_t si = 0; si < echo_server_count; si++, n++) {
            fprintf(stderr, "[%zu/%zu] %-7s conns=%-5u ", n + 1, total + floods, echo_servers[si].name,
                    opt->conns[ci]);
            fflush(stderr);
            rows[n] = run_one(&echo_servers[si], opt->conns[ci], opt);
            if (!rows[n].ok)
                status = 1;
        }
    }
    for (size_t si = 0; si < floods; si++) {
        fprintf(stderr, "[%zu/%zu] %-7s flooded ping ", total + si + 1, total + floods,
                echo_servers[si].name);
        fflush(stderr);
        flood_rows[si] = flood_one(&echo_servers[si], opt);
        if (!flood_rows[si].ok)
            status = 1;
    }
    if (opt->json) {
        print_json(rows, n, opt->workers);
        printf(", \"flooded_ping\": [");
        print_flood_json(flood_rows, floods);
        printf("]}\n");
    } else {
        if (n > 0)
            print_table(rows, n, opt);
        if (floods > 0)
            print_flood_table(flood_rows, floods, opt);
    }
    free(rows);
    free(flood_rows);
    return status;
}
