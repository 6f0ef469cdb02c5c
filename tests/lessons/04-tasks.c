/*
 * Checks for lesson 04 (tasks), one group per exercise.
 *
 *   ctest --preset learner -L 04-tasks      all four
 *   ctest --preset learner -R 04-tasks/ex2  just exercise 2
 *
 * Exercises 2-4 build their tasks by hand (handmade_task below) so that
 * each check reaches its own exercise first, whatever state exercise 1 is in.
 */
#include <stdlib.h>

#include "../check.h"
#include "lesson.h"

/* ---- test doubles ----------------------------------------------------- */

/* Pending until `open`; keeps the waker of whoever polled it. */
typedef struct latch {
    ac_future base;
    bool open;
    ac_waker_slot waiter;
} latch;

static ac_poll latch_poll(ac_future *self, ac_context *cx)
{
    latch *l = (latch *)self;
    if (l->open)
        return AC_READY;
    ac_waker_slot_set(&l->waiter, cx->waker);
    return AC_PENDING;
}
static void latch_drop(ac_future *self) { ac_waker_slot_clear(&((latch *)self)->waiter); }
static const ac_future_vtable latch_vtable = {.name = "latch", .poll = latch_poll, .drop = latch_drop};

/* A task made without task_new: what exercise 1 should produce. */
static task *handmade_task(task_queue *q, const char *name, const void *future, size_t size)
{
    task *t = calloc(1, sizeof *t + size);
    assert_non_null(t);
    memcpy(t->storage, future, size);
    t->future = (ac_future *)(void *)t->storage;
    t->queue = q;
    atomic_init(&t->refs, 1);
    t->name = name;
    return t;
}

/* ... and queued, the way spawn does it. */
static task *handmade_spawn(task_queue *q, const char *name, const void *future, size_t size)
{
    task *t = handmade_task(q, name, future, size);
    task_ref(t);
    pthread_mutex_lock(&q->lock);
    task_queue_push_locked(q, t);
    pthread_mutex_unlock(&q->lock);
    return t;
}

static unsigned refs(task *t) { return atomic_load(&t->refs); }

/* ---- exercise 1: task_new ----------------------------------------------- */

static void task_new_copies_the_future_into_one_block(void **state)
{
    (void)state;
    task_queue q;
    task_queue_init(&q);
    pending_n p = pending_new(2);
    task *t = task_new(&q, "p", &p, sizeof p);
    assert_non_null(t);
    assert_ptr_equal(t->future, (ac_future *)(void *)t->storage); /* inside the task */
    assert_ptr_not_equal(t->future, &p.base);
    assert_ptr_equal(t->future->vtable, pending_n_vtable());
    assert_memory_equal(t->storage, &p, sizeof p);
    p.left = 99; /* the task has its own copy */
    assert_int_equal(((pending_n *)(void *)t->future)->left, 2);
    assert_ptr_equal(t->queue, &q);
    assert_string_equal(t->name, "p");
    assert_int_equal(refs(t), 1);
    assert_false(t->queued);
    assert_false(t->done);
    assert_null(t->joiner.vtable);
    assert_int_equal(t->polls, 0);
    assert_int_equal(task_queue_length(&q), 0); /* making a task does not queue it */
    task_unref(t);
    task_queue_destroy(&q);
}

static void task_new_holds_futures_of_any_size(void **state)
{
    (void)state;
    typedef struct big {
        ac_future base;
        unsigned char payload[300];
        int left;
    } big;
    task_queue q;
    task_queue_init(&q);
    pending_n small = pending_new(1);
    big b = {.base = {pending_n_vtable()}};
    memset(b.payload, 0xAB, sizeof b.payload);
    task *ts = task_new(&q, "small", &small, sizeof small);
    task *tb = task_new(&q, "big", &b, sizeof b);
    assert_non_null(ts);
    assert_non_null(tb);
    assert_memory_equal(tb->storage, &b, sizeof b); /* all 300+ bytes made it */
    /* type erasure: poll through t->future alone */
    ac_waker w = ac_waker_noop();
    ac_context cx = {.waker = &w};
    assert_int_equal(ac_future_poll(ts->future, &cx), AC_PENDING);
    assert_int_equal(ac_future_poll(ts->future, &cx), AC_READY);
    assert_int_equal(*(int *)ac_future_output(ts->future), 42);
    ts->done = true;
    task_unref(ts);
    task_unref(tb);
    task_queue_destroy(&q);
}

