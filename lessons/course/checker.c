/*
 * checker.c - one exercise through the learner build and ctest.
 *
 *   cmake --build --preset learner --target check-01-futures 01-futures
 *   ctest --preset learner -R '^01-futures/ex1_countdown$'
 *
 * Only the lesson's own targets are built, so a half-written exercise in
 * another lesson does not stop this one.  What the tools print is
 * captured, then cut down to what the learner needs: the compiler's first
 * error, or the first failing check in full.
 */
#include "checker.h"
#include "run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const course_build COURSE_LEARNER = {"learner", "build-learner", "learner build"};
const course_build COURSE_LEARNER_ASAN = {"learner-asan", "build-learner-asan",
                                          "learner build under ASan+UBSan"};
const course_build COURSE_LEARNER_TSAN = {"learner-tsan", "build-learner-tsan", "learner build under TSan"};

/* Longest line we print from a tool's output. */
#define MAX_SHOWN_LINES 200

int checker_require(const course *c, const course_build *b)
{
    char cache[4300];
    snprintf(cache, sizeof cache, "%s/%s/CMakeCache.txt", c->root, b->dir);
    if (access(cache, F_OK) == 0)
        return COURSE_OK;
    fprintf(stderr,
            "course: there is no %s yet (%s/ is not configured).\n"
            "Set it up once, from %s:\n\n"
            "    cmake --preset %s && cmake --build --preset %s\n\n",
            b->what, b->dir, c->root, b->preset, b->preset);
    return COURSE_NO_BUILD;
}

/* Print `len` bytes of a tool's line, without the checkout's absolute
 * path (the compiler is given absolute paths; the learner thinks in
 * lessons/...). */
static void print_line(const course *c, const char *line, size_t len)
{
    size_t rootlen = strlen(c->root);
    fputs("  ", stdout);
    for (size_t i = 0; i < len; i++) {
        if (i + rootlen + 1 <= len && strncmp(line + i, c->root, rootlen) == 0 && line[i + rootlen] == '/') {
            i += rootlen;
            continue;
        }
        putchar(line[i]);
    }
    putchar('\n');
}

/* The lines of text as (start, length) pairs, without copying. */
typedef struct lines {
    const char **start;
    size_t *len;
    size_t count;
} lines;

static lines split_lines(const char *text)
{
    lines l = {0};
    size_t cap = 0;
    for (const char *p = text; *p;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (l.count == cap) {
            cap = cap ? 2 * cap : 256;
            l.start = realloc(l.start, cap * sizeof *l.start);
            l.len = realloc(l.len, cap * sizeof *l.len);
            if (!l.start || !l.len) {
                fprintf(stderr, "course: out of memory\n");
                exit(COURSE_FAILED);
            }
        }
        l.start[l.count] = p;
        l.len[l.count++] = n;
        p = nl ? nl + 1 : p + n;
    }
    return l;
}

static void free_lines(lines *l)
{
    free(l->start);
    free(l->len);
}

static bool line_has(const lines *l, size_t i, const char *needle)
{
    const char *hit = strstr(l->start[i], needle);
    return hit && hit < l->start[i] + l->len[i];
}

static bool line_starts(const lines *l, size_t i, const char *prefix)
{
    size_t n = strlen(prefix);
    return l->len[i] >= n && strncmp(l->start[i], prefix, n) == 0;
}

/* A line where the build tool (not the compiler) speaks: the end of a
 * diagnostic's context. */
static bool is_tool_line(const lines *l, size_t i)
{
    return line_starts(l, i, "[") || line_starts(l, i, "gmake") || line_starts(l, i, "make") ||
           line_starts(l, i, "ninja") || line_starts(l, i, "collect2") ||
           line_has(l, i, "compilation terminated");
}

/* Show the first error of a failed build and the file it is in. */
static void show_build_error(const course *c, const char *output)
{
    lines l = split_lines(output);
    size_t first = l.count;
    for (size_t i = 0; i < l.count && first == l.count; i++)
        if (line_has(&l, i, ": error:") || line_has(&l, i, ": fatal error:") ||
            line_has(&l, i, "undefined reference to") || line_has(&l, i, "multiple definition of") ||
            line_starts(&l, i, "CMake Error"))
            first = i;
    if (first == l.count) {
        /* no recognisable diagnostic: show the end, where tools report */
        printf("The build failed; its last lines:\n");
        for (size_t i = l.count > 20 ? l.count - 20 : 0; i < l.count; i++)
            print_line(c, l.start[i], l.len[i]);
        free_lines(&l);
        return;
    }
    /* the file: what precedes ":line:col: error:" on the error line */
    char file[512] = "";
    const char *colon = memchr(l.start[first], ':', l.len[first]);
    if (colon && colon > l.start[first] && (size_t)(colon - l.start[first]) < sizeof file) {
        snprintf(file, sizeof file, "%.*s", (int)(colon - l.start[first]), l.start[first]);
        size_t rootlen = strlen(c->root);
        if (strncmp(file, c->root, rootlen) == 0 && file[rootlen] == '/')
            memmove(file, file + rootlen + 1, strlen(file + rootlen + 1) + 1);
        if (!strstr(file, ".c") && !strstr(file, ".h"))
            file[0] = '\0';
    }
    if (file[0])
        printf("The build failed.  The compiler's first error, in %s:\n\n", file);
    else
        printf("The build failed.  Its first error:\n\n");
    size_t from = first > 0 && line_has(&l, first - 1, "In function") ? first - 1 : first;
    for (size_t i = from; i < l.count && i < from + 16; i++) {
        if (i > first && (is_tool_line(&l, i) || line_has(&l, i, ": error:") ||
                          line_has(&l, i, ": warning:") || line_has(&l, i, "In function")))
            break;
        print_line(c, l.start[i], l.len[i]);
    }
    if (line_has(&l, first, "undefined reference to"))
        printf("\nThe linker found no definition of that function: is it missing from the exercise\n"
               "file, misspelled, or made static?\n");
    printf("\n");
    free_lines(&l);
}

