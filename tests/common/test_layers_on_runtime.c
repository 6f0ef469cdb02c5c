/*
 * test_layers_on_runtime.c - the layer 4-5 primitives used by tasks spread
 * over the worker threads of an ac_runtime, 2 and 4 workers, both drivers
 * on: bounded mpsc, oneshot, async mutex, semaphore, notify, cancellation
 * token, ac_timeout, broadcast, watch, select, and a stream pipeline.
 *
 * The single-threaded unit tests (test_mpsc.c, test_sync.c, ...) prove
 * each primitive's rules on one thread with a paused clock.  Here the
 * same rules must hold while producer and consumer, holder and waiter,
 * run on different threads at once: every scenario asserts an exact
 * result (a count, an order, a maximum) that a lost wake, a lost or
 * doubled value, or a broken lock would change.
 *
 * No timing asserts: a real sleep only appears as a deadline that must
 * NOT be reached, and a watchdog (alarm) kills a test that hangs.
 */
#include <errno.h>
#include <stdatomic.h>
#include <unistd.h>

#include "ac/broadcast.h"
#include "ac/cancel.h"
#include "ac/combinators.h"
#include "ac/coro.h"
#include "ac/mpsc.h"
#include "ac/notify.h"
#include "ac/oneshot.h"
#include "ac/runtime.h"
#include "ac/sleep.h"
#include "ac/stream.h"
#include "ac/sync.h"
#include "ac/watch.h"
#include "chan_util.h"

#define WATCHDOG_S 40 /* a hang kills the test well inside CTest's 60 s */

static ac_runtime *build_on(unsigned workers)
{
    ac_runtime_builder b = ac_runtime_builder_new();
    b.workers = workers;
    b.enable_io = true;
    b.enable_time = true;
    b.thread_name = "layers";
    ac_runtime *rt = NULL;
    assert_int_equal(ac_runtime_build(&b, &rt), 0);
    assert_non_null(rt);
    return rt;
}

/* Await a task's handle from the test thread and take its int output. */
static int join_int(ac_runtime *rt, ac_join_handle *h)
{
    int out = -12345;
    ac_runtime_block_on(rt, &h->base);
    assert_true(ac_join_take(h, &out, sizeof out));
    return out;
}

/* Every coroutine future below starts with CORO_HEAD, so it can be seen
 * as a coro_future and cancelled by coro_drop (which drops the child it
 * was awaiting). */
#define CORO_HEAD   \
    ac_future base; \
    ac_coro co
typedef struct coro_future {
    CORO_HEAD;
} coro_future;
static void coro_drop(ac_future *self) { ac_coro_drop(&((coro_future *)self)->co); }

/* ---- mpsc: several producers, one consumer ----------------------------------- */

enum { PRODUCERS = 4, QUEUE_CAP = 4 };
#define PER_PRODUCER SCALE(2000)

/* Sends (id << 20 | seq) for seq = 0..PER_PRODUCER-1, then closes its sender. */
typedef struct producer {
    CORO_HEAD;
    ac_mpsc_tx tx;
    ac_mpsc_send_fut send;
    long id, seq, value;
    int out;
} producer;
static ac_poll producer_poll(ac_future *self, ac_context *cx)
{
    producer *p = (producer *)self;
    AC_BEGIN(&p->co);
    for (p->seq = 0; p->seq < PER_PRODUCER; p->seq++) {
        p->value = p->id << 20 | p->seq;
        p->send = ac_mpsc_send(&p->tx, &p->value);
        AC_AWAIT(&p->co, cx, &p->send.base);
        if (p->send.result != 0)
            break;
    }
    p->out = (int)p->seq;
    ac_mpsc_tx_close(&p->tx);
    AC_END(&p->co);
}
static const ac_future_vtable producer_vtable = {
    .name = "producer", .poll = producer_poll, .drop = coro_drop, AC_OUTPUT(producer, out)};

/* Receives until -EPIPE; output: messages received, or -1 on the first
 * value out of its producer's order (lost, doubled or reordered). */
typedef struct consumer {
    CORO_HEAD;
    ac_mpsc_rx *rx;
    ac_mpsc_recv_fut recv;
    long value, next[PRODUCERS];
    int out;
} consumer;
static ac_poll consumer_poll(ac_future *self, ac_context *cx)
{
    consumer *c = (consumer *)self;
    AC_BEGIN(&c->co);
    for (;;) {
        c->recv = ac_mpsc_recv(c->rx, &c->value);
        AC_AWAIT(&c->co, cx, &c->recv.base);
        if (c->recv.result == -EPIPE)
            break;
        long id = c->value >> 20, seq = c->value & ((1L << 20) - 1);
        if (id < 0 || id >= PRODUCERS || seq != c->next[id]) {
            c->out = -1;
            ac_mpsc_rx_close(c->rx); /* the producers fail with -EPIPE instead of hanging */
            AC_RETURN(&c->co);
        }
        c->next[id]++;
        c->out++;
    }
    AC_END(&c->co);
}
static const ac_future_vtable consumer_vtable = {
    .name = "consumer", .poll = consumer_poll, .drop = coro_drop, AC_OUTPUT(consumer, out)};