static const struct CMUnitTest ex1_tests[] = {
    cmocka_unit_test(task_new_copies_the_future_into_one_block),
    cmocka_unit_test(task_new_holds_futures_of_any_size),
};

/* ---- exercise 2: task_waker ---------------------------------------------- */

static void task_waker_holds_a_reference(void **state)
{
    (void)state;
    task_queue q;
    task_queue_init(&q);
    pending_n p = pending_new(0);
    task *t = handmade_task(&q, "p", &p, sizeof p);
    ac_waker w = task_waker(t);
    assert_ptr_equal(w.data, t);
    assert_int_equal(refs(t), 2);
    ac_waker w2 = ac_waker_clone(&w);
    assert_int_equal(refs(t), 3);
    ac_waker_drop(&w2);
    ac_waker_drop(&w);
    assert_int_equal(refs(t), 1);
    assert_int_equal(task_queue_length(&q), 0); /* no wake, no push */
    task_unref(t);
    task_queue_destroy(&q);
}

static void task_waker_requeues_once_and_never_when_done(void **state)
{
    (void)state;
    task_queue q;
    task_queue_init(&q);
    pending_n p = pending_new(0);
    task *t = handmade_task(&q, "p", &p, sizeof p);
    ac_waker w = task_waker(t);

    ac_waker_wake_by_ref(&w);
    assert_true(task_queue_contains(&q, t));
    assert_true(t->queued);
    assert_int_equal(refs(t), 3); /* ours + the waker + the queue entry */
    ac_waker_wake_by_ref(&w);
    ac_waker_wake_by_ref(&w);
    assert_int_equal(task_queue_length(&q), 1); /* queued once, not three times */
    assert_int_equal(refs(t), 3);

    assert_ptr_equal(task_queue_pop(&q), t);
    task_unref(t); /* the entry's reference */
    ac_waker w2 = ac_waker_clone(&w);
    ac_waker_wake(&w2); /* wake: pushes and gives the clone's reference back */
    assert_int_equal(task_queue_length(&q), 1);
    assert_int_equal(refs(t), 3);
    assert_ptr_equal(task_queue_pop(&q), t);
    task_unref(t);

    t->done = true;
    ac_waker_wake_by_ref(&w);
    assert_int_equal(task_queue_length(&q), 0); /* done tasks ignore wakes */
    ac_waker_drop(&w);
    assert_int_equal(refs(t), 1);
    task_unref(t);
    task_queue_destroy(&q);
}

static void task_waker_brings_back_a_pending_task(void **state)
{
    (void)state;
    task_queue q;
    task_queue_init(&q);
    pending_n p = pending_new(1);
    task *t = handmade_task(&q, "p", &p, sizeof p);
    ac_waker w = task_waker(t);
    ac_context cx = {.waker = &w};
    assert_int_equal(ac_future_poll(t->future, &cx), AC_PENDING);
    assert_true(task_queue_contains(&q, t)); /* it woke itself: back in the queue */
    assert_ptr_equal(task_queue_pop(&q), t);
    task_unref(t);
    assert_int_equal(ac_future_poll(t->future, &cx), AC_READY);
    assert_false(task_queue_contains(&q, t)); /* Ready: no wake, stays out */
    t->done = true;
    ac_waker_drop(&w);
    task_unref(t);
    task_queue_destroy(&q);
}

static const struct CMUnitTest ex2_tests[] = {
    cmocka_unit_test(task_waker_holds_a_reference),
    cmocka_unit_test(task_waker_requeues_once_and_never_when_done),
    cmocka_unit_test(task_waker_brings_back_a_pending_task),
};

/* ---- exercise 3: run_tasks ----------------------------------------------- */

typedef struct trace {
    char order[32];
    int count;
    bool back_iff_pending; /* a Pending task is back in the queue, a Ready one is not */
} trace;

