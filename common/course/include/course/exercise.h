/*
 * exercise.h - what an unfinished exercise stub calls.
 *
 * AC_TODO() prints which function to write and in which file, then exits
 * the process with AC_TODO_EXIT.  Exiting (rather than returning a wrong
 * value) guarantees a stub can never hang a poll loop or a test.
 */
#ifndef COURSE_EXERCISE_H
#define COURSE_EXERCISE_H

#define AC_TODO_EXIT 3

/* What AC_TODO() calls: print the message for `function` in `file`, exit. */
_Noreturn void ac_todo(const char *function, const char *file);

#define AC_TODO() ac_todo(__func__, __FILE__)

#endif
