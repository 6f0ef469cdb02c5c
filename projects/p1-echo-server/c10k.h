/* c10k.h - `p1-echo-server c10k`: many idle connections on one thread. */
#ifndef P1_C10K_H
#define P1_C10K_H

/* Open `conns` connections to our server (in a child process), echo one
 * message on each, and print the server's RSS per connection.  0 on success. */
int c10k_run(unsigned conns);

#endif
