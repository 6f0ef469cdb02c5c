/*
 * test_sync.c - semaphore, mutex and rwlock: FIFO order, close, drops of
 * waiting and granted acquires, and a semaphore under 50 tasks on 5 threads.
 */
#include <errno.h>
#include <pthread.h>

#include "ac/executor.h"
#include "ac/sync.h"
#include "chan_util.h"

static void test_try_acquire_and_release(void **state)
{
    (void)state;
    ac_semaphore s;
    ac_semaphore_init(&s, 3);
    assert_int_equal(ac_semaphore_try_acquire(&s, 2), 0);
    assert_int_equal(ac_semaphore_try_acquire(&s, 2), -EAGAIN);
    assert_int_equal(ac_semaphore_available(&s), 1);
    ac_semaphore_release(&s, 2);
    assert_int_equal(ac_semaphore_try_acquire(&s, 3), 0);
    ac_semaphore_release(&s, 3);
    ac_semaphore_destroy(&s);
}

/* A large acquire at the head is not starved: later small ones queue behind
 * it although permits are free, and a try_acquire cannot barge either. */
static void test_large_acquire_is_not_starved(void **state)
{
    (void)state;
    ac_semaphore s;
    ac_semaphore_init(&s, 3);
    assert_int_equal(ac_semaphore_try_acquire(&s, 2), 0); /* 1 left */
    counting_waker wb = {0}, ws = {0};
    ac_acquire big = ac_semaphore_acquire(&s, 3), small = ac_semaphore_acquire(&s, 1);
    assert_int_equal(poll_with(&big.base, &wb), AC_PENDING);
    assert_int_equal(poll_with(&small.base, &ws), AC_PENDING); /* 1 free, but big is first */
    assert_int_equal(ac_semaphore_try_acquire(&s, 1), -EAGAIN);
    assert_int_equal(ac_semaphore_waiters(&s), 2);
    ac_semaphore_release(&s, 2);
    assert_int_equal(wb.wakes, 1);
    assert_int_equal(ws.wakes, 0);
    assert_int_equal(poll_with(&big.base, &wb), AC_READY);
    assert_int_equal(big.result, 0);
    ac_semaphore_release(&s, 3);
    assert_int_equal(ws.wakes, 1);
    assert_int_equal(poll_with(&small.base, &ws), AC_READY);
    ac_semaphore_release(&s, 1);
    assert_int_equal(ac_semaphore_available(&s), 3);
    assert_int_equal(wb.refs + ws.refs, 0);
    ac_semaphore_destroy(&s);
}

static void test_dropped_acquires_lose_no_permit(void **state)
{
    (void)state;
    ac_semaphore s;
    ac_semaphore_init(&s, 1);
    assert_int_equal(ac_semaphore_try_acquire(&s, 1), 0);
    counting_waker w[3] = {{0}};
    ac_acquire a[3];
    for (int i = 0; i < 3; i++) {
        a[i] = ac_semaphore_acquire(&s, 1);
        assert_int_equal(poll_with(&a[i].base, &w[i]), AC_PENDING);
    }
    ac_future_drop(&a[0].base); /* queued: just leaves the line */
    assert_int_equal(w[0].refs, 0);
    ac_semaphore_release(&s, 1);
    assert_int_equal(w[0].wakes, 0);
    assert_int_equal(w[1].wakes, 1); /* granted to a[1] ... */
    ac_future_drop(&a[1].base);      /* ... which is dropped before it looked */
    assert_int_equal(w[2].wakes, 1); /* so a[2] gets it */
    assert_int_equal(poll_with(&a[2].base, &w[2]), AC_READY);
    assert_int_equal(ac_semaphore_available(&s), 0);
    ac_semaphore_release(&s, 1);
    assert_int_equal(ac_semaphore_available(&s), 1);
    for (int i = 0; i < 3; i++)
        assert_int_equal(w[i].refs, 0);
    ac_semaphore_destroy(&s);
}

