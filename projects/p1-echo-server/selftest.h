/* selftest.h - `p1-echo-server test`: our server checked end to end. */
#ifndef P1_SELFTEST_H
#define P1_SELFTEST_H

/* Run every check against a fresh server on a free loopback port, print
 * PASS/FAIL per check and a "N passed, N failed" line; 0 if all passed. */
int selftest_run(void);

#endif