static void mpsc_producers_and_a_consumer_on(unsigned workers)
{
    alarm(WATCHDOG_S);
    ac_runtime *rt = build_on(workers);
    ac_mpsc_tx tx;
    ac_mpsc_rx rx;
    assert_int_equal(ac_mpsc_bounded(sizeof(long), QUEUE_CAP, &tx, &rx), 0);
    consumer c = {.base = {&consumer_vtable}, .rx = &rx};
    ac_join_handle hc = AC_RUNTIME_SPAWN(rt, c);
    ac_join_handle hp[PRODUCERS];
    for (long i = 0; i < PRODUCERS; i++) {
        producer p = {.base = {&producer_vtable}, .tx = ac_mpsc_tx_clone(&tx), .id = i};
        hp[i] = AC_RUNTIME_SPAWN(rt, p);
    }
    ac_mpsc_tx_close(&tx); /* the producers hold the only senders now */
    for (int i = 0; i < PRODUCERS; i++)
        assert_int_equal(join_int(rt, &hp[i]), PER_PRODUCER);
    assert_int_equal(join_int(rt, &hc), PRODUCERS * PER_PRODUCER); /* each exactly once, in order */
    ac_runtime_free(rt);
    ac_mpsc_rx_close(&rx);
    alarm(0);
}

static void test_bounded_mpsc_keeps_every_message_and_each_producers_order_on_2_workers(void **state)
{
    (void)state;
    mpsc_producers_and_a_consumer_on(2);
}

static void test_bounded_mpsc_keeps_every_message_and_each_producers_order_on_4_workers(void **state)
{
    (void)state;
    mpsc_producers_and_a_consumer_on(4);
}

/* ---- oneshot: the answer comes from another task ----------------------------- */

/* Yields once (so the receiver is likely waiting), then sends `value`. */
typedef struct answerer {
    CORO_HEAD;
    ac_oneshot_tx tx;
    int value, out;
} answerer;
static ac_poll answerer_poll(ac_future *self, ac_context *cx)
{
    answerer *a = (answerer *)self;
    AC_BEGIN(&a->co);
    AC_YIELD(&a->co, cx);
    a->out = ac_oneshot_send(&a->tx, &a->value);
    AC_END(&a->co);
}
static void answerer_drop(ac_future *self) { ac_oneshot_tx_close(&((answerer *)self)->tx); }
static const ac_future_vtable answerer_vtable = {
    .name = "answerer", .poll = answerer_poll, .drop = answerer_drop, AC_OUTPUT(answerer, out)};

/* Awaits its receiver; output: the value, or the negative error. */
typedef struct asker {
    CORO_HEAD;
    ac_oneshot_rx rx;
    ac_oneshot_recv_fut recv;
    int value, out;
} asker;
static ac_poll asker_poll(ac_future *self, ac_context *cx)
{
    asker *a = (asker *)self;
    AC_BEGIN(&a->co);
    a->recv = ac_oneshot_recv(&a->rx, &a->value);
    AC_AWAIT(&a->co, cx, &a->recv.base);
    a->out = a->recv.result == 0 ? a->value : a->recv.result;
    ac_oneshot_rx_close(&a->rx);
    AC_END(&a->co);
}
static void asker_drop(ac_future *self)
{
    asker *a = (asker *)self;
    ac_coro_drop(&a->co);
    ac_oneshot_rx_close(&a->rx);
}
static const ac_future_vtable asker_vtable = {
    .name = "asker", .poll = asker_poll, .drop = asker_drop, AC_OUTPUT(asker, out)};

static void oneshots_across_tasks_on(unsigned workers)
{
    alarm(WATCHDOG_S);
    ac_runtime *rt = build_on(workers);
    enum { PAIRS = 64 };
    ac_join_handle hs[PAIRS], hr[PAIRS];
    for (int i = 0; i < PAIRS; i++) {
        asker r = {.base = {&asker_vtable}};
        answerer s = {.base = {&answerer_vtable}, .value = 1000 + 7 * i};
        assert_int_equal(ac_oneshot_new(sizeof(int), &s.tx, &r.rx), 0);
        if (i % 2 == 0) { /* half the pairs: the receiver is spawned first */
            hr[i] = AC_RUNTIME_SPAWN(rt, r);
            hs[i] = AC_RUNTIME_SPAWN(rt, s);
        } else {
            hs[i] = AC_RUNTIME_SPAWN(rt, s);
            hr[i] = AC_RUNTIME_SPAWN(rt, r);
        }
    }
    for (int i = 0; i < PAIRS; i++) {
        assert_int_equal(join_int(rt, &hr[i]), 1000 + 7 * i); /* its own pair's value */
        assert_int_equal(join_int(rt, &hs[i]), 0);
    }
    ac_runtime_free(rt);
    alarm(0);
}

static void test_oneshot_answers_cross_workers_on_2_workers(void **state)
{
    (void)state;
    oneshots_across_tasks_on(2);
}

static void test_oneshot_answers_cross_workers_on_4_workers(void **state)
{
    (void)state;
    oneshots_across_tasks_on(4);
}

/* ---- async mutex: a plain counter, 100 tasks x 100 increments ---------------- */

enum { LOCKERS = 100, INCREMENTS = 100 };

typedef struct shared_counter {
    ac_mutex m;
    long value; /* plain: only the mutex keeps it whole (and TSan checks that) */
} shared_counter;

/* Locks, reads, yields while holding the lock, writes back +1, unlocks. */
typedef struct locker {
    CORO_HEAD;
    shared_counter *c;
    ac_acquire lock;
    long seen;
    int i, out;
} locker;
static ac_poll locker_poll(ac_future *self, ac_context *cx)
{
    locker *l = (locker *)self;
    AC_BEGIN(&l->co);
    for (l->i = 0; l->i < INCREMENTS; l->i++) {
        l->lock = ac_mutex_lock(&l->c->m);
        AC_AWAIT(&l->co, cx, &l->lock.base);
        if (l->lock.result != 0)
            AC_RETURN(&l->co);
        l->seen = l->c->value;
        if (l->i % 10 == 0)
            AC_YIELD(&l->co, cx); /* held across an await: others must wait */
        l->c->value = l->seen + 1;
        ac_mutex_unlock(&l->c->m);
        l->out++;
    }
    AC_END(&l->co);
}
static const ac_future_vtable locker_vtable = {
    .name = "locker", .poll = locker_poll, .drop = coro_drop, AC_OUTPUT(locker, out)};

