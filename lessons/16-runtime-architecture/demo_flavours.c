/*
 * demo_flavours.c - `flavours`: the same echo server future (given_echo.c)
 * on ac_executor and on ac_runtime.  The two runs differ in one line, the
 * one that picks the runtime; three plain client threads talk to each.
 *
 *   client threads (blocking sockets)       the server, on flavour X
 *   ---------------------------------       ------------------------
 *   connect, send "hello from client i" --> accept, AC_SPAWN_CURRENT(conn)
 *   read the echo back              <------ conn: read some, write it all
 *   close                           ------> conn: end of file, done
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ac/executor.h"
#include "ac/runtime.h"
#include "demos.h"
#include "given_echo.h"

enum { CLIENTS = 3 };

typedef struct client_thread {
    uint16_t port;
    int id;
    char sent[64], got[64];
    bool ok;
} client_thread;

/* A plain blocking client: one line there and back. */
static void *client_main(void *arg)
{
    client_thread *c = arg;
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(c->port)};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    struct timeval tv = {.tv_sec = 5}; /* a broken server must not hang the demo */
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    snprintf(c->sent, sizeof c->sent, "hello from client %d", c->id);
    size_t len = strlen(c->sent), got = 0;
    if (send(fd, c->sent, len, MSG_NOSIGNAL) == (ssize_t)len) {
        while (got < len) {
            ssize_t n = recv(fd, c->got + got, len - got, 0);
            if (n <= 0)
                break;
            got += (size_t)n;
        }
    }
    c->got[got] = '\0';
    c->ok = got == len && memcmp(c->got, c->sent, len) == 0;
    close(fd);
    return NULL;
}

/* Start the clients, run the server with `run_server` (which closes the
 * listener before its runtime goes), join the clients. */
static int serve_and_talk(const char *title, void (*run_server)(echo_server *srv))
{
    ac_tcp_listener ln;
    int rc = ac_tcp_listen(&ln, "127.0.0.1", 0, 16);
    if (rc < 0) {
        fprintf(stderr, "listen: %s\n", strerror(-rc));
        return 1;
    }
    ac_join_handle handles[CLIENTS];
    where_ran where[CLIENTS];
    echo_server srv = echo_server_new(&ln, CLIENTS, handles, where);
    client_thread c[CLIENTS];
    pthread_t tid[CLIENTS];
    for (int i = 0; i < CLIENTS; i++) {
        c[i] = (client_thread){.port = ac_tcp_listener_port(&ln), .id = i};
        pthread_create(&tid[i], NULL, client_main, &c[i]);
    }
    run_server(&srv); /* returns once every client has come and gone */
    for (int i = 0; i < CLIENTS; i++)
        pthread_join(tid[i], NULL);
    printf("%s\n", title);
    int bad = srv.err != 0;
    for (int i = 0; i < CLIENTS; i++) {
        printf("  client %d: sent \"%s\", got \"%s\" back: %s\n", c[i].id, c[i].sent, c[i].got,
               c[i].ok ? "ok" : "WRONG");
        bad |= !c[i].ok;
    }
    for (int i = 0; i < srv.accepted; i++)
        if (where[i].worker >= 0)
            printf("  connection %d was served by worker %d (thread \"%s\")\n", i, where[i].worker,
                   where[i].thread_name);
        else
            printf("  connection %d was served by the executor's thread (\"%s\", the caller of block_on)\n",
                   i, where[i].thread_name);
    return bad;
}

static void run_on_executor(echo_server *srv)
{
    ac_executor ex;
    if (ac_executor_init(&ex) != 0) {
        ac_tcp_listener_close(srv->ln);
        return;
    }
    ac_block_on(&ex, &srv->base);   /* <- the line that runs it */
    ac_tcp_listener_close(srv->ln); /* sockets go before their runtime */
    ac_executor_close(&ex);
}

static void run_on_runtime(echo_server *srv)
{
    ac_runtime_builder b = ac_runtime_builder_new();
    b.workers = 2;
    b.thread_name = "l16-echo";
    b.enable_io = true; /* sockets need the I/O driver */
    ac_runtime *rt = NULL;
    if (ac_runtime_build(&b, &rt) != 0) {
        ac_tcp_listener_close(srv->ln);
        return;
    }
    ac_runtime_block_on(rt, &srv->base); /* <- the line that runs it */
    ac_tcp_listener_close(srv->ln);
    ac_runtime_free(rt);
}

int demo_flavours(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    printf("one echo server future (given_echo.c), three clients, two runtimes:\n\n"
           "    ac_block_on(&ex, &srv.base);          current-thread: ac_executor\n"
           "    ac_runtime_block_on(rt, &srv.base);   multi-thread:   ac_runtime, 2 workers, enable_io\n\n");
    int bad = serve_and_talk("current-thread (ac_executor):", run_on_executor);
    bad |= serve_and_talk("multi-thread (ac_runtime, 2 workers):", run_on_runtime);
    printf("takeaway: the server's code is the same bytes in both runs; AC_SPAWN_CURRENT and the\n"
           "sockets find the runtime that polls them.  On the executor every connection runs on\n"
           "the thread that called block_on; on the runtime they run on its workers, in parallel,\n"
           "so what the connections share must be atomic (the echoed-bytes counter is).\n");
    return bad;
}
