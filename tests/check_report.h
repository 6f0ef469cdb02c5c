/*
 * check_report.h - how a lesson check says what went wrong, in words.
 *
 * A learner who sees `0x2 != 0x1` learns nothing.  Every check names the
 * code under test and says why the value matters:
 *
 *   FAIL  counting_waker() in lessons/03-wakers/exercises/ex2_counting_waker.c
 *     check     counting_waker_counts_refs_and_wakes (tests/lessons/03-wakers.c:64)
 *     expected  atomic_load(&c->refs) == 2
 *     got       3
 *     why       every waker holds exactly one reference; one too many is a leak
 *
 * Use it like this, one CHECK_FN per function a test is about:
 *
 *   static void counting_waker_counts_refs(void **state)
 *   {
 *       CHECK_FN("counting_waker");           names the function, arms the hang watchdog
 *       ...
 *       EXPECT_INT(atomic_load(&c->refs), 2, "every waker holds exactly one reference");
 *       EXPECT_ERR(n, -EAGAIN, "an empty socket is not an end of file");   prints -EAGAIN
 *       EXPECT_POLL(ac_future_poll(f, &cx), AC_PENDING, "nothing has arrived yet");
 *   }
 *
 * The file under test follows from the group being run (the exercise) and
 * the lesson (AC_LESSON_NAME, set by tests/CMakeLists.txt).
 *
 * The first failed EXPECT ends the check program (exit status 1): see
 * check_report_tail.
 *
 * The hang watchdog: every CHECK_FN (and every group) gives the test
 * AC_CHECK_HANG_SECONDS (3 s; the environment variable of that name
 * overrides it) to finish.  Past that the process prints which function
 * never returned or never woke, and what it was waiting for (say it with
 * CHECK_WAITING), then exits - seconds, not ctest's timeout.
 */
#ifndef AC_TESTS_CHECK_REPORT_H
#define AC_TESTS_CHECK_REPORT_H

#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <setjmp.h>
#include <cmocka.h>

#include "ac/future.h"

#ifndef AC_LESSON_NAME
#define AC_LESSON_NAME "?"
#endif

enum { AC_CHECK_HANG_SECONDS = 3 };

/* What the running check is about; read by the failure report and by the
 * watchdog's signal handler (so only plain strings, set before arming). */
static struct {
    const char *exercise; /* ex2_counting_waker: set per group by check.h */
    const char *function; /* counting_waker: set by CHECK_FN */
    const char *test;     /* the cmocka test function */
    const char *waiting;  /* what a hang is waiting for: CHECK_WAITING */
    timer_t watchdog;
    bool watchdog_made;
} check_now;

/* ---- naming values -------------------------------------------------- */

/* "-EAGAIN" for -11, "0" for 0, "5" for a positive count. */
static inline const char *check_errno_text(long long v, char *buf, size_t len)
{
    if (v < 0 && v > -4096) {
        const char *name = strerrorname_np((int)-v);
        if (name != NULL) {
            snprintf(buf, len, "-%s (%lld: %s)", name, v, strerror((int)-v));
            return buf;
        }
    }
    snprintf(buf, len, "%lld", v);
    return buf;
}

static inline const char *check_poll_text(ac_poll p)
{
    return p == AC_READY ? "Ready" : p == AC_PENDING ? "Pending" : "neither Ready nor Pending";
}

/* ---- the report ------------------------------------------------------- */

/* The first lines of every failure: which of the learner's functions, in
 * which file, and which check found it. */
static inline void check_report_head(const char *file, int line)
{
    fflush(stdout); /* cmocka's "[ RUN ]" line first, then the report */
    if (check_now.function != NULL)
        print_error("\nFAIL  %s() in lessons/%s/exercises/%s.c\n", check_now.function, AC_LESSON_NAME,
                    check_now.exercise != NULL ? check_now.exercise : "?");
    else
        print_error("\nFAIL  in lessons/%s/exercises/%s.c\n", AC_LESSON_NAME,
                    check_now.exercise != NULL ? check_now.exercise : "?");
    print_error("  check     %s (%s:%d)\n", check_now.test != NULL ? check_now.test : "?", file, line);
}

/* The first failure ends the check program.  What follows it would run
 * on broken state (threads still parked on a struct the failed test
 * owned, a half-built queue), crash, and bury the one report that
 * matters; and a learner fixes one thing at a time anyway. */
