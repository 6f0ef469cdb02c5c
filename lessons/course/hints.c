/*
 * hints.c - one exercise's hints from its lesson's exercises/HINTS.md.
 *
 * The format (every lesson keeps it):
 *
 *   ## Exercise 2: `counting_waker` (ex2_counting_waker.c)
 *
 *   1. The idea, named.
 *   2. The steps, roughly; a hint may run over several lines
 *      when the continuation lines are indented.
 *   3. Nearly the code.
 *
 * A section starts at a "## " heading that begins with the manifest's
 * section name (followed by ':', a space or the end of the line) and ends
 * at the next heading.  Its hints are the items of its numbered list, in
 * order; any other text in the section is ignored.  More than three items
 * are fine; none is an error.
 */
#include "course.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Read a whole file into a NUL-terminated buffer; NULL with errno set. */
static char *read_all(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    size_t len = 0, cap = 4096;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + len, 1, cap - len - 1, f)) > 0) {
        len += got;
        if (len + 1 == cap) {
            char *grown = realloc(buf, cap *= 2);
            if (!grown)
                free(buf);
            buf = grown;
        }
    }
    fclose(f);
    if (buf)
        buf[len] = '\0';
    return buf;
}

static bool is_section_heading(const char *line, const char *section)
{
    if (strncmp(line, "## ", 3) != 0)
        return false;
    size_t n = strlen(section);
    if (strncmp(line + 3, section, n) != 0)
        return false;
    char after = line[3 + n];
    return after == '\0' || after == ':' || after == ' ' || after == '\t';
}

/* "12. text" (up to 3 spaces before the number) -> the text, else NULL. */
static const char *list_item_text(const char *line)
{
    const char *p = line;
    for (int i = 0; i < 3 && *p == ' '; i++)
        p++;
    if (!isdigit((unsigned char)*p))
        return NULL;
    while (isdigit((unsigned char)*p))
        p++;
    if (*p != '.' || (p[1] != ' ' && p[1] != '\t'))
        return NULL;
    p++;
    while (*p == ' ' || *p == '\t')
        p++;
    return p;
}

static bool is_blank(const char *line) { return line[strspn(line, " \t")] == '\0'; }

static void add_item(course_hints *h, const char *text)
{
    char **grown = realloc(h->items, (h->count + 1) * sizeof *grown);
    if (!grown || !(grown[h->count] = strdup(text))) {
        fprintf(stderr, "course: out of memory\n");
        exit(COURSE_FAILED);
    }
    h->items = grown;
    h->count++;
}

static void append_line(course_hints *h, const char *line)
{
    char **last = &h->items[h->count - 1];
    size_t old = strlen(*last), n = strlen(line);
    char *grown = realloc(*last, old + n + 2);
    if (!grown) {
        fprintf(stderr, "course: out of memory\n");
        exit(COURSE_FAILED);
    }
    grown[old] = '\n';
    memcpy(grown + old + 1, line, n + 1);
    *last = grown;
}

int hints_load(course_hints *h, const char *root, const course_exercise *e)
{
    char path[4400];
    memset(h, 0, sizeof *h);
    snprintf(path, sizeof path, "%s/lessons/%s/exercises/HINTS.md", root, e->lesson);
    char *text = read_all(path);
    if (!text) {
        fprintf(stderr, "course: no hints for %s: cannot read lessons/%s/exercises/HINTS.md: %s\n", e->id,
                e->lesson, strerror(errno));
        return COURSE_USAGE;
    }
    bool in_section = false, found = false, in_item = false, in_fence = false;
    int blank_run = 0;
    size_t indent = 0; /* where the current item's text starts: "1. " is 3 */
    for (char *next = text, *line; (line = next) != NULL;) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        size_t len = strlen(line);
        if (len && line[len - 1] == '\r')
            line[len - 1] = '\0';
        /* a '#' inside a code block is not a heading; a block may open
         * right after an item's number ("3. ```c") */
        const char *text_start = list_item_text(line);
        if (text_start == NULL)
            text_start = line + strspn(line, " \t");
        if (strncmp(text_start, "```", 3) == 0)
            in_fence = !in_fence;
        if (line[0] == '#' && !in_fence) {
            if (in_section)
                break; /* the next heading ends the section */
            in_section = found = is_section_heading(line, e->section);
            continue;
        }
        if (!in_section)
            continue;
        const char *item = list_item_text(line);
        if (item) {
            add_item(h, item);
            in_item = true;
            indent = (size_t)(item - line);
            blank_run = 0;
        } else if (is_blank(line)) {
            blank_run++;
        } else if (in_item && (line[0] == ' ' || line[0] == '\t')) {
            if (blank_run)
                append_line(h, "");
            /* drop the item's own indent, keep any more (a code block) */
            size_t lead = strspn(line, " \t");
            append_line(h, line + (lead < indent ? lead : indent));
            blank_run = 0;
        } else {
            in_item = false; /* unindented text after the list */
        }
    }
    free(text);
    if (!found) {
        fprintf(stderr,
                "course: lessons/%s/exercises/HINTS.md has no section \"## %s: ...\" for %s\n"
                "  (the manifest, lessons/exercises.manifest line %d, names that section)\n",
                e->lesson, e->section, e->id, e->line);
        return COURSE_USAGE;
    }
    if (h->count == 0) {
        fprintf(stderr, "course: section \"## %s\" of lessons/%s/exercises/HINTS.md has no numbered hints\n",
                e->section, e->lesson);
        return COURSE_USAGE;
    }
    return COURSE_OK;
}

void hints_free(course_hints *h)
{
    for (size_t i = 0; i < h->count; i++)
        free(h->items[i]);
    free(h->items);
    h->items = NULL;
    h->count = 0;
}
