/*
 * Checks for lesson 01 (futures by hand), one group per exercise.
 *
 *   ctest --preset learner -L 01-futures      all three
 *   ctest --preset learner -R 01-futures/ex1  just exercise 1
 */
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../check.h"
#include "lesson.h"

/* ---- exercise 1 ------------------------------------------------------ */

static void countdown_pending_until_zero_then_ready(void **state)
{
    (void)state;
    CHECK_FN("countdown_poll");
    wake_counts counts = {0};
    ac_waker w = wake_counts_waker(&counts);
    ac_context cx = {.waker = &w};
    countdown c = countdown_new(3);
    for (unsigned expected = 2; expected != (unsigned)-1; expected--) {
        EXPECT_POLL(ac_future_poll(&c.base, &cx), AC_PENDING,
                    "while the count is above 0 the countdown is Pending");
        EXPECT_NONNULL(w.vtable, "the waker in the context is borrowed: wake it by reference "
                                 "(ac_waker_wake_by_ref); ac_waker_wake uses the handle up (it empties it)");
        EXPECT_UINT(c.count, expected, "each Pending takes exactly one off the count");
        EXPECT_INT(atomic_load(&counts.wakes), 3 - expected,
                   "rule 2: every Pending arranges its wake - here by waking at once, each time");
    }
    EXPECT_POLL(ac_future_poll(&c.base, &cx), AC_READY, "the poll that finds the count at 0 is Ready");
    EXPECT_UINT(c.count, 0, "Ready leaves the count at 0");
    EXPECT_INT(atomic_load(&counts.wakes), 3, "a Ready future needs no wake: nobody has to poll it again");
    EXPECT_INT(atomic_load(&counts.drops), atomic_load(&counts.clones),
               "the waker in the context is borrowed: wake it by reference (ac_waker_wake_by_ref); "
               "ac_waker_wake or ac_waker_drop would give back a handle that is not yours");
}

static void countdown_of_zero_is_ready_without_waking(void **state)
{
    (void)state;
    CHECK_FN("countdown_poll");
    wake_counts counts = {0};
    ac_waker w = wake_counts_waker(&counts);
    ac_context cx = {.waker = &w};
    countdown c = countdown_new(0);
    EXPECT_POLL(ac_future_poll(&c.base, &cx), AC_READY, "a countdown from 0 has nothing to wait for");
    EXPECT_UINT(c.count, 0, "Ready at 0 leaves the count alone (taking one off 0 wraps to 4294967295)");
    EXPECT_INT(atomic_load(&counts.wakes), 0, "a Ready future needs no wake");
}

static const struct CMUnitTest ex1_tests[] = {
    cmocka_unit_test(countdown_pending_until_zero_then_ready),
    cmocka_unit_test(countdown_of_zero_is_ready_without_waking),
};

/* ---- exercise 2 ------------------------------------------------------ */

static void ready_hands_out_value_on_first_poll(void **state)
{
    (void)state;
    CHECK_FN("ready_int_poll");
    wake_counts counts = {0};
    ac_waker w = wake_counts_waker(&counts);
    ac_context cx = {.waker = &w};
    ready_int r = ready_int_new(42);
    EXPECT_POLL(ac_future_poll(&r.base, &cx), AC_READY,
                "the value is known already: Ready on the first poll");
    EXPECT_INT(r.output, 42, "the value moves into `output`, where the caller reads it");
    EXPECT_INT(*(int *)ac_future_output(&r.base), 42, "ac_future_output finds the value in `output`");
    EXPECT_TRUE(r.taken, "`taken` records that the value was handed out");
    EXPECT_INT(atomic_load(&counts.wakes), 0, "a Ready future needs no wake");
    EXPECT_INT(atomic_load(&counts.drops), atomic_load(&counts.clones),
               "the waker in the context is borrowed: not to be dropped or consumed");
}

static void ready_keeps_each_value_apart(void **state)
{
    (void)state;
    CHECK_FN("ready_int_poll");
    ac_waker w = ac_waker_noop();
    ac_context cx = {.waker = &w};
    ready_int a = ready_int_new(-7), b = ready_int_new(1000);
    EXPECT_POLL(ac_future_poll(&b.base, &cx), AC_READY, "Ready on the first poll");
    EXPECT_POLL(ac_future_poll(&a.base, &cx), AC_READY, "Ready on the first poll");
    EXPECT_INT(a.output, -7, "each future hands out its own value");
    EXPECT_INT(b.output, 1000, "each future hands out its own value");
}

