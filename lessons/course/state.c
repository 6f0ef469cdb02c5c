/*
 * state.c - .course-state, the learner's progress, at the root of the
 * checkout (ignored by git).  One line per exercise touched:
 *
 *   01-futures/ex1_countdown done hints=2
 *   01-futures/ex2_ready pending hints=1
 *
 * Keyed by CTest name, so reordering the manifest keeps progress.  Written
 * to a temporary file and renamed over the old one, so an interrupted
 * write never leaves half a file.
 */
#include "course.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STATE_FILE ".course-state"

static course_state_entry *find(const course_state *s, const char *test)
{
    for (size_t i = 0; i < s->count; i++)
        if (strcmp(s->entries[i].test, test) == 0)
            return &s->entries[i];
    return NULL;
}

static course_state_entry *find_or_add(course_state *s, const char *test)
{
    course_state_entry *e = find(s, test);
    if (e)
        return e;
    course_state_entry *grown = realloc(s->entries, (s->count + 1) * sizeof *grown);
    if (!grown) {
        fprintf(stderr, "course: out of memory\n");
        exit(COURSE_FAILED);
    }
    s->entries = grown;
    e = &s->entries[s->count++];
    memset(e, 0, sizeof *e);
    snprintf(e->test, sizeof e->test, "%s", test);
    return e;
}

int state_load(course_state *s, const char *root)
{
    memset(s, 0, sizeof *s);
    snprintf(s->path, sizeof s->path, "%s/%s", root, STATE_FILE);
    FILE *f = fopen(s->path, "r");
    if (!f)
        return errno == ENOENT ? COURSE_OK
                               : (fprintf(stderr, "course: cannot read %s: %s\n", s->path, strerror(errno)),
                                  COURSE_FAILED);
    char line[512];
    while (fgets(line, sizeof line, f)) {
        char test[160], status[16];
        int hints = 0;
        if (line[0] == '#' || sscanf(line, "%159s %15s hints=%d", test, status, &hints) < 2)
            continue; /* comments and lines we do not understand are dropped */
        course_state_entry *e = find_or_add(s, test);
        e->done = strcmp(status, "done") == 0;
        e->hints_shown = hints < 0 ? 0 : hints;
    }
    fclose(f);
    return COURSE_OK;
}

int state_save(const course_state *s)
{
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp", s->path);
    FILE *f = fopen(tmp, "w");
    if (!f) {
        fprintf(stderr, "course: cannot write %s: %s\n", tmp, strerror(errno));
        return COURSE_FAILED;
    }
    fprintf(f, "# Your progress, written by ./course (delete this file to start over).\n");
    for (size_t i = 0; i < s->count; i++)
        fprintf(f, "%s %s hints=%d\n", s->entries[i].test, s->entries[i].done ? "done" : "pending",
                s->entries[i].hints_shown);
    if (fclose(f) != 0 || rename(tmp, s->path) != 0) {
        fprintf(stderr, "course: cannot write %s: %s\n", s->path, strerror(errno));
        remove(tmp);
        return COURSE_FAILED;
    }
    return COURSE_OK;
}

void state_free(course_state *s)
{
    free(s->entries);
    s->entries = NULL;
    s->count = 0;
}

bool state_done(const course_state *s, const course_exercise *e)
{
    const course_state_entry *entry = find(s, e->test);
    return entry && entry->done;
}

void state_set_done(course_state *s, const course_exercise *e, bool done)
{
    find_or_add(s, e->test)->done = done;
}

int state_hints_shown(const course_state *s, const course_exercise *e)
{
    const course_state_entry *entry = find(s, e->test);
    return entry ? entry->hints_shown : 0;
}

void state_set_hints_shown(course_state *s, const course_exercise *e, int n)
{
    find_or_add(s, e->test)->hints_shown = n;
}
