/*
 * Unit tests for tasks: the state machine that makes wakes idempotent,
 * join handles, abort, and memory (one allocation, freed exactly once).
 */
#include <malloc.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "ac/executor.h"

/* ---- a future that does what each test tells it ---------------------- */

typedef struct scripted {
    ac_future base;
    int polls;
    int ready_at;             /* Ready on this poll number (0 = never) */
    int self_wakes;           /* how many times to wake itself during each Pending poll */
    int *drops;               /* counts drop calls */
    ac_waker *keep;           /* if set, store a clone of the waker here on first poll */
    ac_join_handle *abort_me; /* if set, abort this handle during the first poll */
    int output;
} scripted;

static ac_poll scripted_poll(ac_future *self, ac_context *cx)
{
    scripted *s = (scripted *)self;
    s->polls++;
    if (s->polls == 1 && s->keep != NULL)
        *s->keep = ac_waker_clone(cx->waker);
    if (s->polls == 1 && s->abort_me != NULL)
        ac_join_abort(s->abort_me);
    if (s->polls == s->ready_at) {
        s->output = 100 + s->polls;
        return AC_READY;
    }
    for (int i = 0; i < s->self_wakes; i++)
        ac_waker_wake_by_ref(cx->waker);
    return AC_PENDING;
}

static void scripted_drop(ac_future *self)
{
    scripted *s = (scripted *)self;
    if (s->drops != NULL)
        (*s->drops)++;
}

static const ac_future_vtable scripted_vtable = {
    .name = "scripted", .poll = scripted_poll, .drop = scripted_drop, AC_OUTPUT(scripted, output)};

static scripted make(int ready_at) { return (scripted){.base = {&scripted_vtable}, .ready_at = ready_at}; }

static scripted *task_state(ac_join_handle *h) { return (scripted *)ac_task_future(h->task); }

/* ---- tests ------------------------------------------------------------ */

static void test_wake_while_running_requeues_exactly_once(void **state)
{
    (void)state;
    ac_executor ex;
    assert_int_equal(ac_executor_init(&ex), 0);
    scripted s = make(2);
    s.self_wakes = 3; /* three wakes during one poll: still one re-queue */
    ac_join_handle h = AC_SPAWN(&ex, s);
    assert_int_equal(ac_executor_run_until_idle(&ex), 2);
    assert_true(ac_join_is_finished(&h));
    assert_int_equal(task_state(&h)->polls, 2);
    int out = 0;
    assert_true(ac_join_take(&h, &out, sizeof out));
    assert_int_equal(out, 102);
    ac_executor_close(&ex);
}

static void test_wake_while_queued_does_nothing(void **state)
{
    (void)state;
    ac_executor ex;
    assert_int_equal(ac_executor_init(&ex), 0);
    ac_waker kept = {0};
    scripted s = make(2);
    s.keep = &kept;
    ac_join_handle h = AC_SPAWN(&ex, s);
    ac_executor_run_until_idle(&ex); /* first poll: Pending, waker kept */
    assert_int_equal(task_state(&h)->polls, 1);
    for (int i = 0; i < 5; i++)
        ac_waker_wake_by_ref(&kept); /* first queues it, the other four see SCHEDULED */
    assert_int_equal(ac_executor_run_until_idle(&ex), 1);
    assert_int_equal(task_state(&h)->polls, 2);
    ac_waker_drop(&kept);
    ac_join_release(&h);
    ac_executor_close(&ex);
}

static void test_wake_after_completion_is_ignored(void **state)
{
    (void)state;
    ac_executor ex;
    assert_int_equal(ac_executor_init(&ex), 0);
    ac_waker kept = {0};
    scripted s = make(1);
    s.keep = &kept;
    ac_join_handle h = AC_SPAWN(&ex, s);
    ac_executor_run(&ex);
    assert_true(ac_join_is_finished(&h));
    ac_join_release(&h);
    /* the kept waker now holds the last reference to a finished task */
    ac_waker_wake_by_ref(&kept);
    assert_int_equal(ac_executor_run_until_idle(&ex), 0);
    assert_int_equal(ex.stats.polls, 1);
    ac_waker_wake(&kept); /* consumes the last reference: the task is freed (ASan checks) */
    ac_executor_close(&ex);
}

