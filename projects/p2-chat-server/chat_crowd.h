/*
 * chat_crowd.h - the `crowd` command: many idle IRC clients at once.
 *
 *   parent                                 child (forked)
 *   bind 127.0.0.1:0 x2, raise NOFILE --->  chat_server_run (quiet)
 *   VmRSS of the child                      idle
 *   connect N clients, register each (NICK/USER, wait for 422)
 *   VmRSS again: (after - before) / N = bytes per client
 *   one more client messages the last one: it must arrive
 *   SIGTERM the child, wait: exit 0
 *
 * IRC clients that join no channel cost the others nothing, so this
 * measures what one connected user costs the server.  Bounded: 60 s.
 */
#ifndef P2_CHAT_CROWD_H
#define P2_CHAT_CROWD_H

/* Exit status: 0 when every client registered and the message arrived. */
int chat_crowd_main(unsigned clients);

#endif