static void mutex_counter_on(unsigned workers)
{
    alarm(WATCHDOG_S);
    ac_runtime *rt = build_on(workers);
    shared_counter c = {.value = 0};
    ac_mutex_init(&c.m);
    static ac_join_handle h[LOCKERS];
    for (int i = 0; i < LOCKERS; i++) {
        locker l = {.base = {&locker_vtable}, .c = &c};
        h[i] = AC_RUNTIME_SPAWN(rt, l);
    }
    for (int i = 0; i < LOCKERS; i++)
        assert_int_equal(join_int(rt, &h[i]), INCREMENTS);
    assert_int_equal(c.value, LOCKERS * INCREMENTS); /* no increment lost */
    assert_int_equal(ac_mutex_try_lock(&c.m), 0);    /* and the lock is free again */
    ac_mutex_unlock(&c.m);
    ac_runtime_free(rt);
    ac_mutex_destroy(&c.m);
    alarm(0);
}

static void test_async_mutex_keeps_a_counter_exact_on_2_workers(void **state)
{
    (void)state;
    mutex_counter_on(2);
}

static void test_async_mutex_keeps_a_counter_exact_on_4_workers(void **state)
{
    (void)state;
    mutex_counter_on(4);
}

/* ---- semaphore: a limiter ---------------------------------------------------- */

enum { LIMIT = 3, LIMITED = 60 };

typedef struct limiter {
    ac_semaphore sem;
    _Atomic int inside, max_inside;
} limiter;

/* Acquires one permit, counts itself in, yields twice, counts out, releases. */
typedef struct limited {
    CORO_HEAD;
    limiter *lim;
    ac_acquire acq;
    int out;
} limited;
static ac_poll limited_poll(ac_future *self, ac_context *cx)
{
    limited *t = (limited *)self;
    AC_BEGIN(&t->co);
    t->acq = ac_semaphore_acquire(&t->lim->sem, 1);
    AC_AWAIT(&t->co, cx, &t->acq.base);
    if (t->acq.result != 0)
        AC_RETURN(&t->co);
    int now = atomic_fetch_add(&t->lim->inside, 1) + 1;
    int max = atomic_load(&t->lim->max_inside);
    while (now > max && !atomic_compare_exchange_weak(&t->lim->max_inside, &max, now)) {
    }
    AC_YIELD(&t->co, cx);
    AC_YIELD(&t->co, cx);
    atomic_fetch_sub(&t->lim->inside, 1);
    ac_semaphore_release(&t->lim->sem, 1);
    t->out = 1;
    AC_END(&t->co);
}
static const ac_future_vtable limited_vtable = {
    .name = "limited", .poll = limited_poll, .drop = coro_drop, AC_OUTPUT(limited, out)};

static void semaphore_limit_on(unsigned workers)
{
    alarm(WATCHDOG_S);
    ac_runtime *rt = build_on(workers);
    limiter lim = {.inside = 0, .max_inside = 0};
    ac_semaphore_init(&lim.sem, LIMIT);
    ac_join_handle h[LIMITED];
    for (int i = 0; i < LIMITED; i++) {
        limited t = {.base = {&limited_vtable}, .lim = &lim};
        h[i] = AC_RUNTIME_SPAWN(rt, t);
    }
    int done = 0;
    for (int i = 0; i < LIMITED; i++)
        done += join_int(rt, &h[i]);
    assert_int_equal(done, LIMITED);
    assert_true(atomic_load(&lim.max_inside) <= LIMIT); /* never more than the permits */
    assert_true(atomic_load(&lim.max_inside) >= 1);
    assert_int_equal(atomic_load(&lim.inside), 0);
    assert_int_equal(ac_semaphore_available(&lim.sem), LIMIT); /* every permit came back */
    assert_int_equal(ac_semaphore_waiters(&lim.sem), 0);
    print_message("      %u workers: at most %d of %d inside at once\n", workers,
                  atomic_load(&lim.max_inside), LIMIT);
    ac_runtime_free(rt);
    ac_semaphore_destroy(&lim.sem);
    alarm(0);
}

static void test_semaphore_never_lets_more_than_its_permits_in_on_2_workers(void **state)
{
    (void)state;
    semaphore_limit_on(2);
}

static void test_semaphore_never_lets_more_than_its_permits_in_on_4_workers(void **state)
{
    (void)state;
    semaphore_limit_on(4);
}

/* ---- notify: ping-pong loses no wake-up --------------------------------------- */

#define ROUNDS SCALE(2000)

/* The leader notifies `to` and then waits on `from`; the follower waits
 * first.  A lost notification (or a lost wake of the waiting task) hangs
 * one side, which the watchdog or the join check reports. */
typedef struct pinger {
    CORO_HEAD;
    ac_notify *from, *to;
    ac_notified wait;
    _Atomic long *turns;
    bool lead;
    int i, out;
} pinger;
static ac_poll pinger_poll(ac_future *self, ac_context *cx)
{
    pinger *p = (pinger *)self;
    AC_BEGIN(&p->co);
    for (p->i = 0; p->i < ROUNDS; p->i++) {
        if (p->lead) {
            atomic_fetch_add(p->turns, 1);
            ac_notify_one(p->to);
        }
        p->wait = ac_notify_notified(p->from);
        AC_AWAIT(&p->co, cx, &p->wait.base);
        if (!p->lead) {
            atomic_fetch_add(p->turns, 1);
            ac_notify_one(p->to);
        }
        p->out++;
    }
    AC_END(&p->co);
}
static const ac_future_vtable pinger_vtable = {
    .name = "pinger", .poll = pinger_poll, .drop = coro_drop, AC_OUTPUT(pinger, out)};

