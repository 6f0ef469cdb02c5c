/* chat_crowd.c - many idle clients and the server's memory per client: see chat_crowd.h. */
#include "chat_crowd.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "chat.h"
#include "chat_client.h"
#include "listen_socket.h"
#include "loopback_client.h"

enum { CROWD_SECONDS = 60 };

static long rss_kib(pid_t pid)
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
    return kib;
}

/* Read fd until a line containing `want`, through a small buffer (no
 * chat_conn per client: 10,000 of those would be 160 MB). */
static bool wait_for(int fd, const char *want)
{
    char buf[2048];
    size_t len = 0;
    for (;;) {
        ssize_t n = recv(fd, buf + len, sizeof buf - 1 - len, 0);
        if (n <= 0)
            return false;
        len += (size_t)n;
        buf[len] = '\0';
        if (strstr(buf, want) != NULL)
            return true;
        if (len > sizeof buf / 2) { /* keep the tail, a match may straddle */
            memmove(buf, buf + len - 64, 64);
            len = 64;
        }
    }
}

static bool expired(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec - t0->tv_sec > CROWD_SECONDS;
}

int chat_crowd_main(unsigned clients)
{
    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
    if (rl.rlim_cur < clients + 64) {
        printf("crowd: the file limit is %llu: at most %llu clients (raise ulimit -Hn)\n",
               (unsigned long long)rl.rlim_cur, (unsigned long long)rl.rlim_cur - 64);
        return 1;
    }
    uint16_t line_port, irc_port;
    chat_listeners ls = {listen_socket_open("127.0.0.1", 0, &line_port),
                         listen_socket_open("127.0.0.1", 0, &irc_port)};
    if (ls.line_fd < 0 || ls.irc_fd < 0) {
        printf("crowd: cannot listen: %s\n", strerror(-(ls.line_fd < 0 ? ls.line_fd : ls.irc_fd)));
        return 1;
    }
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    pid_t child = fork();
    if (child == 0) {
        chat_config cfg = {.quiet = true};
        chat_summary sum;
        _exit(chat_server_run(&ls, &cfg, &sum) == 0 ? 0 : 1);
    }
    close(ls.line_fd);
    close(ls.irc_fd);
    if (child < 0)
        return 1;
    int *fds = malloc(clients * sizeof *fds);
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    chat_conn probe;
    bool ok = fds != NULL && chat_conn_open(&probe, irc_port) == 0 &&
              chat_conn_send(&probe, "NICK probe\r\nUSER p 0 * :p\r\n") == 0 &&
              chat_conn_expect(&probe, " 422 ", 5000, NULL, 0);
    long before = rss_kib(child);
    unsigned done = 0;
    for (; ok && done < clients && !expired(&t0); done++) {
        char reg[128];
        int fd = loopback_connect(irc_port);
        int n = snprintf(reg, sizeof reg, "NICK c%u\r\nUSER c 0 * :crowd\r\n", done);
        if (fd < 0 || send(fd, reg, (size_t)n, MSG_NOSIGNAL) != n || !wait_for(fd, " 422 ")) {
            if (fd >= 0)
                close(fd);
            ok = false;
            break;
        }
        fds[done] = fd;
    }
    long after = rss_kib(child);
    bool delivered = ok && chat_conn_send(&probe, "PRIVMSG c%u :are you there\r\n", done - 1) == 0 &&
                     wait_for(fds[done - 1], "PRIVMSG c");
    printf("crowd: %u of %u IRC clients connected and registered at once\n", done, clients);
    if (before > 0 && after > 0 && done > 0)
        printf("crowd: server RSS %ld KiB idle, %ld KiB with them: %.0f bytes per client\n", before, after,
               (double)(after - before) * 1024.0 / done);
    printf("crowd: a message to the last one %s\n", delivered ? "arrived" : "did NOT arrive");
    kill(child, SIGTERM);
    int status = 0;
    waitpid(child, &status, 0);
    for (unsigned i = 0; i < done; i++)
        close(fds[i]);
    free(fds);
    chat_conn_close(&probe);
    bool clean = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    printf("crowd: the server %s\n", clean ? "stopped cleanly on SIGTERM" : "did NOT stop cleanly");
    ok = ok && done == clients && delivered && clean;
    printf("%s\n", ok ? "PASS" : "FAIL");
    return ok ? 0 : 1;
}
