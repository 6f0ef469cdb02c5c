/*
 * measure.h - run one measurement in a child process of its own.
 *
 * Not part of the runtime proper: the lessons and projects that compare
 * our runtime with threads or libuv share it.  Peak RSS (getrusage's
 * ru_maxrss) only ever goes up, so two measurements in one process would
 * blur into one.  Each run forks a fresh child; the parent takes the
 * child's own peak from wait4() and the rest from a report the child
 * writes to a pipe.
 *
 *   parent                          child
 *   pipe(); fork() -------------->  alarm(limit)   (nothing runs forever)
 *                                   baseline = peak RSS so far
 *                                   fn(arg, &report)
 *   read(pipe) <------------------  write(pipe, report); _exit(0)
 *   wait4(pid, &status, &usage)     peak = usage.ru_maxrss
 */
#ifndef COURSE_MEASURE_H
#define COURSE_MEASURE_H

#include <stdbool.h>

typedef struct ac_child_report {
    double wall_s;           /* what the child timed */
    double spawn_s;          /* the part of it spent starting the work */
    unsigned long done;      /* units of work that finished, as the child counted */
    unsigned long started;   /* units of work started */
    long peak_threads;       /* the most threads the child had at once */
    int error;               /* an errno value the child hit, or 0 */
    unsigned long detail;    /* a number the demo wants back (e.g. stack size) */
    long baseline_rss_bytes; /* the child's peak RSS before it started */
    long peak_rss_bytes;     /* filled in by the parent from wait4 */
    int signal;              /* nonzero: the child died of this signal */
    bool ok;                 /* exited 0 and reported */
} ac_child_report;

/* Run fn(arg, report) in a child, killed by SIGALRM after limit_s seconds.
 * True when the child exited 0 having written its report. */
bool ac_run_in_child(void (*fn)(void *arg, ac_child_report *report), void *arg, unsigned limit_s,
                     ac_child_report *out);

#endif