static void notify_ping_pong_on(unsigned workers)
{
    alarm(WATCHDOG_S);
    ac_runtime *rt = build_on(workers);
    enum { PAIRS = 4 };
    static ac_notify a[PAIRS], b[PAIRS];
    _Atomic long turns = 0;
    ac_join_handle h[2 * PAIRS];
    for (int i = 0; i < PAIRS; i++) {
        ac_notify_init(&a[i]);
        ac_notify_init(&b[i]);
        pinger lead = {.base = {&pinger_vtable}, .from = &a[i], .to = &b[i], .turns = &turns, .lead = true};
        pinger follow = {.base = {&pinger_vtable}, .from = &b[i], .to = &a[i], .turns = &turns};
        h[2 * i] = AC_RUNTIME_SPAWN(rt, follow);
        h[2 * i + 1] = AC_RUNTIME_SPAWN(rt, lead);
    }
    for (int i = 0; i < 2 * PAIRS; i++)
        assert_int_equal(join_int(rt, &h[i]), ROUNDS);
    assert_int_equal(atomic_load(&turns), 2L * PAIRS * ROUNDS);
    ac_runtime_free(rt);
    for (int i = 0; i < PAIRS; i++) {
        ac_notify_destroy(&a[i]);
        ac_notify_destroy(&b[i]);
    }
    alarm(0);
}

static void test_notify_ping_pong_loses_no_wake_on_2_workers(void **state)
{
    (void)state;
    notify_ping_pong_on(2);
}

static void test_notify_ping_pong_loses_no_wake_on_4_workers(void **state)
{
    (void)state;
    notify_ping_pong_on(4);
}

/* ---- cancellation token: one cancel wakes every waiting task ----------------- */

typedef struct waiter {
    CORO_HEAD;
    ac_cancel_token *token; /* our own reference */
    ac_cancelled wait;
    _Atomic int *started, *woken;
    int out;
} waiter;
static ac_poll waiter_poll(ac_future *self, ac_context *cx)
{
    waiter *w = (waiter *)self;
    AC_BEGIN(&w->co);
    w->wait = ac_cancel_token_cancelled(w->token);
    atomic_fetch_add(w->started, 1);
    AC_AWAIT(&w->co, cx, &w->wait.base);
    atomic_fetch_add(w->woken, 1);
    w->out = ac_cancel_token_is_cancelled(w->token) ? 1 : 0;
    ac_cancel_token_release(w->token);
    AC_END(&w->co);
}
static void waiter_drop(ac_future *self)
{
    waiter *w = (waiter *)self;
    ac_coro_drop(&w->co);
    ac_cancel_token_release(w->token);
}
static const ac_future_vtable waiter_vtable = {
    .name = "waiter", .poll = waiter_poll, .drop = waiter_drop, AC_OUTPUT(waiter, out)};

static void cancel_many_on(unsigned workers)
{
    alarm(WATCHDOG_S);
    ac_runtime *rt = build_on(workers);
    enum { WAITERS = 200 };
    ac_cancel_token *root = ac_cancel_token_new();
    assert_non_null(root);
    ac_cancel_token *child = ac_cancel_token_child(root);
    assert_non_null(child);
    _Atomic int started = 0, woken = 0;
    static ac_join_handle h[WAITERS];
    for (int i = 0; i < WAITERS; i++) { /* half on the root, half on its child */
        waiter w = {.base = {&waiter_vtable},
                    .token = ac_cancel_token_ref(i % 2 ? child : root),
                    .started = &started,
                    .woken = &woken};
        h[i] = AC_RUNTIME_SPAWN(rt, w);
    }
    for (int i = 0; i < 20000 && atomic_load(&started) < WAITERS; i++)
        usleep(500);
    assert_int_equal(atomic_load(&started), WAITERS);
    usleep(2000);
    assert_int_equal(atomic_load(&woken), 0); /* nobody passes before the cancel */
    ac_cancel_token_cancel(root);             /* from the test thread, while they wait on workers */
    int cancelled = 0;
    for (int i = 0; i < WAITERS; i++)
        cancelled += join_int(rt, &h[i]);
    assert_int_equal(cancelled, WAITERS);
    assert_int_equal(atomic_load(&woken), WAITERS);
    ac_runtime_free(rt);
    ac_cancel_token_release(child);
    ac_cancel_token_release(root);
    alarm(0);
}

static void test_one_cancel_wakes_every_waiting_task_on_2_workers(void **state)
{
    (void)state;
    cancel_many_on(2);
}

static void test_one_cancel_wakes_every_waiting_task_on_4_workers(void **state)
{
    (void)state;
    cancel_many_on(4);
}

/* ---- ac_timeout around a receive, on a worker --------------------------------- */

/* Awaits a oneshot receive under a 10 s or 20 ms timeout; output: the
 * value, or the timeout's negative result. */
