/*
 * Checks for lesson 03 (wakers), one group per exercise.
 *
 *   ctest --preset learner -L 03-wakers      all four
 *   ctest --preset learner -R 03-wakers/ex3  just exercise 3
 *
 * Every check calls its own exercise first, on the main thread, before it
 * starts any thread.  Waits are bounded: a wrong answer fails, and a hang
 * is stopped by the watchdog of check_report.h with what it waited for.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1 /* CPU_SET, pthread_setaffinity_np */
#endif
#include <errno.h>
#include <pthread.h>
#include <sched.h>

#include "../check.h"
#include "lesson.h"

/* ---- exercise 1 ------------------------------------------------------ */

static void noop_waker_has_its_own_complete_vtable(void **state)
{
    (void)state;
    CHECK_FN("noop_waker");
    ac_waker w = noop_waker();
    EXPECT_NONNULL(w.vtable, "a waker without a vtable cannot be woken, cloned or dropped");
    EXPECT_NONNULL(w.vtable->clone, "ac_waker_clone calls the vtable's clone: it must be there");
    EXPECT_NONNULL(w.vtable->wake, "ac_waker_wake calls the vtable's wake: it must be there");
    EXPECT_NONNULL(w.vtable->wake_by_ref,
                   "ac_waker_wake_by_ref calls the vtable's wake_by_ref: it must be there");
    EXPECT_NONNULL(w.vtable->drop, "ac_waker_drop calls the vtable's drop: it must be there");
    ac_waker runtime = ac_waker_noop();
    EXPECT_TRUE(w.vtable != runtime.vtable,
                "the exercise is to build your own vtable, not to hand out the runtime's ac_waker_noop()");

    ac_waker c = ac_waker_clone(&w);
    EXPECT_PTR(c.vtable, w.vtable, "a clone is another handle to the same waker: same vtable");
    EXPECT_PTR(c.data, w.data, "a clone is another handle to the same waker: same data");
    ac_waker_wake_by_ref(&c);
    ac_waker_wake(&c); /* consumes the clone */
    EXPECT_NULL(c.vtable, "ac_waker_wake uses the handle up (the runtime empties it)");
    ac_waker_drop(&w);
}

static void noop_waker_drives_a_countdown_by_polling(void **state)
{
    (void)state;
    CHECK_FN("noop_waker");
    ac_waker w = noop_waker();
    ac_context cx = {.waker = &w};
    countdown c = countdown_new(4);
    unsigned polls = 1;
    while (ac_future_poll(&c.base, &cx) == AC_PENDING && polls <= 5)
        polls++;
    EXPECT_INT(polls, 5, "countdown(4) is Pending 4 times, then Ready: 5 polls with any waker");
    EXPECT_INT(c.count, 0, "the countdown ran all the way down");
}

static const struct CMUnitTest ex1_tests[] = {
    cmocka_unit_test(noop_waker_has_its_own_complete_vtable),
    cmocka_unit_test(noop_waker_drives_a_countdown_by_polling),
};

/* ---- exercise 2 ------------------------------------------------------ */

static void counting_waker_counts_refs_and_wakes(void **state)
{
    (void)state;
    CHECK_FN("counting_waker");
    unsigned alive_before = wake_counters_alive();
    wake_counter *c = wake_counter_new();
    ac_waker w = counting_waker(c);
    EXPECT_PTR(w.data, c, "the waker's data is the counter it counts into");
    EXPECT_UINT(atomic_load(&c->refs), 2,
                "counting_waker makes a new handle: it holds a reference of its own");

    ac_waker_wake_by_ref(&w);
    EXPECT_UINT(atomic_load(&c->refs), 2, "wake_by_ref keeps the handle: no reference is given back");
    EXPECT_UINT(atomic_load(&c->wakes), 1, "a wake_by_ref counts one wake");
    ac_waker_wake_by_ref(&w);
    EXPECT_UINT(atomic_load(&c->wakes), 2, "each wake_by_ref counts one wake");

    ac_waker clone = ac_waker_clone(&w);
    EXPECT_PTR(clone.vtable, w.vtable, "a clone is another handle to the same waker: same vtable");
    EXPECT_PTR(clone.data, c, "a clone counts into the same counter");
    EXPECT_UINT(atomic_load(&c->refs), 3, "a clone is one more holder: refs + 1");
    ac_waker_drop(&clone);
    EXPECT_UINT(atomic_load(&c->refs), 2, "a drop gives the clone's reference back: refs - 1");
    EXPECT_UINT(atomic_load(&c->wakes), 2, "a drop is not a wake");

    ac_waker_wake(&w); /* by value: a wake AND the reference back */
    EXPECT_UINT(atomic_load(&c->wakes), 3, "a wake by value is a wake too");
    EXPECT_UINT(atomic_load(&c->refs), 1,
                "a wake by value uses the waker up: its reference goes back, or the counter is never freed");

    CHECK_FN("wake_counter_release");
    wake_counter_release(c);
    EXPECT_UINT(wake_counters_alive(), alive_before,
                "the owner gave back the last reference: the counter must be freed right then");
}

