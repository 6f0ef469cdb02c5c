/* run.h - run a program, capture what it prints (stdout and stderr). */
#ifndef COURSE_RUN_H
#define COURSE_RUN_H

#include <stddef.h>

#define RUN_CANNOT_EXEC 127

typedef struct run_output {
    char *text; /* NUL-terminated, stdout and stderr interleaved */
    size_t len;
} run_output;

/* Run argv[0] (searched on PATH) in directory cwd, wait for it, capture
 * its output.  Returns its exit status, 128 + the signal that killed it,
 * or RUN_CANNOT_EXEC if it could not be started. */
int run_capture(const char *cwd, char *const argv[], run_output *out);
void run_output_free(run_output *out);

#endif
