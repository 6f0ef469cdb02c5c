/*
 * run.c - run a program and capture what it prints.
 *
 * The child's stdout and stderr go into one pipe, so compiler errors and
 * test output stay in the order they were written.  Its stdin is
 * /dev/null: a build or a check must never wait for the learner's keys
 * (and `course watch` owns the terminal).
 */
#include "run.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int run_capture(const char *cwd, char *const argv[], run_output *out)
{
    out->text = NULL;
    out->len = 0;
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0)
        return RUN_CANNOT_EXEC;
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return RUN_CANNOT_EXEC;
    }
    if (pid == 0) {
        int null = open("/dev/null", O_RDONLY);
        if (null >= 0)
            dup2(null, STDIN_FILENO);
        dup2(fds[1], STDOUT_FILENO);
        dup2(fds[1], STDERR_FILENO);
        if (chdir(cwd) != 0) {
            fprintf(stderr, "cannot enter %s: %s\n", cwd, strerror(errno));
            _exit(RUN_CANNOT_EXEC);
        }
        execvp(argv[0], argv);
        fprintf(stderr, "cannot run %s: %s\n", argv[0], strerror(errno));
        _exit(RUN_CANNOT_EXEC);
    }
    close(fds[1]);
    size_t cap = 0;
    for (;;) {
        if (cap - out->len < 4096) {
            cap = cap ? 2 * cap : 16384;
            char *grown = realloc(out->text, cap);
            if (!grown)
                break;
            out->text = grown;
        }
        ssize_t n = read(fds[0], out->text + out->len, cap - out->len - 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        out->len += (size_t)n;
    }
    close(fds[0]);
    if (out->text)
        out->text[out->len] = '\0';
    else
        out->text = calloc(1, 1);
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return RUN_CANNOT_EXEC;
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return WEXITSTATUS(status);
}

void run_output_free(run_output *out)
{
    free(out->text);
    out->text = NULL;
    out->len = 0;
}
