/*
 * test_select.c - select over N branches (fair, biased, disabled, kept,
 * else), fuse, and the select loop written with AC_AWAIT_SELECT.
 * Every test runs on a paused clock or with hand-made wakers: no sleeps.
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "ac/cancel.h"
#include "ac/combinators.h"
#include "ac/coro.h"
#include "ac/io.h"
#include "ac/mpsc.h"
#include "ac/reactor.h"
#include "ac/sleep.h"
#include "chan_util.h"

#define ROUNDS 10000

/* A future that writes its id into a shared log each time it is polled,
 * so a test can see the order a select polled its branches in. */
typedef struct logged {
    ac_future base;
    int id;
    bool ready;
    int *log, *len;
    int drops;
} logged;
static ac_poll logged_poll(ac_future *self, ac_context *cx)
{
    (void)cx;
    logged *l = (logged *)self;
    l->log[(*l->len)++] = l->id;
    return l->ready ? AC_READY : AC_PENDING;
}
static void logged_drop(ac_future *self) { ((logged *)self)->drops++; }
static const ac_future_vtable logged_vtable = {.name = "logged", .poll = logged_poll, .drop = logged_drop};
static logged logged_new(int id, bool ready, int *log, int *len)
{
    return (logged){.base = {&logged_vtable}, .id = id, .ready = ready, .log = log, .len = len};
}

static ac_poll poll_noop(ac_future *f)
{
    ac_waker w = ac_waker_noop();
    ac_context cx = {.waker = &w};
    return ac_future_poll(f, &cx);
}

/* The band every fair test uses: each of k always-ready branches wins
 * within 6% of ROUNDS / k (the binomial spread is ~1%: a correct select
 * never leaves it, a biased or stuck one is far outside). */
static void expect_even_share(const int *wins, int k)
{
    int share = ROUNDS / k, band = share * 6 / 100;
    for (int i = 0; i < k; i++) {
        if (wins[i] < share - band || wins[i] > share + band)
            fail_msg("branch %d won %d of %d rounds, outside %d +- %d", i, wins[i], ROUNDS, share, band);
    }
}

static void test_fair_select_shares_wins_over_10000_rounds(void **state)
{
    (void)state;
    ac_select_seed(1);
    for (int k = 2; k <= 3; k++) {
        int wins[3] = {0};
        for (int r = 0; r < ROUNDS; r++) {
            instant b[3] = {instant_new(), instant_new(), instant_new()};
            ac_select s =
                k == 2 ? AC_SELECT(&b[0].base, &b[1].base) : AC_SELECT(&b[0].base, &b[1].base, &b[2].base);
            assert_int_equal(poll_noop(&s.base), AC_READY);
            wins[s.result]++;
            int drops = 0;
            for (int i = 0; i < k; i++)
                drops += b[i].drops;
            assert_int_equal(drops, k - 1); /* every loser, once */
            assert_int_equal(b[s.result].drops, 0);
        }
        expect_even_share(wins, k);
    }
}

/* Two selects per round (a loop that selects twice per iteration): each
 * must still be fair on its own.  A single counter shared by every select
 * would give the first one the same start every round. */
static void test_fair_select_stays_fair_when_selects_interleave(void **state)
{
    (void)state;
    ac_select_seed(2);
    int wins_a[2] = {0}, wins_b[2] = {0};
    for (int r = 0; r < ROUNDS; r++) {
        instant a0 = instant_new(), a1 = instant_new(), b0 = instant_new(), b1 = instant_new();
        ac_select sa = AC_SELECT(&a0.base, &a1.base);
        ac_select sb = AC_SELECT(&b0.base, &b1.base);
        assert_int_equal(poll_noop(&sa.base), AC_READY);
        assert_int_equal(poll_noop(&sb.base), AC_READY);
        wins_a[sa.result]++;
        wins_b[sb.result]++;
    }
    expect_even_share(wins_a, 2);
    expect_even_share(wins_b, 2);
}

