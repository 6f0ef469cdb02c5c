/* proc_stats.c - this process's threads and address space, from /proc. */
#include "proc_stats.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Read with open/read into a stack buffer, not stdio: max-threads calls
 * this when the address space is nearly used up and malloc may fail. */
long current_thread_count(void)
{
    char buf[4096];
    int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0)
        return -1;
    buf[n] = '\0';
    const char *line = strstr(buf, "\nThreads:");
    return line != NULL ? strtol(line + strlen("\nThreads:"), NULL, 10) : -1;
}

long address_space_bytes(void)
{
    char buf[64];
    int fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0)
        return -1;
    buf[n] = '\0';
    return strtol(buf, NULL, 10) * sysconf(_SC_PAGESIZE); /* first field: total pages mapped */
}
