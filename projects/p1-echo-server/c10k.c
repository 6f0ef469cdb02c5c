/*
 * c10k.c - hold N connections open at once against our server and see what
 * each one costs it in memory.
 *
 *   parent (client side)                 child (our server, one thread)
 *   raise RLIMIT_NOFILE                  inherits the raised limit
 *   read the child's VmRSS      <------  listening, idle
 *   connect N sockets, one message each, read every echo back
 *   read the child's VmRSS again: (after - before) / N = bytes per connection
 *   close all, SIGTERM the child
 */
#include "c10k.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "ac/clock.h"
#include "loadgen.h"
#include "loopback_client.h"
#include "server_child.h"

/* VmRSS of pid in bytes, or -1. */
static long rss_bytes(pid_t pid)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    FILE *f = fopen(path, "r");
    long kib = -1;
    while (f != NULL && fgets(line, sizeof line, f) != NULL)
        if (sscanf(line, "VmRSS: %ld kB", &kib) == 1)
            break;
    if (f != NULL)
        fclose(f);
    return kib < 0 ? -1 : kib * 1024;
}

int c10k_run(unsigned conns)
{
    /* the client holds conns sockets, the server as many: both need the room */
    if (loadgen_reserve_fds(conns + 64) < 0)
        return 1;
    const echo_server *ours = echo_server_find("ours");
    server_child child;
    int err = server_child_start(ours, &child);
    if (err < 0) {
        fprintf(stderr, "c10k: cannot start the server: %s\n", strerror(-err));
        return 1;
    }
    int *fds = malloc(conns * sizeof *fds);
    unsigned open_count = 0, echoed = 0;
    const char msg[] = "ping";
    char buf[sizeof msg];
    ac_nanos t0 = ac_monotonic_now();
    long before = -1;
    /* the server's RSS at rest, once it has served one connection */
    int warm = loopback_connect(child.port);
    if (warm >= 0 && send(warm, msg, sizeof msg, MSG_NOSIGNAL) == (ssize_t)sizeof msg &&
        recv(warm, buf, sizeof buf, MSG_WAITALL) == (ssize_t)sizeof buf)
        before = rss_bytes(child.pid);
    fprintf(stderr, "c10k: server pid %d on 127.0.0.1:%u, RSS at rest %.1f MiB; opening %u connections\n",
            (int)child.pid, child.port, before / 1048576.0, conns);
    for (; fds != NULL && open_count < conns; open_count++) {
        int fd = loopback_connect(child.port);
        if (fd < 0) {
            fprintf(stderr, "c10k: connection %u failed: %s\n", open_count + 1, strerror(-fd));
            break;
        }
        fds[open_count] = fd;
        if (send(fd, msg, sizeof msg, MSG_NOSIGNAL) == (ssize_t)sizeof msg &&
            recv(fd, buf, sizeof buf, MSG_WAITALL) == (ssize_t)sizeof buf &&
            memcmp(buf, msg, sizeof msg) == 0)
            echoed++;
        if ((open_count + 1) % 1000 == 0)
            fprintf(stderr, "  %u open\n", open_count + 1);
    }
    long after = rss_bytes(child.pid);
    double secs = (double)(ac_monotonic_now() - t0) / 1e9;
    for (unsigned i = 0; i < open_count; i++)
        close(fds[i]);
    if (warm >= 0)
        close(warm);
    free(fds);
    int status;
    struct rusage ru;
    server_child_stop(&child, 5000, &status, &ru);

    printf("%-40s %14u\n", "connections held open at once", open_count);
    printf("%-40s %14u\n", "echoed one message each", echoed);
    printf("%-40s %14.2f\n", "seconds to open and echo them", secs);
    printf("%-40s %14.1f\n", "server RSS at rest (MiB)", before / 1048576.0);
    printf("%-40s %14.1f\n", "server RSS with all open (MiB)", after / 1048576.0);
    if (open_count > 0 && before > 0 && after > 0)
        printf("%-40s %14.0f   (goal < 4096)\n", "server RSS per connection (bytes)",
               (double)(after - before) / open_count);
    return (open_count == conns && echoed == conns) ? 0 : 1;
}
