/*
 * test_notify.c - notify_one's stored permit, notify_waiters' reach, and
 * what a dropped waiter does with a notification it was given.
 */
#include "ac/notify.h"
#include "chan_util.h"

static void test_notify_one_stores_one_permit(void **state)
{
    (void)state;
    ac_notify n;
    ac_notify_init(&n);
    counting_waker w = {0};
    ac_notify_one(&n);
    ac_notify_one(&n); /* permits do not add up */
    ac_notified a = ac_notify_notified(&n), b = ac_notify_notified(&n);
    assert_int_equal(poll_with(&a.base, &w), AC_READY);
    assert_int_equal(poll_with(&b.base, &w), AC_PENDING);
    ac_notify_one(&n);
    assert_int_equal(w.wakes, 1);
    assert_int_equal(poll_with(&b.base, &w), AC_READY);
    assert_int_equal(w.refs, 0);
    ac_notify_destroy(&n);
}

static void test_notify_one_wakes_in_order(void **state)
{
    (void)state;
    ac_notify n;
    ac_notify_init(&n);
    counting_waker w[3] = {{0}};
    ac_notified f[3];
    for (int i = 0; i < 3; i++) {
        f[i] = ac_notify_notified(&n);
        assert_int_equal(poll_with(&f[i].base, &w[i]), AC_PENDING);
    }
    for (int i = 0; i < 3; i++) {
        ac_notify_one(&n);
        for (int k = 0; k < 3; k++)
            assert_int_equal(w[k].wakes, k <= i ? 1 : 0);
        assert_int_equal(poll_with(&f[i].base, &w[i]), AC_READY);
    }
    ac_notify_destroy(&n);
}

/* notify_waiters wakes those waiting and those created before it, stores
 * nothing for those created after. */
static void test_notify_waiters_reaches_everyone_already_there(void **state)
{
    (void)state;
    ac_notify n;
    ac_notify_init(&n);
    enum { N = 100 }; /* more than one batch of wakers */
    static counting_waker w[N];
    static ac_notified f[N];
    for (int i = 0; i < N; i++) {
        w[i] = (counting_waker){0};
        f[i] = ac_notify_notified(&n);
        assert_int_equal(poll_with(&f[i].base, &w[i]), AC_PENDING);
    }
    counting_waker wl = {0};
    ac_notified early = ac_notify_notified(&n); /* created, never polled */
    ac_notify_waiters(&n);
    ac_notified late = ac_notify_notified(&n);
    for (int i = 0; i < N; i++) {
        assert_int_equal(w[i].wakes, 1);
        assert_int_equal(poll_with(&f[i].base, &w[i]), AC_READY);
        assert_int_equal(w[i].refs, 0);
    }
    assert_int_equal(poll_with(&early.base, &wl), AC_READY);
    assert_int_equal(poll_with(&late.base, &wl), AC_PENDING);
    ac_future_drop(&late.base);
    assert_int_equal(wl.refs, 0);
    ac_notify_destroy(&n);
}

/* A waiter chosen by notify_one and dropped before it looked passes the
 * notification on; with nobody else waiting, it becomes the permit. */
static void test_dropped_waiter_passes_the_notification_on(void **state)
{
    (void)state;
    ac_notify n;
    ac_notify_init(&n);
    counting_waker wa = {0}, wb = {0};
    ac_notified a = ac_notify_notified(&n), b = ac_notify_notified(&n);
    assert_int_equal(poll_with(&a.base, &wa), AC_PENDING);
    assert_int_equal(poll_with(&b.base, &wb), AC_PENDING);
    ac_notify_one(&n);
    assert_int_equal(wa.wakes, 1);
    ac_future_drop(&a.base);
    assert_int_equal(wb.wakes, 1);
    assert_int_equal(poll_with(&b.base, &wb), AC_READY);
    /* again with nobody behind: the permit is stored */
    a = ac_notify_notified(&n);
    assert_int_equal(poll_with(&a.base, &wa), AC_PENDING);
    ac_notify_one(&n);
    ac_future_drop(&a.base);
    b = ac_notify_notified(&n);
    assert_int_equal(poll_with(&b.base, &wb), AC_READY);
    /* a queued waiter dropped takes nothing with it and is never woken */
    a = ac_notify_notified(&n);
    assert_int_equal(poll_with(&a.base, &wa), AC_PENDING);
    int before = wa.wakes;
    ac_future_drop(&a.base);
    ac_notify_one(&n);
    assert_int_equal(wa.wakes, before);
    assert_int_equal(wa.refs + wb.refs, 0);
    b = ac_notify_notified(&n);
    assert_int_equal(poll_with(&b.base, &wb), AC_READY); /* the permit */
    ac_notify_destroy(&n);
}

/* Seeded random polls, drops and notify_ones: a notify_one is never lost.
 * Every notify_one is eventually seen by exactly one waiter or left as
 * the one permit. */
static void test_random_drops_lose_no_notify_one(void **state)
{
    (void)state;
    enum { SLOTS = 6, STEPS = 20000 };
    unsigned seed = test_seed("notify random drops", 99), s = seed;
    ac_notify n;
    ac_notify_init(&n);
    ac_notified f[SLOTS];
    bool live[SLOTS] = {false};
    counting_waker w[SLOTS] = {{0}};
    int notifies = 0, seen = 0;
    for (int step = 0; step < STEPS; step++) {
        unsigned i = rng_next(&s) % SLOTS, op = rng_next(&s) % 5;
        if (op == 0) {
            ac_notify_one(&n);
            notifies++;
            /* pending notifies beyond waiters collapse into one permit */
        } else if (!live[i]) {
            f[i] = ac_notify_notified(&n);
            live[i] = true;
        } else if (op == 1) {
            ac_future_drop(&f[i].base);
            live[i] = false;
        } else if (poll_with(&f[i].base, &w[i]) == AC_READY) {
            seen++;
            live[i] = false;
        }
        (void)notifies;
    }
    for (int k = 0; k < SLOTS; k++)
        if (live[k])
            ac_future_drop(&f[k].base);
    /* Nobody waits now.  If any notify_one is outstanding (chosen waiters
     * that were dropped pass theirs on), exactly one permit is left. */
    ac_notified probe = ac_notify_notified(&n);
    counting_waker pw = {0};
    bool permit = poll_with(&probe.base, &pw) == AC_READY;
    if (!permit)
        ac_future_drop(&probe.base);
    if (seen == 0 || (seen < notifies && !permit))
        fail_msg("seed %u: %d notify_one, %d seen, permit %d", seed, notifies, seen, permit);
    for (int k = 0; k < SLOTS; k++)
        if (w[k].refs != 0)
            fail_msg("seed %u: waker %d leaked", seed, k);
    assert_int_equal(pw.refs, 0);
    ac_notify_destroy(&n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_notify_one_stores_one_permit),
        cmocka_unit_test(test_notify_one_wakes_in_order),
        cmocka_unit_test(test_notify_waiters_reaches_everyone_already_there),
        cmocka_unit_test(test_dropped_waiter_passes_the_notification_on),
        cmocka_unit_test(test_random_drops_lose_no_notify_one),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
