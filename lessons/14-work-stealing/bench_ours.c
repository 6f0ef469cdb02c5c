/*
 * bench_ours.c - the bench's rows on our runtimes: the single-threaded
 * ac_executor (workers == 0) and ac_runtime with N workers.  The same
 * futures run on both; only spawn and block_on differ (struct env).
 *
 * A join is a countdown: every task that finishes takes one off, and the
 * one that reaches zero sends on a oneshot the waiter awaits.  Join
 * handles are released at once (detached), as a fire-and-forget spawn.
 */
#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "ac/clock.h"
#include "ac/coro.h"
#include "ac/executor.h"
#include "ac/oneshot.h"
#include "ac/runtime.h"
#include "bench.h"

/* ---- one interface over both runtimes ----------------------------------- */

typedef struct env {
    ac_executor ex; /* workers == 0 */
    ac_runtime *rt; /* otherwise */
} env;

static ac_join_handle env_spawn(env *e, const void *future, size_t size)
{
    return e->rt != NULL ? ac_runtime_spawn(e->rt, future, size) : ac_spawn(&e->ex, future, size);
}

static void env_spawn_detached(env *e, const void *future, size_t size)
{
    ac_join_handle h = env_spawn(e, future, size);
    ac_join_release(&h);
}

static void env_block_on(env *e, ac_future *f)
{
    if (e->rt != NULL)
        ac_runtime_block_on(e->rt, f);
    else
        ac_block_on(&e->ex, f);
}

static int env_open(env *e, unsigned workers)
{
    e->rt = NULL;
    if (workers == 0)
        return ac_executor_init(&e->ex);
    ac_runtime_builder b = ac_runtime_builder_new();
    b.workers = workers;
    return ac_runtime_build(&b, &e->rt);
}

static void env_close(env *e)
{
    if (e->rt != NULL)
        ac_runtime_free(e->rt);
    else
        ac_executor_close(&e->ex);
}

/* ---- the countdown ------------------------------------------------------- */

typedef struct countdown {
    /* relaxed would do for the count alone; acq_rel so the last task's
     * decrement sees every earlier task's writes before it sends */
    _Atomic uint64_t left;
    ac_oneshot_tx tx;
    ac_oneshot_rx rx;
} countdown;

static int countdown_init(countdown *c, uint64_t n)
{
    atomic_init(&c->left, n);
    return ac_oneshot_new(sizeof(int), &c->tx, &c->rx);
}

static void countdown_hit(countdown *c)
{
    if (atomic_fetch_sub_explicit(&c->left, 1, memory_order_acq_rel) == 1) {
        int one = 1;
        ac_oneshot_send(&c->tx, &one);
    }
}

/* Wait (block_on) until the count reaches zero; true if it did. */
static bool countdown_wait(env *e, countdown *c)
{
    int got = 0;
    ac_oneshot_recv_fut f = ac_oneshot_recv(&c->rx, &got);
    env_block_on(e, &f.base);
    ac_oneshot_rx_close(&c->rx);
    return f.result == 0 && got == 1;
}

/* ---- the futures ------------------------------------------------------------ */

typedef struct trivial {
    ac_future base;
    countdown *cd;
} trivial;

static ac_poll trivial_poll(ac_future *self, ac_context *cx)
{
    (void)cx;
    countdown_hit(((trivial *)self)->cd);
    return AC_READY;
}
static const ac_future_vtable trivial_vtable = {.name = "trivial", .poll = trivial_poll};

/* spawn-from-task: spawns n children from its worker, then awaits them. */
typedef struct root {
    ac_future base;
    ac_coro co;
    env *e;
    countdown *cd;
    uint64_t n;
    int got;
    ac_oneshot_recv_fut wait;
} root;

static ac_poll root_poll(ac_future *self, ac_context *cx)
{
    root *r = (root *)self;
    AC_BEGIN(&r->co);
    for (uint64_t i = 0; i < r->n; i++) {
        trivial t = {.base = {&trivial_vtable}, .cd = r->cd};
        env_spawn_detached(r->e, &t, sizeof t);
    }
    r->wait = ac_oneshot_recv(&r->cd->rx, &r->got);
    AC_AWAIT(&r->co, cx, &r->wait.base);
    AC_END(&r->co);
}
static const ac_future_vtable root_vtable = {.name = "root", .poll = root_poll};

