/*
 * demo_realloc.c - a growable array of futures, and the addresses others
 * kept of them.
 *
 * A `doorbell` future waits until someone rings it.  On its first poll it
 * registers its own address on a `board` (a stand-in for a reactor or a
 * timer list: something outside that must find the future later) and keeps
 * the task's waker in a slot.  Ringing the board marks each registered bell
 * and wakes its waker - through the addresses it was given.
 *
 *   board.regs: [ 0x5000 ][ 0x5028 ][ 0x5050 ]
 *                   |         |         |
 *   bells array @ 0x5000:  [ bell 0 ][ bell 1 ][ bell 2 ]
 *
 * Grow the array and it may move to 0x9000.  The board still says 0x5000.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demos.h"
#include "lesson.h"

#define MAX_BELLS 16

typedef struct board board;

typedef struct doorbell {
    ac_future base;
    board *board;
    int id;
    bool rung;
    bool registered;
    ac_waker_slot slot; /* the waker of whoever awaits the bell */
} doorbell;

struct board {
    doorbell *regs[MAX_BELLS]; /* addresses given to us by the bells */
    size_t n;
};

static const char *const labels[MAX_BELLS] = {"bell 0",  "bell 1",  "bell 2",  "bell 3", "bell 4",  "bell 5",
                                              "bell 6",  "bell 7",  "bell 8",  "bell 9", "bell 10", "bell 11",
                                              "bell 12", "bell 13", "bell 14", "bell 15"};

static ac_poll doorbell_poll(ac_future *self, ac_context *cx)
{
    doorbell *d = (doorbell *)self;
    if (d->rung)
        return AC_READY;
    if (!d->registered) {
        d->board->regs[d->board->n++] = d; /* "find me HERE when it rings" */
        d->registered = true;
    }
    ac_waker_slot_set(&d->slot, cx->waker);
    return AC_PENDING;
}

/* Cancelled: take our address off the board and give the waker back. */
static void doorbell_drop(ac_future *self)
{
    doorbell *d = (doorbell *)self;
    board *b = d->board;
    for (size_t i = 0; i < b->n; i++) {
        if (b->regs[i] == d) {
            b->regs[i] = b->regs[--b->n];
            break;
        }
    }
    ac_waker_slot_clear(&d->slot);
}

static const ac_future_vtable doorbell_vtable = {
    .name = "doorbell", .poll = doorbell_poll, .drop = doorbell_drop};

static doorbell doorbell_new(board *b, int id)
{
    return (doorbell){.base = {&doorbell_vtable}, .board = b, .id = id};
}

/* Ring every registered bell: the board writes through its addresses. */
static void board_ring(board *b)
{
    for (size_t i = 0; i < b->n; i++) {
        b->regs[i]->rung = true;
        ac_waker_slot_wake(&b->regs[i]->slot);
    }
    b->n = 0;
}

/* Does the board's entry for bell `id` still match where the bell is?  We
 * compare numbers and never follow a registration: it may point at freed
 * memory, and reading that is exactly the bug being shown. */
static size_t check_registrations(const board *b, doorbell *const *where, size_t count)
{
    size_t stale = 0;
    for (size_t i = 0; i < count && i < b->n; i++) {
        uintptr_t registered = (uintptr_t)b->regs[i], actual = (uintptr_t)where[i];
        bool ok = registered == actual;
        stale += !ok;
        printf("  bell %zu  is at %#014lx   board says %#014lx   %s\n", i, (unsigned long)actual,
               (unsigned long)registered, ok ? "ok" : "STALE (points into the freed block)");
    }
    return stale;
}

/* Grow an array of bells the way realloc does when the block cannot grow
 * where it is: new block, copy the bytes, free the old one.  (realloc may
 * also grow in place and move nothing - this time.  Code that needs that
 * luck breaks on another day, another allocator, another size.) */
static doorbell *grow_by_moving(doorbell *old, size_t old_n, size_t new_n)
{
    doorbell *fresh = malloc(new_n * sizeof *fresh);
    if (fresh == NULL)
        return NULL;
    memcpy(fresh, old, old_n * sizeof *old);
    free(old);
    return fresh;
}