static inline void check_report_tail(const char *why, const char *file, int line)
{
    (void)file;
    (void)line;
    print_error("  why       %s\n", why);
    printf("[  FAILED  ] %s\n", check_now.test != NULL ? check_now.test : "?");
    fflush(stdout);
    fflush(stderr);
    _exit(1);
}

static inline void check_int_(long long actual, long long expected, const char *what,
                              const char *expected_text, const char *why, const char *file, int line)
{
    if (actual == expected)
        return;
    check_report_head(file, line);
    print_error("  expected  %s == %s (%lld)\n  got       %lld\n", what, expected_text, expected, actual);
    check_report_tail(why, file, line);
}

static inline void check_uint_(unsigned long long actual, unsigned long long expected, const char *what,
                               const char *expected_text, const char *why, const char *file, int line)
{
    if (actual == expected)
        return;
    check_report_head(file, line);
    print_error("  expected  %s == %s (%llu)\n  got       %llu\n", what, expected_text, expected, actual);
    check_report_tail(why, file, line);
}

static inline void check_err_(long long actual, long long expected, const char *what, const char *why,
                              const char *file, int line)
{
    if (actual == expected)
        return;
    char a[96], e[96];
    check_report_head(file, line);
    print_error("  expected  %s == %s\n  got       %s\n", what, check_errno_text(expected, e, sizeof e),
                check_errno_text(actual, a, sizeof a));
    check_report_tail(why, file, line);
}

static inline void check_poll_(ac_poll actual, ac_poll expected, const char *what, const char *why,
                               const char *file, int line)
{
    if (actual == expected)
        return;
    check_report_head(file, line);
    print_error("  expected  %s to be %s\n  got       %s\n", what, check_poll_text(expected),
                check_poll_text(actual));
    check_report_tail(why, file, line);
}

static inline void check_true_(bool ok, const char *what, const char *why, const char *file, int line)
{
    if (ok)
        return;
    check_report_head(file, line);
    print_error("  expected  %s\n  got       it is not so\n", what);
    check_report_tail(why, file, line);
}

static inline void check_ptr_(const void *actual, const void *expected, const char *what,
                              const char *expected_text, const char *why, const char *file, int line)
{
    if (actual == expected)
        return;
    check_report_head(file, line);
    print_error("  expected  %s == %s (%p)\n  got       %p\n", what, expected_text, expected, actual);
    check_report_tail(why, file, line);
}

static inline void check_mem_(const void *actual, const void *expected, size_t len, const char *what,
                              const char *why, const char *file, int line)
{
    if (memcmp(actual, expected, len) == 0)
        return;
    const unsigned char *a = actual, *e = expected;
    size_t at = 0;
    while (a[at] == e[at])
        at++;
    check_report_head(file, line);
    print_error("  expected  %s to hold the %zu bytes expected\n"
                "  got       a difference at byte %zu: %u instead of %u\n",
                what, len, at, a[at], e[at]);
    check_report_tail(why, file, line);
}

/* Strings, shown as text (NULL says so). */
static inline void check_str_(const char *actual, const char *expected, bool whole, const char *what,
                              const char *why, const char *file, int line)
{
    if (actual != NULL && (whole ? strcmp(actual, expected) == 0 : strstr(actual, expected) != NULL))
        return;
    check_report_head(file, line);
    if (actual == NULL)
        print_error("  expected  %s %s \"%s\"\n  got       NULL\n", what, whole ? "==" : "to contain",
                    expected);
    else
        print_error("  expected  %s %s \"%s\"\n  got       \"%s\"\n", what, whole ? "==" : "to contain",
                    expected, actual);
    check_report_tail(why, file, line);
}

