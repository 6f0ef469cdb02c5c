/*
 * Checks for lesson 14 (work stealing), one group per exercise.
 *
 *   ctest --preset learner -L 14-work-stealing      both
 *   ctest --preset learner -R 14-work-stealing/ex2  just exercise 2
 *
 * The single-thread checks pin down each state the ring can be in; the
 * conservation check runs an owner and a thief thread on one ring and
 * counts that every item left it exactly once (run it under TSan too:
 * `ctest --preset tsan -L 14-work-stealing`).
 */
#include <pthread.h>
#include <stdlib.h>

#include "../check.h"
#include "lesson.h"

/* Put items first, first+1, ... at the bottom without ring_push, so the
 * checks of exercise 2 do not depend on exercise 1. */
static void fill(ring *r, int first, int n)
{
    int64_t b = atomic_load(&r->bottom);
    for (int i = 0; i < n; i++)
        atomic_store(&r->slot[(b + i) & RING_MASK], first + i);
    atomic_store(&r->bottom, b + n);
}

static int slot_at(ring *r, int64_t index) { return atomic_load(&r->slot[index & RING_MASK]); }

/* ---- exercise 1: ring_push, ring_pop --------------------------------------- */

static void pop_is_newest_first_and_steal_oldest(void **state)
{
    (void)state;
    CHECK_FN("ring_push");
    ring r;
    ring_init(&r);
    for (int i = 1; i <= 3; i++)
        EXPECT_TRUE(ring_push(&r, i), "an empty ring has room for three");
    EXPECT_INT(atomic_load(&r.bottom), 3, "each push moves bottom on by one");
    EXPECT_INT(atomic_load(&r.top), 0, "a push never moves top: that is the thieves' end");
    CHECK_FN("ring_pop");
    EXPECT_INT(ring_pop(&r), 3, "the owner pops the newest item (LIFO: it is still in cache)");
    EXPECT_INT(ring_steal(&r), 1, "a thief takes the oldest from the top");
    EXPECT_INT(ring_pop(&r), 2, "the last item goes to the owner when nobody races for it");
    EXPECT_INT(ring_pop(&r), RING_EMPTY, "nothing left");
    EXPECT_INT(atomic_load(&r.bottom), atomic_load(&r.top),
               "an empty ring has bottom == top, after a pop on empty too");
    EXPECT_INT(ring_pop(&r), RING_EMPTY, "still nothing, popped twice on empty");
    EXPECT_INT(atomic_load(&r.bottom), atomic_load(&r.top), "popping on empty changes nothing");
}

static void ring_keeps_working_after_the_last_item(void **state)
{
    (void)state;
    CHECK_FN("ring_pop");
    ring r;
    ring_init(&r);
    for (int round = 1; round <= 3 * RING_CAP; round++) {
        EXPECT_TRUE(ring_push(&r, round), "one item fits");
        EXPECT_INT(ring_pop(&r), round, "popping the only item gets it");
        EXPECT_TRUE(ring_push(&r, round + 1000), "push again");
        EXPECT_INT(ring_steal(&r), round + 1000,
                   "after the last item went, bottom is back at top, so a thief sees the next push");
    }
    EXPECT_INT(ring_pop(&r), RING_EMPTY, "all taken");
}

static void a_full_ring_refuses_the_push(void **state)
{
    (void)state;
    CHECK_FN("ring_push");
    ring r;
    ring_init(&r);
    for (int i = 1; i <= RING_CAP; i++)
        EXPECT_TRUE(ring_push(&r, i), "RING_CAP items fit");
    EXPECT_FALSE(ring_push(&r, 999), "the ring is full: overwriting the oldest would lose a task");
    EXPECT_INT(ring_steal(&r), 1, "the oldest is still there");
    EXPECT_TRUE(ring_push(&r, 999), "a steal made room");
    CHECK_FN("ring_pop");
    EXPECT_INT(ring_pop(&r), 999, "and the newest is the one just pushed");
}

enum { CONSERVE_ITEMS = 20000 };

typedef struct conserve {
    ring r;
    _Atomic int taken[CONSERVE_ITEMS + 1]; /* how many times item i left the ring */
    atomic_bool owner_done;
} conserve;

static void *thief_main(void *arg)
{
    conserve *c = arg;
    for (;;) {
        int item = ring_steal(&c->r);
        if (item > 0)
            atomic_fetch_add(&c->taken[item], 1);
        else if (item == RING_EMPTY && atomic_load(&c->owner_done))
            return NULL;
    }
}

