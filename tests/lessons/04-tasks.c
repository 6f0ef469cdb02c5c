/*
 * Checks for lesson 04 (tasks), one group per exercise.
 *
 *   ctest --preset learner -L 04-tasks      all four
 *   ctest --preset learner -R 04-tasks/ex2  just exercise 2
 *
 * Exercises 2-4 build their tasks by hand (handmade_task below) so that
 * each check reaches its own exercise first, whatever state exercise 1 is in.
 */
#include <pthread.h>
#include <sched.h>
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
    CHECK_FN("task_new");
    task_queue q;
    task_queue_init(&q);
    pending_n p = pending_new(2);
    task *t = task_new(&q, "p", &p, sizeof p);
    EXPECT_NONNULL(t, "task_new returns NULL only when malloc fails");
    EXPECT_PTR(t->future, (ac_future *)(void *)t->storage,
               "the future lives inside the task (t->storage), so the task owns it and frees it with itself");
    EXPECT_TRUE(t->future != &p.base,
                "the task keeps a copy: the caller's future may be a local that dies soon");
    EXPECT_PTR(t->future->vtable, pending_n_vtable(), "the copy is the same kind of future: same vtable");
    EXPECT_MEM(t->storage, &p, sizeof p, "all `size` bytes of the future are copied, not just its first few");
    p.left = 99; /* the task has its own copy */
    EXPECT_INT(((pending_n *)(void *)t->future)->left, 2,
               "changing the caller's future afterwards must not change the task's copy");
    EXPECT_PTR(t->queue, &q, "t->queue is where a wake sends the task back");
    EXPECT_STR(t->name, "p", "t->name is the name given, for printing");
    EXPECT_UINT(refs(t), 1, "a new task has exactly one reference: the caller's (spawn adds the queue's)");
    EXPECT_FALSE(t->queued, "a new task is not in any queue yet");
    EXPECT_FALSE(t->done, "a new task has not run, so it is not done");
    EXPECT_NULL(t->joiner.vtable, "nobody awaits a new task: joiner is {0}, or the last unref drops garbage");
    EXPECT_UINT(t->polls, 0, "a new task has never been polled");
    EXPECT_UINT(task_queue_length(&q), 0, "making a task does not queue it: spawn does that");
    task_unref(t);
    task_queue_destroy(&q);
}

static void task_new_holds_futures_of_any_size(void **state)
{
    (void)state;
    CHECK_FN("task_new");
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
    EXPECT_NONNULL(ts, "task_new returns NULL only when malloc fails");
    EXPECT_NONNULL(tb, "task_new returns NULL only when malloc fails");
    EXPECT_MEM(tb->storage, &b, sizeof b, "a 300-byte future is copied whole: malloc(sizeof(task) + size)");
    /* type erasure: poll through t->future alone */
    ac_waker w = ac_waker_noop();
    ac_context cx = {.waker = &w};
    EXPECT_POLL(ac_future_poll(ts->future, &cx), AC_PENDING,
                "the copy behaves as the original: Pending once");
    EXPECT_POLL(ac_future_poll(ts->future, &cx), AC_READY, "... then Ready, polled through t->future alone");
    EXPECT_INT(*(int *)ac_future_output(ts->future), 42, "its output lives in the task's copy");
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
    CHECK_FN("task_waker");
    task_queue q;
    task_queue_init(&q);
    pending_n p = pending_new(0);
    task *t = handmade_task(&q, "p", &p, sizeof p);
    ac_waker w = task_waker(t);
    EXPECT_PTR(w.data, t, "a task's waker carries the task as its data");
    EXPECT_NONNULL(w.vtable, "a waker needs its table of four functions");
    EXPECT_UINT(refs(t), 2, "a new waker holds one reference, so the task outlives whoever let go first");
    ac_waker w2 = ac_waker_clone(&w);
    EXPECT_PTR(w2.data, t, "a clone wakes the same task");
    EXPECT_UINT(refs(t), 3, "clone is a new waker, so it takes a new reference");
    ac_waker_drop(&w2);
    EXPECT_UINT(refs(t), 2, "drop gives the clone's reference back");
    ac_waker_drop(&w);
    EXPECT_UINT(refs(t), 1, "after both wakers are dropped only our reference is left");
    EXPECT_UINT(task_queue_length(&q), 0, "no wake, no push: clone and drop never queue the task");
    task_unref(t);
    task_queue_destroy(&q);
}

