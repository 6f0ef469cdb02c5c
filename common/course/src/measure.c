/* measure.c - one measurement per child process; see measure.h. */
#include "course/measure.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

static long max_rss_bytes(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss * 1024L; /* Linux reports kilobytes */
}

bool ac_run_in_child(void (*fn)(void *arg, ac_child_report *report), void *arg, unsigned limit_s,
                     ac_child_report *out)
{
    *out = (ac_child_report){0};
    int fds[2];
    if (pipe(fds) != 0) {
        perror("pipe");
        return false;
    }
    fflush(NULL); /* or the child would print our buffered output again */
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        close(fds[0]);
        close(fds[1]);
        return false;
    }
    if (pid == 0) {
        close(fds[0]);
        alarm(limit_s);
        ac_child_report r = {.baseline_rss_bytes = max_rss_bytes()};
        fn(arg, &r);
        fflush(NULL);
        ssize_t n = write(fds[1], &r, sizeof r);
        _exit(n == (ssize_t)sizeof r ? 0 : 1);
    }
    close(fds[1]);
    ac_child_report r = {0};
    ssize_t got = read(fds[0], &r, sizeof r);
    close(fds[0]);
    int status = 0;
    struct rusage ru = {0};
    while (wait4(pid, &status, 0, &ru) < 0 && errno == EINTR)
        ; /* a signal interrupted the wait: wait again */
    *out = r;
    out->peak_rss_bytes = ru.ru_maxrss * 1024L;
    out->signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    out->ok = got == (ssize_t)sizeof r && WIFEXITED(status) && WEXITSTATUS(status) == 0;
    return out->ok;
}
