/* server_thread.c - run echo_ours_run on a thread: see server_thread.h. */
#include "server_thread.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <unistd.h>

#include "listen_socket.h"

static void *run(void *arg)
{
    server_thread *s = arg;
    s->result = echo_ours_run(s->listen_fd, &s->cfg, &s->summary);
    return NULL;
}

int server_thread_start(server_thread *s, const echo_config *cfg)
{
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL); /* held until the server's signalfd reads it */
    *s = (server_thread){.cfg = *cfg};
    s->listen_fd = listen_socket_open("127.0.0.1", 0, &s->port);
    if (s->listen_fd < 0)
        return s->listen_fd;
    int err = pthread_create(&s->thread, NULL, run, s);
    return err ? -err : 0;
}

int server_thread_stop(server_thread *s)
{
    /* To the process, as `kill` from a shell would send it, not to the
     * thread: on N workers the signalfd may be watched by a worker in
     * epoll_wait, and a signalfd is readable for a thread only with a
     * signal pending for that thread or for the whole process.  Every
     * thread here has SIGTERM blocked (server_thread_start), so it stays
     * pending until the server reads it. */
    kill(getpid(), SIGTERM);
    pthread_join(s->thread, NULL);
    return s->result;
}

int count_open_fds(void)
{
    DIR *d = opendir("/proc/self/fd");
    if (d == NULL)
        return -errno;
    int n = 0;
    while (readdir(d) != NULL)
        n++;
    closedir(d);
    return n - 3; /* ".", ".." and the directory's own fd */
}