static void task_waker_requeues_once_and_never_when_done(void **state)
{
    (void)state;
    CHECK_FN("task_waker");
    task_queue q;
    task_queue_init(&q);
    pending_n p = pending_new(0);
    task *t = handmade_task(&q, "p", &p, sizeof p);
    ac_waker w = task_waker(t);

    ac_waker_wake_by_ref(&w);
    EXPECT_TRUE(task_queue_contains(&q, t), "waking a task pushes it onto its queue");
    EXPECT_TRUE(t->queued, "task_queue_push_locked marks it queued");
    EXPECT_UINT(refs(t), 3, "ours + the waker + the queue entry: the entry takes its own reference");
    ac_waker_wake_by_ref(&w);
    ac_waker_wake_by_ref(&w);
    EXPECT_UINT(task_queue_length(&q), 1,
                "a queued task is not queued again: it would be polled twice for one event");
    EXPECT_UINT(refs(t), 3, "a wake that does not push takes no reference");

    EXPECT_PTR(task_queue_pop(&q), t, "the queue hands the task back");
    task_unref(t); /* the entry's reference */
    ac_waker w2 = ac_waker_clone(&w);
    ac_waker_wake(&w2);
    EXPECT_UINT(task_queue_length(&q), 1, "wake (by value) pushes the task as wake_by_ref does");
    EXPECT_UINT(refs(t), 3, "wake by value uses the waker up: its reference goes back (the entry keeps one)");
    EXPECT_PTR(task_queue_pop(&q), t, "the queue hands the task back");
    task_unref(t);

    t->done = true;
    ac_waker_wake_by_ref(&w);
    EXPECT_UINT(task_queue_length(&q), 0,
                "a done task ignores wakes: polling it again breaks the poll contract");
    ac_waker_drop(&w);
    EXPECT_UINT(refs(t), 1, "every waker gave its reference back");
    task_unref(t);
    task_queue_destroy(&q);
}

static void task_waker_brings_back_a_pending_task(void **state)
{
    (void)state;
    CHECK_FN("task_waker");
    task_queue q;
    task_queue_init(&q);
    pending_n p = pending_new(1);
    task *t = handmade_task(&q, "p", &p, sizeof p);
    ac_waker w = task_waker(t);
    ac_context cx = {.waker = &w};
    EXPECT_POLL(ac_future_poll(t->future, &cx), AC_PENDING, "pending_n(1) is Pending once, waking itself");
    EXPECT_TRUE(task_queue_contains(&q, t), "a future that woke itself is back in the queue");
    EXPECT_PTR(task_queue_pop(&q), t, "the queue hands the task back");
    task_unref(t);
    EXPECT_POLL(ac_future_poll(t->future, &cx), AC_READY, "pending_n(1) is Ready on its second poll");
    EXPECT_FALSE(task_queue_contains(&q, t), "a Ready future did not wake: the task stays out");
    t->done = true;
    ac_waker_drop(&w);
    task_unref(t);
    task_queue_destroy(&q);
}

/* Wakes from two threads at once: the queued/done flags and the queue
 * links are shared, so only the queue's lock keeps them consistent
 * (a mistake here shows as a data race in the TSan build). */
typedef struct waking_thread {
    ac_waker waker;
    int rounds;
} waking_thread;

static void *wake_many_times(void *arg)
{
    waking_thread *w = arg;
    for (int i = 0; i < w->rounds; i++)
        ac_waker_wake_by_ref(&w->waker);
    return NULL;
}