typedef struct timed_recv {
    CORO_HEAD;
    ac_oneshot_rx rx;
    ac_oneshot_recv_fut recv;
    ac_timeout limit;
    ac_nanos within;
    int value, out;
} timed_recv;
static ac_poll timed_recv_poll(ac_future *self, ac_context *cx)
{
    timed_recv *t = (timed_recv *)self;
    AC_BEGIN(&t->co);
    t->recv = ac_oneshot_recv(&t->rx, &t->value);
    t->limit = ac_timeout_of(&t->recv.base, t->within);
    AC_AWAIT(&t->co, cx, &t->limit.base);
    if (t->limit.result != 0)
        t->out = t->limit.result;
    else
        t->out = t->recv.result == 0 ? t->value : t->recv.result;
    ac_oneshot_rx_close(&t->rx);
    AC_END(&t->co);
}
static void timed_recv_drop(ac_future *self)
{
    timed_recv *t = (timed_recv *)self;
    ac_coro_drop(&t->co);
    ac_oneshot_rx_close(&t->rx);
}
static const ac_future_vtable timed_recv_vtable = {
    .name = "timed_recv", .poll = timed_recv_poll, .drop = timed_recv_drop, AC_OUTPUT(timed_recv, out)};

static void timeouts_on(unsigned workers)
{
    alarm(WATCHDOG_S);
    ac_runtime *rt = build_on(workers);
    enum { N = 32 };
    ac_join_handle hr[N], hs[N];
    ac_oneshot_tx silent[N];
    for (int i = 0; i < N; i++) {
        bool answered = i % 2 == 0;
        timed_recv r = {.base = {&timed_recv_vtable}, .within = answered ? AC_SEC(10) : AC_MSEC(20)};
        answerer s = {.base = {&answerer_vtable}, .value = 500 + i};
        assert_int_equal(ac_oneshot_new(sizeof(int), answered ? &s.tx : &silent[i], &r.rx), 0);
        hr[i] = AC_RUNTIME_SPAWN(rt, r);
        if (answered)
            hs[i] = AC_RUNTIME_SPAWN(rt, s);
    }
    for (int i = 0; i < N; i++) {
        if (i % 2 == 0) {
            assert_int_equal(join_int(rt, &hr[i]), 500 + i); /* answered long before 10 s */
            assert_int_equal(join_int(rt, &hs[i]), 0);
        } else {
            assert_int_equal(join_int(rt, &hr[i]), -ETIMEDOUT); /* nobody sent: the timer fired */
            ac_oneshot_tx_close(&silent[i]);
        }
    }
    ac_runtime_free(rt);
    alarm(0);
}

static void test_timeouts_fire_and_pass_around_receives_on_2_workers(void **state)
{
    (void)state;
    timeouts_on(2);
}

static void test_timeouts_fire_and_pass_around_receives_on_4_workers(void **state)
{
    (void)state;
    timeouts_on(4);
}

/* ---- broadcast: every receiver sees every value, or a lag that says how many --- */

#define BROADCASTS SCALE(3000)
enum { LISTENERS = 4, RING = 8 };

/* Sends 0..BROADCASTS-1, yielding every 4th, then closes its sender. */
typedef struct caster {
    CORO_HEAD;
    ac_broadcast_tx tx;
    long i;
    int out;
} caster;
static ac_poll caster_poll(ac_future *self, ac_context *cx)
{
    caster *c = (caster *)self;
    AC_BEGIN(&c->co);
    for (c->i = 0; c->i < BROADCASTS; c->i++) {
        if (ac_broadcast_send(&c->tx, &c->i) != 0)
            break;
        c->out++;
        if (c->i % 4 == 3)
            AC_YIELD(&c->co, cx);
    }
    ac_broadcast_tx_close(&c->tx);
    AC_END(&c->co);
}
static void caster_drop(ac_future *self) { ac_broadcast_tx_close(&((caster *)self)->tx); }
static const ac_future_vtable caster_vtable = {
    .name = "caster", .poll = caster_poll, .drop = caster_drop, AC_OUTPUT(caster, out)};

/* Receives until -EPIPE.  Each value must be the next one, or follow a
 * lag report by exactly `missed`: got + missed must come to the total. */
typedef struct listener_out {
    long got, missed, lags;
    bool in_order;
} listener_out;
typedef struct listener {
    CORO_HEAD;
    ac_broadcast_rx rx;
    ac_broadcast_recv_fut recv;
    long value, next;
    listener_out out;
} listener;
static ac_poll listener_poll(ac_future *self, ac_context *cx)
{
    listener *l = (listener *)self;
    AC_BEGIN(&l->co);
    l->out.in_order = true;
    for (;;) {
        l->recv = ac_broadcast_recv(&l->rx, &l->value);
        AC_AWAIT(&l->co, cx, &l->recv.base);
        if (l->recv.result == -EPIPE)
            break;
        if (l->recv.result == -EOVERFLOW) {
            l->out.missed += (long)l->recv.missed;
            l->out.lags++;
            l->next += (long)l->recv.missed;
            continue;
        }
        if (l->recv.result != 0 || l->value != l->next)
            l->out.in_order = false;
        l->next = l->value + 1;
        l->out.got++;
    }
    ac_broadcast_rx_close(&l->rx);
    AC_END(&l->co);
}
static void listener_drop(ac_future *self)
{
    listener *l = (listener *)self;
    ac_coro_drop(&l->co);
    ac_broadcast_rx_close(&l->rx);
}
static const ac_future_vtable listener_vtable = {
    .name = "listener", .poll = listener_poll, .drop = listener_drop, AC_OUTPUT(listener, out)};

