/* given_proc_stats.h - this process's threads and address space, from /proc. */
#ifndef LESSON00_PROC_STATS_H
#define LESSON00_PROC_STATS_H

/* The number after "Threads:" in /proc/self/status: this process's threads now. */
long current_thread_count(void);
/* The process's mapped address space now (VmSize), in bytes. */
long address_space_bytes(void);

#endif
