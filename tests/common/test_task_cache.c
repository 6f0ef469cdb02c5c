/*
 * test_task_cache.c - the task block cache (task_cache.h): size classes,
 * reuse on one thread, batches through the depot to another, the depot's
 * bound, draining (LSan: nothing leaks), and blocks conserved between a
 * thread that frees and one that allocates (TSan).
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

#include "chan_util.h"
#include "task_cache.h"

static void test_classes_fit_the_future(void **state)
{
    (void)state;
    assert_int_equal(ac__task_cache_class(8), 1);
    assert_int_equal(ac__task_cache_class(16), 1);
    assert_int_equal(ac__task_cache_class(17), 2);
    assert_int_equal(ac__task_cache_class(32), 2);
    assert_int_equal(ac__task_cache_class(48), 3);
    assert_int_equal(ac__task_cache_class(49), 0); /* too big: malloc of its own */
    for (size_t size = 1; size <= AC__TASK_CACHE_FUTURE_MAX; size++)
        assert_true(ac__task_cache_block_size(ac__task_cache_class(size)) >= 64 + size);
}

static void test_a_freed_block_is_the_next_one_given(void **state)
{
    (void)state;
    ac__task_depot d;
    ac__task_depot_init(&d);
    ac__task_cache c;
    ac__task_cache_init(&c, &d);
    void *a = ac__task_cache_get(&c, 2), *b = ac__task_cache_get(&c, 2);
    assert_non_null(a);
    assert_ptr_not_equal(a, b);
    ac__task_cache_put(&c, 2, a);
    assert_ptr_equal(ac__task_cache_get(&c, 2), a);
    ac__task_cache_put(&c, 2, b);
    void *one = ac__task_cache_get(&c, 1); /* classes do not mix */
    assert_ptr_not_equal(one, b);
    ac__task_cache_put(&c, 1, one);
    ac__task_cache_put(&c, 2, a);
    ac__task_cache_drain(&c);
    ac__task_depot_drain(&d);
}

/* A full list goes to the depot as one batch; another cache on the same
 * depot then gets exactly those blocks back before it mallocs. */
static void test_a_full_list_travels_to_another_cache(void **state)
{
    (void)state;
    enum { N = AC__TASK_CACHE_LOCAL_MAX + 1 };
    ac__task_depot d;
    ac__task_depot_init(&d);
    ac__task_cache freer, spawner;
    ac__task_cache_init(&freer, &d);
    ac__task_cache_init(&spawner, &d);
    void *blocks[N], *back[N];
    for (size_t i = 0; i < N; i++)
        blocks[i] = malloc(ac__task_cache_block_size(1));
    for (size_t i = 0; i < N; i++)
        ac__task_cache_put(&freer, 1, blocks[i]);
    assert_int_equal(atomic_load(&d.cls[0].batches), 1);
    /* the first LOCAL_MAX went over; the last one stayed on the freer */
    for (size_t i = 0; i < AC__TASK_CACHE_LOCAL_MAX; i++) {
        void *got = ac__task_cache_get(&spawner, 1);
        bool known = false;
        for (size_t j = 0; j + 1 < N; j++)
            known |= got == blocks[j];
        assert_true(known);
        back[i] = got;
    }
    assert_int_equal(atomic_load(&d.cls[0].batches), 0);
    for (size_t i = 0; i < AC__TASK_CACHE_LOCAL_MAX; i++)
        ac__task_cache_put(&spawner, 1, back[i]);
    ac__task_cache_drain(&freer);
    ac__task_cache_drain(&spawner);
    ac__task_depot_drain(&d);
}

/* Past DEPOT_MAX batches the blocks go back to free(), not to the depot. */
static void test_the_depot_is_bounded(void **state)
{
    (void)state;
    ac__task_depot d;
    ac__task_depot_init(&d);
    ac__task_cache c;
    ac__task_cache_init(&c, &d);
    size_t n = (size_t)(AC__TASK_CACHE_DEPOT_MAX + 3) * AC__TASK_CACHE_LOCAL_MAX + 1;
    for (size_t i = 0; i < n; i++)
        ac__task_cache_put(&c, 3, malloc(ac__task_cache_block_size(3)));
    assert_int_equal(atomic_load(&d.cls[2].batches), AC__TASK_CACHE_DEPOT_MAX);
    ac__task_cache_drain(&c);
    ac__task_depot_drain(&d);
    assert_int_equal(atomic_load(&d.cls[2].batches), 0);
    assert_null(atomic_load(&d.cls[2].head));
}

/* ---- two threads: one frees what the other allocates ------------------ */

#define ROUNDS SCALE(200000)

typedef struct pipe_ {
    ac__task_depot depot;
    _Atomic(uintptr_t *) slot[64]; /* handed from the spawner to the freer */
    _Atomic bool done;
} pipe_;

/* Allocates blocks, writes a stamp in each, and hands them over. */
static void *spawner_main(void *arg)
{
    pipe_ *p = arg;
    ac__task_cache c;
    ac__task_cache_init(&c, &p->depot);
    for (size_t i = 1; i <= ROUNDS; i++) {
        uintptr_t *b = ac__task_cache_get(&c, 1);
        assert_non_null(b);
        b[2] = i; /* past the two link words: they must not clobber it */
        _Atomic(uintptr_t *) *s = &p->slot[i % 64];
        uintptr_t *expect = NULL;
        while (!atomic_compare_exchange_weak(s, &expect, b))
            expect = NULL;
    }
    atomic_store(&p->done, true);
    ac__task_cache_drain(&c);
    return NULL;
}

/* Takes them, checks the stamp, and frees them into its own cache. */
static void *freer_main(void *arg)
{
    pipe_ *p = arg;
    ac__task_cache c;
    ac__task_cache_init(&c, &p->depot);
    size_t got = 0;
    for (size_t i = 1; i <= ROUNDS; i++) {
        uintptr_t *b;
        while ((b = atomic_exchange(&p->slot[i % 64], NULL)) == NULL)
            ;
        assert_int_equal(b[2], i);
        ac__task_cache_put(&c, 1, b);
        got++;
    }
    assert_int_equal(got, ROUNDS);
    ac__task_cache_drain(&c);
    return NULL;
}

static void test_blocks_go_round_between_threads(void **state)
{
    (void)state;
    pipe_ *p = calloc(1, sizeof *p);
    assert_non_null(p);
    ac__task_depot_init(&p->depot);
    pthread_t a, b;
    assert_int_equal(pthread_create(&a, NULL, spawner_main, p), 0);
    assert_int_equal(pthread_create(&b, NULL, freer_main, p), 0);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    ac__task_depot_drain(&p->depot);
    free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_classes_fit_the_future),
        cmocka_unit_test(test_a_freed_block_is_the_next_one_given),
        cmocka_unit_test(test_a_full_list_travels_to_another_cache),
        cmocka_unit_test(test_the_depot_is_bounded),
        cmocka_unit_test(test_blocks_go_round_between_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
