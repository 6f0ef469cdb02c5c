/*
 * stub_doc.c - what an exercise must do, in the stub's own words.
 *
 * Every stub opens with a comment:
 *
 *   /\*
 *    * Exercise 1: countdown_poll - your first future.     <- title
 *    *
 *    * A countdown made with countdown_new(3) must ...      <- what it does
 *    * ...
 *
 * `course next` shows the first paragraph; when that is only the title
 * line, the paragraph after it too, so the learner sees the task and not
 * just its name.
 */
#include "course.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Append one comment line (without its " * " margin) to out. */
static void append(char **out, size_t *len, const char *line, size_t n)
{
    char *grown = realloc(*out, *len + n + 2);
    if (!grown) {
        fprintf(stderr, "course: out of memory\n");
        exit(COURSE_FAILED);
    }
    memcpy(grown + *len, line, n);
    *len += n;
    grown[(*len)++] = '\n';
    grown[*len] = '\0';
    *out = grown;
}

char *stub_doc(const char *root, const course_exercise *e)
{
    char path[4400];
    snprintf(path, sizeof path, "%s/lessons/%s/exercises/%s", root, e->lesson, e->file);
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    char line[1024];
    if (!fgets(line, sizeof line, f) || strncmp(line + strspn(line, " \t"), "/*", 2) != 0) {
        fclose(f);
        return NULL;
    }
    char *out = NULL;
    size_t len = 0;
    int paragraphs = 0, lines_in_paragraph = 0;
    bool title_only = false;
    while (fgets(line, sizeof line, f)) {
        char *s = line + strspn(line, " \t");
        bool end = strstr(s, "*/") != NULL;
        if (*s == '*' && s[1] != '/')
            s++;
        if (*s == ' ')
            s++;
        size_t n = strcspn(s, "\n");
        char *close = strstr(s, "*/");
        if (close && (size_t)(close - s) < n)
            n = (size_t)(close - s);
        while (n > 0 && s[n - 1] == ' ')
            n--;
        if (n == 0) {
            if (lines_in_paragraph > 0) {
                paragraphs++;
                if (paragraphs == 1 && lines_in_paragraph == 1 && strncmp(out, "Exercise", 8) == 0)
                    title_only = true;
                if (paragraphs >= (title_only ? 2 : 1))
                    break;
                append(&out, &len, "", 0);
            }
            lines_in_paragraph = 0;
        } else {
            append(&out, &len, s, n);
            lines_in_paragraph++;
        }
        if (end)
            break;
    }
    fclose(f);
    while (out && len > 0 && out[len - 1] == '\n')
        out[--len] = '\0';
    return out;
}
