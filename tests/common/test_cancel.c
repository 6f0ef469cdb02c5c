/*
 * test_cancel.c - cancellation tokens: the tree, the future, the drops.
 */
#include <pthread.h>

#include "ac/cancel.h"
#include "chan_util.h"

static void test_cancel_reaches_children_not_parents(void **state)
{
    (void)state;
    ac_cancel_token *root = ac_cancel_token_new();
    ac_cancel_token *a = ac_cancel_token_child(root), *b = ac_cancel_token_child(root);
    ac_cancel_token *a1 = ac_cancel_token_child(a);
    ac_cancel_token_cancel(a);
    assert_true(ac_cancel_token_is_cancelled(a));
    assert_true(ac_cancel_token_is_cancelled(a1));
    assert_false(ac_cancel_token_is_cancelled(root));
    assert_false(ac_cancel_token_is_cancelled(b));
    ac_cancel_token_cancel(root);
    assert_true(ac_cancel_token_is_cancelled(b));
    ac_cancel_token *late = ac_cancel_token_child(root);
    assert_true(ac_cancel_token_is_cancelled(late)); /* born cancelled */
    ac_cancel_token_release(late);
    ac_cancel_token_release(a1);
    ac_cancel_token_release(b);
    ac_cancel_token_release(a);
    ac_cancel_token_release(root);
}

static void test_cancelled_future_wakes_every_waiter_in_the_subtree(void **state)
{
    (void)state;
    ac_cancel_token *root = ac_cancel_token_new();
    ac_cancel_token *child = ac_cancel_token_child(root);
    enum { N = 80 }; /* more than one batch */
    static counting_waker w[N];
    static ac_cancelled f[N];
    for (int i = 0; i < N; i++) {
        w[i] = (counting_waker){0};
        f[i] = ac_cancel_token_cancelled(i % 2 ? child : root);
        assert_int_equal(poll_with(&f[i].base, &w[i]), AC_PENDING);
    }
    ac_cancel_token_cancel(root);
    for (int i = 0; i < N; i++) {
        assert_int_equal(w[i].wakes, 1);
        assert_int_equal(poll_with(&f[i].base, &w[i]), AC_READY);
        assert_int_equal(w[i].refs, 0);
    }
    ac_cancelled after = ac_cancel_token_cancelled(child);
    counting_waker wa = {0};
    assert_int_equal(poll_with(&after.base, &wa), AC_READY);
    ac_cancel_token_cancel(root); /* idempotent */
    ac_cancel_token_release(child);
    ac_cancel_token_release(root);
}

static void test_dropped_cancelled_is_never_woken(void **state)
{
    (void)state;
    ac_cancel_token *t = ac_cancel_token_new();
    counting_waker w = {0};
    ac_cancelled f = ac_cancel_token_cancelled(t);
    assert_int_equal(poll_with(&f.base, &w), AC_PENDING);
    assert_int_equal(w.refs, 1);
    ac_future_drop(&f.base);
    assert_int_equal(w.refs, 0);
    ac_cancel_token_cancel(t);
    assert_int_equal(w.wakes, 0);
    ac_cancel_token_release(t);
}

/* A child keeps its parent alive: releasing the parent's own reference
 * first still frees everything (ASan checks) and the child still works. */
static void test_child_keeps_the_parent_alive(void **state)
{
    (void)state;
    ac_cancel_token *root = ac_cancel_token_new();
    ac_cancel_token *keep = ac_cancel_token_ref(root);
    ac_cancel_token *child = ac_cancel_token_child(root);
    ac_cancel_token_release(root);
    ac_cancel_token_cancel(keep);
    assert_true(ac_cancel_token_is_cancelled(child));
    ac_cancel_token_release(keep);
    ac_cancel_token_release(child);
}

/* Random polls and drops of waiters on a small tree, then a cancel of a
 * random subtree: every live waiter under it is woken exactly once, no
 * dropped one ever is, no waker leaks. */
static void test_random_drops_then_cancel(void **state)
{
    (void)state;
    enum { SLOTS = 16, ROUNDS = 300 };
    unsigned seed = test_seed("cancel random drops", 5), s = seed;
    for (int round = 0; round < ROUNDS; round++) {
        ac_cancel_token *tok[4];
        tok[0] = ac_cancel_token_new();
        tok[1] = ac_cancel_token_child(tok[0]);
        tok[2] = ac_cancel_token_child(tok[0]);
        tok[3] = ac_cancel_token_child(tok[1]);
        static const int parent[4] = {-1, 0, 0, 1};
        ac_cancelled f[SLOTS];
        int on[SLOTS];
        bool live[SLOTS] = {false};
        counting_waker w[SLOTS] = {{0}};
        for (int step = 0; step < 60; step++) {
            unsigned i = rng_next(&s) % SLOTS;
            if (!live[i]) {
                on[i] = (int)(rng_next(&s) % 4);
                f[i] = ac_cancel_token_cancelled(tok[on[i]]);
                live[i] = poll_with(&f[i].base, &w[i]) == AC_PENDING;
            } else if (rng_next(&s) % 3 == 0) {
                ac_future_drop(&f[i].base);
                live[i] = false;
            }
        }
        int target = (int)(rng_next(&s) % 4);
        ac_cancel_token_cancel(tok[target]);
        for (int i = 0; i < SLOTS; i++) {
            bool under = false;
            for (int t = live[i] ? on[i] : -1; t >= 0; t = parent[t])
                under |= t == target;
            if (w[i].wakes != (under ? 1 : 0))
                fail_msg("seed %u round %d: waiter %d woken %d times", seed, round, i, w[i].wakes);
            if (live[i])
                ac_future_drop(&f[i].base);
            if (w[i].refs != 0)
                fail_msg("seed %u round %d: waiter %d leaked", seed, round, i);
        }
        for (int t = 3; t >= 0; t--)
            ac_cancel_token_release(tok[t]);
    }
}

static void *cancel_from_thread(void *arg)
{
    ac_cancel_token_cancel(arg);
    return NULL;
}

typedef struct waiter {
    ac_future base;
    ac_cancelled c;
    bool started;
} waiter;

static ac_poll waiter_poll(ac_future *self, ac_context *cx)
{
    waiter *w = (waiter *)self;
    return ac_future_poll(&w->c.base, cx);
}
static const ac_future_vtable waiter_vtable = {.name = "waiter", .poll = waiter_poll};

static void test_cancel_from_another_thread_wakes_a_parked_executor(void **state)
{
    (void)state;
    ac_cancel_token *t = ac_cancel_token_new();
    ac_executor ex;
    EXECUTOR_SETUP(ex);
    waiter w = {.base = {&waiter_vtable}, .c = ac_cancel_token_cancelled(t)};
    pthread_t th;
    assert_int_equal(pthread_create(&th, NULL, cancel_from_thread, t), 0);
    ac_block_on(&ex, &w.base); /* returns only if the cancel reached it */
    pthread_join(th, NULL);
    ac_executor_close(&ex);
    ac_cancel_token_release(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cancel_reaches_children_not_parents),
        cmocka_unit_test(test_cancelled_future_wakes_every_waiter_in_the_subtree),
        cmocka_unit_test(test_dropped_cancelled_is_never_woken),
        cmocka_unit_test(test_child_keeps_the_parent_alive),
        cmocka_unit_test(test_random_drops_then_cancel),
        cmocka_unit_test(test_cancel_from_another_thread_wakes_a_parked_executor),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