static void counting_waker_may_outlive_its_owner(void **state)
{
    (void)state;
    CHECK_FN("wake_counter_release");
    unsigned alive_before = wake_counters_alive();
    wake_counter *c = wake_counter_new();
    ac_waker w = counting_waker(c);
    wake_counter_release(c); /* the owner lets go first */
    EXPECT_UINT(wake_counters_alive(), alive_before + 1,
                "a waker still holds a reference: releasing the owner's must not free the counter");
    EXPECT_UINT(atomic_load(&c->refs), 1, "the owner's release takes exactly one reference away");
    ac_waker_wake_by_ref(&w); /* still valid: w holds a reference */
    EXPECT_UINT(atomic_load(&c->wakes), 1, "the waker keeps working after its owner let go");
    ac_waker_drop(&w);
    EXPECT_UINT(wake_counters_alive(), alive_before,
                "dropping the last waker gives back the last reference: the counter must be freed");
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
    CHECK_FN("counting_waker");
    unsigned alive_before = wake_counters_alive();
    wake_counter *c = wake_counter_new();
    ac_waker w = counting_waker(c);
    ac_context cx = {.waker = &w};

    countdown cd = countdown_new(5);
    for (int polls = 0; polls < 10 && ac_future_poll(&cd.base, &cx) == AC_PENDING; polls++)
        ;
    EXPECT_UINT(atomic_load(&c->wakes), 5, "countdown(5) wakes by reference once per Pending: 5 wakes");

    stash s = {.base = {&stash_vtable}};
    EXPECT_POLL(ac_future_poll(&s.base, &cx), AC_PENDING, "the stash waits for a wake from outside");
    EXPECT_POLL(ac_future_poll(&s.base, &cx), AC_PENDING, "the stash still waits (same waker: clone kept)");
    EXPECT_UINT(atomic_load(&c->refs), 3, "three holders: the owner, w, and the clone stored in the slot");
    s.fired = true;
    ac_waker_slot_wake(&s.slot);
    EXPECT_UINT(atomic_load(&c->wakes), 6, "waking the stored clone is one more wake");
    EXPECT_UINT(atomic_load(&c->refs), 2, "the stored clone was woken by value: its reference went back");
    EXPECT_POLL(ac_future_poll(&s.base, &cx), AC_READY, "woken and fired: the stash is done");

    ac_waker_drop(&w);
    EXPECT_UINT(atomic_load(&c->refs), 1, "dropping w gives its reference back");
    wake_counter_release(c);
    EXPECT_UINT(wake_counters_alive(), alive_before, "the last reference is gone: the counter must be freed");
}

/* Run the calling thread on the `which`-th CPU it may use (0 or 1), so
 * the two racers really run at once instead of taking turns on one core.
 * Returns the old set, to restore.  Does nothing on a one-CPU machine. */