static void task_waker_wakes_safely_from_two_threads(void **state)
{
    (void)state;
    CHECK_FN("task_waker");
    task_queue q;
    task_queue_init(&q);
    pending_n p = pending_new(0);
    task *t = handmade_task(&q, "p", &p, sizeof p);
    waking_thread a = {.waker = task_waker(t), .rounds = 200}, b = {.waker = task_waker(t), .rounds = 200};
    pthread_t ta, tb;
    CHECK_WAITING("for two threads that call ac_waker_wake_by_ref() 200 times each to finish");
    assert_int_equal(pthread_create(&ta, NULL, wake_many_times, &a), 0);
    assert_int_equal(pthread_create(&tb, NULL, wake_many_times, &b), 0);
    for (int i = 0; i < 50; i++) { /* pop while they wake, so some wakes push again */
        task *got = task_queue_pop(&q);
        if (got != NULL)
            task_unref(got);
    }
    pthread_join(ta, NULL);
    pthread_join(tb, NULL);
    EXPECT_TRUE(task_queue_length(&q) <= 1, "however many threads wake it, a task is queued at most once");
    task *got = task_queue_pop(&q);
    if (got != NULL)
        task_unref(got);
    ac_waker_drop(&a.waker);
    ac_waker_drop(&b.waker);
    EXPECT_UINT(refs(t), 1, "every queue entry and waker gave its reference back");
    task_unref(t);
    task_queue_destroy(&q);
}

static const struct CMUnitTest ex2_tests[] = {
    cmocka_unit_test(task_waker_holds_a_reference),
    cmocka_unit_test(task_waker_requeues_once_and_never_when_done),
    cmocka_unit_test(task_waker_brings_back_a_pending_task),
    cmocka_unit_test(task_waker_wakes_safely_from_two_threads),
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
    if (tr->count < (int)sizeof tr->order)
        tr->order[tr->count] = t->name[0];
    tr->count++;
    bool back = task_queue_contains(t->queue, t);
    if (back != (result == AC_PENDING))
        tr->back_iff_pending = false;
}

static void run_tasks_round_robin_until_empty(void **state)
{
    (void)state;
    CHECK_FN("run_tasks");
    task_queue q;
    task_queue_init(&q);
    pending_n a = pending_new(2), b = pending_new(0), c = pending_new(1);
    task *ta = handmade_spawn(&q, "A", &a, sizeof a);
    task *tb = handmade_spawn(&q, "B", &b, sizeof b);
    task *tc = handmade_spawn(&q, "C", &c, sizeof c);
    trace tr = {.back_iff_pending = true};
    CHECK_WAITING("for run_tasks() to empty a queue of three tasks that need 6 polls in all");
    EXPECT_UINT(run_tasks(&q, record, &tr), 6, "run_tasks returns how many polls it made: 3 + 1 + 2");
    EXPECT_INT(tr.count, 6, "observe is called once after every poll");
    EXPECT_MEM(tr.order, "ABCACA", 6,
               "tasks run in queue order, a woken task going to the back (A B C A C A)");
    EXPECT_TRUE(tr.back_iff_pending,
                "when observe runs, a Pending task that woke itself is queued again and a Ready one is not");
    EXPECT_UINT(ta->polls, 3, "t->polls counts the polls of each task");
    EXPECT_UINT(tb->polls, 1, "t->polls counts the polls of each task");
    EXPECT_UINT(tc->polls, 2, "t->polls counts the polls of each task");
    EXPECT_TRUE(ta->done && tb->done && tc->done, "a task whose future returned Ready is marked done");
    EXPECT_UINT(task_queue_length(&q), 0, "run_tasks returns only when the queue is empty");
    EXPECT_UINT(refs(ta), 1, "queue entries and wakers gave their references back: only ours is left");
    EXPECT_UINT(refs(tb), 1, "queue entries and wakers gave their references back: only ours is left");
    EXPECT_UINT(refs(tc), 1, "queue entries and wakers gave their references back: only ours is left");
    task_unref(ta);
    task_unref(tb);
    task_unref(tc);
    task_queue_destroy(&q);
}

