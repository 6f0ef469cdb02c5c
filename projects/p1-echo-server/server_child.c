/* server_child.c - fork an echo server on a loopback port; stop and reap it. */
#include "server_child.h"

#include "listen_socket.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int server_child_start(const echo_server *server, server_child *child)
{
    uint16_t port = 0;
    int fd = listen_socket_open("127.0.0.1", 0, &port);
    if (fd < 0)
        return fd;
    sigset_t stop, old;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    sigprocmask(SIG_BLOCK, &stop, &old);
    fflush(NULL); /* or buffered output would be written twice, once per process */
    pid_t pid = fork();
    if (pid == 0) {
        /* exit(), not _exit(): sanitizer leak checks run in the child too. */
        exit(server->serve(fd));
    }
    int err = errno;
    sigprocmask(SIG_SETMASK, &old, NULL);
    close(fd);
    if (pid < 0)
        return -err;
    *child = (server_child){.server = server, .pid = pid, .port = port};
    return 0;
}

int server_child_stop(server_child *child, unsigned grace_ms, int *status, struct rusage *usage)
{
    if (kill(child->pid, SIGTERM) < 0)
        return -errno;
    /* Poll for the exit in 1 ms steps: bounded, and simpler than SIGCHLD. */
    for (unsigned waited = 0; waited <= grace_ms; waited++) {
        pid_t got = wait4(child->pid, status, WNOHANG, usage);
        if (got == child->pid)
            return 0;
        if (got < 0)
            return -errno;
        nanosleep(&(struct timespec){.tv_nsec = 1000000}, NULL);
    }
    fprintf(stderr, "%s server (pid %d) ignored SIGTERM for %u ms: killing it\n", child->server->name,
            (int)child->pid, grace_ms);
    kill(child->pid, SIGKILL);
    wait4(child->pid, status, 0, usage);
    return -ETIMEDOUT;
}
