/*
 * executor.c - the single-threaded run loop, its queues and parking.
 */
#include "ac/executor.h"

#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "executor_internal.h"
#include "hints.h"
#include "task_internal.h"

static _Thread_local ac_executor *current_executor;
/* Unlimited outside run_loop: futures polled by hand never yield for it. */
_Thread_local unsigned ac__coop_budget = AC__COOP_UNLIMITED;

_Thread_local const char *ac__driverless_runtime;
_Thread_local struct ac_reactor *ac__thread_reactor;
_Thread_local ac_timers *ac__thread_timers;
_Thread_local ac_clock *ac__thread_clock;
_Thread_local uint32_t ac__poll_turn;

ac_executor *ac_executor_current(void) { return current_executor; }

_Noreturn void ac__no_driver(const char *who, const char *driver, const char *otherwise)
{
    if (ac__driverless_runtime != NULL)
        fprintf(stderr,
                "%s: polled on %s, which has no %s driver (build it with %s = true in its "
                "ac_runtime_builder, or run it on an ac_executor)\n",
                who, ac__driverless_runtime, driver, driver[0] == 't' ? "enable_time" : "enable_io");
    else
        fprintf(stderr, "%s: %s\n", who, otherwise);
    abort();
}

void ac_coop_charge(void) { (void)ac__coop_spend(); }

/* ---- intrusive FIFO of tasks (linked through task->next) ------------- */

/* `head` alone says whether the queue is empty; `tail` means something only
 * while head is set, so a pop that empties the queue leaves it be. */
static void queue_push(ac_task_queue *q, ac_task *t)
{
    t->next = NULL;
    if (q->head != NULL)
        q->tail->next = t;
    else
        q->head = t;
    q->tail = t;
}

static ac_task *queue_pop(ac_task_queue *q)
{
    ac_task *t = q->head;
    if (t != NULL)
        q->head = t->next;
    return t;
}

/* Move every task of `from` to the end of `to` in O(1). */
static void queue_splice(ac_task_queue *to, ac_task_queue *from)
{
    if (from->head == NULL)
        return;
    if (to->head != NULL)
        to->tail->next = from->head;
    else
        to->head = from->head;
    to->tail = from->tail;
    from->head = NULL;
}

/* ---- parking --------------------------------------------------------- */

void ac__executor_unpark(ac_executor *ex)
{
    if (atomic_exchange(&ex->sleeping, false)) {
        uint64_t one = 1;
        ssize_t n = write(ex->wake_fd, &one, sizeof one);
        (void)n; /* EAGAIN means the counter is already non-zero: still woken */
    }
}

void ac__executor_kick(ac_executor *ex)
{
    uint64_t one = 1;
    ssize_t n = write(ex->wake_fd, &one, sizeof one);
    (void)n; /* EAGAIN: the counter is already non-zero, the waiter wakes anyway */
}

void ac__executor_ack_wake(ac_executor *ex)
{
    uint64_t count;
    ssize_t n = read(ex->wake_fd, &count, sizeof count);
    (void)n; /* EAGAIN: nothing to reset */
}

/* The driver used before any reactor exists: sleep on the eventfd. */
static void default_park(ac_driver *self, ac_executor *ex, ac_nanos timeout)
{
    (void)self;
    struct pollfd p = {.fd = ex->wake_fd, .events = POLLIN};
    int ms = timeout < 0 ? -1 : (int)((timeout + 999999) / 1000000);
    int n;
    do {
        n = poll(&p, 1, ms);
    } while (n < 0 && errno == EINTR);
    if (n > 0)
        ac__executor_ack_wake(ex);
}

/* Block in the driver, but only after announcing it: a remote waker that
 * pushes after our check sees `sleeping` and writes the eventfd.  Work
 * that arrived before the announcement skips the driver altogether; the
 * fairness check in run_loop still looks at it every event_interval polls.
 * True when the driver was asked. */
static bool park(ac_executor *ex, ac_nanos timeout)
{
    if (timeout != 0) {
        atomic_store(&ex->sleeping, true);
        if (atomic_load(&ex->pending) != 0) {
            atomic_store_explicit(&ex->sleeping, false, memory_order_relaxed);
            return false;
        }
        ex->stats.parks++;
    } else {
        ex->stats.driver_checks++;
    }
    ex->driver->park(ex->driver, ex, timeout);
    /* relaxed: a waker that still sees `true` only writes the eventfd once
     * too often, and the next park reads that away */
    atomic_store_explicit(&ex->sleeping, false, memory_order_relaxed);
    return true;
}

/* ---- scheduling ------------------------------------------------------ */

/* A wake from another thread: through the locked remote queue, then make
 * sure a parked executor notices.  Out of line: the rare path. */