static void test_seed_makes_the_starts_repeat(void **state)
{
    (void)state;
    int first[64], again[64];
    for (int pass = 0; pass < 2; pass++) {
        ac_select_seed(77);
        for (int r = 0; r < 64; r++) {
            instant a = instant_new(), b = instant_new(), c = instant_new();
            ac_select s = AC_SELECT(&a.base, &b.base, &c.base);
            assert_int_equal(poll_noop(&s.base), AC_READY);
            (pass ? again : first)[r] = s.result;
        }
    }
    assert_memory_equal(first, again, sizeof first);
}

/* Biased: the always-ready branch 0 wins every round and branch 1 is
 * never even polled (the starvation the fair mode prevents). */
static void test_biased_select_starves_the_later_branch(void **state)
{
    (void)state;
    int log[4], len;
    int polls_of_1 = 0;
    for (int r = 0; r < ROUNDS; r++) {
        len = 0;
        logged hot = logged_new(0, true, log, &len), cold = logged_new(1, true, log, &len);
        ac_select s = AC_SELECT_BIASED(&hot.base, &cold.base);
        assert_int_equal(poll_noop(&s.base), AC_READY);
        assert_int_equal(s.result, 0);
        assert_int_equal(cold.drops, 1);
        for (int i = 0; i < len; i++)
            polls_of_1 += log[i] == 1;
    }
    assert_int_equal(polls_of_1, 0);
}

/* Biased order is the written order on every poll; fair rotates one
 * further on each poll of the same select. */
static void test_poll_orders_biased_and_fair(void **state)
{
    (void)state;
    int log[32], len = 0;
    logged a = logged_new(0, false, log, &len), b = logged_new(1, false, log, &len),
           c = logged_new(2, false, log, &len);
    ac_select s = AC_SELECT_BIASED(&a.base, &b.base, &c.base);
    for (int p = 0; p < 3; p++)
        assert_int_equal(poll_noop(&s.base), AC_PENDING);
    int want_biased[9] = {0, 1, 2, 0, 1, 2, 0, 1, 2};
    assert_int_equal(len, 9);
    assert_memory_equal(log, want_biased, sizeof want_biased);
    ac_future_drop(&s.base);
    assert_int_equal(a.drops + b.drops + c.drops, 3);

    len = 0;
    logged d = logged_new(0, false, log, &len), e = logged_new(1, false, log, &len),
           f = logged_new(2, false, log, &len);
    ac_select t = AC_SELECT(&d.base, &e.base, &f.base);
    for (int p = 0; p < 3; p++)
        assert_int_equal(poll_noop(&t.base), AC_PENDING);
    assert_int_equal(len, 9);
    for (int p = 0; p < 3; p++) /* each poll starts one after the last one's start */
        for (int k = 0; k < 3; k++)
            assert_int_equal(log[p * 3 + k], (log[0] + p + k) % 3);
    ac_future_drop(&t.base);
    ac_future_drop(&t.base);
    assert_int_equal(d.drops + e.drops + f.drops, 3);
}

static void test_losers_of_eight_are_dropped_exactly_once(void **state)
{
    (void)state;
    never n[7];
    for (int i = 0; i < 7; i++)
        n[i] = never_new();
    instant win = instant_new();
    ac_select s = AC_SELECT(&n[0].base, &n[1].base, &n[2].base, &n[3].base, &win.base, &n[4].base, &n[5].base,
                            &n[6].base);
    assert_int_equal(poll_noop(&s.base), AC_READY);
    assert_int_equal(s.result, 4);
    ac_future_drop(&s.base); /* a finished select drops nothing again */
    ac_future_drop(&s.base);
    for (int i = 0; i < 7; i++)
        assert_int_equal(n[i].drops, 1);
    assert_int_equal(win.drops, 0);
}

/* AC_IF(false, ..) branches are never polled nor dropped; with every
 * branch off, the else result, at once. */