static cpu_set_t pin_to_cpu(int which)
{
    cpu_set_t old, one;
    CPU_ZERO(&one);
    if (sched_getaffinity(0, sizeof old, &old) != 0 || CPU_COUNT(&old) < 2)
        return old;
    for (int cpu = 0, seen = 0; cpu < CPU_SETSIZE; cpu++) {
        if (CPU_ISSET(cpu, &old) && seen++ == which) {
            CPU_SET(cpu, &one);
            pthread_setaffinity_np(pthread_self(), sizeof one, &one);
            break;
        }
    }
    return old;
}

/* Each thread clones, wakes and drops for at least WAKES_MIN rounds and
 * for at least WAKES_MS, so that on a busy machine the threads still
 * overlap for a while.  A clone made with a plain load and store instead
 * of one atomic add loses references when two threads clone at once. */
enum { THREADS = 4, WAKES_MIN = 20000, WAKES_MS = 150 };

typedef struct waking_thread {
    ac_waker mine;
    int cpu;              /* which of two CPUs it runs on */
    unsigned long rounds; /* how many times it woke by reference */
} waking_thread;

/* The threads start together, so their clones and drops really overlap. */
static _Atomic int threads_ready;

static void *wake_from_thread(void *arg)
{
    waking_thread *t = arg;
    pin_to_cpu(t->cpu);
    atomic_fetch_add(&threads_ready, 1);
    for (int spins = 0; atomic_load(&threads_ready) < THREADS; spins++)
        if (spins % 256 == 255)
            sched_yield();
    ac_nanos until = ac_monotonic_now() + AC_MSEC(WAKES_MS);
    for (t->rounds = 0; t->rounds < WAKES_MIN || ac_monotonic_now() < until; t->rounds++) {
        ac_waker extra = ac_waker_clone(&t->mine); /* refs go up and down concurrently */
        ac_waker_wake_by_ref(&extra);
        ac_waker_drop(&extra);
    }
    ac_waker_wake(&t->mine);
    return NULL;
}

/* A watcher that holds its own reference, so it may read the counter
 * while the threads work and check the totals before letting go. */
static void counting_waker_is_safe_across_threads(void **state)
{
    (void)state;
    CHECK_FN("counting_waker");
    unsigned alive_before = wake_counters_alive();
    wake_counter *c = wake_counter_new();
    ac_waker w = counting_waker(c);
    waking_thread clones[THREADS];
    pthread_t threads[THREADS];
    for (int i = 0; i < THREADS; i++)
        clones[i] = (waking_thread){.mine = ac_waker_clone(&w), .cpu = i % 2};
    atomic_store(&threads_ready, 0);
    CHECK_WAITING("the waking threads to finish (a thread stuck in a waker function?)");
    for (int i = 0; i < THREADS; i++)
        assert_int_equal(pthread_create(&threads[i], NULL, wake_from_thread, &clones[i]), 0);
    for (int i = 0; i < THREADS; i++)
        pthread_join(threads[i], NULL);
    unsigned long rounds = 0;
    for (int i = 0; i < THREADS; i++)
        rounds += clones[i].rounds;
    EXPECT_UINT(atomic_load(&c->wakes), rounds + THREADS,
                "every wake from every thread counts: an unatomic count loses some");
    EXPECT_UINT(atomic_load(&c->refs), 2,
                "every clone the threads made went back; an unatomic update gains or loses references");
    ac_waker_drop(&w);
    wake_counter_release(c);
    EXPECT_UINT(wake_counters_alive(), alive_before, "the last reference is gone: the counter must be freed");
}

/* Two threads give back the last two references at the same moment, many
 * times.  Exactly one of them must free the counter: the one whose own
 * decrement reached zero.  Re-reading refs after the decrement lets both
 * see 0 (a double free) or one read a counter the other already freed.
 *
 *   main:    16 new counters (refs 1), a waker on each (refs 2), go = k,
 *            delay, wake_counter_release(c[0]) ... (c[15])  } at once
 *   helper:  wait for go == k, delay, ac_waker_drop(&w[15]) ... (&w[0])  }
 *   main:    wait for the helper, check every counter was freed once
 *
 * The two threads run pinned to two different CPUs; the delays sweep so
 * that the meeting point moves by nanoseconds from round to round. */
