/*
 * demo_no_driver.c - `no-driver`: a sleep (and an accept) on a runtime
 * built without the driver it needs.
 *
 * The runtime cannot make the sleep work and must not let it hang (a
 * timer nobody fires would leave the task Pending forever, and the
 * program with it).  So the first poll that needs the missing driver
 * prints what is missing and aborts.  An abort would end this demo too,
 * so each attempt runs in a forked child; the parent shows the child's
 * stderr and how it ended.
 *
 *   parent                     child (fork)
 *   ------                     ------------
 *   pipe, fork  ------------>  build runtime {enable_time = false}
 *                              spawn nap(10 ms); wait for it
 *                              worker polls the sleep: no timer heap
 *   read stderr <------------  "... no time driver ..."  abort()
 *   waitpid: SIGABRT
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ac/net.h"
#include "demos.h"
#include "given_tasks.h"
#include "lesson.h"

/* A task that accepts one connection: its first poll must wait, so it
 * needs the I/O driver to tell it when a client comes. */
typedef struct accept_task {
    ac_future base;
    ac_tcp_listener *ln;
    ac_tcp_accept accept;
    bool started;
} accept_task;

static ac_poll accept_poll(ac_future *self, ac_context *cx)
{
    accept_task *a = (accept_task *)self;
    if (!a->started) {
        a->accept = ac_tcp_accept_on(a->ln);
        a->started = true;
    }
    if (ac_future_poll(&a->accept.base, cx) == AC_PENDING)
        return AC_PENDING;
    if (a->accept.result.err == 0)
        ac_tcp_close(&a->accept.result.stream);
    return AC_READY;
}

static const ac_future_vtable accept_vtable = {.name = "accept", .poll = accept_poll};

typedef enum attempt { TRY_SLEEP, TRY_ACCEPT } attempt;

/* In the child: build without the driver, run the task that needs it. */
static _Noreturn void child_attempt(attempt what)
{
    dup2(STDERR_FILENO, STDOUT_FILENO); /* one stream back to the parent */
    ac_runtime_builder b = ac_runtime_builder_new();
    b.workers = 1;
    b.thread_name = "l16-nodrv";
    b.enable_io = what == TRY_SLEEP; /* each attempt lacks exactly the driver it needs */
    b.enable_time = what == TRY_ACCEPT;
    ac_runtime *rt = NULL;
    if (ac_runtime_build(&b, &rt) < 0)
        _exit(1);
    ac_join_handle h;
    ac_tcp_listener ln;
    if (what == TRY_SLEEP) {
        nap_task t = nap_task_new(10 * 1000000LL);
        h = AC_RUNTIME_SPAWN(rt, t);
    } else {
        if (ac_tcp_listen(&ln, "127.0.0.1", 0, 8) < 0)
            _exit(1);
        accept_task t = {.base = {&accept_vtable}, .ln = &ln};
        h = AC_RUNTIME_SPAWN(rt, t);
    }
    wait_on_this_thread(&h.base); /* never returns: the worker aborts the process */
    _exit(0);
}

/* Run one attempt in a child; print its output and how it ended.  0 when
 * it ended the way the lesson says: by abort, saying which driver. */
static int show_attempt(attempt what, const char *driver)
{
    int fds[2];
    if (pipe(fds) < 0)
        return 1;
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0)
        return 1;
    if (pid == 0) {
        close(fds[0]);
        dup2(fds[1], STDERR_FILENO);
        close(fds[1]);
        child_attempt(what);
    }
    close(fds[1]);
    char out[1024];
    size_t used = 0;
    ssize_t n;
    while (used < sizeof out - 1 && (n = read(fds[0], out + used, sizeof out - 1 - used)) != 0) {
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            break;
        used += (size_t)n;
    }
    out[used] = '\0';
    close(fds[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    bool named = strstr(out, driver) != NULL;
    for (char *line = strtok(out, "\n"); line != NULL; line = strtok(NULL, "\n"))
        printf("    child stderr | %s\n", line);
    bool aborted = WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
    printf("    child ended  | %s\n", aborted               ? "by SIGABRT (abort), at once: no hang"
                                      : WIFSIGNALED(status) ? strsignal(WTERMSIG(status))
                                                            : "by exit");
    return aborted && named ? 0 : 1;
}

int demo_no_driver(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    ac_runtime_builder b = ac_runtime_builder_new();
    b.enable_io = true;
    rt_config cfg;
    char msg[128];
    rt_config_resolve(&b, 1, &cfg);
    int rc = rt_require_drivers(&cfg, RT_NEEDS_TIME, msg, sizeof msg);
    printf("a runtime built with enable_io = true, enable_time = false; a task sleeps 10 ms.\n");
    printf("  exercise 3's check before the sleep: %s, \"%s\"\n", rc == -ENOTSUP ? "-ENOTSUP" : "0", msg);
    printf("  the real runtime, in a forked child (its abort must not end this demo):\n");
    int bad = show_attempt(TRY_SLEEP, "time");

    b.enable_io = false;
    b.enable_time = true;
    rt_config_resolve(&b, 1, &cfg);
    rc = rt_require_drivers(&cfg, RT_NEEDS_IO, msg, sizeof msg);
    printf("\na runtime built with enable_time = true, enable_io = false; a task accepts a connection.\n");
    printf("  exercise 3's check before the accept: %s, \"%s\"\n", rc == -ENOTSUP ? "-ENOTSUP" : "0", msg);
    printf("  the real runtime, in a forked child:\n");
    bad |= show_attempt(TRY_ACCEPT, "I/O");

    printf("takeaway: a driver is only there if the builder asked for it.  Without it, a sleep\n"
           "would wait for a timer nobody fires, an accept for an event nobody reports: a silent\n"
           "hang.  The runtime turns that into a loud, immediate abort that names the missing\n"
           "driver (tokio panics the same way when a sleep runs without enable_time).\n");
    return bad;
}