/* yield-many: yields `n` times, then counts itself done. */
typedef struct yielder {
    ac_future base;
    ac_coro co;
    countdown *cd;
    uint64_t i, n;
    ac_yield y;
} yielder;

static ac_poll yielder_poll(ac_future *self, ac_context *cx)
{
    yielder *t = (yielder *)self;
    AC_BEGIN(&t->co);
    for (t->i = 0; t->i < t->n; t->i++) {
        t->y = ac_yield_now();
        AC_AWAIT(&t->co, cx, &t->y.base);
    }
    countdown_hit(t->cd);
    AC_END(&t->co);
}
static const ac_future_vtable yielder_vtable = {.name = "yielder", .poll = yielder_poll};

/* chained-spawn: spawns the next link (from its worker) and finishes. */
typedef struct link {
    ac_future base;
    env *e;
    countdown *cd;
    uint64_t left;
} link;

static ac_poll link_poll(ac_future *self, ac_context *cx)
{
    (void)cx;
    link *l = (link *)self;
    if (l->left > 1) {
        link next = {.base = l->base, .e = l->e, .cd = l->cd, .left = l->left - 1};
        env_spawn_detached(l->e, &next, sizeof next);
    } else {
        countdown_hit(l->cd);
    }
    return AC_READY;
}
static const ac_future_vtable link_vtable = {.name = "link", .poll = link_poll};

/*
 * ping-pong: each message is the sender of the channel the reply goes to.
 *
 *   pinger: new (reply_tx, reply_rx); send reply_tx on to_b; await reply_rx -> next to_b
 *   ponger: await my_rx -> reply_tx; new (next_tx, my_rx); send next_tx on reply_tx
 *
 * so each side makes the channel it will receive on.  The pinger closing
 * to_b without a send ends the game.
 */
typedef struct pinger {
    ac_future base;
    ac_coro co;
    ac_oneshot_tx to_b;
    ac_oneshot_rx reply_rx;
    ac_oneshot_recv_fut recv;
    uint64_t i, n, done;
} pinger;

static ac_poll pinger_poll(ac_future *self, ac_context *cx)
{
    pinger *p = (pinger *)self;
    AC_BEGIN(&p->co);
    for (p->i = 0; p->i < p->n; p->i++) {
        ac_oneshot_tx reply_tx;
        if (ac_oneshot_new(sizeof reply_tx, &reply_tx, &p->reply_rx) < 0)
            break;
        if (ac_oneshot_send(&p->to_b, &reply_tx) < 0) {
            ac_oneshot_tx_close(&reply_tx);
            ac_oneshot_rx_close(&p->reply_rx);
            break;
        }
        p->recv = ac_oneshot_recv(&p->reply_rx, &p->to_b);
        AC_AWAIT(&p->co, cx, &p->recv.base);
        ac_oneshot_rx_close(&p->reply_rx);
        if (p->recv.result != 0)
            break;
        p->done++;
    }
    ac_oneshot_tx_close(&p->to_b);
    AC_END(&p->co);
}
static const ac_future_vtable pinger_vtable = {.name = "pinger", .poll = pinger_poll};

typedef struct ponger {
    ac_future base;
    ac_coro co;
    ac_oneshot_rx my_rx;
    ac_oneshot_tx reply_tx;
    ac_oneshot_recv_fut recv;
} ponger;

static ac_poll ponger_poll(ac_future *self, ac_context *cx)
{
    ponger *p = (ponger *)self;
    AC_BEGIN(&p->co);
    for (;;) {
        p->recv = ac_oneshot_recv(&p->my_rx, &p->reply_tx);
        AC_AWAIT(&p->co, cx, &p->recv.base);
        ac_oneshot_rx_close(&p->my_rx);
        if (p->recv.result != 0)
            break; /* the pinger is done */
        ac_oneshot_tx next_tx;
        if (ac_oneshot_new(sizeof next_tx, &next_tx, &p->my_rx) < 0) {
            ac_oneshot_tx_close(&p->reply_tx);
            break;
        }
        if (ac_oneshot_send(&p->reply_tx, &next_tx) < 0) {
            ac_oneshot_tx_close(&next_tx);
            ac_oneshot_rx_close(&p->my_rx);
            break;
        }
    }
    AC_END(&p->co);
}
static const ac_future_vtable ponger_vtable = {.name = "ponger", .poll = ponger_poll};