static void test_close_fails_waiters_and_later_acquires(void **state)
{
    (void)state;
    ac_semaphore s;
    ac_semaphore_init(&s, 0);
    counting_waker w = {0};
    ac_acquire a = ac_semaphore_acquire(&s, 1);
    assert_int_equal(poll_with(&a.base, &w), AC_PENDING);
    ac_semaphore_close(&s);
    assert_int_equal(w.wakes, 1);
    assert_int_equal(poll_with(&a.base, &w), AC_READY);
    assert_int_equal(a.result, -EPIPE);
    a = ac_semaphore_acquire(&s, 1);
    assert_int_equal(poll_with(&a.base, &w), AC_READY);
    assert_int_equal(a.result, -EPIPE);
    assert_int_equal(ac_semaphore_try_acquire(&s, 1), -EPIPE);
    assert_int_equal(w.refs, 0);
    ac_semaphore_destroy(&s);
}

/* Unlock hands the mutex to the waiters in the order they came. */
static void test_mutex_is_fifo(void **state)
{
    (void)state;
    ac_mutex m;
    ac_mutex_init(&m);
    assert_int_equal(ac_mutex_try_lock(&m), 0);
    assert_int_equal(ac_mutex_try_lock(&m), -EAGAIN);
    counting_waker w[4] = {{0}};
    ac_acquire l[4];
    for (int i = 0; i < 4; i++) {
        l[i] = ac_mutex_lock(&m);
        assert_int_equal(poll_with(&l[i].base, &w[i]), AC_PENDING);
    }
    for (int i = 0; i < 4; i++) {
        ac_mutex_unlock(&m);
        for (int k = 0; k < 4; k++)
            assert_int_equal(w[k].wakes, k <= i ? 1 : 0);
        assert_int_equal(ac_mutex_try_lock(&m), -EAGAIN); /* handed over, not free */
        assert_int_equal(poll_with(&l[i].base, &w[i]), AC_READY);
    }
    ac_mutex_unlock(&m);
    assert_int_equal(ac_mutex_try_lock(&m), 0);
    ac_mutex_unlock(&m);
    ac_mutex_destroy(&m);
}

/* Readers share; a writer in line stops the readers behind it. */
static void test_rwlock_writer_is_not_starved(void **state)
{
    (void)state;
    ac_rwlock l;
    ac_rwlock_init(&l);
    counting_waker wr1 = {0}, wr2 = {0}, ww = {0}, wr3 = {0};
    ac_acquire r1 = ac_rwlock_read(&l), r2 = ac_rwlock_read(&l);
    assert_int_equal(poll_with(&r1.base, &wr1), AC_READY);
    assert_int_equal(poll_with(&r2.base, &wr2), AC_READY); /* two readers at once */
    ac_acquire w = ac_rwlock_write(&l);
    assert_int_equal(poll_with(&w.base, &ww), AC_PENDING);
    ac_acquire r3 = ac_rwlock_read(&l);
    assert_int_equal(poll_with(&r3.base, &wr3), AC_PENDING); /* behind the writer */
    ac_rwlock_read_unlock(&l);
    assert_int_equal(ww.wakes, 0); /* one reader still in */
    ac_rwlock_read_unlock(&l);
    assert_int_equal(ww.wakes, 1);
    assert_int_equal(wr3.wakes, 0);
    assert_int_equal(poll_with(&w.base, &ww), AC_READY);
    ac_rwlock_write_unlock(&l);
    assert_int_equal(wr3.wakes, 1);
    assert_int_equal(poll_with(&r3.base, &wr3), AC_READY);
    ac_rwlock_read_unlock(&l);
    assert_int_equal(ac_semaphore_available(&l.sem), AC_RWLOCK_READERS);
    ac_rwlock_destroy(&l);
}

/* Random reads, writes, polls, drops and unlocks on an rwlock by hand:
 * never a writer beside anyone, every permit back at the end, no waker
 * kept or called after its future was dropped. */
