/* Mutant of exercise 2: wakes by reference and forgets the slot, so the
 * clone is never given back.  Caught by sender_drop_wakes_the_waiting_receiver
 * (live clones). */
#include "lesson.h"

void oneshot_sender_drop(oneshot *o)
{
    o->sender_open = false;
    /* The receiver may be asleep waiting for a value that now never
     * comes: wake it, or it sleeps forever.  wake consumes the clone. */
    if (o->waker.vtable != NULL)
        ac_waker_wake_by_ref(&o->waker); /* the mistake: the clone is never released */
    o->waker.vtable = NULL;
}
