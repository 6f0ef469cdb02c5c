/*
 * Checks for lesson 03 (wakers), one group per exercise.
 *
 *   ctest --preset learner -L 03-wakers      all four
 *   ctest --preset learner -R 03-wakers/ex3  just exercise 3
 *
 * Every check calls its own exercise first, on the main thread, before it
 * starts any thread.  Waits are bounded: a wrong answer fails, never hangs.
 */
#include "../check.h"
#include "lesson.h"

/* ---- exercise 1 ------------------------------------------------------ */

static void noop_waker_has_its_own_complete_vtable(void **state)
{
    (void)state;
    ac_waker w = noop_waker();
    assert_non_null(w.vtable);
    assert_non_null(w.vtable->clone);
    assert_non_null(w.vtable->wake);
    assert_non_null(w.vtable->wake_by_ref);
    assert_non_null(w.vtable->drop);
    ac_waker runtime = ac_waker_noop();
    assert_ptr_not_equal(w.vtable, runtime.vtable); /* built, not borrowed */

    ac_waker c = ac_waker_clone(&w);
    assert_ptr_equal(c.vtable, w.vtable);
    assert_ptr_equal(c.data, w.data);
    ac_waker_wake_by_ref(&c);
    ac_waker_wake(&c); /* consumes the clone */
    assert_null(c.vtable);
    ac_waker_drop(&w);
}

static void noop_waker_drives_a_countdown_by_polling(void **state)
{
    (void)state;
    ac_waker w = noop_waker();
    ac_context cx = {.waker = &w};
    countdown c = countdown_new(4);
    unsigned polls = 1;
    while (ac_future_poll(&c.base, &cx) == AC_PENDING) {
        polls++;
        assert_true(polls <= 5);
    }
    assert_int_equal(polls, 5);
    assert_int_equal(c.count, 0);
}

static const struct CMUnitTest ex1_tests[] = {
    cmocka_unit_test(noop_waker_has_its_own_complete_vtable),
    cmocka_unit_test(noop_waker_drives_a_countdown_by_polling),
};

/* ---- exercise 2 ------------------------------------------------------ */

static void counting_waker_counts_refs_and_wakes(void **state)
{
    (void)state;
    unsigned alive_before = wake_counters_alive();
    wake_counter *c = wake_counter_new();
    ac_waker w = counting_waker(c);
    assert_ptr_equal(w.data, c);
    assert_int_equal(atomic_load(&c->refs), 2);

    ac_waker_wake_by_ref(&w);
    ac_waker_wake_by_ref(&w);
    assert_int_equal(atomic_load(&c->wakes), 2);
    assert_int_equal(atomic_load(&c->refs), 2); /* by reference: nothing given back */

    ac_waker clone = ac_waker_clone(&w);
    assert_ptr_equal(clone.vtable, w.vtable);
    assert_int_equal(atomic_load(&c->refs), 3);
    ac_waker_drop(&clone);
    assert_int_equal(atomic_load(&c->refs), 2);
    assert_int_equal(atomic_load(&c->wakes), 2); /* drop is not a wake */

    CHECK_FN("counting_waker");
    ac_waker_wake(&w); /* by value: a wake AND the reference back */
    EXPECT_INT(atomic_load(&c->wakes), 3, "a wake by value is a wake too");
    EXPECT_INT(atomic_load(&c->refs), 1,
               "a wake by value uses the waker up: its reference goes back, or the counter is never freed");

    wake_counter_release(c);
    assert_int_equal(wake_counters_alive(), alive_before); /* the last release freed it */
}

static void counting_waker_may_outlive_its_owner(void **state)
{
    (void)state;
    unsigned alive_before = wake_counters_alive();
    wake_counter *c = wake_counter_new();
    ac_waker w = counting_waker(c);
    wake_counter_release(c); /* the owner lets go first */
    assert_int_equal(wake_counters_alive(), alive_before + 1);
    ac_waker_wake_by_ref(&w); /* still valid: w holds a reference */
    assert_int_equal(atomic_load(&c->wakes), 1);
    ac_waker_drop(&w);
    assert_int_equal(wake_counters_alive(), alive_before);
}

/* A future that keeps the waker as real ones do (a clone in a slot) and
 * is woken later from outside, through the slot. */
typedef struct stash {
    ac_future base;
    ac_waker_slot slot;
    bool fired;
} stash;

static ac_poll stash_poll(ac_future *self, ac_context *cx)
{
    stash *s = (stash *)self;
    if (s->fired)
        return AC_READY;
    ac_waker_slot_set(&s->slot, cx->waker);
    return AC_PENDING;
}
static const ac_future_vtable stash_vtable = {.name = "stash", .poll = stash_poll};

