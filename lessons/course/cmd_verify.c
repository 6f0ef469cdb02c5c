/*
 * cmd_verify.c - `course verify`: for course authors (and CI).
 *
 * Checks that lessons/exercises.manifest and the lesson folders agree, so
 * a lesson added or renamed without its manifest line is caught by the
 * test suite rather than by a learner:
 *
 *   - every listed stub and its solution exist;
 *   - its CTest name is <lesson>/<stub without .c> (tests/CMakeLists.txt's rule);
 *   - its HINTS.md section exists and has at least three numbered hints;
 *   - every stub on disk (any .c file in lessons/NN-topic/exercises/) is listed.
 */
#include "course.h"

#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define MIN_HINTS 3

static int verify_listed(const course *c, const course_exercise *e)
{
    int problems = 0;
    char rel[300], path[4400], test[200];
    course_stub_path(e, rel, sizeof rel);
    snprintf(path, sizeof path, "%s/%s", c->root, rel);
    if (access(path, R_OK) != 0) {
        printf("  %s: no stub %s\n", e->id, rel);
        problems++;
    }
    course_solution_path(e, rel, sizeof rel);
    snprintf(path, sizeof path, "%s/%s", c->root, rel);
    if (access(path, R_OK) != 0) {
        printf("  %s: no solution %s\n", e->id, rel);
        problems++;
    }
    snprintf(test, sizeof test, "%s/%.*s", e->lesson, (int)(strlen(e->file) - 2), e->file);
    if (strcmp(test, e->test) != 0) {
        printf("  %s: manifest line %d names test %s; tests/CMakeLists.txt names it %s\n", e->id, e->line,
               e->test, test);
        problems++;
    }
    course_hints h;
    if (hints_load(&h, c->root, e) != COURSE_OK) {
        problems++;
    } else {
        if (h.count < MIN_HINTS) {
            printf("  %s: section \"%s\" of lessons/%s/exercises/HINTS.md has %zu hint%s, needs %d\n", e->id,
                   e->section, e->lesson, h.count, h.count == 1 ? "" : "s", MIN_HINTS);
            problems++;
        }
        hints_free(&h);
    }
    return problems;
}

/* Every stub in a numbered lesson folder must have a manifest line. */
static int verify_unlisted(const course *c)
{
    int problems = 0;
    char lessons[4200];
    snprintf(lessons, sizeof lessons, "%s/lessons", c->root);
    DIR *d = opendir(lessons);
    if (!d)
        return 1;
    struct dirent *lesson;
    while ((lesson = readdir(d)) != NULL) {
        if (lesson->d_name[0] < '0' || lesson->d_name[0] > '9')
            continue;
        char dir[4500];
        snprintf(dir, sizeof dir, "%s/%s/exercises", lessons, lesson->d_name);
        DIR *ex = opendir(dir);
        if (!ex)
            continue;
        struct dirent *f;
        while ((f = readdir(ex)) != NULL) {
            size_t n = strlen(f->d_name);
            if (n < 3 || strcmp(f->d_name + n - 2, ".c") != 0)
                continue;
            bool listed = false;
            for (size_t i = 0; i < c->manifest.count && !listed; i++)
                listed = strcmp(c->manifest.items[i].lesson, lesson->d_name) == 0 &&
                         strcmp(c->manifest.items[i].file, f->d_name) == 0;
            if (!listed) {
                printf("  lessons/%s/exercises/%s is not in lessons/exercises.manifest\n", lesson->d_name,
                       f->d_name);
                problems++;
            }
        }
        closedir(ex);
    }
    closedir(d);
    return problems;
}

int cmd_verify(course *c, int argc, char **argv)
{
    (void)argv;
    if (argc > 1) {
        fprintf(stderr, "course verify: takes no arguments\n");
        return COURSE_USAGE;
    }
    int problems = 0;
    for (size_t i = 0; i < c->manifest.count; i++)
        problems += verify_listed(c, &c->manifest.items[i]);
    problems += verify_unlisted(c);
    if (problems) {
        printf("course verify: %d problem%s in lessons/exercises.manifest or the lessons it lists\n",
               problems, problems == 1 ? "" : "s");
        return COURSE_FAILED;
    }
    printf("course verify: %zu exercises, every stub, solution and hint section in place\n",
           c->manifest.count);
    return COURSE_OK;
}