static void record(task *t, ac_poll result, void *arg)
{
    trace *tr = arg;
    tr->order[tr->count++] = t->name[0];
    bool back = task_queue_contains(t->queue, t);
    if (back != (result == AC_PENDING))
        tr->back_iff_pending = false;
}

static void run_tasks_round_robin_until_empty(void **state)
{
    (void)state;
    task_queue q;
    task_queue_init(&q);
    pending_n a = pending_new(2), b = pending_new(0), c = pending_new(1);
    task *ta = handmade_spawn(&q, "A", &a, sizeof a);
    task *tb = handmade_spawn(&q, "B", &b, sizeof b);
    task *tc = handmade_spawn(&q, "C", &c, sizeof c);
    trace tr = {.back_iff_pending = true};
    assert_int_equal(run_tasks(&q, record, &tr), 6);
    assert_int_equal(tr.count, 6);
    assert_memory_equal(tr.order, "ABCACA", 6);
    assert_true(tr.back_iff_pending);
    assert_int_equal(ta->polls, 3);
    assert_int_equal(tb->polls, 1);
    assert_int_equal(tc->polls, 2);
    assert_true(ta->done && tb->done && tc->done);
    assert_int_equal(task_queue_length(&q), 0);
    /* only our handles are left: queue entries and wakers were given back */
    assert_int_equal(refs(ta), 1);
    assert_int_equal(refs(tb), 1);
    assert_int_equal(refs(tc), 1);
    task_unref(ta);
    task_unref(tb);
    task_unref(tc);
    task_queue_destroy(&q);
}

static void run_tasks_leaves_a_waiting_task_out_until_woken(void **state)
{
    (void)state;
    task_queue q;
    task_queue_init(&q);
    latch l0 = {.base = {&latch_vtable}};
    task *t = handmade_spawn(&q, "latch", &l0, sizeof l0);
    assert_int_equal(run_tasks(&q, NULL, NULL), 1); /* Pending, nobody woke it: stop */
    assert_false(t->done);
    assert_false(task_queue_contains(&q, t));
    assert_int_equal(refs(t), 2); /* ours + the waker the latch kept */

    latch *l = (latch *)(void *)t->future;
    l->open = true;
    ac_waker_slot_wake(&l->waiter); /* the event: its waker pushes the task back */
    assert_true(task_queue_contains(&q, t));
    assert_int_equal(run_tasks(&q, NULL, NULL), 1);
    assert_true(t->done);
    assert_int_equal(t->polls, 2);
    assert_int_equal(refs(t), 1);
    task_unref(t);
    task_queue_destroy(&q);
}

static void run_tasks_wakes_the_joiner_on_ready(void **state)
{
    (void)state;
    task_queue q;
    task_queue_init(&q);
    pending_n p = pending_new(1);
    task *t = handmade_spawn(&q, "p", &p, sizeof p);
    wake_counts counts = {0};
    t->joiner = (ac_waker){.data = &counts, .vtable = counting_vtable()};
    counts.clones = 1; /* as if the joiner had cloned its waker into the slot */
    assert_int_equal(run_tasks(&q, NULL, NULL), 2);
    assert_int_equal(counts.wakes, 1);
    assert_int_equal(counts.drops, 1); /* woken with wake(): the stored reference is given back */
    assert_null(t->joiner.vtable);
    task_unref(t);
    task_queue_destroy(&q);
}

static const struct CMUnitTest ex3_tests[] = {
    cmocka_unit_test(run_tasks_round_robin_until_empty),
    cmocka_unit_test(run_tasks_leaves_a_waiting_task_out_until_woken),
    cmocka_unit_test(run_tasks_wakes_the_joiner_on_ready),
};

/* ---- exercise 4: join_poll ------------------------------------------------ */

/* What run_tasks does when a task's future is Ready, done by hand here. */
static void finish_by_hand(task *t)
{
    ac_waker w = ac_waker_noop();
    ac_context cx = {.waker = &w};
    while (ac_future_poll(t->future, &cx) == AC_PENDING)
        ;
    pthread_mutex_lock(&t->queue->lock);
    t->done = true;
    ac_waker joiner = t->joiner;
    t->joiner = (ac_waker){0};
    pthread_mutex_unlock(&t->queue->lock);
    if (joiner.vtable != NULL)
        ac_waker_wake(&joiner);
}