static void run_tasks_leaves_a_waiting_task_out_until_woken(void **state)
{
    (void)state;
    CHECK_FN("run_tasks");
    task_queue q;
    task_queue_init(&q);
    latch l0 = {.base = {&latch_vtable}};
    task *t = handmade_spawn(&q, "latch", &l0, sizeof l0);
    CHECK_WAITING("for run_tasks() to return once the only task waits for an outside event");
    EXPECT_UINT(run_tasks(&q, NULL, NULL), 1,
                "Pending and nobody woke it: one poll, then the queue is empty");
    EXPECT_FALSE(t->done, "a Pending task is not done");
    EXPECT_FALSE(task_queue_contains(&q, t), "a task that did not wake itself is not put back by run_tasks");
    EXPECT_UINT(refs(t), 2, "ours + the waker the latch kept; run_tasks gave its own back");

    latch *l = (latch *)(void *)t->future;
    l->open = true;
    ac_waker_slot_wake(&l->waiter); /* the event: its waker pushes the task back */
    EXPECT_TRUE(task_queue_contains(&q, t), "the event's wake pushed the task back");
    EXPECT_UINT(run_tasks(&q, NULL, NULL), 1, "one more poll finishes it");
    EXPECT_TRUE(t->done, "Ready: done");
    EXPECT_UINT(t->polls, 2, "t->polls counts both polls");
    EXPECT_UINT(refs(t), 1, "every reference but ours was given back");
    task_unref(t);
    task_queue_destroy(&q);
}

static void run_tasks_wakes_the_joiner_on_ready(void **state)
{
    (void)state;
    CHECK_FN("run_tasks");
    task_queue q;
    task_queue_init(&q);
    pending_n p = pending_new(1);
    task *t = handmade_spawn(&q, "p", &p, sizeof p);
    wake_counts counts = {0};
    t->joiner = (ac_waker){.data = &counts, .vtable = counting_vtable()};
    counts.clones = 1; /* as if the joiner had cloned its waker into the slot */
    EXPECT_UINT(run_tasks(&q, NULL, NULL), 2, "pending_n(1) needs two polls");
    EXPECT_INT(counts.wakes, 1, "on Ready the joiner is woken, once");
    EXPECT_INT(counts.drops, 1,
               "the stored joiner is woken with ac_waker_wake(): that gives its reference back too");
    EXPECT_NULL(t->joiner.vtable, "the joiner is taken out of the task: it was used up by the wake");
    task_unref(t);
    task_queue_destroy(&q);
}

/* The usual joiner is another task on the same queue: its wake takes the
 * queue's lock, so it must not run while run_tasks holds that lock. */
static void run_tasks_wakes_a_joiner_on_the_same_queue(void **state)
{
    (void)state;
    CHECK_FN("run_tasks");
    task_queue q;
    task_queue_init(&q);
    pending_n a = pending_new(0), b = pending_new(0);
    task *ta = handmade_spawn(&q, "A", &a, sizeof a);
    task *tb = handmade_task(&q, "B", &b, sizeof b); /* not queued: waits for A */
    ta->joiner = task_waker(tb);
    trace tr = {.back_iff_pending = true};
    CHECK_WAITING("for run_tasks() to wake A's joiner (task B, same queue); a wake under q->lock deadlocks");
    EXPECT_UINT(run_tasks(&q, record, &tr), 2, "A finishes and its joiner B is woken and polled: two polls");
    EXPECT_MEM(tr.order, "AB", 2, "B runs after A, woken by A's completion");
    EXPECT_TRUE(tb->done, "the woken joiner ran to Ready");
    EXPECT_UINT(refs(ta), 1, "only our reference to A is left");
    EXPECT_UINT(refs(tb), 1, "the joiner's waker gave its reference to B back when woken");
    task_unref(ta);
    task_unref(tb);
    task_queue_destroy(&q);
}

