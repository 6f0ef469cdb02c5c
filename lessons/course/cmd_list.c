/*
 * cmd_list.c - `course list` and `course next`: where the learner is.
 *
 * "next" is the first exercise, in manifest order, whose last check did
 * not pass; the course is linear, like rustlings, so there is always one
 * obvious thing to do.
 */
#include "course.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const course_exercise *course_current(const course *c)
{
    for (size_t i = 0; i < c->manifest.count; i++)
        if (!state_done(&c->state, &c->manifest.items[i]))
            return &c->manifest.items[i];
    return NULL;
}

size_t course_done_count(const course *c)
{
    size_t done = 0;
    for (size_t i = 0; i < c->manifest.count; i++)
        done += state_done(&c->state, &c->manifest.items[i]);
    return done;
}

void print_list(const course *c)
{
    const course_exercise *next = course_current(c);
    const char *lesson = "";
    for (size_t i = 0; i < c->manifest.count; i++) {
        const course_exercise *e = &c->manifest.items[i];
        if (strcmp(lesson, e->lesson) != 0) {
            lesson = e->lesson;
            printf("%s\n", lesson);
        }
        const char *status = state_done(&c->state, e) ? "done" : e == next ? "next" : "pending";
        printf("  %-8s %-8s lessons/%s/exercises/%s\n", status, e->id, e->lesson, e->file);
    }
    size_t done = course_done_count(c);
    printf("\n%zu/%zu done", done, c->manifest.count);
    if (next)
        printf("; next: %s (./course next)\n", next->id);
    else
        printf(": the whole course!\n");
}

int cmd_list(course *c, int argc, char **argv)
{
    (void)argv;
    if (argc > 1) {
        fprintf(stderr, "course list: takes no arguments\n");
        return COURSE_USAGE;
    }
    print_list(c);
    return COURSE_OK;
}

/* Print text with every line indented by `indent` spaces. */
static void print_indented(const char *text, int indent)
{
    for (const char *p = text; *p;) {
        size_t n = strcspn(p, "\n");
        printf("%*s%.*s\n", n ? indent : 0, "", (int)n, p);
        p += n;
        if (*p == '\n')
            p++;
    }
}

void print_next(const course *c, const course_exercise *e)
{
    size_t index = manifest_index(&c->manifest, e), in_lesson = 0, of_lesson = 0;
    for (size_t i = 0; i < c->manifest.count; i++) {
        if (strcmp(c->manifest.items[i].lesson, e->lesson) != 0)
            continue;
        of_lesson++;
        if (i <= index)
            in_lesson = of_lesson;
    }
    char stub[300], doc[300], docpath[4400];
    course_stub_path(e, stub, sizeof stub);
    printf("%s: exercise %zu of %zu in lesson %s  (%zu/%zu done)\n\n", e->id, in_lesson, of_lesson, e->lesson,
           course_done_count(c), c->manifest.count);
    printf("Open:   %s\n", stub);
    char *what = stub_doc(c->root, e);
    if (what) {
        printf("Task:\n");
        print_indented(what, 4);
        free(what);
    }
    snprintf(doc, sizeof doc, "docs/%s.md", e->lesson);
    snprintf(docpath, sizeof docpath, "%s/%s", c->root, doc);
    if (access(docpath, R_OK) == 0)
        printf("Read:   %s (the lesson page)\n", doc);
    printf("Check:  ./course check %s      (or ./course watch: rechecks on every save)\n", e->id);
    printf("Stuck:  ./course hint %s       (%d shown so far)\n", e->id, state_hints_shown(&c->state, e));
}

int cmd_next(course *c, int argc, char **argv)
{
    (void)argv;
    if (argc > 1) {
        fprintf(stderr, "course next: takes no arguments\n");
        return COURSE_USAGE;
    }
    const course_exercise *e = course_current(c);
    if (!e) {
        printf("Every exercise is done (%zu/%zu).  ./course check --all checks them all again.\n",
               c->manifest.count, c->manifest.count);
        return COURSE_OK;
    }
    print_next(c, e);
    return COURSE_OK;
}