static void broadcast_on(unsigned workers)
{
    alarm(WATCHDOG_S);
    ac_runtime *rt = build_on(workers);
    ac_broadcast_tx tx;
    ac_broadcast_rx first;
    assert_int_equal(ac_broadcast_new(sizeof(long), RING, &tx, &first), 0);
    ac_join_handle hl[LISTENERS];
    for (int i = 0; i < LISTENERS; i++) { /* all subscribed before the first send */
        listener l = {.base = {&listener_vtable}, .rx = i == 0 ? first : ac_broadcast_subscribe(&tx)};
        hl[i] = AC_RUNTIME_SPAWN(rt, l);
    }
    caster c = {.base = {&caster_vtable}, .tx = tx};
    ac_join_handle hc = AC_RUNTIME_SPAWN(rt, c);
    assert_int_equal(join_int(rt, &hc), BROADCASTS);
    long lags = 0;
    for (int i = 0; i < LISTENERS; i++) {
        listener_out out = {0};
        ac_runtime_block_on(rt, &hl[i].base);
        assert_true(ac_join_take(&hl[i], &out, sizeof out));
        assert_true(out.in_order);
        assert_int_equal(out.got + out.missed, BROADCASTS); /* nothing lost without a report */
        lags += out.lags;
    }
    print_message("      %u workers: %ld lag reports over %d receivers\n", workers, lags, LISTENERS);
    ac_runtime_free(rt);
    alarm(0);
}

static void test_broadcast_reaches_every_receiver_or_reports_the_lag_on_2_workers(void **state)
{
    (void)state;
    broadcast_on(2);
}

static void test_broadcast_reaches_every_receiver_or_reports_the_lag_on_4_workers(void **state)
{
    (void)state;
    broadcast_on(4);
}

/* ---- watch: watchers always end on the latest value --------------------------- */

#define UPDATES SCALE(2000)
enum { WATCHERS = 4 };

/* Sends 1..UPDATES, yielding every 3rd, then closes its sender. */
typedef struct updater {
    CORO_HEAD;
    ac_watch_tx tx;
    long v;
    int out;
} updater;
static ac_poll updater_poll(ac_future *self, ac_context *cx)
{
    updater *u = (updater *)self;
    AC_BEGIN(&u->co);
    for (u->v = 1; u->v <= UPDATES; u->v++) {
        if (ac_watch_send(&u->tx, &u->v) != 0)
            break;
        u->out++;
        if (u->v % 3 == 0)
            AC_YIELD(&u->co, cx);
    }
    ac_watch_tx_close(&u->tx);
    AC_END(&u->co);
}
static void updater_drop(ac_future *self) { ac_watch_tx_close(&((updater *)self)->tx); }
static const ac_future_vtable updater_vtable = {
    .name = "updater", .poll = updater_poll, .drop = updater_drop, AC_OUTPUT(updater, out)};

/* Waits for changes until -EPIPE; output: the last value it read, or -1
 * if a value ever went backwards or repeated after a change. */
typedef struct watcher {
    CORO_HEAD;
    ac_watch_rx rx;
    ac_watch_changed_fut changed;
    long value, last;
} watcher;
static ac_poll watcher_poll(ac_future *self, ac_context *cx)
{
    watcher *w = (watcher *)self;
    AC_BEGIN(&w->co);
    for (;;) {
        w->changed = ac_watch_changed(&w->rx);
        AC_AWAIT(&w->co, cx, &w->changed.base);
        if (w->changed.result != 0)
            break;
        ac_watch_borrow(&w->rx, &w->value);
        if (w->value <= w->last) {
            w->last = -1;
            break;
        }
        w->last = w->value;
    }
    ac_watch_rx_close(&w->rx);
    AC_END(&w->co);
}
static void watcher_drop(ac_future *self)
{
    watcher *w = (watcher *)self;
    ac_coro_drop(&w->co);
    ac_watch_rx_close(&w->rx);
}
static const ac_future_vtable watcher_vtable = {
    .name = "watcher", .poll = watcher_poll, .drop = watcher_drop, AC_OUTPUT(watcher, last)};

static void watch_on(unsigned workers)
{
    alarm(WATCHDOG_S);
    ac_runtime *rt = build_on(workers);
    ac_watch_tx tx;
    ac_watch_rx rx;
    long zero = 0;
    assert_int_equal(ac_watch_new(sizeof(long), &zero, &tx, &rx), 0);
    ac_join_handle hw[WATCHERS];
    for (int i = 0; i < WATCHERS; i++) {
        watcher w = {.base = {&watcher_vtable}, .rx = ac_watch_rx_clone(&rx)};
        hw[i] = AC_RUNTIME_SPAWN(rt, w);
    }
    ac_watch_rx_close(&rx);
    updater u = {.base = {&updater_vtable}, .tx = tx};
    ac_join_handle hu = AC_RUNTIME_SPAWN(rt, u);
    assert_int_equal(join_int(rt, &hu), UPDATES);
    for (int i = 0; i < WATCHERS; i++) {
        long last = 0;
        ac_runtime_block_on(rt, &hw[i].base);
        assert_true(ac_join_take(&hw[i], &last, sizeof last));
        assert_int_equal(last, UPDATES); /* increasing, and the final value was never missed */
    }
    ac_runtime_free(rt);
    alarm(0);
}

static void test_watchers_end_on_the_latest_value_on_2_workers(void **state)
{
    (void)state;
    watch_on(2);
}

static void test_watchers_end_on_the_latest_value_on_4_workers(void **state)
{
    (void)state;
    watch_on(4);
}

/* ---- select over a channel and a sleep, on workers ---------------------------- */

#define SELECTED SCALE(2000)