static void test_disabled_branches_and_the_else_result(void **state)
{
    (void)state;
    never off = never_new(), on = never_new();
    bool closed = true;
    ac_select s = AC_SELECT(AC_IF(!closed, &off.base), AC_IF(closed, &on.base));
    assert_int_equal(poll_noop(&s.base), AC_PENDING);
    assert_int_equal(off.polls, 0);
    assert_int_equal(on.polls, 1);
    ac_select_disable(&s, 1); /* switched off while running: dropped now, once */
    assert_int_equal(on.drops, 1);
    assert_int_equal(poll_noop(&s.base), AC_READY);
    assert_int_equal(s.result, AC_SELECT_ELSE);
    ac_future_drop(&s.base);
    assert_int_equal(on.drops, 1);
    assert_int_equal(off.drops, 0);

    ac_select none = AC_SELECT(AC_IF(false, &off.base), NULL);
    assert_int_equal(poll_noop(&none.base), AC_READY);
    assert_int_equal(none.result, AC_SELECT_ELSE);
}

/* A kept branch is polled but never dropped by the select, whether it
 * loses, the select is dropped, or it is disabled. */
static void test_kept_branch_survives_the_select(void **state)
{
    (void)state;
    never kept = never_new();
    instant win = instant_new();
    ac_select s = AC_SELECT(AC_KEEP(&kept.base), &win.base);
    assert_int_equal(poll_noop(&s.base), AC_READY);
    assert_int_equal(s.result, 1);
    assert_int_equal(kept.drops, 0);
    assert_true(kept.polls <= 1);

    never owned = never_new();
    ac_select t = AC_SELECT(&owned.base, AC_KEEP(&kept.base));
    assert_int_equal(poll_noop(&t.base), AC_PENDING);
    ac_select_disable(&t, 1);
    ac_future_drop(&t.base);
    assert_int_equal(kept.drops, 0);
    assert_int_equal(owned.drops, 1);
    ac_future_drop(&kept.base); /* it was ours all along */
    assert_int_equal(kept.drops, 1);
}

static void test_fuse_is_pending_forever_after_ready(void **state)
{
    (void)state;
    instant in = instant_new();
    ac_fuse f = ac_fuse_of(&in.base);
    assert_false(ac_fuse_is_done(&f.base));
    assert_int_equal(poll_noop(&f.base), AC_READY);
    assert_true(ac_fuse_is_done(&f.base));
    for (int i = 0; i < 3; i++)
        assert_int_equal(poll_noop(&f.base), AC_PENDING);
    assert_int_equal(in.polls, 1); /* the inner future saw one poll only */
    ac_future_drop(&f.base);
    assert_int_equal(in.drops, 0); /* finished: nothing to drop */

    never nv = never_new();
    ac_fuse g = ac_fuse_of(&nv.base);
    assert_int_equal(poll_noop(&g.base), AC_PENDING);
    ac_future_drop(&g.base);
    ac_future_drop(&g.base);
    assert_int_equal(nv.drops, 1);
    assert_false(ac_fuse_is_done(&nv.base)); /* not a fuse at all */
}

/* A finished fuse counts as a disabled branch: the loop reaches else. */
static void test_select_skips_a_finished_fuse(void **state)
{
    (void)state;
    instant in = instant_new();
    ac_fuse f = ac_fuse_of(&in.base);
    ac_select s = AC_SELECT(AC_KEEP(&f.base));
    assert_int_equal(poll_noop(&s.base), AC_READY);
    assert_int_equal(s.result, 0);
    ac_select t = AC_SELECT(AC_KEEP(&f.base), NULL);
    assert_int_equal(poll_noop(&t.base), AC_READY);
    assert_int_equal(t.result, AC_SELECT_ELSE);
    assert_int_equal(in.polls, 1);
}

/* ---- nothing left registered -------------------------------------------- */

/* Polls a select over five kinds of waiting future with a counting waker;
 * on the first poll it cancels the token, so the second poll has a winner.
 * The counting waker's references show what each loser still holds. */
