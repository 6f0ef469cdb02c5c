/*
 * cmd_solution.c - `course solution NN/exK`: the reference solution, but
 * only for an exercise whose check passed.  Reading it first would skip
 * the part that teaches; reading it after shows another way to write it.
 */
#include "course.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

int cmd_solution(course *c, int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "course solution: usage: ./course solution NN/exK\n");
        return COURSE_USAGE;
    }
    const course_exercise *e = manifest_find(&c->manifest, argv[1]);
    if (!e)
        return COURSE_USAGE;
    if (!state_done(&c->state, e)) {
        fprintf(stderr,
                "course solution: %s has not passed its check yet; the solution opens once it has.\n"
                "  ./course check %s    ./course hint %s\n",
                e->id, e->id, e->id);
        return COURSE_FAILED;
    }
    char rel[300], path[4400];
    course_solution_path(e, rel, sizeof rel);
    snprintf(path, sizeof path, "%s/%s", c->root, rel);
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "course solution: cannot read %s: %s\n", rel, strerror(errno));
        return COURSE_USAGE;
    }
    printf("==> %s (the reference solution of %s)\n", rel, e->id);
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        fwrite(buf, 1, n, stdout);
    fclose(f);
    return COURSE_OK;
}