int checker_build_lesson(const course *c, const course_build *b, const char *lesson)
{
    char program[128], checks[160];
    snprintf(program, sizeof program, "%s", lesson);
    snprintf(checks, sizeof checks, "check-%s", lesson);
    char *argv[] = {"cmake", "--build", "--preset", (char *)b->preset, "--target", checks, program, NULL};
    printf("Building lesson %s (%s) ... ", lesson, b->what);
    fflush(stdout);
    run_output out;
    int status = run_capture(c->root, argv, &out);
    if (status == 0) {
        printf("ok\n");
        run_output_free(&out);
        return COURSE_OK;
    }
    printf("FAILED\n\n");
    if (status == RUN_CANNOT_EXEC)
        printf("course: cannot run cmake: %s", out.text);
    else
        show_build_error(c, out.text);
    run_output_free(&out);
    return status == RUN_CANNOT_EXEC ? COURSE_NO_BUILD : COURSE_FAILED;
}

/* Among a failed test's output, the first failing cmocka check in full:
 *
 *   [ RUN      ] countdown_pending_until_zero_then_ready      <- from here
 *   ... the check's messages ...
 *   [  FAILED  ] countdown_pending_until_zero_then_ready      <- to here
 *
 * If the program died inside a check (a stub's "not implemented" exit, a
 * crash, a sanitizer report, a timeout) there is no FAILED line: show
 * from the last RUN to the end. */
static void show_first_failure(const course *c, const lines *l, size_t from, size_t to)
{
    size_t run = to, end = to;
    for (size_t i = from; i < to; i++) {
        if (line_starts(l, i, "[ RUN      ]"))
            run = i;
        if (line_starts(l, i, "[  FAILED  ]") && run != to && !line_has(l, i, "listed below")) {
            end = i + 1;
            break;
        }
    }
    if (run == to)
        run = from; /* not cmocka's format at all: show everything */
    if (end == to) {
        /* every check passed but the program still failed (a leak report
         * at exit, say): start after cmocka's last word */
        size_t last_marker = to;
        bool last_ok = false;
        for (size_t i = run; i < to; i++) {
            if (line_starts(l, i, "[")) {
                last_marker = i;
                last_ok |= line_starts(l, i, "[       OK ]");
            }
        }
        if (last_ok && last_marker != to) {
            run = last_marker + 1;
            while (run < to && l->len[run] == 0)
                run++;
        }
    }
    for (size_t i = run, shown = 0; i < end && shown < MAX_SHOWN_LINES; i++, shown++)
        print_line(c, l->start[i], l->len[i]);
}

int checker_run(const course *c, const course_build *b, const course_exercise *e, bool show_failure)
{
    char regex[200];
    snprintf(regex, sizeof regex, "^%s$", e->test);
    char *argv[] = {
        "ctest", "--preset", (char *)b->preset, "-R", regex, "--output-on-failure", "--no-tests=error", NULL};
    printf("Checking %s (%s) ... ", e->id, e->test);
    fflush(stdout);
    run_output out;
    int status = run_capture(c->root, argv, &out);
    if (status == 0) {
        printf("passed\n");
        run_output_free(&out);
        return COURSE_OK;
    }
    printf("FAILED\n");
    if (status == RUN_CANNOT_EXEC) {
        printf("course: cannot run ctest: %s", out.text);
        run_output_free(&out);
        return COURSE_NO_BUILD;
    }
    if (strstr(out.text, "No tests were found")) {
        printf("\nctest has no test named %s in %s/.  If you just pulled new lessons, reconfigure:\n"
               "    cmake --preset %s\n"
               "otherwise lessons/exercises.manifest line %d names a test that does not exist.\n",
               e->test, b->dir, b->preset, e->line);
        run_output_free(&out);
        return COURSE_FAILED;
    }
    if (!show_failure) {
        run_output_free(&out);
        return COURSE_FAILED;
    }
    /* the test's own output: after ctest's "1/1 Test #3: name ...***Failed" */
    lines l = split_lines(out.text);
    size_t from = 0, to = l.count;
    bool timeout = false;
    for (size_t i = 0; i < l.count; i++) {
        if (line_has(&l, i, "Test #") && line_has(&l, i, "***")) {
            from = i + 1;
            timeout = line_has(&l, i, "***Timeout");
        } else if (from && i >= from &&
                   (line_has(&l, i, "% tests passed") || line_has(&l, i, "tests failed"))) {
            to = i;
            break;
        }
    }
    while (to > from && l.len[to - 1] == 0)
        to--;
    printf("\n---- %s: the first failing check ----\n", e->id);
    show_first_failure(c, &l, from, to);
    printf("----\n");
    if (strstr(out.text, "Sanitizer"))
        printf("A sanitizer stopped the check: the report above names the bug and, in its stack,\n"
               "the line of your file where it happened.\n");
    if (timeout)
        printf(
            "The check ran out of time: something it waited for never happened - a wake that\n"
            "never came, or a function that never returned.  The last lines above are where it stopped.\n");
    free_lines(&l);
    run_output_free(&out);
    return COURSE_FAILED;
}