static void test_rwlock_random_drops_keep_exclusion(void **state)
{
    (void)state;
    enum { SLOTS = 8, STEPS = 20000 };
    unsigned seed = test_seed("rwlock random drops", 77), s = seed;
    ac_rwlock l;
    ac_rwlock_init(&l);
    ac_acquire f[SLOTS];
    enum { FREE, WAITING, HOLDING } st[SLOTS] = {FREE};
    bool writer[SLOTS] = {false};
    counting_waker w[SLOTS] = {{0}};
    int wakes_at_rest[SLOTS] = {0}, readers = 0, writers = 0;
    for (int step = 0; step < STEPS; step++) {
        unsigned i = rng_next(&s) % SLOTS, op = rng_next(&s) % 3;
        if (st[i] == FREE) {
            writer[i] = rng_next(&s) % 4 == 0;
            f[i] = writer[i] ? ac_rwlock_write(&l) : ac_rwlock_read(&l);
            st[i] = WAITING;
        } else if (st[i] == HOLDING) {
            if (writer[i]) {
                writers--;
                ac_rwlock_write_unlock(&l);
            } else {
                readers--;
                ac_rwlock_read_unlock(&l);
            }
            st[i] = FREE;
        } else if (op == 0) {
            ac_future_drop(&f[i].base);
            st[i] = FREE;
            wakes_at_rest[i] = w[i].wakes;
        } else if (poll_with(&f[i].base, &w[i]) == AC_READY) {
            st[i] = HOLDING;
            wakes_at_rest[i] = w[i].wakes;
            if (writer[i])
                writers++;
            else
                readers++;
            if (writers > 1 || (writers == 1 && readers > 0))
                fail_msg("seed %u step %d: %d writers, %d readers at once", seed, step, writers, readers);
        }
        for (int k = 0; k < SLOTS; k++)
            if (st[k] != WAITING && w[k].wakes != wakes_at_rest[k])
                fail_msg("seed %u step %d: waker %d called while not waiting", seed, step, k);
    }
    for (int k = 0; k < SLOTS; k++) {
        if (st[k] == WAITING)
            ac_future_drop(&f[k].base);
        else if (st[k] == HOLDING && writer[k])
            ac_rwlock_write_unlock(&l);
        else if (st[k] == HOLDING)
            ac_rwlock_read_unlock(&l);
        if (w[k].refs != 0)
            fail_msg("seed %u: waker %d leaked", seed, k);
    }
    if (ac_semaphore_available(&l.sem) != AC_RWLOCK_READERS)
        fail_msg("seed %u: %zu permits back of %zu", seed, ac_semaphore_available(&l.sem), AC_RWLOCK_READERS);
    ac_rwlock_destroy(&l);
}

/* ---- 50 tasks on 5 threads, random drops of waiting acquires ------------- */

#define THREADS          5
#define TASKS_PER_THREAD 10
#define PERMITS          5
#define ROUNDS           200 /* acquisitions per task */
#define DROPS            10000

typedef struct shared {
    ac_semaphore sem;
    atomic_int holders, max_holders, drops, errors;
} shared;

typedef struct holder {
    ac_future base;
    shared *sh;
    unsigned rng;
    int rounds;
    bool waiting, holding;
    ac_acquire acq;
} holder;

/* Count one more drop unless DROPS were done (threads race for the last). */
static bool claim_drop(shared *sh)
{
    int d = atomic_load(&sh->drops);
    while (d < DROPS)
        if (atomic_compare_exchange_weak(&sh->drops, &d, d + 1))
            return true;
    return false;
}

/* A task that wants a permit ROUNDS times, holds it across one yield, and
 * meanwhile drops its waiting acquire at random (before polling it: it may
 * be queued, or already granted and not yet told). */
