/*
 * cmd_reset.c - `course reset NN/exK [--yes]`: the pristine stub back.
 *
 * The stub comes back from git (the version in the last commit), so it
 * only works in a git checkout.  It throws the learner's work away, so it
 * asks first; with no terminal to ask on, it refuses unless --yes says
 * the caller means it.
 */
#include "course.h"
#include "run.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Ask on the terminal; true only for an explicit yes. */
static bool confirm(const char *stub)
{
    printf("Reset %s to the stub in git?  Your version is lost. [y/N] ", stub);
    fflush(stdout);
    char answer[16];
    if (!fgets(answer, sizeof answer, stdin))
        return false;
    return tolower((unsigned char)answer[0]) == 'y';
}

int cmd_reset(course *c, int argc, char **argv)
{
    bool yes = false;
    const char *id = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--yes") == 0 || strcmp(argv[i], "-y") == 0)
            yes = true;
        else if (argv[i][0] == '-' || id) {
            fprintf(stderr, "course reset: usage: ./course reset NN/exK [--yes]\n");
            return COURSE_USAGE;
        } else
            id = argv[i];
    }
    if (!id) {
        fprintf(stderr, "course reset: which exercise?  ./course reset NN/exK [--yes]\n");
        return COURSE_USAGE;
    }
    const course_exercise *e = manifest_find(&c->manifest, id);
    if (!e)
        return COURSE_USAGE;
    char stub[300];
    course_stub_path(e, stub, sizeof stub);
    if (!yes) {
        if (!isatty(STDIN_FILENO)) {
            fprintf(stderr,
                    "course reset: would overwrite %s, and there is no terminal to ask you on.\n"
                    "Run it in a terminal, or add --yes: ./course reset %s --yes\n",
                    stub, e->id);
            return COURSE_USAGE;
        }
        if (!confirm(stub)) {
            printf("Not reset.\n");
            return COURSE_FAILED;
        }
    }
    char *git[] = {"git", "checkout", "HEAD", "--", stub, NULL};
    run_output out;
    int status = run_capture(c->root, git, &out);
    if (status != 0) {
        fprintf(stderr, "course reset: git could not restore %s:\n%s", stub, out.text);
        if (status == RUN_CANNOT_EXEC)
            fprintf(stderr, "(reset needs git and a git checkout of the course)\n");
        run_output_free(&out);
        return status == RUN_CANNOT_EXEC ? COURSE_NO_BUILD : COURSE_FAILED;
    }
    run_output_free(&out);
    state_set_done(&c->state, e, false);
    if (state_save(&c->state) != COURSE_OK)
        return COURSE_FAILED;
    printf("%s is the pristine stub again (from git); %s is not done.\n", stub, e->id);
    return COURSE_OK;
}