static AC_COLD void schedule_remote(ac_executor *ex, ac_task *t)
{
    pthread_mutex_lock(&ex->remote_lock);
    queue_push(&ex->remote, t);
    atomic_fetch_or(&ex->pending, AC__REMOTE_WAKES);
    pthread_mutex_unlock(&ex->remote_lock);
    ac__executor_unpark(ex);
}

/* Called by a task's wake: same thread goes straight to the local queue,
 * any other thread goes through the locked remote queue. */
static void executor_schedule(ac_scheduler *s, ac_task *t)
{
    ac_executor *ex = (ac_executor *)s;
    if (current_executor != ex) {
        schedule_remote(ex, t);
        return;
    }
    queue_push(&ex->local, t);
}

/* Move remote wakes to the local queue.  Callers look at the bit first
 * (drain_remote): the common case is that there are none. */
static AC_NOINLINE void drain_remote_locked(ac_executor *ex)
{
    pthread_mutex_lock(&ex->remote_lock);
    for (ac_task *t = ex->remote.head; t != NULL; t = t->next)
        ex->stats.remote_wakes++;
    queue_splice(&ex->local, &ex->remote);
    atomic_fetch_and(&ex->pending, ~(unsigned)AC__REMOTE_WAKES);
    pthread_mutex_unlock(&ex->remote_lock);
}

/* True when remote wakes were moved over (the local queue has work). */
static inline bool drain_remote(ac_executor *ex)
{
    if (!(atomic_load_explicit(&ex->pending, memory_order_acquire) & AC__REMOTE_WAKES))
        return false;
    drain_remote_locked(ex);
    return true;
}

static void all_link(ac_executor *ex, ac_task *t)
{
    t->all_prev = NULL;
    t->all_next = ex->all;
    if (ex->all != NULL)
        ex->all->all_prev = t;
    ex->all = t;
    ex->live++;
}

static void all_unlink(ac_executor *ex, ac_task *t)
{
    if (t->all_prev != NULL)
        t->all_prev->all_next = t->all_next;
    else
        ex->all = t->all_next;
    if (t->all_next != NULL)
        t->all_next->all_prev = t->all_prev;
    ex->live--;
}

int ac_executor_init(ac_executor *ex)
{
    *ex = (ac_executor){0};
    ex->sched.schedule = executor_schedule;
    ex->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (ex->wake_fd < 0)
        return -errno;
    pthread_mutex_init(&ex->remote_lock, NULL);
    ex->event_interval = 61; /* a prime, like tokio's: checks don't align with task patterns */
    ac_clock_init(&ex->clock);
    ex->default_driver.park = default_park;
    ex->driver = &ex->default_driver;
    return 0;
}

void ac_executor_set_driver(ac_executor *ex, ac_driver *driver)
{
    ex->driver = driver != NULL ? driver : &ex->default_driver;
}

ac_join_handle ac_spawn(ac_executor *ex, const void *future, size_t size)
{
    assert(current_executor == NULL || current_executor == ex);
    /* references: join handle + live list + queue entry */
    ac_task *t = ac__task_new(&ex->sched, future, size, 3);
    if (t == NULL) {
        fprintf(stderr, "ac_spawn: out of memory for a %zu-byte future\n", size);
        return ac__join_handle_for(NULL);
    }
    all_link(ex, t);
    ex->stats.spawned++;
    queue_push(&ex->local, t);
    return ac__join_handle_for(t);
}

/* A task asked to run again.  With its budget at 0 it has given up its
 * turn (it spent its I/O budget, or yielded with ac_yield_now), so it is
 * deferred: it waits on `deferred` for the driver's next look instead of
 * going straight back on the run queue (see run_loop).  The bit in
 * `pending` lets the loop see that with the load it does anyway for
 * remote wakes.  Out of line: run_task's common case (idle) then keeps
 * the loop's registers as they were, 2 instructions per echo fewer. */
static __attribute__((noinline)) void requeue(ac_executor *ex, ac_task *t)
{
    if (ac__coop_budget != 0) {
        queue_push(&ex->local, t);
        return;
    }
    if (ex->deferred.head == NULL)
        atomic_fetch_or(&ex->pending, AC__DEFERRED);
    queue_push(&ex->deferred, t);
}

/* Poll one task and do what its result asks. */
static void run_task(ac_executor *ex, ac_task *t)
{
    ex->stats.polls++;
    ac__coop_budget = AC_IO_BUDGET; /* a fresh budget for every poll */
    ac__task_run_result result = ac__task_run(t);
    switch (result) {
    case AC__TASK_RUN_IDLE:
        break;
    case AC__TASK_RUN_REQUEUE:
        requeue(ex, t);
        break;
    case AC__TASK_RUN_COMPLETE:
        ex->stats.completed++;
        all_unlink(ex, t);
        ac__task_unref(t);
        break;
    }
}