static void test_abort_drops_the_future_exactly_once(void **state)
{
    (void)state;
    ac_executor ex;
    assert_int_equal(ac_executor_init(&ex), 0);
    int drops_idle = 0, drops_queued = 0, drops_done = 0;

    scripted idle = make(0);
    idle.drops = &drops_idle;
    ac_join_handle h_idle = AC_SPAWN(&ex, idle);
    ac_executor_run_until_idle(&ex); /* now idle, waiting forever */

    scripted queued = make(0);
    queued.drops = &drops_queued;
    ac_join_handle h_queued = AC_SPAWN(&ex, queued); /* never polled yet */

    scripted done = make(1);
    done.drops = &drops_done;
    ac_join_handle h_done = AC_SPAWN(&ex, done);
    ac_executor_run_until_idle(&ex);
    assert_true(ac_join_is_finished(&h_done));
    assert_int_equal(task_state(&h_queued)->polls, 1);

    for (int i = 0; i < 3; i++) { /* abort is idempotent */
        ac_join_abort(&h_idle);
        ac_join_abort(&h_queued);
        ac_join_abort(&h_done);
    }
    ac_executor_run(&ex); /* returns: no live task left */
    assert_int_equal(drops_idle, 1);
    assert_int_equal(drops_queued, 1);
    assert_int_equal(drops_done, 0); /* it had finished: nothing to cancel */
    assert_true(ac_join_was_aborted(&h_idle));
    assert_null(ac_join_output(&h_idle));
    assert_false(ac_join_was_aborted(&h_done));
    assert_non_null(ac_join_output(&h_done));
    ac_join_release(&h_idle);
    ac_join_release(&h_queued);
    ac_join_release(&h_done);
    ac_executor_close(&ex);
}

static void test_abort_during_own_poll_drops_after_the_poll(void **state)
{
    (void)state;
    ac_executor ex;
    assert_int_equal(ac_executor_init(&ex), 0);
    int drops = 0;
    static ac_join_handle self_handle; /* the task aborts itself through this */
    scripted s = make(0);
    s.drops = &drops;
    s.abort_me = &self_handle;
    self_handle = AC_SPAWN(&ex, s);
    ac_executor_run(&ex);
    assert_int_equal(drops, 1);
    assert_int_equal(task_state(&self_handle)->polls, 1);
    assert_true(ac_join_was_aborted(&self_handle));
    ac_join_release(&self_handle);
    ac_executor_close(&ex);
}

static void test_close_drops_unfinished_tasks_once(void **state)
{
    (void)state;
    ac_executor ex;
    assert_int_equal(ac_executor_init(&ex), 0);
    int drops = 0;
    for (int i = 0; i < 10; i++) {
        scripted s = make(0);
        s.drops = &drops;
        ac_join_handle h = AC_SPAWN(&ex, s);
        ac_join_release(&h);
    }
    ac_executor_run_until_idle(&ex);
    assert_int_equal(ac_executor_live_tasks(&ex), 10);
    ac_executor_close(&ex);
    assert_int_equal(drops, 10);
}

static void test_million_spawns_leave_nothing_behind(void **state)
{
    (void)state;
    ac_executor ex;
    assert_int_equal(ac_executor_init(&ex), 0);
    scripted s = make(1);
    size_t before = mallinfo2().uordblks;
    for (int round = 0; round < 1000; round++) {
        for (int i = 0; i < 1000; i++) {
            ac_join_handle h = AC_SPAWN(&ex, s);
            ac_join_release(&h);
        }
        ac_executor_run(&ex);
    }
    size_t after = mallinfo2().uordblks;
    assert_int_equal(ex.stats.spawned, 1000000);
    assert_int_equal(ex.stats.completed, 1000000);
    assert_int_equal(ac_executor_live_tasks(&ex), 0);
    /* every task was freed: the heap in use did not grow (0 under ASan,
     * whose allocator mallinfo does not see; LeakSanitizer checks there) */
    assert_true(after <= before + 4096);
    ac_executor_close(&ex);
}

/* ---- cross-thread wakes ------------------------------------------------ */

enum { WAKER_THREADS = 4, WAKES_PER_THREAD = 100000, TARGETS = 4 };

typedef struct wake_target {
    ac_future base;
    ac_waker *publish;      /* first poll stores a waker clone here */
    _Atomic uint64_t *sent; /* wakes sent to this target so far */
    uint64_t seen;          /* `sent` as it was at the latest poll */
    uint64_t polls;
    _Atomic bool *finish;
} wake_target;

static ac_poll wake_target_poll(ac_future *self, ac_context *cx)
{
    wake_target *t = (wake_target *)self;
    if (t->polls++ == 0)
        *t->publish = ac_waker_clone(cx->waker);
    t->seen = atomic_load(t->sent);
    return atomic_load(t->finish) ? AC_READY : AC_PENDING;
}
static const ac_future_vtable wake_target_vtable = {.name = "wake_target", .poll = wake_target_poll};

typedef struct waker_thread_arg {
    ac_waker *wakers;
    _Atomic uint64_t *sent;
    int index;
} waker_thread_arg;

