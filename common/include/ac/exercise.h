/*
 * exercise.h - what an unfinished exercise stub calls.
 *
 * AC_TODO() prints which function to write and in which file, then exits
 * the process with AC_TODO_EXIT.  Exiting (rather than returning a wrong
 * value) guarantees a stub can never hang a poll loop or a test.
 */
#ifndef AC_EXERCISE_H
#define AC_EXERCISE_H

#define AC_TODO_EXIT 3

_Noreturn void ac__todo(const char *function, const char *file);

#define AC_TODO() ac__todo(__func__, __FILE__)

#endif
