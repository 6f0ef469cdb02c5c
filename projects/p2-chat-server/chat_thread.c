/* chat_thread.c - the chat server on a thread: see chat_thread.h. */
#include "chat_thread.h"

#include <signal.h>
#include <unistd.h>

#include "listen_socket.h"

static void *run(void *arg)
{
    chat_thread *t = arg;
    t->result = chat_server_run(&t->ls, &t->cfg, &t->summary);
    return NULL;
}

int chat_thread_start(chat_thread *t, const chat_config *cfg)
{
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL); /* held until the server's signalfd reads it */
    *t = (chat_thread){.cfg = *cfg};
    t->ls.line_fd = listen_socket_open("127.0.0.1", 0, &t->line_port);
    if (t->ls.line_fd < 0)
        return t->ls.line_fd;
    t->ls.irc_fd = listen_socket_open("127.0.0.1", 0, &t->irc_port);
    if (t->ls.irc_fd < 0) {
        close(t->ls.line_fd);
        return t->ls.irc_fd;
    }
    int err = pthread_create(&t->thread, NULL, run, t);
    return err ? -err : 0;
}

/* Process-directed, not pthread_kill: on the multi-threaded runtime the
 * server's signalfd is waited on by a worker thread's epoll, and a signal
 * aimed at one thread only makes a signalfd ready on that thread.  Every
 * thread here blocks SIGTERM (chat_thread_start), so nobody dies of it. */
int chat_thread_stop(chat_thread *t)
{
    kill(getpid(), SIGTERM);
    pthread_join(t->thread, NULL);
    return t->result;
}