/* Sends 1..SELECTED on an unbounded channel, yielding every 8th. */
typedef struct feeder {
    CORO_HEAD;
    ac_mpsc_tx tx;
    long v;
    int out;
} feeder;
static ac_poll feeder_poll(ac_future *self, ac_context *cx)
{
    feeder *f = (feeder *)self;
    AC_BEGIN(&f->co);
    for (f->v = 1; f->v <= SELECTED; f->v++) {
        if (ac_mpsc_try_send(&f->tx, &f->v) != 0)
            break;
        f->out++;
        if (f->v % 8 == 0)
            AC_YIELD(&f->co, cx);
    }
    ac_mpsc_tx_close(&f->tx);
    AC_END(&f->co);
}
static void feeder_drop(ac_future *self) { ac_mpsc_tx_close(&((feeder *)self)->tx); }
static const ac_future_vtable feeder_vtable = {
    .name = "feeder", .poll = feeder_poll, .drop = feeder_drop, AC_OUTPUT(feeder, out)};

/* Selects between the next receive and one 10 s deadline (kept across
 * rounds) until the channel closes.  The deadline must never win. */
typedef struct selector_out {
    long got, sum;
    int deadline_wins;
} selector_out;
typedef struct selector {
    CORO_HEAD;
    ac_mpsc_rx *rx;
    ac_mpsc_recv_fut recv;
    ac_sleep deadline;
    ac_select sel;
    long value;
    selector_out out;
} selector;
static ac_poll selector_poll(ac_future *self, ac_context *cx)
{
    selector *s = (selector *)self;
    AC_BEGIN(&s->co);
    s->deadline = ac_sleep_for(AC_SEC(10));
    for (;;) {
        s->recv = ac_mpsc_recv(s->rx, &s->value);
        AC_AWAIT_SELECT(&s->co, cx, &s->sel, &s->recv.base, AC_KEEP(&s->deadline.base));
        if (s->sel.result != 0) {
            s->out.deadline_wins++;
            break;
        }
        if (s->recv.result == -EPIPE)
            break;
        s->out.got++;
        s->out.sum += s->value;
    }
    ac_future_drop(&s->deadline.base);
    AC_END(&s->co);
}
static void selector_drop(ac_future *self)
{
    selector *s = (selector *)self;
    bool started = s->co.line != 0;
    ac_coro_drop(&s->co);
    if (started)
        ac_future_drop(&s->deadline.base);
}
static const ac_future_vtable selector_vtable = {
    .name = "selector", .poll = selector_poll, .drop = selector_drop, AC_OUTPUT(selector, out)};

/* Selects between a receive nobody sends to and a 20 ms sleep: the sleep
 * wins, and the dropped receive took nothing (cancellation-safe). */
typedef struct idle_selector {
    CORO_HEAD;
    ac_mpsc_rx *rx;
    ac_mpsc_recv_fut recv;
    ac_sleep nap;
    ac_select sel;
    long value;
    int out;
} idle_selector;
static ac_poll idle_selector_poll(ac_future *self, ac_context *cx)
{
    idle_selector *s = (idle_selector *)self;
    AC_BEGIN(&s->co);
    s->recv = ac_mpsc_recv(s->rx, &s->value);
    s->nap = ac_sleep_for(AC_MSEC(20));
    AC_AWAIT_SELECT(&s->co, cx, &s->sel, &s->recv.base, &s->nap.base);
    s->out = s->sel.result;
    AC_END(&s->co);
}
static const ac_future_vtable idle_selector_vtable = {
    .name = "idle_selector", .poll = idle_selector_poll, .drop = coro_drop, AC_OUTPUT(idle_selector, out)};

static void select_on(unsigned workers)
{
    alarm(WATCHDOG_S);
    ac_runtime *rt = build_on(workers);
    ac_mpsc_tx tx;
    ac_mpsc_rx rx;
    assert_int_equal(ac_mpsc_unbounded(sizeof(long), &tx, &rx), 0);
    selector s = {.base = {&selector_vtable}, .rx = &rx};
    ac_join_handle hs = AC_RUNTIME_SPAWN(rt, s);
    feeder f = {.base = {&feeder_vtable}, .tx = tx};
    ac_join_handle hf = AC_RUNTIME_SPAWN(rt, f);
    assert_int_equal(join_int(rt, &hf), SELECTED);
    selector_out out = {0};
    ac_runtime_block_on(rt, &hs.base);
    assert_true(ac_join_take(&hs, &out, sizeof out));
    assert_int_equal(out.deadline_wins, 0);
    assert_int_equal(out.got, SELECTED);
    assert_int_equal(out.sum, (long)SELECTED * (SELECTED + 1) / 2); /* each value once */
    ac_mpsc_rx_close(&rx);

    ac_mpsc_tx itx;
    ac_mpsc_rx irx;
    assert_int_equal(ac_mpsc_unbounded(sizeof(long), &itx, &irx), 0);
    idle_selector is = {.base = {&idle_selector_vtable}, .rx = &irx};
    ac_join_handle hi = AC_RUNTIME_SPAWN(rt, is);
    assert_int_equal(join_int(rt, &hi), 1); /* the sleep won on a worker */
    long v = 42, got = 0;
    assert_int_equal(ac_mpsc_try_send(&itx, &v), 0);
    assert_int_equal(ac_mpsc_try_recv(&irx, &got), 0); /* the receiver still works */
    assert_int_equal(got, 42);
    ac_runtime_free(rt);
    ac_mpsc_tx_close(&itx);
    ac_mpsc_rx_close(&irx);
    alarm(0);
}

static void test_select_takes_every_message_before_a_far_deadline_on_2_workers(void **state)
{
    (void)state;
    select_on(2);
}

static void test_select_takes_every_message_before_a_far_deadline_on_4_workers(void **state)
{
    (void)state;
    select_on(4);
}

