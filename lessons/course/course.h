/*
 * course.h - the learner's tool: what every command shares.
 *
 * `course` reads lessons/exercises.manifest (the exercises, in course
 * order), keeps the learner's progress in .course-state at the root of the
 * checkout, and drives the learner build (cmake + ctest) for them:
 *
 *   main.c         the command table, --help, finding the checkout
 *   manifest.c     parsing the manifest, turning "03/ex2" into an exercise
 *   state.c        .course-state: which exercises passed, hints shown
 *   hints.c        HINTS.md: one exercise's numbered hints
 *   stub_doc.c     the stub's header comment: what an exercise must do
 *   run.c          running a program and capturing what it prints
 *   checker.c      build + ctest for one exercise, first error/failure
 *   cmd_*.c        one file per command; watch.c the watch loop,
 *                  terminal.c its single-key input
 */
#ifndef COURSE_H
#define COURSE_H

#include <stdbool.h>
#include <stddef.h>

/* Exit statuses, the same for every command (documented in --help). */
enum {
    COURSE_OK = 0,       /* done, or the check passed */
    COURSE_FAILED = 1,   /* a check or a build failed, or a refusal */
    COURSE_USAGE = 2,    /* unknown command, exercise or option; bad manifest */
    COURSE_NO_BUILD = 3, /* the learner build (or cmake, git) is missing */
};

/* One line of the manifest. */
typedef struct course_exercise {
    char lesson[64];  /* lesson folder: 01-futures */
    char file[96];    /* stub file in lessons/<lesson>/exercises/: ex1_countdown.c */
    char test[160];   /* CTest name: 01-futures/ex1_countdown */
    char section[96]; /* HINTS.md section: Exercise 1 */
    char id[48];      /* short id shown to the learner: 01/ex1 */
    int line;         /* where in the manifest, for error messages */
} course_exercise;

typedef struct course_manifest {
    course_exercise *items;
    size_t count;
} course_manifest;

typedef struct course_state_entry {
    char test[160];
    bool done;
    int hints_shown;
} course_state_entry;

typedef struct course_state {
    course_state_entry *entries;
    size_t count;
    char path[4096];
} course_state;

/* Everything a command needs: where the checkout is, the exercises, the
 * learner's progress. */
typedef struct course {
    char root[4096];
    course_manifest manifest;
    course_state state;
} course;

/* ---- manifest.c ---- */
int manifest_load(course_manifest *m, const char *root);
void manifest_free(course_manifest *m);
/* Resolve an exercise id (NN/exK, NN-topic/exK, NN-topic/exK_name, with or
 * without .c); prints why on failure and returns NULL. */
const course_exercise *manifest_find(const course_manifest *m, const char *id);
/* Resolve a lesson (NN or NN-topic) to its folder name; NULL if unknown. */
const char *manifest_find_lesson(const course_manifest *m, const char *name);
/* Index of an exercise in course order. */
size_t manifest_index(const course_manifest *m, const course_exercise *e);

/* ---- state.c ---- */
int state_load(course_state *s, const char *root);
int state_save(const course_state *s);
void state_free(course_state *s);
bool state_done(const course_state *s, const course_exercise *e);
void state_set_done(course_state *s, const course_exercise *e, bool done);
int state_hints_shown(const course_state *s, const course_exercise *e);
void state_set_hints_shown(course_state *s, const course_exercise *e, int n);

/* ---- progress (cmd_list.c) ---- */
/* The first exercise not done, in course order; NULL when all are. */
const course_exercise *course_current(const course *c);
size_t course_done_count(const course *c);

/* ---- hints.c ---- */
typedef struct course_hints {
    char **items; /* each hint's text, continuation lines joined with '\n' */
    size_t count;
} course_hints;
/* Parse the exercise's section of its lesson's HINTS.md; prints why and
 * returns COURSE_USAGE when the file or the section is missing. */
int hints_load(course_hints *h, const char *root, const course_exercise *e);
void hints_free(course_hints *h);

/* ---- stub_doc.c ---- */
/* What the exercise must do: the first paragraph of the stub's header
 * comment (and the next one when the first is only a title line).
 * Returns a malloc'd string, or NULL if the stub has no header comment. */
char *stub_doc(const char *root, const course_exercise *e);

/* ---- paths ---- */
void course_stub_path(const course_exercise *e, char *out, size_t size);     /* relative to root */
void course_solution_path(const course_exercise *e, char *out, size_t size); /* relative to root */

/* ---- the commands (cmd_*.c, watch.c); argv[0] is the command name ---- */
int cmd_list(course *c, int argc, char **argv);
int cmd_next(course *c, int argc, char **argv);
int cmd_check(course *c, int argc, char **argv);
int cmd_hint(course *c, int argc, char **argv);
int cmd_watch(course *c, int argc, char **argv);
int cmd_reset(course *c, int argc, char **argv);
int cmd_solution(course *c, int argc, char **argv);
int cmd_verify(course *c, int argc, char **argv);

/* Shared by next and watch: print where the exercise is and what to do. */
void print_next(const course *c, const course_exercise *e);
/* Shared by hint and watch: show the next hint; returns an exit status. */
int show_next_hint(course *c, const course_exercise *e);
/* Shared by list and watch. */
void print_list(const course *c);

#endif
