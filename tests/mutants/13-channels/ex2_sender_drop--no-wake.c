/* Mutant of exercise 2: closes the sender but never wakes the waiting
 * receiver (its clone is dropped instead).  Caught by
 * sender_drop_wakes_the_waiting_receiver (wakes). */
#include "lesson.h"

void oneshot_sender_drop(oneshot *o)
{
    o->sender_open = false;
    /* The receiver may be asleep waiting for a value that now never
     * comes: wake it, or it sleeps forever.  wake consumes the clone. */
    if (o->waker.vtable != NULL)
        ac_waker_drop(&o->waker); /* the mistake: released, not woken */
    o->waker.vtable = NULL;
}
