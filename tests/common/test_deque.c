/*
 * test_deque.c - the Chase-Lev ring: single-thread contract, then
 * conservation under an owner and two thieves (every item exactly once).
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>

#include "chan_util.h"
#include "deque.h"

/* Items are 1..n as pointers (NULL means "none"). */
#define ITEM(i)  ((void *)(uintptr_t)(i))
#define INDEX(p) ((size_t)(uintptr_t)(p))

static void test_init_wants_a_power_of_two(void **state)
{
    (void)state;
    ac__deque d;
    assert_int_equal(ac__deque_init(&d, 3), -EINVAL);
    assert_int_equal(ac__deque_init(&d, 1), -EINVAL);
    assert_int_equal(ac__deque_init(&d, 8), 0);
    assert_int_equal(ac__deque_capacity(&d), 8);
    ac__deque_free(&d);
}

static void test_owner_takes_newest_thief_steals_oldest(void **state)
{
    (void)state;
    ac__deque d;
    assert_int_equal(ac__deque_init(&d, 4), 0);
    for (size_t i = 1; i <= 4; i++)
        assert_true(ac__deque_push(&d, ITEM(i)));
    assert_false(ac__deque_push(&d, ITEM(5))); /* full: nothing overwritten */
    assert_int_equal(ac__deque_len(&d), 4);
    void *got = NULL;
    assert_int_equal(ac__deque_steal(&d, &got), AC__STEAL_OK);
    assert_ptr_equal(got, ITEM(1));
    assert_ptr_equal(ac__deque_take(&d), ITEM(4));
    assert_true(ac__deque_push(&d, ITEM(6))); /* the stolen slot is free again */
    assert_ptr_equal(ac__deque_take(&d), ITEM(6));
    assert_ptr_equal(ac__deque_take(&d), ITEM(3));
    assert_ptr_equal(ac__deque_take(&d), ITEM(2));
    assert_null(ac__deque_take(&d));
    assert_int_equal(ac__deque_steal(&d, &got), AC__STEAL_EMPTY);
    /* after wrapping around many times the indices keep working */
    for (size_t i = 1; i <= 1000; i++) {
        assert_true(ac__deque_push(&d, ITEM(i)));
        assert_int_equal(ac__deque_steal(&d, &got), AC__STEAL_OK);
        assert_ptr_equal(got, ITEM(i));
    }
    ac__deque_free(&d);
}

static void test_steal_half_moves_half_rounded_up(void **state)
{
    (void)state;
    ac__deque from, into;
    assert_int_equal(ac__deque_init(&from, 8), 0);
    assert_int_equal(ac__deque_init(&into, 8), 0);
    for (size_t i = 1; i <= 7; i++)
        assert_true(ac__deque_push(&from, ITEM(i)));
    size_t moved = 0;
    void *first = ac__deque_steal_half(&from, &into, &moved);
    assert_int_equal(moved, 4);                /* ceil(7 / 2) */
    assert_ptr_equal(first, ITEM(1));          /* the oldest comes back to run */
    assert_int_equal(ac__deque_len(&into), 3); /* the other three wait in ours */
    assert_int_equal(ac__deque_len(&from), 3); /* the victim keeps its newest */
    assert_ptr_equal(ac__deque_take(&into), ITEM(4));
    assert_ptr_equal(ac__deque_take(&from), ITEM(7));
    /* never more than fits: a thief with 1 free slot gets 2 (1 to run) */
    while (ac__deque_push(&into, ITEM(100)))
        ;
    assert_non_null(ac__deque_take(&into));
    while (ac__deque_take(&from) != NULL)
        ;
    for (size_t i = 1; i <= 8; i++)
        assert_true(ac__deque_push(&from, ITEM(i)));
    first = ac__deque_steal_half(&from, &into, &moved);
    assert_int_equal(moved, 2);
    assert_ptr_equal(first, ITEM(1));
    assert_int_equal(ac__deque_len(&from), 6);
    ac__deque_free(&from);
    ac__deque_free(&into);
}

/* ---- conservation: owner + two thieves ---------------------------------- */

#define CONSERVE_OPS SCALE(1000000)
#define RING         64 /* small, so the owner overflows often */

typedef struct shared {
    ac__deque owner_q;
    _Atomic unsigned char *seen; /* seen[i]: how many times item i was taken */
    _Atomic bool owner_done;
    _Atomic size_t overflowed, stolen, taken;
} shared;

