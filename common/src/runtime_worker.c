/*
 * runtime_worker.c - one worker of the multi-threaded runtime: where its
 * next task comes from, stealing, and parking without lost wake-ups.
 */
#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "executor_internal.h"
#include "runtime_internal.h"
#include "task_internal.h"

_Thread_local ac__worker *ac__current_worker;
_Thread_local ac_runtime *ac__current_runtime;

/* A counter only its worker writes: a plain add, published relaxed. */
static inline void bump(_Atomic uint64_t *c, uint64_t by)
{
    atomic_store_explicit(c, atomic_load_explicit(c, memory_order_relaxed) + by, memory_order_relaxed);
}

/* ---- the injector -------------------------------------------------------- */

/* Link a chain first..last (through ->next) onto the injector's tail. */
static void inject_chain(ac_runtime *rt, ac_task *first, ac_task *last, size_t n)
{
    last->next = NULL;
    pthread_mutex_lock(&rt->inj_lock);
    if (rt->inj_head == NULL)
        rt->inj_head = first;
    else
        rt->inj_tail->next = first;
    rt->inj_tail = last;
    /* relaxed: the mutex orders the list; the count is only a hint for
     * "is it worth taking the lock", re-read under notify's fence */
    atomic_store_explicit(&rt->inj_len, atomic_load_explicit(&rt->inj_len, memory_order_relaxed) + n,
                          memory_order_relaxed);
    pthread_mutex_unlock(&rt->inj_lock);
}

void ac__runtime_inject(ac_runtime *rt, ac_task *t) { inject_chain(rt, t, t, 1); }

ac_task *ac__runtime_inject_pop(ac_runtime *rt)
{
    if (atomic_load_explicit(&rt->inj_len, memory_order_relaxed) == 0)
        return NULL;
    pthread_mutex_lock(&rt->inj_lock);
    ac_task *t = rt->inj_head;
    if (t != NULL) {
        rt->inj_head = t->next;
        atomic_store_explicit(&rt->inj_len, atomic_load_explicit(&rt->inj_len, memory_order_relaxed) - 1,
                              memory_order_relaxed);
    }
    pthread_mutex_unlock(&rt->inj_lock);
    return t;
}

/* ---- the local ring ------------------------------------------------------ */

/* At most this many tasks leave a full ring per overflow (the stack
 * buffer below); a bigger ring spills this many at a time. */
#define AC__OVERFLOW_MAX 256

/* The ring is full: move its oldest half to the injector in one locked
 * splice, so the worker keeps the newest (cache-warm) half and idle workers
 * can pick up the rest.  The half leaves the ring with one CAS
 * (take_oldest), not one steal (fence + CAS) per task. */
static void overflow_half(ac__worker *w)
{
    void *batch[AC__OVERFLOW_MAX];
    size_t half = ac__deque_capacity(&w->local) / 2;
    size_t n = ac__deque_take_oldest(&w->local, batch, half < AC__OVERFLOW_MAX ? half : AC__OVERFLOW_MAX);
    for (size_t i = 1; i < n; i++)
        ((ac_task *)batch[i - 1])->next = batch[i];
    if (n > 0)
        inject_chain(w->rt, batch[0], batch[n - 1], n);
    bump(&w->overflows, 1);
}

static void push_local(ac__worker *w, ac_task *t)
{
    while (!ac__deque_push(&w->local, t))
        overflow_half(w);
}

/* ---- scheduling: where a woken or new task goes ------------------------- */

/* Wakes land here.  On one of our workers: the LIFO slot (the woken task
 * probably reads what the running one just wrote), pushing out what was
 * there; anywhere else: the injector.  Either way a sleeper may be needed. */
void ac__runtime_schedule(ac_scheduler *s, ac_task *t)
{
    ac_runtime *rt = (ac_runtime *)s;
    ac__worker *w = ac__current_worker;
    if (w == NULL || w->rt != rt) {
        ac__runtime_inject(rt, t);
        ac__runtime_notify_parked(rt);
        return;
    }
    if (w->lifo_streak < AC__LIFO_MAX_STREAK) {
        ac_task *prev = w->lifo;
        w->lifo = t;
        if (prev == NULL)
            return; /* the worker runs it next; nobody else needs waking */
        t = prev;
    }
    push_local(w, t);
    ac__runtime_notify_parked(rt);
}

/* A new task goes where a woken one goes (as in tokio): on a worker, the
 * LIFO slot, pushing what was there to the ring.  A task that spawns its
 * successor and finishes (a chain, a request handed on) then has it run
 * next on the same core, with no wake-up of a parked worker per hop;
 * only a displaced task (real spare work) wakes one.  From any other
 * thread: the injector. */