/* Poll a fresh ready_int twice in a child process and report how the
 * child ended: the second poll must stop the program (rule 1). */
static void ready_aborts_when_polled_after_ready(void **state)
{
    (void)state;
    CHECK_FN("ready_int_poll");
    CHECK_WAITING("a child process that polls ready_int twice");
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        ac_waker w = ac_waker_noop();
        ac_context cx = {.waker = &w};
        ready_int r = ready_int_new(5);
        if (freopen("/dev/null", "w", stderr) == NULL) /* its message is expected: keep the report clean */
            _exit(2);
        (void)ac_future_poll(&r.base, &cx);
        (void)ac_future_poll(&r.base, &cx);
        _exit(0); /* the second poll came back: that is the bug */
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT,
                "a second poll after Ready is the caller's bug (rule 1): print why and abort() - "
                "handing out the value again would hide the bug");
}

static const struct CMUnitTest ex2_tests[] = {
    cmocka_unit_test(ready_hands_out_value_on_first_poll),
    cmocka_unit_test(ready_keeps_each_value_apart),
    cmocka_unit_test(ready_aborts_when_polled_after_ready),
};

/* ---- exercise 3: uses its own test future, not exercise 1's ---------- */

/* Pending `left` times, then Ready; every poll counts `left` down, so
 * -1 after the first Ready means "polled exactly once more". */
typedef struct self_waking {
    ac_future base;
    int left;
} self_waking;

static ac_poll self_waking_poll(ac_future *self, ac_context *cx)
{
    self_waking *p = (self_waking *)self;
    if (p->left-- > 0) {
        ac_waker_wake_by_ref(cx->waker);
        return AC_PENDING;
    }
    return AC_READY;
}
static const ac_future_vtable self_waking_vtable = {.name = "self_waking", .poll = self_waking_poll};

typedef struct observed {
    unsigned calls;
    unsigned first_number, last_number;
    int pendings, readies;
    bool in_order;
} observed;

static void observe(unsigned n, ac_poll r, void *arg)
{
    observed *o = arg;
    if (o->calls++ == 0)
        o->first_number = n;
    else if (n != o->last_number + 1)
        o->in_order = false;
    o->last_number = n;
    if (r == AC_READY)
        o->readies++;
    else
        o->pendings++;
}

static void poll_by_hand_polls_until_ready(void **state)
{
    (void)state;
    CHECK_FN("poll_by_hand");
    self_waking p = {.base = {&self_waking_vtable}, .left = 4};
    observed o = {.in_order = true};
    CHECK_WAITING("poll_by_hand to return once the future is Ready");
    EXPECT_UINT(poll_by_hand(&p.base, observe, &o), 5,
                "Pending 4 times, then Ready: 5 polls in all, Ready included");
    EXPECT_INT(p.left, -1, "polled until Ready and not once more (rule 1)");
    EXPECT_UINT(o.calls, 5, "observe is called once after every poll, the Ready one too");
    EXPECT_UINT(o.first_number, 1, "polls are numbered from 1: count the poll before telling observe");
    EXPECT_TRUE(o.in_order, "poll numbers go up by one: 1, 2, 3, ...");
    EXPECT_INT(o.pendings, 4, "observe hears of each Pending");
    EXPECT_INT(o.readies, 1, "observe hears of the Ready, once");
}

static void poll_by_hand_ready_at_once_and_no_observer(void **state)
{
    (void)state;
    CHECK_FN("poll_by_hand");
    self_waking p = {.base = {&self_waking_vtable}, .left = 0};
    CHECK_WAITING("poll_by_hand to return once the future is Ready");
    EXPECT_UINT(poll_by_hand(&p.base, NULL, NULL), 1,
                "Ready on the first poll: one poll; observe may be NULL (check before calling it)");
    EXPECT_INT(p.left, -1,
               "polled exactly once: a future must be polled to learn it is Ready, and never after");
}

static const struct CMUnitTest ex3_tests[] = {
    cmocka_unit_test(poll_by_hand_polls_until_ready),
    cmocka_unit_test(poll_by_hand_ready_at_once_and_no_observer),
};

AC_CHECK_MAIN(AC_CHECK_GROUP(ex1_countdown, ex1_tests), AC_CHECK_GROUP(ex2_ready, ex2_tests),
              AC_CHECK_GROUP(ex3_poll_by_hand, ex3_tests))