static void *waker_thread(void *p)
{
    waker_thread_arg *a = p;
    for (int i = 0; i < WAKES_PER_THREAD; i++) {
        int k = (i + a->index) % TARGETS;
        atomic_fetch_add(&a->sent[k], 1); /* count first: a poll after the wake must see it */
        ac_waker_wake_by_ref(&a->wakers[k]);
    }
    return NULL;
}

/* block_on's root: its first poll starts the waker threads and a finisher
 * that joins them and then wakes the root from its own thread.  Ready once
 * the finisher has run, which proves a remote wake reaches a parked executor. */
typedef struct threads_done {
    ac_future base;
    bool started;
    _Atomic bool finished;
    ac_waker root_waker;
    pthread_t finisher;
    pthread_t threads[WAKER_THREADS];
    waker_thread_arg args[WAKER_THREADS];
} threads_done;

static void *finisher(void *p)
{
    threads_done *d = p;
    for (int i = 0; i < WAKER_THREADS; i++)
        pthread_join(d->threads[i], NULL);
    atomic_store(&d->finished, true);
    ac_waker_wake(&d->root_waker);
    return NULL;
}

static ac_poll threads_done_poll(ac_future *self, ac_context *cx)
{
    threads_done *d = (threads_done *)self;
    if (!d->started) {
        d->started = true;
        d->root_waker = ac_waker_clone(cx->waker);
        for (int i = 0; i < WAKER_THREADS; i++)
            pthread_create(&d->threads[i], NULL, waker_thread, &d->args[i]);
        pthread_create(&d->finisher, NULL, finisher, d);
    }
    return atomic_load(&d->finished) ? AC_READY : AC_PENDING;
}
static const ac_future_vtable threads_done_vtable = {.name = "threads_done", .poll = threads_done_poll};

static void test_cross_thread_wakes_lose_none_and_double_queue_none(void **state)
{
    (void)state;
    ac_executor ex;
    assert_int_equal(ac_executor_init(&ex), 0);
    ac_waker wakers[TARGETS];
    _Atomic uint64_t sent[TARGETS];
    _Atomic bool finish = false;
    ac_join_handle handles[TARGETS];
    for (int k = 0; k < TARGETS; k++) {
        atomic_init(&sent[k], 0);
        wake_target t = {
            .base = {&wake_target_vtable}, .publish = &wakers[k], .sent = &sent[k], .finish = &finish};
        handles[k] = AC_SPAWN(&ex, t);
    }
    ac_executor_run_until_idle(&ex); /* every target polled once: wakers published */

    static threads_done done;
    done = (threads_done){.base = {&threads_done_vtable}};
    atomic_init(&done.finished, false);
    for (int i = 0; i < WAKER_THREADS; i++)
        done.args[i] = (waker_thread_arg){.wakers = wakers, .sent = sent, .index = i};
    ac_block_on(&ex, &done.base);
    pthread_join(done.finisher, NULL);
    ac_executor_run_until_idle(&ex); /* wakes still in the remote queue get their poll */

    uint64_t total_polls = 0;
    for (int k = 0; k < TARGETS; k++) {
        wake_target *t = (wake_target *)ac_task_future(handles[k].task);
        /* lose none: the latest poll happened after the last wake was sent */
        assert_int_equal(t->seen, WAKER_THREADS * WAKES_PER_THREAD / TARGETS);
        total_polls += t->polls;
    }
    /* double-queue none: never more polls than wakes (+1 first poll each);
     * a task queued twice would also trip the SCHEDULED assert in debug builds */
    assert_true(total_polls <= (uint64_t)WAKER_THREADS * WAKES_PER_THREAD + TARGETS);

    atomic_store(&finish, true);
    for (int k = 0; k < TARGETS; k++)
        ac_waker_wake(&wakers[k]);
    ac_executor_run(&ex);
    for (int k = 0; k < TARGETS; k++) {
        assert_true(ac_join_is_finished(&handles[k]));
        ac_join_release(&handles[k]);
    }
    ac_executor_close(&ex);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wake_while_running_requeues_exactly_once),
        cmocka_unit_test(test_wake_while_queued_does_nothing),
        cmocka_unit_test(test_wake_after_completion_is_ignored),
        cmocka_unit_test(test_abort_drops_the_future_exactly_once),
        cmocka_unit_test(test_abort_during_own_poll_drops_after_the_poll),
        cmocka_unit_test(test_close_drops_unfinished_tasks_once),
        cmocka_unit_test(test_million_spawns_leave_nothing_behind),
        cmocka_unit_test(test_cross_thread_wakes_lose_none_and_double_queue_none),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