void ac__runtime_push_spawned(ac_runtime *rt, ac_task *t) { ac__runtime_schedule(&rt->sched, t); }

/* ---- parking ------------------------------------------------------------- */

/*
 * Wake one sleeper for new work, unless someone is already searching.
 *
 * The seq_cst fence pairs with the one in park(): the new work was made
 * visible (ring push / injector) BEFORE we read num_searching, and a parking
 * searcher lowers num_searching BEFORE it looks at the queues again.  With
 * both fences at least one side sees the other: either we see it still
 * searching (and its last look sees our work) or it is counted asleep and
 * we wake it.
 */
void ac__runtime_notify_parked(ac_runtime *rt)
{
    atomic_thread_fence(memory_order_seq_cst);
    if (atomic_load_explicit(&rt->num_searching, memory_order_relaxed) != 0)
        return;
    if (atomic_load_explicit(&rt->num_sleeping, memory_order_relaxed) == 0)
        return;
    pthread_mutex_lock(&rt->idle_lock);
    if (atomic_load(&rt->num_searching) != 0 || rt->n_sleepers == 0) {
        pthread_mutex_unlock(&rt->idle_lock);
        return;
    }
    /* a condvar sleeper rather than the one in the driver: that one keeps
     * watching I/O and timers */
    unsigned top = rt->n_sleepers - 1;
    if (rt->n_sleepers > 1 && (int)rt->sleepers[top] == rt->driver_sleeper) {
        unsigned d = rt->sleepers[top];
        rt->sleepers[top] = rt->sleepers[top - 1];
        rt->sleepers[top - 1] = d;
    }
    ac__worker *v = &rt->workers[rt->sleepers[--rt->n_sleepers]];
    atomic_fetch_sub(&rt->num_sleeping, 1);
    atomic_fetch_add(&rt->num_searching, 1); /* it wakes up searching */
    v->notified = true;
    if ((int)v->index == rt->driver_sleeper)
        ac__executor_kick(&rt->host); /* it waits in epoll/poll, not on its condvar */
    else
        pthread_cond_signal(&v->cond);
    pthread_mutex_unlock(&rt->idle_lock);
}

/* Is there anything a worker could pick up?  (LIFO slots are private.) */
static bool work_visible(ac_runtime *rt)
{
    if (atomic_load_explicit(&rt->inj_len, memory_order_relaxed) != 0)
        return true;
    for (unsigned i = 0; i < rt->n_workers; i++)
        if (ac__deque_len(&rt->workers[i].local) != 0)
            return true;
    return false;
}

/* Sleep until notified or shut down.  If we were the last searcher, look
 * at every queue once more after saying so (see notify): work that came in
 * while we searched, whose producer saw us searching and woke nobody. */
static void park(ac__worker *w)
{
    ac_runtime *rt = w->rt;
    pthread_mutex_lock(&rt->idle_lock);
    if (atomic_load(&rt->shutdown)) {
        pthread_mutex_unlock(&rt->idle_lock);
        return;
    }
    bool last_searcher = false;
    if (w->searching) {
        w->searching = false;
        last_searcher = atomic_fetch_sub(&rt->num_searching, 1) == 1;
    }
    w->notified = false;
    rt->sleepers[rt->n_sleepers++] = w->index;
    atomic_fetch_add(&rt->num_sleeping, 1);
    pthread_mutex_unlock(&rt->idle_lock);

    atomic_thread_fence(memory_order_seq_cst); /* the other half of notify's fence */
    if (last_searcher && work_visible(rt))
        ac__runtime_notify_parked(rt); /* wakes one of us, perhaps this one */

    bump(&w->parks, 1);
    if (rt->driver != NULL && ac__driver_park(w))
        return; /* waited in the driver (runtime_driver.c) */
    pthread_mutex_lock(&rt->idle_lock);
    while (!w->notified && !atomic_load(&rt->shutdown))
        pthread_cond_wait(&w->cond, &rt->idle_lock);
    w->searching = w->notified; /* the notifier counted us as searching */
    pthread_mutex_unlock(&rt->idle_lock);
}

/* Become a searcher, unless half the workers already are (more would only
 * fight over the same victims). */
static bool start_searching(ac__worker *w)
{
    if (w->searching)
        return true;
    ac_runtime *rt = w->rt;
    unsigned s = atomic_load(&rt->num_searching);
    if (2 * s >= rt->n_workers)
        return false;
    atomic_fetch_add(&rt->num_searching, 1);
    w->searching = true;
    return true;
}

/* Found work while searching: stop counting as a searcher.  The last one to
 * stop wakes a replacement, since more work may be waiting behind this. */
