/*
 * check.h - the main() of every lesson's check program.
 *
 * A lesson's checks are cmocka groups, one per exercise, named after the
 * exercise file (ex1_countdown, ...).  CTest runs `check-NN-topic <group>`
 * once per exercise so each shows up, passes and fails on its own.
 * How a check reports a failure or a hang: check_report.h.
 */
#ifndef AC_TESTS_CHECK_H
#define AC_TESTS_CHECK_H

#include <setjmp.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ac/future.h"
#include "ac/waker.h"

#include "check_report.h"

/* ---- a waker that counts how it is used -------------------------------
 * Checks use it to see the poll contract kept: one wake per Pending, every
 * clone given back (clones == drops), a borrowed waker never consumed. */
typedef struct wake_counts {
    atomic_int wakes, clones, drops; /* atomic: some checks wake from other threads */
} wake_counts;

static inline const ac_waker_vtable *counting_vtable(void);
static inline ac_waker counting_clone(void *data)
{
    atomic_fetch_add(&((wake_counts *)data)->clones, 1);
    return (ac_waker){.data = data, .vtable = counting_vtable()};
}
static inline void counting_wake(void *data)
{
    atomic_fetch_add(&((wake_counts *)data)->wakes, 1);
    atomic_fetch_add(&((wake_counts *)data)->drops, 1);
}
static inline void counting_wake_by_ref(void *data) { atomic_fetch_add(&((wake_counts *)data)->wakes, 1); }
static inline void counting_drop(void *data) { atomic_fetch_add(&((wake_counts *)data)->drops, 1); }
static inline const ac_waker_vtable *counting_vtable(void)
{
    static const ac_waker_vtable vt = {.clone = counting_clone,
                                       .wake = counting_wake,
                                       .wake_by_ref = counting_wake_by_ref,
                                       .drop = counting_drop};
    return &vt;
}
/* A borrowed (uncounted) handle on c, as a context would hold it. */
static inline ac_waker wake_counts_waker(wake_counts *c)
{
    return (ac_waker){.data = c, .vtable = counting_vtable()};
}

/* ---- a future that is Pending `left` times (waking itself each time),
 * then Ready with output 42: a task that needs exactly left + 1 polls. */
typedef struct pending_n {
    ac_future base;
    int left;
    int output;
} pending_n;

static inline ac_poll pending_n_poll(ac_future *self, ac_context *cx)
{
    pending_n *p = (pending_n *)self;
    if (p->left > 0) {
        p->left--;
        ac_waker_wake_by_ref(cx->waker);
        return AC_PENDING;
    }
    p->output = 42;
    return AC_READY;
}
static inline const ac_future_vtable *pending_n_vtable(void)
{
    static const ac_future_vtable vt = {
        .name = "pending_n", .poll = pending_n_poll, AC_OUTPUT(pending_n, output)};
    return &vt;
}
static inline pending_n pending_new(int left)
{
    return (pending_n){.base = {pending_n_vtable()}, .left = left};
}

typedef struct ac_check_group {
    const char *exercise;
    const struct CMUnitTest *tests;
    size_t count;
} ac_check_group;

#define AC_CHECK_GROUP(exercise, tests)                      \
    {                                                        \
#exercise, tests, sizeof(tests) / sizeof((tests)[0]) \
    }

/* Every test of a group starts here, in order: it names the test for the
 * report, restarts the hang watchdog, then runs the test's own setup. */
static struct {
    const struct CMUnitTest *tests; /* the group as written */
    size_t next;                    /* index of the test about to run */
} check_group_now;

static inline int check_test_setup(void **state)
{
    const struct CMUnitTest *t = &check_group_now.tests[check_group_now.next++];
    check_begin_(NULL, t->name);
    return t->setup_func != NULL ? t->setup_func(state) : 0;
}

/* Run one group with check_test_setup in front of every test. */
static inline int check_run_group(const ac_check_group *g)
{
    struct CMUnitTest *wrapped = calloc(g->count, sizeof *wrapped);
    if (wrapped == NULL)
        return 1;
    for (size_t i = 0; i < g->count; i++) {
        wrapped[i] = g->tests[i];
        wrapped[i].setup_func = check_test_setup;
    }
    check_group_now.tests = g->tests;
    check_group_now.next = 0;
    check_now.exercise = g->exercise;
    int failed = _cmocka_run_group_tests(g->exercise, wrapped, g->count, NULL, NULL);
    check_disarm_watchdog();
    free(wrapped);
    return failed;
}

/* Run the group named by argv[1], or every group when none is named. */
static inline int ac_check_main(int argc, char **argv, const ac_check_group *groups, size_t n)
{
    int failed = 0;
    bool found = false;
    for (size_t i = 0; i < n; i++) {
        if (argc > 1 && strcmp(argv[1], groups[i].exercise) != 0)
            continue;
        found = true;
        failed += check_run_group(&groups[i]);
    }
    if (!found) {
        fprintf(stderr, "%s: no exercise named '%s'; have:", argv[0], argv[1]);
        for (size_t i = 0; i < n; i++)
            fprintf(stderr, " %s", groups[i].exercise);
        fprintf(stderr, "\n");
        return 2;
    }
    return failed != 0;
}

#define AC_CHECK_MAIN(...)                                                          \
    int main(int argc, char **argv)                                                 \
    {                                                                               \
        static const ac_check_group groups[] = {__VA_ARGS__};                       \
        return ac_check_main(argc, argv, groups, sizeof groups / sizeof groups[0]); \
    }

#endif
