/*
 * demo_starve.c - `15-select starve [ROUNDS]`: one branch that is always
 * ready beside a channel that always has a value.  Biased, the channel is
 * never polled; fair, it gets about half the rounds.  Runtime only.
 */
#include <stdio.h>

#include "ac/combinators.h"
#include "ac/mpsc.h"
#include "course/cli.h"
#include "demos.h"

/* Always Ready, counts its polls. */
typedef struct hot {
    ac_future base;
    unsigned long polls;
} hot;
static ac_poll hot_poll(ac_future *self, ac_context *cx)
{
    (void)cx;
    ((hot *)self)->polls++;
    return AC_READY;
}
static const ac_future_vtable hot_vtable = {.name = "hot", .poll = hot_poll};

/* ROUNDS selects of (hot, receive); returns the values received. */
static unsigned long run(bool biased, unsigned long rounds, unsigned long *hot_wins)
{
    ac_mpsc_tx tx;
    ac_mpsc_rx rx;
    if (ac_mpsc_unbounded(sizeof(int), &tx, &rx) != 0)
        return 0;
    ac_waker w = ac_waker_noop();
    ac_context cx = {.waker = &w};
    unsigned long received = 0;
    *hot_wins = 0;
    for (unsigned long r = 0; r < rounds; r++) {
        int v = (int)r, got;
        ac_mpsc_try_send(&tx, &v); /* the channel always has a value waiting */
        hot h = {.base = {&hot_vtable}};
        ac_mpsc_recv_fut recv = ac_mpsc_recv(&rx, &got);
        ac_select s = biased ? AC_SELECT_BIASED(&h.base, &recv.base) : AC_SELECT(&h.base, &recv.base);
        ac_future_poll(&s.base, &cx);
        if (s.result == 0)
            (*hot_wins)++;
        else
            received++;
    }
    ac_mpsc_tx_close(&tx);
    ac_mpsc_rx_close(&rx);
    return received;
}

int demo_starve(int argc, char **argv)
{
    unsigned long rounds = 10000;
    if (argc > 1 && !ac_cli_parse_ulong("ROUNDS", argv[1], 1, 100000000, &rounds))
        return 2;
    ac_cli_heading("starve: an always-ready branch beside a channel that always has a value");
    unsigned long hot_wins;
    unsigned long got = run(true, rounds, &hot_wins);
    printf("  biased: always-ready won %lu of %lu rounds, the channel %lu (%lu values left queued)\n",
           hot_wins, rounds, got, rounds - got);
    got = run(false, rounds, &hot_wins);
    printf("  fair:   always-ready won %lu of %lu rounds, the channel %lu (%.1f%%)\n", hot_wins, rounds, got,
           100.0 * (double)got / (double)rounds);
    printf("\nTakeaway: biased polls in the order written, so an always-ready first branch\n"
           "starves the rest; the fair select starts each poll at a random branch.\n");
    return 0;
}
