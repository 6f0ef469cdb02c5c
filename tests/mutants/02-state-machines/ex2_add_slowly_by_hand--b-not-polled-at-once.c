/* Mutant of exercise 2: after a's child is Ready it builds b's child and
 * returns Pending without polling it: no wake is arranged (rule 2).
 * Caught by by_hand_walks_the_states_in_order and
 * by_hand_finishes_on_the_executor. */
#include <stdio.h>
#include <stdlib.h>

#include "lesson.h"

ac_poll add_slowly_by_hand_poll(ac_future *self, ac_context *cx)
{
    add_slowly_by_hand *s = (add_slowly_by_hand *)self;
    /* Each pass of the loop handles one state.  A state that can go on at
     * once `continue`s into the next; only a Pending child stops us. */
    for (;;) {
        switch (s->state) {
        case ADD_START: {
            /* Move the arguments out first: waiting_a overlaps start. */
            uint32_t a = s->in.start.a, b = s->in.start.b;
            s->in.waiting_a.b = b;
            s->in.waiting_a.fut = yield_once_new(a);
            s->state = ADD_WAITING_A;
            continue;
        }
        case ADD_WAITING_A: {
            if (ac_future_poll(&s->in.waiting_a.fut.base, cx) == AC_PENDING)
                return AC_PENDING; /* the child arranged the wake: rule 2 holds for us too */
            uint32_t x = s->in.waiting_a.fut.output, b = s->in.waiting_a.b;
            s->in.waiting_b.x = x;
            s->in.waiting_b.fut = yield_once_new(b);
            s->state = ADD_WAITING_B;
            return AC_PENDING; /* the mistake: nobody will wake us */
        }
        case ADD_WAITING_B:
            if (ac_future_poll(&s->in.waiting_b.fut.base, cx) == AC_PENDING)
                return AC_PENDING;
            s->output = s->in.waiting_b.x + s->in.waiting_b.fut.output;
            s->state = ADD_DONE;
            return AC_READY;
        case ADD_DONE:
            break;
        }
        fprintf(stderr, "add_slowly_by_hand polled in state %s (poll contract, rule 1)\n",
                add_state_name(s->state));
        abort();
    }
}
