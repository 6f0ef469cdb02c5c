/*
 * main.c - `course`, the learner's tool: its commands and --help.
 *
 * It works on the checkout named by $COURSE_ROOT (the ./course script
 * sets it to its own folder), else on the nearest folder at or above the
 * current one that holds lessons/exercises.manifest.
 */
#include "course.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct command {
    const char *name;
    int (*run)(course *c, int argc, char **argv);
    const char *args;
    const char *summary;
    const char *help; /* shown by `course NAME --help` */
} command;

static const command commands[] = {
    {"list", cmd_list, "", "every exercise in order: done, next or pending; and your progress",
     "Lists the exercises of lessons/exercises.manifest in course order, each marked\n"
     "done (its last check passed), next (the first not done) or pending.\n"},
    {"next", cmd_next, "", "the first exercise not done: the file to open, what it asks, how to check",
     "Shows the first exercise that is not done: the stub to open, what it must\n"
     "do (from the stub's header comment), the lesson page, how to check it.\n"},
    {"check", cmd_check, "[NN | NN/exK] [--all] [--sanitize[=asan|tsan]]",
     "build, run the exercise's check (default: next), show the first failure",
     "Builds the lesson's program and checks in the learner build\n"
     "(cmake --build --preset learner --target check-NN-topic NN-topic), runs the\n"
     "exercise's check with ctest and shows the first failing check in full, or\n"
     "the compiler's first error and its file.  A pass marks the exercise done\n"
     "and names the next one; a failure marks it not done.\n"
     "  (nothing)         the next exercise (./course next)\n"
     "  NN/exK            that exercise (also NN-topic/exK, NN-topic/exK_name)\n"
     "  NN                every exercise of lesson NN\n"
     "  --all             every exercise of the course\n"
     "  --sanitize        in the learner builds under ASan+UBSan (leaks fail) and\n"
     "                    under TSan instead: presets learner-asan, learner-tsan\n"
     "  --sanitize=asan   only under ASan+UBSan;  --sanitize=tsan  only under TSan\n"},
    {"hint", cmd_hint, "[NN/exK]", "the next hint for the exercise (default: next), one at a time",
     "Shows the next of the exercise's hints (lessons/NN-topic/exercises/HINTS.md):\n"
     "the first names the idea, the last is nearly the code.  It remembers how\n"
     "many you have seen; once all are shown it shows them all again.\n"},
    {"watch", cmd_watch, "", "recheck the next exercise on every save under lessons/; keys h n l r q",
     "Checks the next exercise, then again each time a .c or .h file under\n"
     "lessons/ is saved, clearing the screen each time.  Keys (no Enter needed):\n"
     "h the next hint, n what the exercise asks, l the list, r recheck now,\n"
     "q quit (Ctrl-C works too; the terminal is put back either way).\n"},
    {"reset", cmd_reset, "NN/exK [--yes]", "put the pristine stub back (from git); asks first",
     "Restores the exercise's stub as it is in git's last commit\n"
     "(git checkout HEAD -- lessons/NN-topic/exercises/exK_name.c), throwing your\n"
     "version away, and marks it not done.  Asks first; --yes does not ask.\n"
     "Without --yes and without a terminal to ask on, it refuses.\n"},
    {"solution", cmd_solution, "NN/exK", "print the reference solution, once the exercise has passed",
     "Prints lessons/NN-topic/solution/exK_name.c, but only for an exercise\n"
     "whose check has passed (./course list shows it done).\n"},
    {"verify", cmd_verify, "", "for course authors: the manifest and the lesson folders agree",
     "Checks lessons/exercises.manifest against lessons/: every listed stub and\n"
     "solution exists, test names follow tests/CMakeLists.txt, every HINTS.md\n"
     "section exists with at least three hints, and no stub is left unlisted.\n"},
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *out)
{
    fprintf(out, "usage: ./course COMMAND [ARGS]    (./course COMMAND --help for one command)\n\n"
                 "Takes you through the course's exercises, in order, on the learner build.\n\n");
    for (size_t i = 0; i < NCOMMANDS; i++) {
        fprintf(out, "  %s%s%s\n        %s\n", commands[i].name, *commands[i].args ? " " : "",
                commands[i].args, commands[i].summary);
    }
    fprintf(out, "\nExercises are named NN/exK (01/ex2), NN-topic/exK or NN-topic/exK_name.\n"
                 "Start with:  ./course next\n\n"
                 "Needs the learner build (once: cmake --preset learner && cmake --build --preset learner).\n"
                 "Reads lessons/exercises.manifest; keeps your progress in .course-state.\n"
                 "Exit status: 0 ok or passed, 1 a check or build failed (or a refusal),\n"
                 "2 unknown command, exercise or option, 3 the learner build (or cmake, git) missing.\n");
}

/* The checkout: the nearest folder at or above cwd with the manifest. */
static bool find_root(char *root, size_t size)
{
    char dir[PATH_MAX];
    const char *given = getenv("COURSE_ROOT");
    if (given && *given)
        snprintf(dir, sizeof dir, "%s", given);
    else if (!getcwd(dir, sizeof dir))
        return false;
    for (;;) {
        char probe[PATH_MAX + 32];
        snprintf(probe, sizeof probe, "%s/lessons/exercises.manifest", dir);
        if (access(probe, R_OK) == 0) {
            snprintf(root, size, "%s", dir);
            return true;
        }
        char *slash = strrchr(dir, '/');
        if (!slash || slash == dir)
            return false;
        *slash = '\0';
    }
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return COURSE_OK;
    }
    const command *cmd = NULL;
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            cmd = &commands[i];
    if (!cmd) {
        fprintf(stderr, "course: unknown command '%s'\n\n", argv[1]);
        usage(stderr);
        return COURSE_USAGE;
    }
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            printf("usage: ./course %s%s%s\n\n%s", cmd->name, *cmd->args ? " " : "", cmd->args, cmd->help);
            return COURSE_OK;
        }
    }
    course c;
    memset(&c, 0, sizeof c);
    if (!find_root(c.root, sizeof c.root)) {
        fprintf(stderr, "course: run me inside the course's checkout (no lessons/exercises.manifest here or "
                        "in any folder above)\n");
        return COURSE_USAGE;
    }
    int status = manifest_load(&c.manifest, c.root);
    if (status == COURSE_OK)
        status = state_load(&c.state, c.root);
    if (status == COURSE_OK)
        status = cmd->run(&c, argc - 1, argv + 1);
    manifest_free(&c.manifest);
    state_free(&c.state);
    return status;
}