static void mark(shared *s, void *item)
{
    size_t i = INDEX(item);
    assert_true(i >= 1 && i <= CONSERVE_OPS);
    atomic_fetch_add_explicit(&s->seen[i], 1, memory_order_relaxed);
}

/* The owner pushes items 1..n; when the ring is full it moves the oldest
 * half out with take_oldest (as the runtime does to its injector), and every third push it
 * takes one back itself. */
static void *owner_main(void *arg)
{
    shared *s = arg;
    for (size_t i = 1; i <= CONSERVE_OPS; i++) {
        if (!ac__deque_push(&s->owner_q, ITEM(i))) {
            /* one CAS for the whole half, racing the thieves' single steals */
            void *half[RING / 2];
            size_t n = ac__deque_take_oldest(&s->owner_q, half, RING / 2);
            for (size_t k = 0; k < n; k++) {
                mark(s, half[k]);
                atomic_fetch_add(&s->overflowed, 1);
            }
            i--; /* push the same item again */
            continue;
        }
        if (i % 64 == 0)
            sched_yield(); /* two cores shared by many: let the thieves in */
        if (i % 3 == 0) {
            void *item = ac__deque_take(&s->owner_q);
            if (item != NULL) {
                mark(s, item);
                atomic_fetch_add(&s->taken, 1);
            }
        }
    }
    void *item;
    while ((item = ac__deque_take(&s->owner_q)) != NULL) {
        mark(s, item);
        atomic_fetch_add(&s->taken, 1);
    }
    atomic_store(&s->owner_done, true);
    return NULL;
}

/* A thief alternates single steals and steal-half into its own ring,
 * then empties its own ring as that ring's owner. */
static void *thief_main(void *arg)
{
    shared *s = arg;
    ac__deque mine;
    assert_int_equal(ac__deque_init(&mine, RING), 0);
    for (unsigned round = 0;; round++) {
        bool done = atomic_load(&s->owner_done);
        void *item = NULL;
        if (round % 2 == 0) {
            if (ac__deque_steal(&s->owner_q, &item) != AC__STEAL_OK)
                item = NULL;
        } else {
            item = ac__deque_steal_half(&s->owner_q, &mine, NULL);
        }
        if (item != NULL) {
            mark(s, item);
            atomic_fetch_add(&s->stolen, 1);
        }
        void *own;
        while ((own = ac__deque_take(&mine)) != NULL) {
            mark(s, own);
            atomic_fetch_add(&s->stolen, 1);
        }
        if (done && item == NULL && ac__deque_len(&s->owner_q) == 0)
            break;
    }
    ac__deque_free(&mine);
    return NULL;
}

static void test_owner_and_two_thieves_take_every_item_once(void **state)
{
    (void)state;
    shared s = {0};
    assert_int_equal(ac__deque_init(&s.owner_q, RING), 0);
    s.seen = calloc(CONSERVE_OPS + 1, 1);
    assert_non_null(s.seen);
    pthread_t owner, thieves[2];
    assert_int_equal(pthread_create(&thieves[0], NULL, thief_main, &s), 0);
    assert_int_equal(pthread_create(&thieves[1], NULL, thief_main, &s), 0);
    assert_int_equal(pthread_create(&owner, NULL, owner_main, &s), 0);
    pthread_join(owner, NULL);
    pthread_join(thieves[0], NULL);
    pthread_join(thieves[1], NULL);
    size_t missing = 0, twice = 0;
    for (size_t i = 1; i <= CONSERVE_OPS; i++) {
        missing += s.seen[i] == 0;
        twice += s.seen[i] > 1;
    }
    print_message("deque: %zu items, owner took %zu, thieves %zu, overflow moved %zu\n", (size_t)CONSERVE_OPS,
                  (size_t)s.taken, (size_t)s.stolen, (size_t)s.overflowed);
    assert_int_equal(missing, 0);
    assert_int_equal(twice, 0);
    assert_int_equal(s.taken + s.stolen + s.overflowed, CONSERVE_OPS);
    assert_true(s.overflowed > 0); /* the small ring really overflowed */
    free((void *)s.seen);
    ac__deque_free(&s.owner_q);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init_wants_a_power_of_two),
        cmocka_unit_test(test_owner_takes_newest_thief_steals_oldest),
        cmocka_unit_test(test_steal_half_moves_half_rounded_up),
        cmocka_unit_test(test_owner_and_two_thieves_take_every_item_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