static ac_poll holder_poll(ac_future *self, ac_context *cx)
{
    holder *h = (holder *)self;
    shared *sh = h->sh;
    if (h->holding) {
        atomic_fetch_sub(&sh->holders, 1);
        ac_semaphore_release(&sh->sem, 1);
        h->holding = false;
        if (++h->rounds == ROUNDS && atomic_load(&sh->drops) >= DROPS)
            return AC_READY;
    }
    if (h->waiting && rng_next(&h->rng) % 2 == 0 && claim_drop(sh)) {
        ac_future_drop(&h->acq.base);
        h->waiting = false;
        ac_waker_wake_by_ref(cx->waker); /* try again later */
        return AC_PENDING;
    }
    if (!h->waiting) {
        if (h->rounds >= ROUNDS && atomic_load(&sh->drops) >= DROPS)
            return AC_READY;
        h->acq = ac_semaphore_acquire(&sh->sem, 1);
        h->waiting = true;
    }
    if (ac_future_poll(&h->acq.base, cx) == AC_PENDING)
        return AC_PENDING;
    h->waiting = false;
    if (h->acq.result != 0)
        atomic_fetch_add(&sh->errors, 1);
    int now = atomic_fetch_add(&sh->holders, 1) + 1, max = atomic_load(&sh->max_holders);
    while (now > max && !atomic_compare_exchange_weak(&sh->max_holders, &max, now)) {
    }
    h->holding = true;
    ac_waker_wake_by_ref(cx->waker); /* hold it across a yield */
    return AC_PENDING;
}

static void holder_drop(ac_future *self)
{
    holder *h = (holder *)self;
    if (h->waiting)
        ac_future_drop(&h->acq.base);
}

static const ac_future_vtable holder_vtable = {.name = "holder", .poll = holder_poll, .drop = holder_drop};

typedef struct thread_arg {
    shared *sh;
    unsigned seed;
} thread_arg;

static void *holders_thread(void *arg)
{
    thread_arg *a = arg;
    ac_executor ex;
    if (ac_executor_init(&ex) != 0) {
        atomic_fetch_add(&a->sh->errors, 1);
        return NULL;
    }
    for (int i = 0; i < TASKS_PER_THREAD; i++) {
        holder h = {.base = {&holder_vtable}, .sh = a->sh, .rng = a->seed + (unsigned)i};
        ac_join_handle j = AC_SPAWN(&ex, h);
        ac_join_release(&j);
    }
    ac_executor_run(&ex);
    ac_executor_close(&ex);
    return NULL;
}

static void test_semaphore_of_5_under_50_tasks_on_5_threads(void **state)
{
    (void)state;
    unsigned seed = test_seed("semaphore 50 tasks", 42);
    static shared sh;
    ac_semaphore_init(&sh.sem, PERMITS);
    atomic_init(&sh.holders, 0);
    atomic_init(&sh.max_holders, 0);
    atomic_init(&sh.drops, 0);
    atomic_init(&sh.errors, 0);
    pthread_t th[THREADS];
    thread_arg args[THREADS];
    for (int i = 0; i < THREADS; i++) {
        args[i] = (thread_arg){.sh = &sh, .seed = seed * 31u + (unsigned)i * 1000u};
        assert_int_equal(pthread_create(&th[i], NULL, holders_thread, &args[i]), 0);
    }
    for (int i = 0; i < THREADS; i++)
        pthread_join(th[i], NULL);
    if (atomic_load(&sh.max_holders) > PERMITS)
        fail_msg("seed %u: %d holders at once", seed, atomic_load(&sh.max_holders));
    assert_int_equal(atomic_load(&sh.max_holders), PERMITS); /* it was contended */
    assert_int_equal(atomic_load(&sh.errors), 0);
    assert_int_equal(atomic_load(&sh.drops), DROPS);
    if (ac_semaphore_available(&sh.sem) != PERMITS)
        fail_msg("seed %u: %zu permits left of %d", seed, ac_semaphore_available(&sh.sem), PERMITS);
    assert_int_equal(ac_semaphore_waiters(&sh.sem), 0);
    ac_semaphore_destroy(&sh.sem);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_try_acquire_and_release),
        cmocka_unit_test(test_large_acquire_is_not_starved),
        cmocka_unit_test(test_dropped_acquires_lose_no_permit),
        cmocka_unit_test(test_close_fails_waiters_and_later_acquires),
        cmocka_unit_test(test_mutex_is_fifo),
        cmocka_unit_test(test_rwlock_writer_is_not_starved),
        cmocka_unit_test(test_rwlock_random_drops_keep_exclusion),
        cmocka_unit_test(test_semaphore_of_5_under_50_tasks_on_5_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