/* Compare as integers (decimal), errno values (by name), poll results. */
#define EXPECT_INT(actual, expected, why) \
    check_int_((long long)(actual), (long long)(expected), #actual, #expected, why, __FILE__, __LINE__)
#define EXPECT_UINT(actual, expected, why)                                                             \
    check_uint_((unsigned long long)(actual), (unsigned long long)(expected), #actual, #expected, why, \
                __FILE__, __LINE__)
#define EXPECT_ERR(actual, expected, why) \
    check_err_((long long)(actual), (long long)(expected), #actual, why, __FILE__, __LINE__)
#define EXPECT_POLL(actual, expected, why) check_poll_((actual), (expected), #actual, why, __FILE__, __LINE__)
#define EXPECT_TRUE(cond, why)             check_true_((cond), #cond, why, __FILE__, __LINE__)
#define EXPECT_FALSE(cond, why)            check_true_(!(cond), "!(" #cond ")", why, __FILE__, __LINE__)
#define EXPECT_PTR(actual, expected, why) \
    check_ptr_((actual), (expected), #actual, #expected, why, __FILE__, __LINE__)
#define EXPECT_NONNULL(p, why) check_true_((p) != NULL, #p " != NULL", why, __FILE__, __LINE__)
#define EXPECT_NULL(p, why)    check_ptr_((p), NULL, #p, "NULL", why, __FILE__, __LINE__)
#define EXPECT_MEM(actual, expected, len, why) \
    check_mem_((actual), (expected), (len), #actual, why, __FILE__, __LINE__)
#define EXPECT_STR(actual, expected, why) \
    check_str_((actual), (expected), true, #actual, why, __FILE__, __LINE__)
#define EXPECT_CONTAINS(actual, part, why) \
    check_str_((actual), (part), false, #actual, why, __FILE__, __LINE__)

/* ---- the hang watchdog -------------------------------------------------- */

static inline void check_write_(const char *s)
{
    if (s != NULL) {
        ssize_t n = write(STDERR_FILENO, s, strlen(s));
        (void)n; /* nothing more to do if stderr is gone */
    }
}

/* A signal handler: only write(2) and _exit(2), on strings set earlier. */
static inline void check_on_hang(int sig)
{
    (void)sig;
    check_write_("\nHANG  stuck checking ");
    check_write_(check_now.function != NULL ? check_now.function : "the exercise");
    check_write_(check_now.function != NULL ? "() in lessons/" : " in lessons/");
    check_write_(AC_LESSON_NAME);
    check_write_("/exercises/");
    check_write_(check_now.exercise);
    check_write_(".c (it never returned, or what it waits for never woke it)\n  check     ");
    check_write_(check_now.test != NULL ? check_now.test : "?");
    check_write_("\n  waiting   ");
    check_write_(check_now.waiting != NULL ? check_now.waiting : "for it to return");
    check_write_(
        "\n  why       a future that returns Pending must have arranged its wake, and a loop must end;"
        "\n            otherwise nothing ever runs it again and the program hangs.\n"
        "  (gave up after the check's time limit: set AC_CHECK_HANG_SECONDS to change it)\n");
    _exit(1);
}

static inline unsigned check_hang_seconds(void)
{
    const char *env = getenv("AC_CHECK_HANG_SECONDS");
    long s = env != NULL ? strtol(env, NULL, 10) : 0;
    return s > 0 ? (unsigned)s : AC_CHECK_HANG_SECONDS;
}

/* (Re)start the watchdog.  A realtime signal and a POSIX timer, not
 * alarm(): code under test may use alarm() in a child of its own, and a
 * forked child does not inherit this timer. */
static inline void check_arm_watchdog(void)
{
    if (!check_now.watchdog_made) {
        struct sigaction sa = {.sa_handler = check_on_hang};
        sigemptyset(&sa.sa_mask);
        sigaction(SIGRTMIN + 1, &sa, NULL);
        struct sigevent ev = {.sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGRTMIN + 1};
        if (timer_create(CLOCK_MONOTONIC, &ev, &check_now.watchdog) != 0)
            return; /* no watchdog: ctest's timeout still stops a hang */
        check_now.watchdog_made = true;
    }
    struct itimerspec its = {.it_value = {.tv_sec = check_hang_seconds()}};
    timer_settime(check_now.watchdog, 0, &its, NULL);
}

static inline void check_disarm_watchdog(void)
{
    if (check_now.watchdog_made) {
        struct itimerspec off = {{0, 0}, {0, 0}};
        timer_settime(check_now.watchdog, 0, &off, NULL);
    }
}

static inline void check_begin_(const char *function, const char *test)
{
    check_now.function = function;
    check_now.test = test;
    check_now.waiting = NULL;
    check_arm_watchdog();
}

/* The learner's function this test is about (a string: "counting_waker").
 * Also restarts the hang watchdog. */
#define CHECK_FN(function) check_begin_(function, __func__)
/* What a hang here would be waiting for, in words. */
#define CHECK_WAITING(what) (check_now.waiting = (what))

#endif