/* ---- the rows ------------------------------------------------------------- */

static bool run_spawn_from_task(env *e, uint64_t n)
{
    countdown cd;
    if (countdown_init(&cd, n) < 0)
        return false;
    root r = {.base = {&root_vtable}, .e = e, .cd = &cd, .n = n};
    ac_join_handle h = env_spawn(e, &r, sizeof r);
    env_block_on(e, &h.base);
    bool ok = ac_join_is_finished(&h) && !ac_join_was_aborted(&h) && atomic_load(&cd.left) == 0;
    ac_join_release(&h);
    ac_oneshot_rx_close(&cd.rx);
    return ok;
}

static bool run_spawn_from_outside(env *e, uint64_t n)
{
    countdown cd;
    if (countdown_init(&cd, n) < 0)
        return false;
    for (uint64_t i = 0; i < n; i++) {
        trivial t = {.base = {&trivial_vtable}, .cd = &cd};
        env_spawn_detached(e, &t, sizeof t);
    }
    return countdown_wait(e, &cd);
}

static bool run_ping_pong(env *e, uint64_t n)
{
    pinger a = {.base = {&pinger_vtable}, .n = n};
    ponger b = {.base = {&ponger_vtable}};
    if (ac_oneshot_new(sizeof(ac_oneshot_tx), &a.to_b, &b.my_rx) < 0)
        return false;
    ac_join_handle hb = env_spawn(e, &b, sizeof b);
    ac_join_handle ha = env_spawn(e, &a, sizeof a);
    env_block_on(e, &ha.base);
    env_block_on(e, &hb.base);
    /* the handle keeps the finished task (and its future) alive to read */
    bool ok = ac_join_is_finished(&ha) && !ac_join_was_aborted(&ha) &&
              ((pinger *)ac_task_future(ha.task))->done == n;
    ac_join_release(&ha);
    ac_join_release(&hb);
    return ok;
}

static bool run_yield_many(env *e, uint64_t tasks, uint64_t yields)
{
    countdown cd;
    if (countdown_init(&cd, tasks) < 0)
        return false;
    for (uint64_t i = 0; i < tasks; i++) {
        yielder y = {.base = {&yielder_vtable}, .cd = &cd, .n = yields};
        env_spawn_detached(e, &y, sizeof y);
    }
    return countdown_wait(e, &cd);
}

static bool run_chained_spawn(env *e, uint64_t total, uint64_t len)
{
    for (uint64_t done = 0; done < total; done += len) {
        countdown cd;
        if (countdown_init(&cd, 1) < 0)
            return false;
        link head = {.base = {&link_vtable}, .e = e, .cd = &cd, .left = len};
        env_spawn_detached(e, &head, sizeof head);
        if (!countdown_wait(e, &cd))
            return false;
    }
    return true;
}

double bench_ours(bench_row row, unsigned workers, const bench_size *sz)
{
    env e;
    int err = env_open(&e, workers);
    if (err < 0)
        return err;
    bool ok = false;
    ac_nanos start = ac_monotonic_now();
    switch (row) {
    case BENCH_SPAWN_FROM_TASK:
        ok = run_spawn_from_task(&e, sz->spawns);
        break;
    case BENCH_SPAWN_FROM_OUTSIDE:
        ok = run_spawn_from_outside(&e, sz->spawns);
        break;
    case BENCH_PING_PONG:
        ok = run_ping_pong(&e, sz->round_trips);
        break;
    case BENCH_YIELD_MANY:
        ok = run_yield_many(&e, sz->yield_tasks, sz->yields_per_task);
        break;
    case BENCH_CHAINED_SPAWN:
        ok = run_chained_spawn(&e, sz->chain_tasks, sz->chain_len);
        break;
    case BENCH_ROWS:
        break;
    }
    ac_nanos took = ac_monotonic_now() - start;
    env_close(&e);
    return ok ? (double)took / (double)bench_ops(row, sz) : -EPROTO;
}