static int array_of_futures(size_t n)
{
    printf("1. The bells live in a plain array that grows:\n\n");
    board b = {.n = 0};
    doorbell *bells = malloc(n * sizeof *bells);
    if (bells == NULL)
        return 1;
    for (size_t i = 0; i < n; i++) {
        bells[i] = doorbell_new(&b, (int)i);
        ac_waker w = loud_waker(labels[i]);
        ac_context cx = {.waker = &w};
        ac_poll r = ac_future_poll(&bells[i].base, &cx);
        printf("  poll bell %zu -> %s, registered %p on the board\n", i, r == AC_READY ? "Ready" : "Pending",
               (void *)&bells[i]);
    }
    doorbell *where[MAX_BELLS] = {0};
    for (size_t i = 0; i < n; i++)
        where[i] = &bells[i];
    check_registrations(&b, where, n);

    printf("\n  Grow the array from %zu to %zu bells (realloc's moving path):\n", n, 2 * n);
    doorbell *grown = grow_by_moving(bells, n, 2 * n);
    if (grown == NULL)
        return 1;
    bells = grown;
    for (size_t i = 0; i < n; i++)
        where[i] = &bells[i];
    size_t stale = check_registrations(&b, where, n);
    printf("\n  %zu of %zu registrations are stale.  board_ring() now would write\n"
           "  `rung = true` and read a waker out of freed memory: ASan stops the\n"
           "  program, a release build corrupts whatever malloc put there since.\n"
           "  So we do not ring.  (The waker slots were copied byte for byte too,\n"
           "  so the only valid wakers now sit at addresses nobody registered.)\n",
           stale, n);

    /* clean up without ringing: the registrations are forgotten, never followed */
    b.n = 0;
    for (size_t i = 0; i < n; i++)
        ac_waker_slot_clear(&bells[i].slot);
    free(bells);
    return 0;
}

static int pinned_futures(size_t n)
{
    printf("\n2. The same bells, each heap-pinned by pinned_list (exercise 2):\n\n");
    board b = {.n = 0};
    pinned_list list = PINNED_LIST_INIT;
    for (size_t i = 0; i < n; i++) {
        doorbell d = doorbell_new(&b, (int)i); /* moved into the list before its first poll: fine */
        ac_future *f = pinned_list_push(&list, &d, sizeof d);
        if (f == NULL)
            return 1;
        ac_waker w = loud_waker(labels[i]);
        ac_context cx = {.waker = &w};
        ac_poll r = ac_future_poll(f, &cx);
        printf("  poll bell %zu -> %s, registered %p on the board\n", i, r == AC_READY ? "Ready" : "Pending",
               (void *)f);
    }
    void *items_before = list.items;
    printf("\n  Grow the list from %zu to %zu bells:\n", n, 2 * n);
    for (size_t i = n; i < 2 * n; i++) {
        doorbell d = doorbell_new(&b, (int)i);
        if (pinned_list_push(&list, &d, sizeof d) == NULL)
            return 1;
    }
    printf("  the pointer array %s (%p -> %p); the bells did not:\n",
           (void *)list.items == items_before ? "stayed put" : "moved", items_before, (void *)list.items);
    doorbell *where[MAX_BELLS] = {0};
    for (size_t i = 0; i < n; i++)
        where[i] = (doorbell *)list.items[i];
    size_t stale = check_registrations(&b, where, n);

    printf("\n  %zu stale.  Ring the board:\n", stale);
    board_ring(&b);
    size_t ready = 0;
    for (size_t i = 0; i < n; i++) {
        ac_waker w = loud_waker(labels[i]);
        ac_context cx = {.waker = &w};
        ac_poll r = ac_future_poll(list.items[i], &cx);
        ready += r == AC_READY;
        printf("  poll bell %zu -> %s\n", i, r == AC_READY ? "Ready" : "Pending");
    }
    printf("  %zu of %zu bells rang through the addresses they registered.\n", ready, n);

    /* the new bells were never polled; dropping them is cheap but is the rule */
    for (size_t i = n; i < list.len; i++)
        ac_future_drop(list.items[i]);
    pinned_list_free(&list);
    return 0;
}

int demo_realloc(int argc, char **argv)
{
    unsigned long n = 3;
    if (!parse_optional(argc, argv, 1, MAX_BELLS / 2, &n))
        return 2;
    int rc = array_of_futures(n);
    if (rc == 0)
        rc = pinned_futures(n);
    if (rc != 0) {
        fprintf(stderr, "%s: out of memory\n", argv[0]);
        return rc;
    }
    printf("\nTakeaway: anything that stores a future's address (a waker, a reactor,\n"
           "a timer) needs the future to stay put.  Keep futures in blocks that never\n"
           "move - one allocation each, like a task - and let only pointers move.\n");
    return 0;
}
