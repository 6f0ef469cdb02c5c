/*
 * cmd_check.c - `course check [NN | NN/exK] [--all] [--sanitize[=asan|tsan]]`.
 *
 * Builds the lessons involved (only their targets), runs each exercise's
 * check, shows the first failure in full, records passes in .course-state
 * and says what comes next.
 */
#include "checker.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Build each lesson once (in the order of list), run each check. */
static int check_on(course *c, const course_exercise **list, size_t n, const course_build *b, bool *passed,
                    bool *failure_shown)
{
    int worst = COURSE_OK;
    const char *built = NULL;
    int build_status = COURSE_OK;
    for (size_t i = 0; i < n; i++) {
        if (!built || strcmp(built, list[i]->lesson) != 0) {
            built = list[i]->lesson;
            build_status = checker_build_lesson(c, b, built);
            if (build_status == COURSE_NO_BUILD)
                return COURSE_NO_BUILD;
        }
        if (build_status != COURSE_OK) {
            passed[i] = false;
            worst = COURSE_FAILED;
            continue;
        }
        int status = checker_run(c, b, list[i], !*failure_shown);
        if (status == COURSE_NO_BUILD)
            return COURSE_NO_BUILD;
        if (status != COURSE_OK) {
            passed[i] = false;
            worst = COURSE_FAILED;
            *failure_shown = true;
        }
    }
    return worst;
}

int check_exercises(course *c, const course_exercise **list, size_t n, const course_build *const *builds,
                    size_t nbuilds, bool watching)
{
    int missing = COURSE_OK;
    for (size_t b = 0; b < nbuilds; b++)
        if (checker_require(c, builds[b]) != COURSE_OK)
            missing = COURSE_NO_BUILD; /* name every build that is missing, not just the first */
    if (missing != COURSE_OK)
        return missing;
    bool *passed = malloc(n * sizeof *passed);
    if (!passed)
        return COURSE_FAILED;
    for (size_t i = 0; i < n; i++)
        passed[i] = true;
    bool failure_shown = false;
    int status = COURSE_OK;
    for (size_t b = 0; b < nbuilds && status != COURSE_NO_BUILD; b++) {
        int s = check_on(c, list, n, builds[b], passed, &failure_shown);
        if (s != COURSE_OK)
            status = s;
    }
    if (status == COURSE_NO_BUILD) {
        free(passed);
        return status;
    }
    size_t npassed = 0;
    for (size_t i = 0; i < n; i++) {
        state_set_done(&c->state, list[i], passed[i]);
        npassed += passed[i];
    }
    if (state_save(&c->state) != COURSE_OK)
        status = COURSE_FAILED;

    const course_exercise *next = course_current(c);
    printf("\n");
    if (n == 1 && passed[0]) {
        printf("%s passed: done.  %zu/%zu done.\n", list[0]->id, course_done_count(c), c->manifest.count);
    } else if (n == 1) {
        char stub[300];
        course_stub_path(list[0], stub, sizeof stub);
        if (watching)
            printf("%s is not done yet.  Edit %s and save it: watch checks it again.\n"
                   "Stuck?  Press h for the next hint.\n",
                   list[0]->id, stub);
        else
            printf("%s is not done yet.  Edit %s and run ./course check %s again.\n"
                   "Stuck?  ./course hint %s shows the next hint.\n",
                   list[0]->id, stub, list[0]->id, list[0]->id);
    } else {
        printf("%zu of %zu passed.  %zu/%zu done.\n", npassed, n, course_done_count(c), c->manifest.count);
        size_t failed = n - npassed, column = 0;
        for (size_t i = 0; i < n; i++) {
            if (passed[i])
                continue;
            if (failed <= 5) { /* a few: one line each, with the command */
                printf("  not done: %s (./course check %s)\n", list[i]->id, list[i]->id);
                continue;
            }
            if (column == 0 || column > 64)
                column = (size_t)printf("%s", column ? "\n   " : "  not done:");
            column += (size_t)printf(" %s", list[i]->id);
        }
        if (column)
            printf("\n");
    }
    if (next && (n != 1 || passed[0]))
        printf("Next: %s - lessons/%s/exercises/%s (%s).\n", next->id, next->lesson, next->file,
               watching ? "press n to see what it asks" : "./course next tells you what it asks");
    else if (!next)
        printf("Every exercise is done.  Well done!\n");
    free(passed);
    return status;
}

int cmd_check(course *c, int argc, char **argv)
{
    bool all = false;
    const course_build *builds[2] = {&COURSE_LEARNER, NULL};
    size_t nbuilds = 1;
    const char *target = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--all") == 0) {
            all = true;
        } else if (strcmp(argv[i], "--sanitize") == 0) {
            builds[0] = &COURSE_LEARNER_ASAN;
            builds[1] = &COURSE_LEARNER_TSAN;
            nbuilds = 2;
        } else if (strcmp(argv[i], "--sanitize=asan") == 0) {
            builds[0] = &COURSE_LEARNER_ASAN;
            nbuilds = 1;
        } else if (strcmp(argv[i], "--sanitize=tsan") == 0) {
            builds[0] = &COURSE_LEARNER_TSAN;
            nbuilds = 1;
        } else if (argv[i][0] == '-') {
            fprintf(stderr, "course check: unknown option %s (see ./course check --help)\n", argv[i]);
            return COURSE_USAGE;
        } else if (target) {
            fprintf(stderr, "course check: one exercise or lesson at a time (got %s and %s)\n", target,
                    argv[i]);
            return COURSE_USAGE;
        } else {
            target = argv[i];
        }
    }
    if (all && target) {
        fprintf(stderr, "course check: --all checks everything; drop %s or --all\n", target);
        return COURSE_USAGE;
    }
    const course_exercise **list = malloc(c->manifest.count * sizeof *list);
    size_t n = 0;
    if (!list)
        return COURSE_FAILED;
    if (all) {
        for (size_t i = 0; i < c->manifest.count; i++)
            list[n++] = &c->manifest.items[i];
    } else if (target && !strchr(target, '/')) {
        const char *lesson = manifest_find_lesson(&c->manifest, target);
        if (!lesson) {
            fprintf(stderr,
                    "course: unknown lesson '%s' (give NN for a lesson or NN/exK for an exercise; "
                    "./course list shows them)\n",
                    target);
            free(list);
            return COURSE_USAGE;
        }
        for (size_t i = 0; i < c->manifest.count; i++)
            if (strcmp(c->manifest.items[i].lesson, lesson) == 0)
                list[n++] = &c->manifest.items[i];
    } else if (target) {
        const course_exercise *e = manifest_find(&c->manifest, target);
        if (!e) {
            free(list);
            return COURSE_USAGE;
        }
        list[n++] = e;
    } else {
        const course_exercise *e = course_current(c);
        if (!e) {
            printf("Every exercise is done (%zu/%zu).  ./course check --all checks them all again.\n",
                   c->manifest.count, c->manifest.count);
            free(list);
            return COURSE_OK;
        }
        list[n++] = e;
    }
    int status = check_exercises(c, list, n, builds, nbuilds, false);
    free(list);
    return status;
}