static void counting_waker_counts_a_countdown_and_a_stored_clone(void **state)
{
    (void)state;
    wake_counter *c = wake_counter_new();
    ac_waker w = counting_waker(c);
    ac_context cx = {.waker = &w};

    countdown cd = countdown_new(5);
    while (ac_future_poll(&cd.base, &cx) == AC_PENDING)
        ;
    assert_int_equal(atomic_load(&c->wakes), 5);

    stash s = {.base = {&stash_vtable}};
    assert_int_equal(ac_future_poll(&s.base, &cx), AC_PENDING);
    assert_int_equal(ac_future_poll(&s.base, &cx), AC_PENDING); /* same waker: clone kept */
    assert_int_equal(atomic_load(&c->refs), 3);                 /* owner, w, the stored clone */
    s.fired = true;
    ac_waker_slot_wake(&s.slot);
    assert_int_equal(atomic_load(&c->wakes), 6);
    assert_int_equal(atomic_load(&c->refs), 2);
    assert_int_equal(ac_future_poll(&s.base, &cx), AC_READY);

    ac_waker_drop(&w);
    assert_int_equal(atomic_load(&c->refs), 1);
    wake_counter_release(c);
}

enum { THREADS = 4, WAKES_EACH = 2000 };

static void *wake_from_thread(void *arg)
{
    ac_waker *mine = arg;
    for (int i = 0; i < WAKES_EACH; i++) {
        ac_waker extra = ac_waker_clone(mine); /* refs go up and down concurrently */
        ac_waker_wake_by_ref(&extra);
        ac_waker_drop(&extra);
    }
    ac_waker_wake(mine);
    return NULL;
}

static void counting_waker_is_safe_across_threads(void **state)
{
    (void)state;
    unsigned alive_before = wake_counters_alive();
    wake_counter *c = wake_counter_new();
    ac_waker w = counting_waker(c);
    ac_waker clones[THREADS];
    pthread_t threads[THREADS];
    for (int i = 0; i < THREADS; i++)
        clones[i] = ac_waker_clone(&w);
    ac_waker_drop(&w);
    wake_counter_release(c); /* only the threads' clones keep it alive now */
    for (int i = 0; i < THREADS; i++)
        assert_int_equal(pthread_create(&threads[i], NULL, wake_from_thread, &clones[i]), 0);
    for (int i = 0; i < THREADS; i++)
        pthread_join(threads[i], NULL);
    /* the last thread's wake freed it; the count is gone with it */
    assert_int_equal(wake_counters_alive(), alive_before);
}

static const struct CMUnitTest ex2_tests[] = {
    cmocka_unit_test(counting_waker_counts_refs_and_wakes),
    cmocka_unit_test(counting_waker_may_outlive_its_owner),
    cmocka_unit_test(counting_waker_counts_a_countdown_and_a_stored_clone),
    cmocka_unit_test(counting_waker_is_safe_across_threads),
};

/* ---- exercise 3 ------------------------------------------------------ */

static void parker_keeps_one_token(void **state)
{
    (void)state;
    parker p;
    parker_init(&p);
    assert_false(parker_park(&p, 0)); /* no token yet: gives up at once */
    parker_unpark(&p);
    assert_true(parker_park(&p, 0));  /* an unpark before the park is not lost */
    assert_false(parker_park(&p, 0)); /* ...and it was used up */
    parker_unpark(&p);
    parker_unpark(&p);
    assert_true(parker_park(&p, 0));
    assert_false(parker_park(&p, 0)); /* two unparks, still one token */
    assert_int_equal(atomic_load(&p.unparks), 3);
    parker_destroy(&p);
}

static void parker_times_out_without_a_token(void **state)
{
    (void)state;
    parker p;
    parker_init(&p);
    ac_nanos start = ac_monotonic_now();
    assert_false(parker_park(&p, AC_MSEC(10)));
    ac_nanos waited = ac_monotonic_now() - start;
    assert_true(waited >= AC_MSEC(9)); /* it really waited... */
    assert_true(waited < AC_SEC(2));   /* ...and really gave up */
    parker_destroy(&p);
}

typedef struct ping_pong {
    parker *to_main, *to_helper;
    int rounds;
    bool ok;
} ping_pong;

static void *pong(void *arg)
{
    ping_pong *pp = arg;
    for (int i = 0; i < pp->rounds; i++) {
        if (!parker_park(pp->to_helper, AC_SEC(5))) {
            pp->ok = false;
            parker_unpark(pp->to_main); /* let main stop waiting too */
            return NULL;
        }
        parker_unpark(pp->to_main);
    }
    return NULL;
}

static void parker_is_unparked_from_another_thread(void **state)
{
    (void)state;
    parker a, b;
    parker_init(&a);
    parker_init(&b);
    assert_false(parker_park(&a, 0));
    /* Many round trips: a lost wake-up shows as a 5 s timeout, not a hang. */
    ping_pong pp = {.to_main = &a, .to_helper = &b, .rounds = 500, .ok = true};
    pthread_t helper;
    assert_int_equal(pthread_create(&helper, NULL, pong, &pp), 0);
    bool all = true;
    for (int i = 0; i < pp.rounds && all; i++) {
        parker_unpark(&b);
        all = parker_park(&a, AC_SEC(5));
    }
    pthread_join(helper, NULL);
    assert_true(all);
    assert_true(pp.ok);
    parker_destroy(&a);
    parker_destroy(&b);
}