/* ---- a stream pipeline consumed on a worker ----------------------------------- */

enum { EVENS_WANTED = 100 };

static bool is_even(const void *item, void *user)
{
    (void)user;
    return *(const long *)item % 2 == 0;
}

/* mpsc values -> filter(even) -> take(EVENS_WANTED), awaited item by
 * item; output: items seen, or -1 on the first one out of place. */
typedef struct pipeline {
    CORO_HEAD;
    ac_mpsc_rx *rx;
    ac_mpsc_stream source;
    ac_filter_stream evens;
    ac_take_stream first;
    ac_stream_next_fut next;
    bool built;
    long item;
    int out;
} pipeline;
static ac_poll pipeline_poll(ac_future *self, ac_context *cx)
{
    pipeline *p = (pipeline *)self;
    AC_BEGIN(&p->co);
    p->source = ac_stream_of_mpsc(p->rx, sizeof(long));
    p->evens = ac_stream_filter(&p->source.base, is_even, NULL);
    p->first = ac_stream_take(&p->evens.base, EVENS_WANTED);
    p->built = true;
    for (;;) {
        p->next = ac_stream_next(&p->first.base, &p->item);
        AC_AWAIT(&p->co, cx, &p->next.base);
        if (p->next.result != AC_STREAM_ITEM)
            break;
        if (p->item != 2L * (p->out + 1)) { /* 2, 4, 6, ...: values start at 1 */
            p->out = -1;
            break;
        }
        p->out++;
    }
    ac_stream_drop(&p->first.base);
    p->built = false;
    AC_END(&p->co);
}
static void pipeline_drop(ac_future *self)
{
    pipeline *p = (pipeline *)self;
    ac_coro_drop(&p->co);
    if (p->built)
        ac_stream_drop(&p->first.base);
}
static const ac_future_vtable pipeline_vtable = {
    .name = "pipeline", .poll = pipeline_poll, .drop = pipeline_drop, AC_OUTPUT(pipeline, out)};

static void stream_on(unsigned workers)
{
    alarm(WATCHDOG_S);
    ac_runtime *rt = build_on(workers);
    ac_mpsc_tx tx;
    ac_mpsc_rx rx;
    assert_int_equal(ac_mpsc_unbounded(sizeof(long), &tx, &rx), 0);
    pipeline p = {.base = {&pipeline_vtable}, .rx = &rx};
    ac_join_handle hp = AC_RUNTIME_SPAWN(rt, p);
    feeder f = {.base = {&feeder_vtable}, .tx = tx}; /* sends 1..SELECTED, more than take needs */
    ac_join_handle hf = AC_RUNTIME_SPAWN(rt, f);
    assert_int_equal(join_int(rt, &hp), EVENS_WANTED); /* exactly n, in order, then the end */
    assert_int_equal(join_int(rt, &hf), SELECTED);
    long rest = 0, left = 0;
    while (ac_mpsc_try_recv(&rx, &rest) == 0)
        left++;
    assert_int_equal(left, SELECTED - 2 * EVENS_WANTED); /* take pulled no item past the last one */
    ac_runtime_free(rt);
    ac_mpsc_rx_close(&rx);
    alarm(0);
}

static void test_a_filtered_taken_stream_is_consumed_on_2_workers(void **state)
{
    (void)state;
    stream_on(2);
}

static void test_a_filtered_taken_stream_is_consumed_on_4_workers(void **state)
{
    (void)state;
    stream_on(4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bounded_mpsc_keeps_every_message_and_each_producers_order_on_2_workers),
        cmocka_unit_test(test_bounded_mpsc_keeps_every_message_and_each_producers_order_on_4_workers),
        cmocka_unit_test(test_oneshot_answers_cross_workers_on_2_workers),
        cmocka_unit_test(test_oneshot_answers_cross_workers_on_4_workers),
        cmocka_unit_test(test_async_mutex_keeps_a_counter_exact_on_2_workers),
        cmocka_unit_test(test_async_mutex_keeps_a_counter_exact_on_4_workers),
        cmocka_unit_test(test_semaphore_never_lets_more_than_its_permits_in_on_2_workers),
        cmocka_unit_test(test_semaphore_never_lets_more_than_its_permits_in_on_4_workers),
        cmocka_unit_test(test_notify_ping_pong_loses_no_wake_on_2_workers),
        cmocka_unit_test(test_notify_ping_pong_loses_no_wake_on_4_workers),
        cmocka_unit_test(test_one_cancel_wakes_every_waiting_task_on_2_workers),
        cmocka_unit_test(test_one_cancel_wakes_every_waiting_task_on_4_workers),
        cmocka_unit_test(test_timeouts_fire_and_pass_around_receives_on_2_workers),
        cmocka_unit_test(test_timeouts_fire_and_pass_around_receives_on_4_workers),
        cmocka_unit_test(test_broadcast_reaches_every_receiver_or_reports_the_lag_on_2_workers),
        cmocka_unit_test(test_broadcast_reaches_every_receiver_or_reports_the_lag_on_4_workers),
        cmocka_unit_test(test_watchers_end_on_the_latest_value_on_2_workers),
        cmocka_unit_test(test_watchers_end_on_the_latest_value_on_4_workers),
        cmocka_unit_test(test_select_takes_every_message_before_a_far_deadline_on_2_workers),
        cmocka_unit_test(test_select_takes_every_message_before_a_far_deadline_on_4_workers),
        cmocka_unit_test(test_a_filtered_taken_stream_is_consumed_on_2_workers),
        cmocka_unit_test(test_a_filtered_taken_stream_is_consumed_on_4_workers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