struct five_way {
    ac_future base;
    counting_waker cw;
    ac_select sel;
    int polls;
    ac_cancel_token *token;
};
static ac_poll five_way_poll(ac_future *self, ac_context *cx)
{
    struct five_way *fw = (struct five_way *)self;
    ac_waker w = cw_borrow(&fw->cw);
    ac_context mine = {.waker = &w};
    fw->polls++;
    if (ac_future_poll(&fw->sel.base, &mine) == AC_READY)
        return AC_READY;
    ac_cancel_token_cancel(fw->token); /* wakes our counting waker, not the task */
    ac_waker_wake_by_ref(cx->waker);
    return AC_PENDING;
}
static const ac_future_vtable five_way_vtable = {.name = "five_way", .poll = five_way_poll};

static void test_dropped_branches_leave_no_waker_registered(void **state)
{
    (void)state;
    ac_executor ex;
    EXECUTOR_SETUP(ex);
    ac_clock_pause(ac_executor_clock(&ex));
    int p[2];
    assert_int_equal(pipe2(p, O_CLOEXEC), 0);
    ac_io io;
    assert_int_equal(ac_io_open(&io, p[0]), 0);
    ac_mpsc_tx tx;
    ac_mpsc_rx rx;
    assert_int_equal(ac_mpsc_bounded(sizeof(int), 4, &tx, &rx), 0);
    ac_nanos now = ac_clock_now(ac_executor_clock(&ex));
    ac_interval every = ac_interval_at(now + AC_SEC(5), AC_SEC(1), AC_MISSED_SKIP);

    char buf[8];
    int got;
    ac_read rd = ac_read_some(&io, buf, sizeof buf);
    ac_mpsc_recv_fut recv = ac_mpsc_recv(&rx, &got);
    ac_sleep nap = ac_sleep_for(AC_SEC(10));
    ac_tick tick = ac_tick_of(&every);
    struct five_way fw = {.base = {&five_way_vtable}, .token = ac_cancel_token_new()};
    assert_non_null(fw.token);
    ac_cancelled stop = ac_cancel_token_cancelled(fw.token);
    fw.sel = AC_SELECT(&rd.base, &recv.base, &nap.base, &tick.base, &stop.base);

    ac_block_on(&ex, &fw.base);
    assert_int_equal(fw.sel.result, 4);
    assert_int_equal(fw.polls, 2);
    assert_int_equal(fw.cw.refs, 0); /* every waker clone a branch took is back */
    assert_int_equal(ac_timers_len(ac_timers_get(&ex)), 0);
    assert_false(ac_reactor_is_armed(io.reactor, p[0], AC_READABLE));
    /* the channel forgot the receiver's waker: a send wakes nobody */
    int v = 7;
    assert_int_equal(ac_mpsc_try_send(&tx, &v), 0);
    assert_int_equal(fw.cw.wakes, 1); /* only the cancel */

    ac_cancel_token_release(fw.token);
    ac_mpsc_tx_close(&tx);
    ac_mpsc_rx_close(&rx);
    ac_io_close(&io);
    close(p[1]);
    ac_executor_close(&ex);
}

/* ---- a select loop in a coroutine ---------------------------------------- */

/* Sends 1..5, one every 25 ms, then closes its sender. */
struct sender {
    ac_future base;
    ac_coro co;
    ac_mpsc_tx tx;
    ac_sleep nap;
    ac_mpsc_send_fut send;
    int i, value;
};
static ac_poll sender_poll(ac_future *self, ac_context *cx)
{
    struct sender *s = (struct sender *)self;
    AC_BEGIN(&s->co);
    for (s->i = 1; s->i <= 5; s->i++) {
        s->nap = ac_sleep_for(AC_MSEC(25));
        AC_AWAIT(&s->co, cx, &s->nap.base);
        s->value = s->i;
        s->send = ac_mpsc_send(&s->tx, &s->value);
        AC_AWAIT(&s->co, cx, &s->send.base);
    }
    ac_mpsc_tx_close(&s->tx);
    AC_END(&s->co);
}
static void sender_drop(ac_future *self)
{
    struct sender *s = (struct sender *)self;
    ac_coro_drop(&s->co);
    ac_mpsc_tx_close(&s->tx);
}
static const ac_future_vtable sender_vtable = {.name = "sender", .poll = sender_poll, .drop = sender_drop};

