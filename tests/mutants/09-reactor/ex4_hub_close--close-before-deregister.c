/* Mutant of ex4_hub_close: closes the fd before deregistering it: in between, the number may be
 * given to a new socket that the old entry still claims.  Caught by
 * hub_close_deregisters_closes_and_forgets (deregistered while closed). */
#include <stdlib.h>
#include <unistd.h>

#include "lesson.h"

void hub_close(echo_hub *h, hub_conn *c)
{
    /* 1. Out of the reactor first: its wakers are dropped (not woken) and
     *    its generation moves on, so an event already reported for this fd
     *    - even one later in the batch being dispatched right now - is stale. */
    close(c->fd); /* the mistake: the order */
    reactor_deregister(h->reactor, c->fd);
    /* 3. Forget it. */
    h->conns[c->slot] = NULL;
    h->open--;
    h->closed++;
    free(c);
}
