/*
 * hints.h - the compiler hints the runtime uses, named once.
 *
 * All of them only move code around; none changes what the code does.
 */
#ifndef AC_HINTS_H
#define AC_HINTS_H

/* A rare path: keep it out of line and out of the hot code's cache lines. */
#define AC_COLD __attribute__((noinline, cold))
/* Keep a function out of its caller, so the caller's hot path stays small. */
#define AC_NOINLINE __attribute__((noinline))
/* Which way a branch nearly always goes. */
#define AC_LIKELY(x)   __builtin_expect(!!(x), 1)
#define AC_UNLIKELY(x) __builtin_expect(!!(x), 0)

#endif