#if defined(__SANITIZE_THREAD__)
/* ThreadSanitizer makes every atomic slow, so rounds are seldom close;
 * the mutants of this check are proven in the ASan build anyway. */
enum { RACE_MS = 600 };
#else
enum { RACE_MS = 2000 };
#endif
enum { RACE_ROUNDS = 2000000, RACE_CLOSE_ROUNDS = 2000, RACE_WIDTH = 16 };

/* Each round races RACE_WIDTH counters: main gives back its references
 * first to last, the helper its wakers last to first, so somewhere in the
 * list the two meet on the same counter at the same moment, however late
 * one of them started (within the list's length). */
typedef struct release_race {
    wake_counter *c[RACE_WIDTH];
    ac_waker w[RACE_WIDTH];
    _Atomic unsigned go, done; /* the round the helper may start / has finished */
    _Atomic unsigned close;    /* rounds where both threads were running at once */
    _Atomic ac_nanos go_at;    /* when main said go */
    _Atomic bool stop;         /* no more rounds: the helper returns */
} release_race;

/* Spin until *round reaches `want`, yielding once in a long while (the
 * CPUs may be shared with other work).  False if told to stop first. */
static bool wait_round(_Atomic unsigned *round, unsigned want, _Atomic bool *stop)
{
    for (unsigned spins = 0; atomic_load_explicit(round, memory_order_acquire) < want; spins++) {
        if (stop != NULL && atomic_load(stop))
            return false;
        if (spins % 65536 == 65535)
            sched_yield();
    }
    return true;
}

/* Round k's delay for one side: 0..255 steps, on main's side in even
 * sweeps and on the helper's in odd ones. */
static void race_delay(unsigned round, bool helper)
{
    unsigned steps = ((round / 256) % 2 == 1) == helper ? round % 256 : 0;
    for (volatile unsigned d = 0; d < steps; d++)
        ;
}

static void *release_race_helper(void *arg)
{
    release_race *r = arg;
    pin_to_cpu(1);
    for (unsigned round = 1;; round++) {
        if (!wait_round(&r->go, round, &r->stop))
            break;
        bool close = ac_monotonic_now() - atomic_load(&r->go_at) < AC_USEC(2);
        race_delay(round, true);
        for (int i = RACE_WIDTH - 1; i >= 0; i--)
            ac_waker_drop(&r->w[i]);
        if (close) /* it was running, not descheduled, when go came */
            atomic_fetch_add(&r->close, 1);
        atomic_store_explicit(&r->done, round, memory_order_release);
    }
    return NULL;
}

/* Rounds go on until RACE_CLOSE_ROUNDS of them were close races (a
 * fraction of a second on an idle machine) or RACE_MS have passed. */
static void wake_counter_release_frees_once_under_a_race(void **state)
{
    (void)state;
    CHECK_FN("wake_counter_release");
    unsigned alive_before = wake_counters_alive();
    release_race r = {0};
    pthread_t helper;
    CHECK_WAITING("two threads releasing the last two references at once");
    assert_int_equal(pthread_create(&helper, NULL, release_race_helper, &r), 0);
    cpu_set_t cpus = pin_to_cpu(0);
    ac_nanos start = ac_monotonic_now();
    unsigned rounds = 0;
    while (rounds < RACE_ROUNDS && atomic_load(&r.close) < RACE_CLOSE_ROUNDS &&
           ac_monotonic_now() - start < AC_MSEC(RACE_MS)) {
        rounds++;
        wake_counter *c[RACE_WIDTH];
        for (int i = 0; i < RACE_WIDTH; i++) {
            c[i] = r.c[i] = wake_counter_new();
            r.w[i] = counting_waker(c[i]); /* refs 2: the owner's (ours) and the helper's w */
        }
        atomic_store(&r.go_at, ac_monotonic_now());
        atomic_store_explicit(&r.go, rounds, memory_order_release);
        race_delay(rounds, false);
        for (int i = 0; i < RACE_WIDTH; i++)
            wake_counter_release(c[i]);
        wait_round(&r.done, rounds, NULL);
        if (wake_counters_alive() != alive_before)
            break;
    }
    atomic_store(&r.stop, true);
    pthread_join(helper, NULL);
    pthread_setaffinity_np(pthread_self(), sizeof cpus, &cpus);
    EXPECT_UINT(
        wake_counters_alive(), alive_before,
        "when two holders let go at once, exactly one frees: decide from the value your own "
        "atomic_fetch_sub returned, never by reading refs again (the other may have freed it by then)");
}

