/* Exercise 2, reference solution: oneshot_sender_drop. */
#include "lesson.h"

void oneshot_sender_drop(oneshot *o)
{
    o->sender_open = false;
    /* The receiver may be asleep waiting for a value that now never
     * comes: wake it, or it sleeps forever.  wake consumes the clone. */
    if (o->waker.vtable != NULL)
        ac_waker_wake(&o->waker);
    o->waker.vtable = NULL;
}
