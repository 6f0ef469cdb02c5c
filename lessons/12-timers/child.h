/*
 * child.h - run one measurement in a child process of its own.
 *
 * Peak RSS (getrusage's ru_maxrss) is a high-water mark that never goes
 * down, so two measurements in one process would blur into one.  Each run
 * forks a fresh child; the parent reads the child's own peak from wait4()
 * and whatever the child reports through a pipe.
 *
 *   parent                          child
 *   pipe(); fork() -------------->  alarm(limit)  (the time bound)
 *                                   baseline = ru_maxrss now
 *                                   fn(arg, &report)
 *   read(pipe) <------------------  write(pipe, report); _exit(0)
 *   wait4(pid, &status, &usage)     peak = usage.ru_maxrss
 */
#ifndef LESSON12_CHILD_H
#define LESSON12_CHILD_H

#include <stdbool.h>

typedef struct child_report {
    double wall_s;           /* what the child timed */
    unsigned long done;      /* timers that fired, as the child counted */
    long baseline_rss_bytes; /* the child's RSS before it started work */
    long peak_rss_bytes;     /* filled in by the parent from wait4 */
    int signal;              /* nonzero: the child died of this signal */
    bool ok;                 /* exited 0 and reported */
} child_report;

/* Run fn(arg, report) in a child, killed by SIGALRM after limit_s seconds. */
bool run_in_child(void (*fn)(void *arg, child_report *report), void *arg, unsigned limit_s,
                  child_report *out);

#endif