static const struct CMUnitTest ex2_tests[] = {
    cmocka_unit_test(counting_waker_counts_refs_and_wakes),
    cmocka_unit_test(counting_waker_may_outlive_its_owner),
    cmocka_unit_test(counting_waker_counts_a_countdown_and_a_stored_clone),
    cmocka_unit_test(counting_waker_is_safe_across_threads),
    cmocka_unit_test(wake_counter_release_frees_once_under_a_race),
};

/* ---- exercise 3 ------------------------------------------------------ */

static void parker_keeps_one_token(void **state)
{
    (void)state;
    CHECK_FN("parker_park");
    parker p;
    parker_init(&p);
    CHECK_WAITING("parker_park(p, 0) to give up at once (is the timeout ignored?)");
    EXPECT_FALSE(parker_park(&p, 0), "no unpark yet: a park with timeout 0 finds no token and gives up");
    CHECK_FN("parker_unpark");
    parker_unpark(&p);
    EXPECT_TRUE(parker_park(&p, 0), "an unpark before the park leaves a token: the wake is not lost");
    EXPECT_FALSE(parker_park(&p, 0), "the park took the token: the next park waits for a new unpark");
    parker_unpark(&p);
    parker_unpark(&p);
    EXPECT_TRUE(parker_park(&p, 0), "two unparks leave a token");
    EXPECT_FALSE(parker_park(&p, 0), "two unparks leave ONE token, not two");
    EXPECT_UINT(atomic_load(&p.unparks), 3, "every unpark is counted in p->unparks (the demos show it)");
    parker_destroy(&p);
}

static void parker_times_out_without_a_token(void **state)
{
    (void)state;
    CHECK_FN("parker_park");
    parker p;
    parker_init(&p);
    ac_nanos start = ac_monotonic_now();
    CHECK_WAITING("parker_park(p, 10 ms) to time out");
    EXPECT_FALSE(parker_park(&p, AC_MSEC(10)), "nobody unparks: the timed park gives up and says so");
    ac_nanos waited = ac_monotonic_now() - start;
    EXPECT_TRUE(waited >= AC_MSEC(9), "a park with a timeout really waits for it before giving up");
    EXPECT_TRUE(waited < AC_SEC(2), "a park with a timeout really gives up at its deadline");
    parker_destroy(&p);
}

/* A thread parks while this one signals the condition variable without
 * leaving a token: from the parker's side, wake-ups for no reason (which
 * pthread_cond_wait is allowed to have anyway). */
typedef struct parked {
    parker *p;
    ac_nanos timeout;
    _Atomic bool returned;
    bool got;
} parked;

static void *park_in_thread(void *arg)
{
    parked *t = arg;
    t->got = parker_park(t->p, t->timeout);
    atomic_store(&t->returned, true);
    return NULL;
}

/* Signal p->cond every 100 us, with no token, until the parked thread
 * returns or `limit` passes.  Returns how long it took; *max_gap is the
 * longest stretch without a signal (long on a very busy machine). */
static ac_nanos signal_without_token(parked *t, ac_nanos limit, ac_nanos *max_gap)
{
    ac_nanos start = ac_monotonic_now(), last = start;
    *max_gap = 0;
    while (!atomic_load(&t->returned) && ac_monotonic_now() - start < limit) {
        pthread_mutex_lock(&t->p->lock);
        pthread_cond_signal(&t->p->cond);
        pthread_mutex_unlock(&t->p->lock);
        ac_nanos now = ac_monotonic_now();
        if (now - last > *max_gap)
            *max_gap = now - last;
        last = now;
        nanosleep(&(struct timespec){.tv_nsec = 100000}, NULL);
    }
    return ac_monotonic_now() - start;
}

