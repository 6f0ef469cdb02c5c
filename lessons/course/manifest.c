/*
 * manifest.c - lessons/exercises.manifest: the exercises, in course order.
 *
 * One exercise a line, four fields (the format is documented at the top
 * of the manifest itself):
 *
 *   01-futures  ex1_countdown.c  01-futures/ex1_countdown  Exercise 1
 *   ^lesson     ^stub file       ^CTest name               ^HINTS.md section (rest of line)
 *
 * The short id a learner types, 01/ex1, is derived: the lesson's number
 * and the stub's name up to the first underscore.
 */
#include "course.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MANIFEST "lessons/exercises.manifest"

/* Copy the next whitespace-separated word of *p into out; false if none
 * or too long. */
static bool next_word(char **p, char *out, size_t size)
{
    char *s = *p;
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strcspn(s, " \t");
    if (n == 0 || n >= size)
        return false;
    memcpy(out, s, n);
    out[n] = '\0';
    *p = s + n;
    return true;
}

static void trim_end(char *s)
{
    size_t n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
}

/* "01-futures" + "ex1_countdown.c" -> "01/ex1". */
static void make_id(course_exercise *e)
{
    size_t lesson_number = strcspn(e->lesson, "-");
    size_t stem = strcspn(e->file, "_.");
    snprintf(e->id, sizeof e->id, "%.*s/%.*s", (int)lesson_number, e->lesson, (int)stem, e->file);
}

/* Parse one non-comment line; prints the problem and returns false. */
static bool parse_line(char *line, int number, course_exercise *e)
{
    char *p = line;
    memset(e, 0, sizeof *e);
    e->line = number;
    if (!next_word(&p, e->lesson, sizeof e->lesson) || !next_word(&p, e->file, sizeof e->file) ||
        !next_word(&p, e->test, sizeof e->test)) {
        fprintf(stderr, "%s:%d: expected: lesson-folder  exercise-file.c  ctest-name  hints-section\n",
                MANIFEST, number);
        return false;
    }
    while (*p == ' ' || *p == '\t')
        p++;
    trim_end(p);
    if (*p == '\0' || strlen(p) >= sizeof e->section) {
        fprintf(stderr, "%s:%d: missing the HINTS.md section (e.g. \"Exercise 1\")\n", MANIFEST, number);
        return false;
    }
    strcpy(e->section, p);
    size_t len = strlen(e->file);
    if (!isdigit((unsigned char)e->lesson[0]) || len < 3 || strcmp(e->file + len - 2, ".c") != 0) {
        fprintf(stderr, "%s:%d: a lesson folder starts with its number and an exercise file ends in .c\n",
                MANIFEST, number);
        return false;
    }
    make_id(e);
    return true;
}

int manifest_load(course_manifest *m, const char *root)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", root, MANIFEST);
    FILE *f = fopen(path, "r");
    memset(m, 0, sizeof *m);
    if (!f) {
        fprintf(stderr, "course: cannot read %s: %s\n", path, strerror(errno));
        return COURSE_USAGE;
    }
    char line[1024];
    int number = 0;
    size_t cap = 0;
    int status = COURSE_OK;
    while (fgets(line, sizeof line, f)) {
        number++;
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        trim_end(line);
        if (line[strspn(line, " \t")] == '\0')
            continue;
        if (m->count == cap) {
            cap = cap ? 2 * cap : 64;
            course_exercise *grown = realloc(m->items, cap * sizeof *grown);
            if (!grown) {
                status = COURSE_USAGE;
                break;
            }
            m->items = grown;
        }
        if (!parse_line(line, number, &m->items[m->count])) {
            status = COURSE_USAGE;
            break;
        }
        for (size_t i = 0; i < m->count; i++) {
            if (strcmp(m->items[i].id, m->items[m->count].id) == 0) {
                fprintf(stderr, "%s:%d: exercise %s is already listed on line %d\n", MANIFEST, number,
                        m->items[i].id, m->items[i].line);
                status = COURSE_USAGE;
            }
        }
        if (status != COURSE_OK)
            break;
        m->count++;
    }
    fclose(f);
    if (status == COURSE_OK && m->count == 0) {
        fprintf(stderr, "%s: lists no exercises\n", MANIFEST);
        status = COURSE_USAGE;
    }
    if (status != COURSE_OK)
        manifest_free(m);
    return status;
}

void manifest_free(course_manifest *m)
{
    free(m->items);
    m->items = NULL;
    m->count = 0;
}

size_t manifest_index(const course_manifest *m, const course_exercise *e) { return (size_t)(e - m->items); }

/* Does `name` (01, 1 or 01-futures) name the lesson folder `lesson`? */
static bool lesson_matches(const char *lesson, const char *name)
{
    if (strcmp(lesson, name) == 0)
        return true;
    size_t digits = strspn(name, "0123456789");
    if (digits == 0 || name[digits] != '\0')
        return false;
    return atoi(lesson) == atoi(name);
}

const char *manifest_find_lesson(const course_manifest *m, const char *name)
{
    for (size_t i = 0; i < m->count; i++)
        if (lesson_matches(m->items[i].lesson, name))
            return m->items[i].lesson;
    return NULL;
}

/* Does `name` (ex1, ex1_countdown or ex1_countdown.c) name the stub `file`? */
static bool exercise_matches(const char *file, const char *name)
{
    size_t stem = strlen(file) - 2; /* without .c */
    size_t n = strlen(name);
    if (n > 2 && strcmp(name + n - 2, ".c") == 0)
        n -= 2;
    if (n == stem && strncmp(file, name, n) == 0)
        return true;
    return n == strcspn(file, "_.") && strncmp(file, name, n) == 0;
}

const course_exercise *manifest_find(const course_manifest *m, const char *id)
{
    const char *slash = strchr(id, '/');
    char lesson_name[96];
    if (!slash || (size_t)(slash - id) >= sizeof lesson_name) {
        fprintf(stderr, "course: '%s' is not an exercise: write it as NN/exK (e.g. 01/ex2)\n", id);
        return NULL;
    }
    snprintf(lesson_name, sizeof lesson_name, "%.*s", (int)(slash - id), id);
    const char *lesson = manifest_find_lesson(m, lesson_name);
    if (!lesson) {
        fprintf(stderr, "course: unknown lesson '%s' in '%s' (./course list shows every exercise)\n",
                lesson_name, id);
        return NULL;
    }
    for (size_t i = 0; i < m->count; i++)
        if (strcmp(m->items[i].lesson, lesson) == 0 && exercise_matches(m->items[i].file, slash + 1))
            return &m->items[i];
    fprintf(stderr, "course: unknown exercise '%s'; lesson %s has:", id, lesson);
    for (size_t i = 0; i < m->count; i++)
        if (strcmp(m->items[i].lesson, lesson) == 0)
            fprintf(stderr, " %s", m->items[i].id);
    fprintf(stderr, "\n");
    return NULL;
}

void course_stub_path(const course_exercise *e, char *out, size_t size)
{
    snprintf(out, size, "lessons/%s/exercises/%s", e->lesson, e->file);
}

void course_solution_path(const course_exercise *e, char *out, size_t size)
{
    snprintf(out, size, "lessons/%s/solution/%s", e->lesson, e->file);
}
