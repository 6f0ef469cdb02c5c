#ifndef P2_CHAT_SELFTEST_H
#define P2_CHAT_SELFTEST_H
/* The `test` command: PASS/FAIL per check; exit status 0 when all pass. */
int chat_selftest_run(void);
#endif
