/*
 * cmd_hint.c - `course hint [NN/exK]`: the next hint, one at a time.
 *
 * Hints are graded (the first names the idea, the last is nearly the
 * code), so each call shows one more and .course-state remembers how
 * many were seen.  Once all are out, a call shows them all again.
 */
#include "course.h"

#include <stdio.h>
#include <string.h>

static void print_hint(const course_hints *h, size_t i)
{
    printf("Hint %zu of %zu:\n", i + 1, h->count);
    for (const char *p = h->items[i]; *p;) {
        size_t n = strcspn(p, "\n");
        printf("%s%.*s\n", n ? "    " : "", (int)n, p);
        p += n;
        if (*p == '\n')
            p++;
    }
}

int show_next_hint(course *c, const course_exercise *e)
{
    course_hints h;
    int status = hints_load(&h, c->root, e);
    if (status != COURSE_OK)
        return status;
    size_t shown = (size_t)state_hints_shown(&c->state, e);
    if (shown < h.count) {
        printf("%s (lessons/%s/exercises/%s)\n", e->id, e->lesson, e->file);
        print_hint(&h, shown);
        state_set_hints_shown(&c->state, e, (int)shown + 1);
        status = state_save(&c->state);
        if (shown + 1 < h.count)
            printf("\nStill stuck?  ./course hint %s shows hint %zu.\n", e->id, shown + 2);
        else
            printf("\nThat was the last hint.  The lesson page explains the idea in full.\n");
    } else {
        printf("%s: all %zu hints were shown already; here they are again.\n\n", e->id, h.count);
        for (size_t i = 0; i < h.count; i++)
            print_hint(&h, i);
    }
    hints_free(&h);
    return status;
}

int cmd_hint(course *c, int argc, char **argv)
{
    if (argc > 2) {
        fprintf(stderr, "course hint: one exercise at a time\n");
        return COURSE_USAGE;
    }
    const course_exercise *e = argc == 2 ? manifest_find(&c->manifest, argv[1]) : course_current(c);
    if (argc == 2 && !e)
        return COURSE_USAGE;
    if (!e) {
        printf("Every exercise is done: no hints needed.  (./course hint NN/exK shows one's hints.)\n");
        return COURSE_OK;
    }
    return show_next_hint(c, e);
}