/* A detached task (nobody holds a handle) lives on its queue entry's
 * reference alone: observe must still see it alive. */
static void run_tasks_observes_a_detached_task_while_alive(void **state)
{
    (void)state;
    CHECK_FN("run_tasks");
    task_queue q;
    task_queue_init(&q);
    pending_n p = pending_new(1);
    task *t = handmade_spawn(&q, "D", &p, sizeof p);
    task_unref(t); /* detach: the queue entry holds the only reference */
    trace tr = {.back_iff_pending = true};
    CHECK_WAITING("for run_tasks() to run one detached task");
    EXPECT_UINT(run_tasks(&q, record, &tr), 2, "a detached task still runs to the end");
    EXPECT_MEM(tr.order, "DD", 2, "observe saw the task after each poll, before its last reference went");
    task_queue_destroy(&q);
}

static const struct CMUnitTest ex3_tests[] = {
    cmocka_unit_test(run_tasks_round_robin_until_empty),
    cmocka_unit_test(run_tasks_leaves_a_waiting_task_out_until_woken),
    cmocka_unit_test(run_tasks_wakes_the_joiner_on_ready),
    cmocka_unit_test(run_tasks_wakes_a_joiner_on_the_same_queue),
    cmocka_unit_test(run_tasks_observes_a_detached_task_while_alive),
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
    CHECK_FN("join_poll");
    task_queue q;
    task_queue_init(&q);
    pending_n p = pending_new(2);
    join_handle h = join_handle_for(handmade_task(&q, "answer", &p, sizeof p));
    task *t = h.task;
    wake_counts counts = {0};
    ac_waker w = {.data = &counts, .vtable = counting_vtable()};
    ac_context cx = {.waker = &w};

    EXPECT_POLL(ac_future_poll(&h.base, &cx), AC_PENDING, "the task has not run: its join handle is Pending");
    EXPECT_PTR(t->joiner.data, &counts, "a Pending join handle leaves the poller's waker in task->joiner");
    EXPECT_INT(counts.clones, 1, "it stores a clone: the context's waker is only borrowed for this poll");
    EXPECT_POLL(ac_future_poll(&h.base, &cx), AC_PENDING, "still not done: still Pending");
    EXPECT_INT(counts.clones - counts.drops, 1,
               "polled again by the same waiter, exactly one waker is stored (not one per poll)");
    EXPECT_NULL(join_output(&h), "no output before the task is done");

    finish_by_hand(t);
    EXPECT_INT(counts.wakes, 1, "finishing the task woke the stored joiner");
    EXPECT_POLL(ac_future_poll(&h.base, &cx), AC_READY, "the task is done: its join handle is Ready");
    EXPECT_TRUE(join_output(&h) != NULL && *(int *)join_output(&h) == 42, "the output is the task's: 42");
    EXPECT_INT(counts.clones, counts.drops, "nothing is kept after Ready: every clone was given back");
    join_release(&h);
    EXPECT_NULL(h.task, "join_release lets go of the task");
    task_queue_destroy(&q);
}

static void join_on_a_done_task_is_ready_at_once(void **state)
{
    (void)state;
    CHECK_FN("join_poll");
    task_queue q;
    task_queue_init(&q);
    pending_n p = pending_new(0);
    join_handle h = join_handle_for(handmade_task(&q, "answer", &p, sizeof p));
    finish_by_hand(h.task);
    wake_counts counts = {0};
    ac_waker w = {.data = &counts, .vtable = counting_vtable()};
    ac_context cx = {.waker = &w};
    EXPECT_POLL(ac_future_poll(&h.base, &cx), AC_READY, "the task is done already: Ready on the first poll");
    EXPECT_INT(counts.clones, 0, "Ready keeps no waker: nothing will ever wake it");
    EXPECT_INT(*(int *)join_output(&h), 42, "the output is the task's: 42");
    join_release(&h);
    task_queue_destroy(&q);
}

