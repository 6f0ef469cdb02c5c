/*
 * lockstep.h - a client for counting instructions, not for load.
 *
 * Round after round: send one message on every connection, read every
 * echo back, then pause `think_us`.  The pause guarantees the server has
 * nothing to do and goes back to waiting (epoll_wait) between rounds, so
 * every server is measured doing the same work per round trip, however
 * fast or slow it runs (under callgrind a server runs ~50x slower than the
 * native client; without the pause a server that reads again right after
 * echoing finds the next message already there and skips its wait, which
 * flatters it).
 */
#ifndef P1_LOCKSTEP_H
#define P1_LOCKSTEP_H

#include <stddef.h>
#include <stdint.h>

/* 0 when every echo came back byte-exact, else -errno (or -EPROTO on a
 * wrong byte).  Blocking sockets with a 10 s receive timeout. */
int lockstep_run(uint16_t port, unsigned conns, uint64_t rounds, size_t size, unsigned think_us);

#endif
