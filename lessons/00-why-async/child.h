/*
 * child.h - run one measurement in a child process of its own.
 *
 * Peak RSS (getrusage's ru_maxrss) only ever goes up, so measuring threads
 * and then tasks in one process would report the larger peak twice.  Each
 * measurement forks a fresh child; the parent takes the child's own peak
 * from wait4() and the rest from a report the child writes to a pipe.
 *
 *   parent                          child
 *   pipe(); fork() -------------->  alarm(limit)   (nothing runs forever)
 *                                   baseline = peak RSS so far
 *                                   fn(arg, &report)
 *   read(pipe) <------------------  write(pipe, report); _exit(0)
 *   wait4(pid, &status, &usage)     peak = usage.ru_maxrss
 */
#ifndef LESSON00_CHILD_H
#define LESSON00_CHILD_H

#include <stdbool.h>

typedef struct child_report {
    double wall_s;           /* what the child timed */
    double spawn_s;          /* the part of it spent starting threads or tasks */
    unsigned long done;      /* waiters that finished */
    unsigned long started;   /* threads or tasks started */
    long peak_threads;       /* the most threads the child had at once */
    int error;               /* an errno value the child hit, or 0 */
    unsigned long detail;    /* a number the demo wants back (e.g. stack size) */
    long baseline_rss_bytes; /* the child's peak RSS before it started */
    long peak_rss_bytes;     /* filled in by the parent from wait4 */
    int signal;              /* nonzero: the child died of this signal */
    bool ok;                 /* exited 0 and reported */
} child_report;

/* Run fn(arg, report) in a child, killed by SIGALRM after limit_s seconds. */
bool run_in_child(void (*fn)(void *arg, child_report *report), void *arg, unsigned limit_s,
                  child_report *out);

/* The number after "Threads:" in /proc/self/status: this process's threads now. */
long current_thread_count(void);
/* The process's mapped address space now (VmSize), in bytes. */
long address_space_bytes(void);

#endif