static void parker_waker_unparks(void **state)
{
    (void)state;
    parker p;
    parker_init(&p);
    ac_waker w = parker_waker(&p);
    assert_ptr_equal(w.data, &p);
    ac_waker_wake_by_ref(&w);
    assert_true(parker_park(&p, 0));
    ac_waker c = ac_waker_clone(&w);
    assert_ptr_equal(c.data, &p);
    assert_ptr_equal(c.vtable, w.vtable);
    ac_waker_wake(&c);
    assert_true(parker_park(&p, 0));
    ac_waker_drop(&w);
    assert_false(parker_park(&p, 0)); /* dropping is not waking */
    assert_int_equal(atomic_load(&p.unparks), 2);
    parker_destroy(&p);
}

static const struct CMUnitTest ex3_tests[] = {
    cmocka_unit_test(parker_keeps_one_token),
    cmocka_unit_test(parker_times_out_without_a_token),
    cmocka_unit_test(parker_is_unparked_from_another_thread),
    cmocka_unit_test(parker_waker_unparks),
};

/* ---- exercise 4 ------------------------------------------------------ */

typedef struct steps {
    int n;
    block_on_step step[16];
    unsigned poll[16];
} steps;

static void record(block_on_step step, unsigned poll_number, void *arg)
{
    steps *s = arg;
    if (s->n < 16) {
        s->step[s->n] = step;
        s->poll[s->n] = poll_number;
    }
    s->n++;
}

static void block_on_drives_a_self_waking_countdown(void **state)
{
    (void)state;
    steps s = {0};
    countdown c = countdown_new(2);
    assert_int_equal(block_on_parked(&c.base, AC_SEC(5), record, &s), BLOCK_ON_READY);
    static const block_on_step want[] = {STEP_POLLED_PENDING, STEP_WOKEN, STEP_POLLED_PENDING, STEP_WOKEN,
                                         STEP_POLLED_READY};
    static const unsigned want_poll[] = {1, 1, 2, 2, 3};
    assert_int_equal(s.n, 5);
    for (int i = 0; i < 5; i++) {
        assert_int_equal(s.step[i], want[i]);
        assert_int_equal(s.poll[i], want_poll[i]);
    }
}

static void block_on_sleeps_until_another_thread_wakes(void **state)
{
    (void)state;
    steps s = {0};
    remote_countdown r = remote_countdown_new(3, AC_MSEC(1), NULL, NULL);
    assert_int_equal(block_on_parked(&r.base, AC_SEC(5), record, &s), BLOCK_ON_READY);
    assert_int_equal(r.count, 0);
    assert_int_equal(s.n, 7); /* P W P W P W R */
    assert_int_equal(s.step[6], STEP_POLLED_READY);
    assert_int_equal(s.poll[6], 4);
    for (int i = 0; i < 6; i++)
        assert_int_equal(s.step[i], i % 2 == 0 ? STEP_POLLED_PENDING : STEP_WOKEN);
}

static void block_on_catches_a_missing_wake(void **state)
{
    (void)state;
    steps s = {0};
    forgetful f = forgetful_new(false);
    ac_nanos start = ac_monotonic_now();
    assert_int_equal(block_on_parked(&f.base, AC_MSEC(20), record, &s), BLOCK_ON_STALLED);
    ac_nanos took = ac_monotonic_now() - start;
    assert_int_equal(f.polls, 1); /* never polled again: nothing woke us */
    assert_int_equal(s.n, 2);
    assert_int_equal(s.step[0], STEP_POLLED_PENDING);
    assert_int_equal(s.step[1], STEP_STALLED);
    assert_int_equal(s.poll[1], 1);
    assert_true(took >= AC_MSEC(19) && took < AC_SEC(2)); /* waited the limit, no more */
    ac_future_drop(&f.base);

    forgetful good = forgetful_new(true); /* the same future, keeping rule 2 */
    assert_int_equal(block_on_parked(&good.base, AC_MSEC(20), NULL, NULL), BLOCK_ON_READY);
    assert_int_equal(good.polls, 2);
}

static void block_on_ready_at_once_never_parks(void **state)
{
    (void)state;
    steps s = {0};
    countdown c = countdown_new(0);
    assert_int_equal(block_on_parked(&c.base, AC_SEC(2), record, &s), BLOCK_ON_READY);
    assert_int_equal(s.n, 1);
    assert_int_equal(s.step[0], STEP_POLLED_READY);
    assert_int_equal(s.poll[0], 1);
}

static const struct CMUnitTest ex4_tests[] = {
    cmocka_unit_test(block_on_drives_a_self_waking_countdown),
    cmocka_unit_test(block_on_sleeps_until_another_thread_wakes),
    cmocka_unit_test(block_on_catches_a_missing_wake),
    cmocka_unit_test(block_on_ready_at_once_never_parks),
};

AC_CHECK_MAIN(AC_CHECK_GROUP(ex1_noop_waker, ex1_tests), AC_CHECK_GROUP(ex2_counting_waker, ex2_tests),
              AC_CHECK_GROUP(ex3_parker, ex3_tests), AC_CHECK_GROUP(ex4_block_on, ex4_tests))