static void join_swaps_in_a_new_waker_and_drops_the_old(void **state)
{
    (void)state;
    CHECK_FN("join_poll");
    task_queue q;
    task_queue_init(&q);
    pending_n p = pending_new(0);
    join_handle h = join_handle_for(handmade_task(&q, "answer", &p, sizeof p));
    wake_counts first = {0}, second = {0};
    ac_waker w1 = {.data = &first, .vtable = counting_vtable()};
    ac_waker w2 = {.data = &second, .vtable = counting_vtable()};
    ac_context cx1 = {.waker = &w1}, cx2 = {.waker = &w2};
    EXPECT_POLL(ac_future_poll(&h.base, &cx1), AC_PENDING, "not done: Pending");
    EXPECT_POLL(ac_future_poll(&h.base, &cx2), AC_PENDING, "not done: Pending");
    EXPECT_INT(first.clones - first.drops, 0,
               "the first poller's waker is replaced and its clone given back");
    EXPECT_PTR(h.task->joiner.data, &second, "task->joiner holds the latest poller's waker");
    finish_by_hand(h.task);
    EXPECT_INT(first.wakes, 0, "an old poller is not woken");
    EXPECT_INT(second.wakes, 1, "only the latest poller is woken");
    join_release(&h);
    ac_context cx = {.waker = &w1};
    EXPECT_POLL(ac_future_poll(&h.base, &cx), AC_READY, "a released handle has nothing to wait for: Ready");
    EXPECT_INT(first.clones - first.drops, 0, "a released handle keeps no waker");
    task_queue_destroy(&q);
}

/* The task finishes on another thread while its join handle is polled:
 * `done` and `joiner` are shared, read and written under the queue's lock
 * (a mistake here shows as a data race in the TSan build). */
static void *finish_on_a_thread(void *arg)
{
    finish_by_hand(arg);
    return NULL;
}

static void join_sees_a_task_finish_on_another_thread(void **state)
{
    (void)state;
    CHECK_FN("join_poll");
    task_queue q;
    task_queue_init(&q);
    pending_n p = pending_new(0);
    join_handle h = join_handle_for(handmade_task(&q, "answer", &p, sizeof p));
    wake_counts counts = {0};
    ac_waker w = {.data = &counts, .vtable = counting_vtable()};
    ac_context cx = {.waker = &w};
    EXPECT_POLL(ac_future_poll(&h.base, &cx), AC_PENDING, "the task has not run: Pending");
    pthread_t finisher;
    assert_int_equal(pthread_create(&finisher, NULL, finish_on_a_thread, h.task), 0);
    CHECK_WAITING("for join_poll() to return Ready after the task finished on another thread");
    while (ac_future_poll(&h.base, &cx) == AC_PENDING)
        sched_yield(); /* poll while the other thread finishes the task */
    pthread_join(finisher, NULL);
    EXPECT_INT(*(int *)join_output(&h), 42, "the output is the task's: 42");
    EXPECT_INT(counts.clones, counts.drops, "every waker stored was woken or given back");
    join_release(&h);
    task_queue_destroy(&q);
}

static const struct CMUnitTest ex4_tests[] = {
    cmocka_unit_test(join_is_pending_until_done_then_yields_42),
    cmocka_unit_test(join_on_a_done_task_is_ready_at_once),
    cmocka_unit_test(join_swaps_in_a_new_waker_and_drops_the_old),
    cmocka_unit_test(join_sees_a_task_finish_on_another_thread),
};

AC_CHECK_MAIN(AC_CHECK_GROUP(ex1_task_new, ex1_tests), AC_CHECK_GROUP(ex2_task_waker, ex2_tests),
              AC_CHECK_GROUP(ex3_run_tasks, ex3_tests), AC_CHECK_GROUP(ex4_join, ex4_tests))