static void join_is_pending_until_done_then_yields_42(void **state)
{
    (void)state;
    task_queue q;
    task_queue_init(&q);
    pending_n p = pending_new(2);
    join_handle h = join_handle_for(handmade_task(&q, "answer", &p, sizeof p));
    task *t = h.task;
    wake_counts counts = {0};
    ac_waker w = {.data = &counts, .vtable = counting_vtable()};
    ac_context cx = {.waker = &w};

    assert_int_equal(ac_future_poll(&h.base, &cx), AC_PENDING);
    assert_ptr_equal(t->joiner.data, &counts); /* left its waker in the task */
    assert_int_equal(counts.clones, 1);        /* a clone: the context's is only borrowed */
    assert_int_equal(ac_future_poll(&h.base, &cx), AC_PENDING);
    assert_int_equal(counts.clones - counts.drops, 1); /* still exactly one stored */
    assert_null(join_output(&h));

    finish_by_hand(t);
    assert_int_equal(counts.wakes, 1);
    assert_int_equal(ac_future_poll(&h.base, &cx), AC_READY);
    assert_int_equal(*(int *)join_output(&h), 42);
    assert_int_equal(counts.clones, counts.drops); /* nothing kept after Ready */
    join_release(&h);
    assert_null(h.task);
    task_queue_destroy(&q);
}

static void join_on_a_done_task_is_ready_at_once(void **state)
{
    (void)state;
    task_queue q;
    task_queue_init(&q);
    pending_n p = pending_new(0);
    join_handle h = join_handle_for(handmade_task(&q, "answer", &p, sizeof p));
    finish_by_hand(h.task);
    wake_counts counts = {0};
    ac_waker w = {.data = &counts, .vtable = counting_vtable()};
    ac_context cx = {.waker = &w};
    assert_int_equal(ac_future_poll(&h.base, &cx), AC_READY);
    assert_int_equal(counts.clones, 0);
    assert_int_equal(*(int *)join_output(&h), 42);
    join_release(&h);
    task_queue_destroy(&q);
}

static void join_swaps_in_a_new_waker_and_drops_the_old(void **state)
{
    (void)state;
    task_queue q;
    task_queue_init(&q);
    pending_n p = pending_new(0);
    join_handle h = join_handle_for(handmade_task(&q, "answer", &p, sizeof p));
    wake_counts first = {0}, second = {0};
    ac_waker w1 = {.data = &first, .vtable = counting_vtable()};
    ac_waker w2 = {.data = &second, .vtable = counting_vtable()};
    ac_context cx1 = {.waker = &w1}, cx2 = {.waker = &w2};
    assert_int_equal(ac_future_poll(&h.base, &cx1), AC_PENDING);
    assert_int_equal(ac_future_poll(&h.base, &cx2), AC_PENDING);
    assert_int_equal(first.clones, first.drops); /* the old one given back */
    assert_ptr_equal(h.task->joiner.data, &second);
    finish_by_hand(h.task);
    assert_int_equal(first.wakes, 0);
    assert_int_equal(second.wakes, 1); /* only the latest poller is woken */
    join_release(&h);
    ac_context cx = {.waker = &w1};
    assert_int_equal(ac_future_poll(&h.base, &cx), AC_READY); /* released: nothing to wait for */
    task_queue_destroy(&q);
}

static const struct CMUnitTest ex4_tests[] = {
    cmocka_unit_test(join_is_pending_until_done_then_yields_42),
    cmocka_unit_test(join_on_a_done_task_is_ready_at_once),
    cmocka_unit_test(join_swaps_in_a_new_waker_and_drops_the_old),
};

AC_CHECK_MAIN(AC_CHECK_GROUP(ex1_task_new, ex1_tests), AC_CHECK_GROUP(ex2_task_waker, ex2_tests),
              AC_CHECK_GROUP(ex3_run_tasks, ex3_tests), AC_CHECK_GROUP(ex4_join, ex4_tests))
