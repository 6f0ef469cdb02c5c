/* checker.h - build the learner's code and run one exercise's check. */
#ifndef COURSE_CHECKER_H
#define COURSE_CHECKER_H

#include "course.h"

/* A learner build: the plain one, or one under sanitizers. */
typedef struct course_build {
    const char *preset; /* configure, build and test preset */
    const char *dir;    /* its build directory, relative to the root */
    const char *what;   /* shown to the learner */
} course_build;

extern const course_build COURSE_LEARNER, COURSE_LEARNER_ASAN, COURSE_LEARNER_TSAN;

/* COURSE_OK if the build is configured; otherwise print the command that
 * configures it and return COURSE_NO_BUILD. */
int checker_require(const course *c, const course_build *b);

/* Build one lesson's program and checks; on failure print the compiler's
 * first error and the file, and return COURSE_FAILED. */
int checker_build_lesson(const course *c, const course_build *b, const char *lesson);

/* Run one exercise's CTest test.  On failure print its first failing
 * check in full when show_failure is true.  Returns COURSE_OK or
 * COURSE_FAILED (COURSE_NO_BUILD if ctest cannot be run). */
int checker_run(const course *c, const course_build *b, const course_exercise *e, bool show_failure);

/* Check the exercises in list (course order) on every build in builds:
 * build each lesson once, run each check, mark passes done and failures
 * not done, save the state and say what comes next (`watching`: in the
 * words of `course watch`).  The engine of `course check` and `course watch`. */
int check_exercises(course *c, const course_exercise **list, size_t n, const course_build *const *builds,
                    size_t nbuilds, bool watching);

#endif