/* Prints nothing, counts: messages and ticks of a 10 ms interval, until
 * the channel closes.  The pending tick is kept across iterations. */
struct relay {
    ac_future base;
    ac_coro co;
    ac_mpsc_rx rx;
    ac_interval every;
    ac_tick tick;
    ac_mpsc_recv_fut recv;
    ac_select sel;
    int msg, sum, msgs, ticks;
};
static ac_poll relay_poll(ac_future *self, ac_context *cx)
{
    struct relay *s = (struct relay *)self;
    AC_BEGIN(&s->co);
    s->tick = ac_tick_of(&s->every);
    for (;;) {
        s->recv = ac_mpsc_recv(&s->rx, &s->msg);
        AC_AWAIT_SELECT(&s->co, cx, &s->sel, &s->recv.base, AC_KEEP(&s->tick.base));
        if (s->sel.result == 0) {
            if (s->recv.result == -EPIPE)
                break;
            s->msgs++;
            s->sum += s->msg;
        } else {
            s->ticks++;
            s->tick = ac_tick_of(&s->every);
        }
    }
    ac_future_drop(&s->tick.base);
    AC_END(&s->co);
}
static const ac_future_vtable relay_vtable = {.name = "relay", .poll = relay_poll};

static void test_select_loop_over_a_channel_and_an_interval(void **state)
{
    (void)state;
    ac_executor ex;
    EXECUTOR_SETUP(ex);
    ac_clock_pause(ac_executor_clock(&ex));
    ac_nanos start = ac_clock_now(ac_executor_clock(&ex));
    struct relay r = {.base = {&relay_vtable}, .every = ac_interval_every(AC_MSEC(10), AC_MISSED_SKIP)};
    struct sender s = {.base = {&sender_vtable}};
    assert_int_equal(ac_mpsc_bounded(sizeof(int), 1, &s.tx, &r.rx), 0);
    ac_join_handle h = ac_spawn(&ex, &s, sizeof s);
    ac_block_on(&ex, &r.base);
    assert_int_equal(r.msgs, 5);
    assert_int_equal(r.sum, 15);
    /* the channel closed at 125 ms: ticks at 0, 10, ..., 120 */
    assert_int_equal(r.ticks, 13);
    assert_int_equal(ac_clock_now(ac_executor_clock(&ex)) - start, AC_MSEC(125));
    assert_int_equal(ac_timers_len(ac_timers_get(&ex)), 0);
    ac_join_release(&h);
    ac_mpsc_rx_close(&r.rx);
    ac_executor_close(&ex);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fair_select_shares_wins_over_10000_rounds),
        cmocka_unit_test(test_fair_select_stays_fair_when_selects_interleave),
        cmocka_unit_test(test_seed_makes_the_starts_repeat),
        cmocka_unit_test(test_biased_select_starves_the_later_branch),
        cmocka_unit_test(test_poll_orders_biased_and_fair),
        cmocka_unit_test(test_losers_of_eight_are_dropped_exactly_once),
        cmocka_unit_test(test_disabled_branches_and_the_else_result),
        cmocka_unit_test(test_kept_branch_survives_the_select),
        cmocka_unit_test(test_fuse_is_pending_forever_after_ready),
        cmocka_unit_test(test_select_skips_a_finished_fuse),
        cmocka_unit_test(test_dropped_branches_leave_no_waker_registered),
        cmocka_unit_test(test_select_loop_over_a_channel_and_an_interval),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