/* ---- block_on's root future: woken through a flag, not a queue ------- */

static ac_waker root_clone(void *data);
static void root_wake(void *data)
{
    ac_executor *ex = data;
    atomic_fetch_or(&ex->pending, AC__ROOT_WOKEN);
    if (current_executor != ex)
        ac__executor_unpark(ex);
}
static void root_drop(void *data) { (void)data; }
static const ac_waker_vtable root_waker_vtable = {
    .clone = root_clone, .wake = root_wake, .wake_by_ref = root_wake, .drop = root_drop};
static ac_waker root_clone(void *data) { return (ac_waker){.data = data, .vtable = &root_waker_vtable}; }

/* ---- the run loop, phase by phase ------------------------------------ */

/* After a driver look: the tasks that gave up their turn go behind the
 * ones the driver and other threads just woke.  So a task that spent its
 * budget on one busy socket never runs twice between two looks, and
 * whoever has I/O ready gets in first. */
static void move_deferred_in(ac_executor *ex)
{
    if (ex->deferred.head == NULL)
        return;
    queue_splice(&ex->local, &ex->deferred);
    atomic_fetch_and(&ex->pending, ~(unsigned)AC__DEFERRED);
}

/* Let the driver look for events without blocking, then bring in remote
 * wakes and the deferred tasks, in that order.  The caller restarts its
 * count of polls since the last look. */
static __attribute__((noinline)) void check_driver(ac_executor *ex)
{
    park(ex, 0);
    drain_remote(ex);
    move_deferred_in(ex);
}

/* Phase 1: poll block_on's root if it was woken.  True when it is Ready.
 * Its polls count towards the fairness check like any task's.  A root
 * that gave up its turn (budget spent, ac_yield_now) is deferred too: the
 * driver looks right away, and the root is polled again only at the start
 * of the next round, after the tasks that look woke. */
static inline bool poll_root_if_woken(ac_executor *ex, ac_future *root, ac_context *cx, unsigned *since_check)
{
    /* a plain load first: the locked clear only when the bit is set */
    if (!(atomic_load_explicit(&ex->pending, memory_order_relaxed) & AC__ROOT_WOKEN))
        return false;
    atomic_fetch_and(&ex->pending, ~(unsigned)AC__ROOT_WOKEN);
    if (root == NULL) /* a stale waker of an earlier block_on */
        return false;
    ++*since_check;
    ac__coop_budget = AC_IO_BUDGET;
    if (ac_future_poll(root, cx) == AC_READY)
        return true;
    if (ac__coop_budget == 0 && (atomic_load(&ex->pending) & AC__ROOT_WOKEN)) {
        check_driver(ex); /* (the wake it gave itself stays set for the next round) */
        *since_check = 0;
    }
    return false;
}

/* Phase 2: run tasks off the local queue until it is empty or the
 * fairness interval is used up.  A root woken meanwhile waits for the end
 * of the batch, as in tokio. */
static inline void run_batch(ac_executor *ex, unsigned *since_check)
{
    ac_task *t;
    while ((t = queue_pop(&ex->local)) != NULL) {
        run_task(ex, t);
        if (++*since_check >= ex->event_interval)
            break;
    }
}

/* Phase 3: after a whole interval of polls, let the driver look even if
 * tasks are still runnable: always-ready work must not starve I/O and
 * timers. */
static inline bool check_driver_if_due(ac_executor *ex, unsigned *since_check)
{
    if (*since_check < ex->event_interval)
        return false;
    check_driver(ex);
    *since_check = 0;
    return true;
}

/* Out of line, and told nothing of the caller's poll count (true: the
 * driver looked), so that count stays in a register on the hot path. */
static __attribute__((noinline)) bool bring_in_other_work_slow(ac_executor *ex, unsigned pending)
{
    if (!(pending & AC__DEFERRED)) {
        drain_remote_locked(ex);
        return false;
    }
    check_driver(ex); /* which drains the remote queue too */
    return true;
}

/* Phase 4: the batch ran the local queue dry.  Bring in what did not come
 * through it: wakes from other threads, and tasks deferred during the
 * batch (the driver looks first; they go behind whatever it wakes).  One
 * load says whether there is any.  True when there was. */
static inline bool bring_in_other_work(ac_executor *ex, unsigned *since_check)
{
    unsigned pending = atomic_load_explicit(&ex->pending, memory_order_acquire);
    if (!(pending & (AC__REMOTE_WAKES | AC__DEFERRED)))
        return false;
    if (bring_in_other_work_slow(ex, pending))
        *since_check = 0;
    return true;
}

