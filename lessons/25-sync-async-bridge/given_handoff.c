/*
 * given_handoff.c - what lesson 25 gives exercise 1: the handoff's set-up
 * and teardown, and a tiny blocking pool that hands each result back
 * through your handoff_finish.
 *
 *   tiny_offload_on(p, fn, arg)          pool thread k
 *     job = {fn, arg, handoff}  ---->    [ FIFO ] -> pop (mutex + condvar)
 *     poll: handoff_poll                 result = fn(arg)
 *     Ready: job freed           <----   handoff_finish(&job->h, result)
 *
 * Simplification named out loud: the tiny pool has a fixed number of
 * threads and a tiny_offload must be polled to Ready (common's pool,
 * blocking.h, grows and shrinks and lets a future be dropped early).
 */
#include <stdlib.h>

#include "lesson.h"

void handoff_init(handoff *h)
{
    pthread_mutex_init(&h->lock, NULL);
    h->done = false;
    h->result = NULL;
    h->waker = (ac_waker){0};
}

void handoff_destroy(handoff *h)
{
    if (h->waker.vtable != NULL)
        ac_waker_drop(&h->waker);
    pthread_mutex_destroy(&h->lock);
}

struct tiny_job {
    tiny_job *next;
    tiny_fn fn;
    void *arg;
    handoff h;
};

struct tiny_pool {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    tiny_job *head, *tail; /* under lock */
    bool closing;          /* under lock */
    unsigned n;
    pthread_t threads[];
};

/* Take jobs until the pool closes and the queue is empty. */
static void *tiny_thread(void *arg)
{
    tiny_pool *p = arg;
    pthread_mutex_lock(&p->lock);
    for (;;) {
        while (p->head == NULL && !p->closing)
            pthread_cond_wait(&p->cond, &p->lock);
        tiny_job *j = p->head;
        if (j == NULL)
            break; /* closing, nothing left */
        p->head = j->next;
        pthread_mutex_unlock(&p->lock);
        void *result = j->fn(j->arg);
        handoff_finish(&j->h, result); /* exercise 1: j may be freed by the task from here on */
        pthread_mutex_lock(&p->lock);
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

tiny_pool *tiny_pool_new(unsigned threads)
{
    tiny_pool *p = calloc(1, sizeof *p + threads * sizeof(pthread_t));
    if (p == NULL)
        return NULL;
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->cond, NULL);
    for (unsigned i = 0; i < threads; i++) {
        if (pthread_create(&p->threads[i], NULL, tiny_thread, p) != 0)
            break;
        p->n++;
    }
    return p;
}

void tiny_pool_free(tiny_pool *p)
{
    pthread_mutex_lock(&p->lock);
    p->closing = true;
    pthread_cond_broadcast(&p->cond);
    pthread_mutex_unlock(&p->lock);
    for (unsigned i = 0; i < p->n; i++)
        pthread_join(p->threads[i], NULL);
    pthread_cond_destroy(&p->cond);
    pthread_mutex_destroy(&p->lock);
    free(p);
}

static ac_poll offload_poll(ac_future *self, ac_context *cx)
{
    tiny_offload *f = (tiny_offload *)self;
    if (handoff_poll(&f->job->h, cx, &f->out) == AC_PENDING) /* exercise 1 */
        return AC_PENDING;
    handoff_destroy(&f->job->h);
    free(f->job);
    f->job = NULL;
    return AC_READY;
}

static const ac_future_vtable offload_vtable = {
    .name = "tiny_offload", .poll = offload_poll, AC_OUTPUT(tiny_offload, out)};

tiny_offload tiny_offload_on(tiny_pool *p, tiny_fn fn, void *arg)
{
    tiny_job *j = calloc(1, sizeof *j);
    if (j == NULL)
        abort(); /* a lesson's demo: no recovery from out of memory */
    j->fn = fn;
    j->arg = arg;
    handoff_init(&j->h);
    pthread_mutex_lock(&p->lock);
    if (p->head == NULL)
        p->head = j;
    else
        p->tail->next = j;
    p->tail = j;
    pthread_cond_signal(&p->cond);
    pthread_mutex_unlock(&p->lock);
    return (tiny_offload){.base = {&offload_vtable}, .job = j};
}