static void every_item_leaves_exactly_once_with_a_thief(void **state)
{
    (void)state;
    CHECK_FN("ring_pop");
    conserve *c = calloc(1, sizeof *c);
    ring_init(&c->r);
    pthread_t thief;
    EXPECT_INT(pthread_create(&thief, NULL, thief_main, c), 0, "start the thief");
    CHECK_WAITING("the owner pushing and popping 20000 items while a thief steals");
    int next = 1;
    while (next <= CONSERVE_ITEMS) {
        /* push a few, pop one: the ring stays short, so the last item is fought over often */
        for (int k = 0; k < 3 && next <= CONSERVE_ITEMS; k++)
            if (ring_push(&c->r, next))
                next++;
        int item = ring_pop(&c->r);
        if (item > 0)
            atomic_fetch_add(&c->taken[item], 1);
    }
    for (int item; (item = ring_pop(&c->r)) != RING_EMPTY;)
        atomic_fetch_add(&c->taken[item], 1);
    atomic_store(&c->owner_done, true);
    pthread_join(thief, NULL);
    CHECK_WAITING(NULL);
    for (int i = 1; i <= CONSERVE_ITEMS; i++)
        if (atomic_load(&c->taken[i]) != 1)
            EXPECT_INT(atomic_load(&c->taken[i]), 1,
                       "every item is taken exactly once: 0 is a lost task, 2 a task run twice");
    EXPECT_INT(atomic_load(&c->r.bottom), atomic_load(&c->r.top), "and the ring ends empty");
    free(c);
}

static const struct CMUnitTest ex1_tests[] = {
    cmocka_unit_test(pop_is_newest_first_and_steal_oldest),
    cmocka_unit_test(ring_keeps_working_after_the_last_item),
    cmocka_unit_test(a_full_ring_refuses_the_push),
    cmocka_unit_test(every_item_leaves_exactly_once_with_a_thief),
};

/* ---- exercise 2: ring_steal_half ------------------------------------------- */

static void steals_half_rounded_up_oldest_first(void **state)
{
    (void)state;
    CHECK_FN("ring_steal_half");
    ring victim, mine;
    ring_init(&victim);
    ring_init(&mine);
    fill(&victim, 1, 5);
    EXPECT_INT(ring_steal_half(&victim, &mine), 3, "half of 5, rounded up, is 3");
    EXPECT_INT(ring_len(&victim), 2, "the victim keeps the rest");
    EXPECT_INT(atomic_load(&victim.top), 3, "taken from the top: the victim's oldest");
    EXPECT_INT(atomic_load(&victim.bottom), 5, "the victim's bottom is its owner's; a thief never writes it");
    EXPECT_INT(ring_len(&mine), 3, "mine's bottom moved on by 3: the stolen items are visible");
    EXPECT_INT(slot_at(&mine, 0), 1, "oldest first: it has waited longest");
    EXPECT_INT(slot_at(&mine, 1), 2, "in the victim's order");
    EXPECT_INT(slot_at(&mine, 2), 3, "in the victim's order");
    EXPECT_INT(ring_steal_half(&victim, &mine), 1, "half of 2 is 1");
    EXPECT_INT(slot_at(&mine, 3), 4, "appended after what mine already held");
    EXPECT_INT(ring_steal_half(&victim, &mine), 1, "one item is worth stealing: round up");
    EXPECT_INT(ring_steal_half(&victim, &mine), 0, "an empty victim gives nothing");
    EXPECT_INT(ring_len(&mine), 5, "all five moved, none lost, none twice");
}

static void never_more_than_the_room_in_mine(void **state)
{
    (void)state;
    CHECK_FN("ring_steal_half");
    ring victim, mine;
    ring_init(&victim);
    ring_init(&mine);
    fill(&victim, 100, 40);
    fill(&mine, 1, RING_CAP - 4);
    EXPECT_INT(ring_steal_half(&victim, &mine), 4, "20 wanted, but mine has room for 4 only");
    EXPECT_INT(ring_len(&victim), 36, "what did not fit stays with the victim");
    EXPECT_INT(slot_at(&mine, 0), 1, "mine's own oldest item was not overwritten");
    EXPECT_INT(slot_at(&mine, RING_CAP - 1), 103, "the 4 stolen fill the last slots");
    EXPECT_INT(ring_steal_half(&victim, &mine), 0, "mine is full: steal nothing");
    EXPECT_INT(ring_len(&victim), 36, "and take nothing from the victim");
}

static void works_across_the_wrap_of_both_rings(void **state)
{
    (void)state;
    CHECK_FN("ring_steal_half");
    ring victim, mine;
    ring_init(&victim);
    ring_init(&mine);
    atomic_store(&victim.top, RING_CAP - 2);
    atomic_store(&victim.bottom, RING_CAP - 2);
    atomic_store(&mine.top, RING_CAP - 1);
    atomic_store(&mine.bottom, RING_CAP - 1);
    fill(&victim, 1, 6);
    EXPECT_INT(ring_steal_half(&victim, &mine), 3, "half of 6");
    EXPECT_INT(slot_at(&mine, RING_CAP - 1), 1, "the first lands at mine's old bottom");
    EXPECT_INT(slot_at(&mine, RING_CAP), 2, "the next wraps to slot 0 (index & RING_MASK)");
    EXPECT_INT(atomic_load(&mine.bottom), RING_CAP + 2, "bottom counts on; only the slot index wraps");
}

static const struct CMUnitTest ex2_tests[] = {
    cmocka_unit_test(steals_half_rounded_up_oldest_first),
    cmocka_unit_test(never_more_than_the_room_in_mine),
    cmocka_unit_test(works_across_the_wrap_of_both_rings),
};

AC_CHECK_MAIN(AC_CHECK_GROUP(ex1_ring, ex1_tests), AC_CHECK_GROUP(ex2_steal_half, ex2_tests))