static void parker_sleeps_through_wakeups_without_a_token(void **state)
{
    (void)state;
    CHECK_FN("parker_park");
    parker p;
    parker_init(&p);
    pthread_t th;

    parked forever = {.p = &p, .timeout = PARK_FOREVER};
    ac_nanos gap;
    assert_int_equal(pthread_create(&th, NULL, park_in_thread, &forever), 0);
    signal_without_token(&forever, AC_MSEC(40), &gap);
    EXPECT_FALSE(atomic_load(&forever.returned),
                 "a condition variable may wake with no token there: park must check the token in a while "
                 "loop and wait again, not return (an `if` returns here)");
    CHECK_WAITING("parker_park(p, PARK_FOREVER) to return after parker_unpark(p)");
    parker_unpark(&p);
    pthread_join(th, NULL);
    EXPECT_TRUE(forever.got, "the unpark left a token: the park took it and returns true");

    /* A park of 100 ms, woken every 100 us: it must still end at 100 ms.
     * If the machine is so busy that the signals paused for most of
     * 100 ms, a park that moves its deadline could end in time too, so
     * that attempt proves nothing and is made again. */
    ac_nanos took = 0;
    for (int attempt = 0; attempt < 3; attempt++) {
        CHECK_FN("parker_park");
        CHECK_WAITING("parker_park(p, 100 ms) to time out while woken without a token every 100 us");
        parked timed = {.p = &p, .timeout = AC_MSEC(100)};
        assert_int_equal(pthread_create(&th, NULL, park_in_thread, &timed), 0);
        took = signal_without_token(&timed, AC_MSEC(800), &gap);
        pthread_join(th, NULL);
        EXPECT_FALSE(timed.got, "no unpark came: the timed park returns false");
        EXPECT_TRUE(took >= AC_MSEC(95), "wake-ups without a token do not end a timed park early");
        if (gap < AC_MSEC(80))
            break;
    }
    EXPECT_TRUE(took < AC_MSEC(700),
                "the deadline is fixed once, before the loop: recomputing it after each wake-up "
                "pushes it back every time and the park never times out");
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
        if (!parker_park(pp->to_helper, AC_SEC(1))) {
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
    CHECK_FN("parker_unpark");
    parker a, b;
    parker_init(&a);
    parker_init(&b);
    EXPECT_FALSE(parker_park(&a, 0), "no unpark yet: nothing to take");
    /* Many round trips: a lost wake-up shows as a 1 s timeout, not a hang. */
    ping_pong pp = {.to_main = &a, .to_helper = &b, .rounds = 500, .ok = true};
    pthread_t helper;
    CHECK_WAITING("500 unpark/park round trips between two threads (a wake lost?)");
    assert_int_equal(pthread_create(&helper, NULL, pong, &pp), 0);
    bool all = true;
    for (int i = 0; i < pp.rounds && all; i++) {
        parker_unpark(&b);
        all = parker_park(&a, AC_SEC(1));
    }
    pthread_join(helper, NULL);
    EXPECT_TRUE(all, "every unpark from the other thread reached this thread's park: no wake may be lost");
    EXPECT_TRUE(pp.ok, "every unpark from this thread reached the other thread's park: no wake may be lost");
    parker_destroy(&a);
    parker_destroy(&b);
}

static void parker_waker_unparks(void **state)
{
    (void)state;
    CHECK_FN("parker_waker");
    parker p;
    parker_init(&p);
    ac_waker w = parker_waker(&p);
    EXPECT_PTR(w.data, &p, "the waker's data is the parker it unparks");
    EXPECT_NONNULL(w.vtable, "a waker needs a vtable");
    ac_waker_wake_by_ref(&w);
    EXPECT_TRUE(parker_park(&p, 0), "wake_by_ref unparks: it leaves a token");
    ac_waker c = ac_waker_clone(&w);
    EXPECT_PTR(c.data, &p, "a clone unparks the same parker");
    EXPECT_PTR(c.vtable, w.vtable, "a clone is another handle to the same waker: same vtable");
    ac_waker_wake(&c);
    EXPECT_TRUE(parker_park(&p, 0), "wake (by value) unparks too");
    ac_waker_drop(&w);
    EXPECT_FALSE(parker_park(&p, 0), "dropping a waker is not waking: no token");
    EXPECT_UINT(atomic_load(&p.unparks), 2, "two wakes, two unparks: drop and clone do not unpark");
    parker_destroy(&p);
}

static const struct CMUnitTest ex3_tests[] = {
    cmocka_unit_test(parker_keeps_one_token),
    cmocka_unit_test(parker_times_out_without_a_token),
    cmocka_unit_test(parker_sleeps_through_wakeups_without_a_token),
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

static const char *step_name(block_on_step s)
{
    static const char *const names[] = {"POLLED_PENDING", "POLLED_READY", "WOKEN", "STALLED"};
    return (unsigned)s < 4 ? names[s] : "?";
}

/* Compare the recorded steps with the expected ones, and say which one
 * differs, by name. */
static void expect_steps(const steps *s, const block_on_step *want, const unsigned *want_poll, int n,
                         const char *why)
{
    char steps_observed[512] = "", wanted[512] = "";
    for (int i = 0; i < s->n && i < 16; i++)
        snprintf(steps_observed + strlen(steps_observed), sizeof steps_observed - strlen(steps_observed),
                 "%s(%s,%u)", i ? " " : "", step_name(s->step[i]), s->poll[i]);
    for (int i = 0; i < n; i++)
        snprintf(wanted + strlen(wanted), sizeof wanted - strlen(wanted), "%s(%s,%u)", i ? " " : "",
                 step_name(want[i]), want_poll[i]);
    EXPECT_STR(steps_observed, wanted, why);
}

static void block_on_drives_a_self_waking_countdown(void **state)
{
    (void)state;
    CHECK_FN("block_on_parked");
    steps s = {0};
    countdown c = countdown_new(2);
    CHECK_WAITING("block_on_parked to drive countdown(2), which wakes itself, to Ready");
    EXPECT_INT(block_on_parked(&c.base, AC_SEC(2), record, &s), BLOCK_ON_READY,
               "a future that wakes itself is polled again after each park, until Ready");
    static const block_on_step want[] = {STEP_POLLED_PENDING, STEP_WOKEN, STEP_POLLED_PENDING, STEP_WOKEN,
                                         STEP_POLLED_READY};
    static const unsigned want_poll[] = {1, 1, 2, 2, 3};
    expect_steps(&s, want, want_poll, 5,
                 "each poll is reported once (Pending or Ready) with its number from 1, and each park "
                 "that was woken as WOKEN with the number of the poll it follows");
}

static void block_on_sleeps_until_another_thread_wakes(void **state)
{
    (void)state;
    CHECK_FN("block_on_parked");
    steps s = {0};
    remote_countdown r = remote_countdown_new(3, AC_MSEC(1), NULL, NULL);
    CHECK_WAITING("block_on_parked to drive a countdown woken from a helper thread");
    EXPECT_INT(block_on_parked(&r.base, AC_SEC(2), record, &s), BLOCK_ON_READY,
               "every wake from the helper thread unparks the executor, until Ready");
    EXPECT_UINT(r.count, 0, "the countdown ran all the way down");
    static const block_on_step want[] = {STEP_POLLED_PENDING, STEP_WOKEN, STEP_POLLED_PENDING, STEP_WOKEN,
                                         STEP_POLLED_PENDING, STEP_WOKEN, STEP_POLLED_READY};
    static const unsigned want_poll[] = {1, 1, 2, 2, 3, 3, 4};
    expect_steps(&s, want, want_poll, 7,
                 "after a Pending the executor parks until the wake comes (no polling in between): "
                 "three ticks, three wakes, four polls");
}

/* forgetful with a drop that counts: who drops the future, and when. */
typedef struct counted_forgetful {
    forgetful inner;
    ac_future base;
    unsigned drops;
} counted_forgetful;

static ac_poll counted_poll(ac_future *self, ac_context *cx)
{
    counted_forgetful *f = (counted_forgetful *)((char *)self - offsetof(counted_forgetful, base));
    return ac_future_poll(&f->inner.base, cx);
}
static void counted_drop(ac_future *self)
{
    counted_forgetful *f = (counted_forgetful *)((char *)self - offsetof(counted_forgetful, base));
    f->drops++;
}
static const ac_future_vtable counted_vtable = {
    .name = "counted_forgetful", .poll = counted_poll, .drop = counted_drop};

static void block_on_catches_a_missing_wake(void **state)
{
    (void)state;
    CHECK_FN("block_on_parked");
    steps s = {0};
    counted_forgetful f = {.inner = forgetful_new(false), .base = {&counted_vtable}};
    ac_nanos start = ac_monotonic_now();
    CHECK_WAITING("block_on_parked to give up on a future that never arranges its wake, after the 20 ms "
                  "stall limit (is the park bounded by stall_limit?)");
    EXPECT_INT(block_on_parked(&f.base, AC_MSEC(20), record, &s), BLOCK_ON_STALLED,
               "nobody wakes a future that broke rule 2: the bounded park times out and says STALLED");
    ac_nanos took = ac_monotonic_now() - start;
    EXPECT_UINT(f.inner.polls, 1, "nothing woke us: the future must not be polled again");
    static const block_on_step want[] = {STEP_POLLED_PENDING, STEP_STALLED};
    static const unsigned want_poll[] = {1, 1};
    expect_steps(&s, want, want_poll, 2,
                 "one Pending, then the park times out: reported as STALLED after poll 1");
    EXPECT_TRUE(took >= AC_MSEC(19), "the park waits the whole stall limit before giving up");
    EXPECT_TRUE(took < AC_SEC(2), "the park gives up at the stall limit, no later");
    EXPECT_UINT(f.drops, 0,
                "a STALLED future is unfinished and still the caller's: block_on_parked must not drop it "
                "(the caller drops it; dropping twice is a double free in real futures)");
    ac_future_drop(&f.base);
}

static void block_on_takes_no_observer(void **state)
{
    (void)state;
    CHECK_FN("block_on_parked");
    counted_forgetful good = {.inner = forgetful_new(true), .base = {&counted_vtable}};
    CHECK_WAITING("block_on_parked to drive forgetful(true), which wakes itself");
    EXPECT_INT(block_on_parked(&good.base, AC_MSEC(20), NULL, NULL), BLOCK_ON_READY,
               "observe may be NULL (report nothing, check before calling it); this future keeps rule 2: "
               "it is woken, polled again, and Ready");
    EXPECT_UINT(good.inner.polls, 2, "Pending once, woken, Ready: two polls");
    EXPECT_UINT(good.drops, 0, "a Ready future is the caller's too: block_on_parked does not drop it");
}

static void block_on_ready_at_once_never_parks(void **state)
{
    (void)state;
    CHECK_FN("block_on_parked");
    steps s = {0};
    countdown c = countdown_new(0);
    CHECK_WAITING("block_on_parked on a future that is Ready at once (it must not park)");
    EXPECT_INT(block_on_parked(&c.base, AC_SEC(2), record, &s), BLOCK_ON_READY,
               "a future that is Ready on the first poll is done");
    static const block_on_step want[] = {STEP_POLLED_READY};
    static const unsigned want_poll[] = {1};
    expect_steps(&s, want, want_poll, 1, "one poll, Ready, reported as poll 1; no park after a Ready");
}

static const struct CMUnitTest ex4_tests[] = {
    cmocka_unit_test(block_on_drives_a_self_waking_countdown),
    cmocka_unit_test(block_on_sleeps_until_another_thread_wakes),
    cmocka_unit_test(block_on_catches_a_missing_wake),
    cmocka_unit_test(block_on_takes_no_observer),
    cmocka_unit_test(block_on_ready_at_once_never_parks),
};

AC_CHECK_MAIN(AC_CHECK_GROUP(ex1_noop_waker, ex1_tests), AC_CHECK_GROUP(ex2_counting_waker, ex2_tests),
              AC_CHECK_GROUP(ex3_parker, ex3_tests), AC_CHECK_GROUP(ex4_block_on, ex4_tests))