/* run_until_idle's stand-in for a park: one last look without blocking.
 * True when it made nothing runnable, so the run is over.  (The caller
 * restarts its poll count: passing it here would keep it off a register.) */
static bool last_look_finds_nothing(ac_executor *ex)
{
    check_driver(ex);
    return ex->local.head == NULL;
}

/* Phase 5: nothing is runnable, so block in the driver until something
 * happens.  park() returns at once, without the driver, when a root wake
 * or a remote wake is already pending. */
static inline void park_until_woken(ac_executor *ex, unsigned *since_check)
{
    if (park(ex, AC_FOREVER))
        *since_check = 0;
}

/*
 * The loop shared by block_on, run and run_until_idle, one round at a time:
 *
 *   1. poll the root if it was woken              poll_root_if_woken
 *   2. run a batch of tasks                       run_batch
 *   3. a full interval of polls went by:          check_driver_if_due
 *      let the driver look without blocking
 *   4. the queue ran dry: bring in remote wakes   bring_in_other_work
 *      and deferred tasks (after a driver look)
 *   5. nothing runnable: block in the driver      park_until_woken
 *      (run_until_idle: one last look instead)    last_look_finds_nothing
 *
 * Polls are counted ACROSS rounds (root polls included), so the check of
 * phase 3 comes every event_interval polls however the work is split
 * between root and tasks.
 */
static void run_loop(ac_executor *ex, ac_future *root, bool until_idle, uint64_t *polls_out)
{
    ac_executor *outer = current_executor;
    assert(outer == NULL || outer == ex);
    current_executor = ex;
    uint64_t start_polls = ex->stats.polls;
    ac_waker root_waker = root_clone(ex);
    ac_context root_cx = {.waker = &root_waker};
    if (root != NULL)
        atomic_fetch_or(&ex->pending, AC__ROOT_WOKEN);
    unsigned since_check = 0; /* polls since the driver last looked for events */

    for (;;) {
        if (poll_root_if_woken(ex, root, &root_cx, &since_check))
            break;
        run_batch(ex, &since_check);
        if (check_driver_if_due(ex, &since_check))
            continue;
        if (bring_in_other_work(ex, &since_check))
            continue;
        if (until_idle) {
            since_check = 0;
            if (last_look_finds_nothing(ex))
                break;
            continue;
        }
        if (root == NULL && ex->live == 0)
            break; /* run: every task is done */
        park_until_woken(ex, &since_check);
    }
    current_executor = outer;
    /* Between polls nothing spends budget (parks and wakes poll nothing),
     * so it is made unlimited again only here, for hand-polled futures. */
    ac__coop_budget = AC__COOP_UNLIMITED;
    if (polls_out != NULL)
        *polls_out = ex->stats.polls - start_polls;
}

void ac_block_on(ac_executor *ex, ac_future *root) { run_loop(ex, root, false, NULL); }

void ac_executor_run(ac_executor *ex) { run_loop(ex, NULL, false, NULL); }

uint64_t ac_executor_run_until_idle(ac_executor *ex)
{
    uint64_t polls;
    run_loop(ex, NULL, true, &polls);
    return polls;
}

void ac_executor_close(ac_executor *ex)
{
    ac_executor *outer = current_executor;
    current_executor = ex; /* wakes caused by drops land on the local queue */
    while (ex->all != NULL) {
        ac_task *t = ex->all;
        ac__task_shutdown(t);
        all_unlink(ex, t);
        ac__task_unref(t);
    }
    drain_remote(ex);
    move_deferred_in(ex);
    ac_task *t;
    while ((t = queue_pop(&ex->local)) != NULL)
        ac__task_unref(t); /* the queue entry's reference; the task is complete */
    current_executor = outer;
    if (ex->driver->close != NULL)
        ex->driver->close(ex->driver, ex);
    close(ex->wake_fd);
    pthread_mutex_destroy(&ex->remote_lock);
}

/* ---- yield_now ------------------------------------------------------- */

static ac_poll yield_poll(ac_future *self, ac_context *cx)
{
    ac_yield *y = (ac_yield *)self;
    if (y->yielded)
        return AC_READY;
    y->yielded = true;
    ac__coop_give_up(); /* deferred: behind the others, after the driver's look */
    ac_waker_wake_by_ref(cx->waker);
    return AC_PENDING;
}

static const ac_future_vtable yield_vtable = {.name = "yield_now", .poll = yield_poll};

ac_yield ac_yield_now(void) { return (ac_yield){.base = {&yield_vtable}, .yielded = false}; }
