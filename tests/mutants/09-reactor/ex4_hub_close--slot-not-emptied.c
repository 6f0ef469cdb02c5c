/* Mutant of ex4_hub_close: frees the connection but leaves its pointer in the table.  Caught by
 * hub_close_deregisters_closes_and_forgets (h.conns[1]). */
#include <stdlib.h>
#include <unistd.h>

#include "lesson.h"

void hub_close(echo_hub *h, hub_conn *c)
{
    /* 1. Out of the reactor first: its wakers are dropped (not woken) and
     *    its generation moves on, so an event already reported for this fd
     *    - even one later in the batch being dispatched right now - is stale. */
    reactor_deregister(h->reactor, c->fd);
    /* 2. Only now give the number back to the kernel, which may reuse it at
     *    the next socket()/accept(). */
    close(c->fd);
    /* 3. Forget it. */
    /* the mistake: h->conns[c->slot] still points at c */
    h->open--;
    h->closed++;
    free(c);
}
