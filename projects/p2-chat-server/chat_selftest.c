/* placeholder, replaced below */
#include "chat_selftest.h"
int chat_selftest_run(void) { return 1; }