static void stop_searching(ac__worker *w)
{
    w->searching = false;
    if (atomic_fetch_sub(&w->rt->num_searching, 1) == 1)
        ac__runtime_notify_parked(w->rt);
}

/* ---- picking the next task ------------------------------------------------ */

static uint32_t next_random(ac__worker *w)
{
    uint32_t x = w->rng;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return w->rng = x;
}

/* The oldest task of our own ring: FIFO for the owner too, so a task that
 * keeps yielding (pushed at the newest end) cannot starve the older ones. */
static ac_task *pop_local(ac__worker *w)
{
    for (;;) {
        void *item;
        switch (ac__deque_steal(&w->local, &item)) {
        case AC__STEAL_OK:
            return item;
        case AC__STEAL_EMPTY:
            return NULL;
        case AC__STEAL_LOST:
            break; /* a thief took that one: try the next */
        }
    }
}

static ac_task *from_injector(ac__worker *w)
{
    ac_task *t = ac__runtime_inject_pop(w->rt);
    if (t != NULL)
        bump(&w->injector_pops, 1);
    return t;
}

/* Own work first: the injector every global_queue_interval ticks (so it is
 * never starved by busy local work), then the LIFO slot, the ring, and the
 * injector again. */
static ac_task *next_task(ac__worker *w)
{
    ac_task *t;
    if (++w->tick % w->rt->global_queue_interval == 0 && (t = from_injector(w)) != NULL)
        return t;
    if ((t = w->lifo) != NULL) {
        w->lifo = NULL;
        w->lifo_streak++;
        bump(&w->lifo_hits, 1);
        return t;
    }
    w->lifo_streak = 0;
    if ((t = pop_local(w)) != NULL)
        return t;
    return from_injector(w);
}

/* Steal half of a random victim's ring (trying each once), then the
 * injector one last time. */
static ac_task *steal_work(ac__worker *w)
{
    ac_runtime *rt = w->rt;
    if (!start_searching(w))
        return NULL;
    unsigned n = rt->n_workers;
    unsigned start = next_random(w) % n;
    for (unsigned i = 0; i < n; i++) {
        ac__worker *v = &rt->workers[(start + i) % n];
        if (v == w)
            continue;
        size_t moved = 0;
        ac_task *t = ac__deque_steal_half(&v->local, &w->local, &moved);
        if (t != NULL) {
            bump(&w->steals, moved);
            return t;
        }
    }
    return from_injector(w);
}

/* ---- running -------------------------------------------------------------- */

static void run_task(ac__worker *w, ac_task *t)
{
    bump(&w->polls, 1);
    ac__coop_budget = AC_IO_BUDGET;
    ac__driver_before_poll(w->rt);
    switch (ac__task_run(t)) {
    case AC__TASK_RUN_IDLE:
        break;
    case AC__TASK_RUN_REQUEUE:
        push_local(w, t); /* the newest end: behind everything queued */
        break;
    case AC__TASK_RUN_COMPLETE:
        ac__runtime_unlink(w->rt, t);
        ac__task_unref(t); /* the live list's reference */
        break;
    }
}

void *ac__worker_main(void *arg)
{
    ac__worker *w = arg;
    ac_runtime *rt = w->rt;
    ac__current_worker = w;
    ac__current_runtime = rt;
    ac__task_cache_current = &w->cache;            /* this thread's spawns and completions recycle blocks */
    ac__driver_tls outside = ac__driver_enter(rt); /* also names rt for the missing-driver message */
    w->driver_countdown = rt->event_interval;
    char name[16];
    snprintf(name, sizeof name, "%s-%u", rt->thread_name, w->index);
    pthread_setname_np(pthread_self(), name);
    if (rt->on_thread_start != NULL)
        rt->on_thread_start(rt->hook_user, w->index);

    /* acquire: pairs with shutdown's store; after it we touch no task */
    while (!atomic_load_explicit(&rt->shutdown, memory_order_acquire)) {
        ac_task *t = next_task(w);
        if (t == NULL)
            t = steal_work(w);
        if (t == NULL) {
            park(w);
            continue;
        }
        if (w->searching)
            stop_searching(w);
        run_task(w, t);
        /* busy: look at the driver now and then, or I/O would wait for a park */
        if (--w->driver_countdown == 0) {
            w->driver_countdown = rt->event_interval;
            if (rt->driver != NULL)
                ac__driver_look(w);
        }
    }
    if (rt->on_thread_stop != NULL)
        rt->on_thread_stop(rt->hook_user, w->index);
    ac__coop_budget = AC__COOP_UNLIMITED;
    ac__current_worker = NULL;
    ac__current_runtime = NULL;
    ac__task_cache_current = NULL; /* what it holds is freed by ac_runtime_free */
    ac__driver_leave(outside);
    return NULL;
}
