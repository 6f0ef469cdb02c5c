/* given_proc_stats.c - this process's threads and address space, from /proc. */
#include "given_proc_stats.h"

#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Read a small /proc file into buf (NUL-terminated); false if it cannot.
 * open/read into the caller's stack buffer, not stdio: max-threads calls
 * this when the address space is nearly used up and malloc may fail. */
static bool read_proc_file(const char *path, char *buf, size_t size)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    ssize_t n = read(fd, buf, size - 1);
    close(fd);
    if (n <= 0)
        return false;
    buf[n] = '\0';
    return true;
}

long current_thread_count(void)
{
    char buf[4096];
    if (!read_proc_file("/proc/self/status", buf, sizeof buf))
        return -1;
    const char *line = strstr(buf, "\nThreads:");
    return line != NULL ? strtol(line + strlen("\nThreads:"), NULL, 10) : -1;
}

long address_space_bytes(void)
{
    char buf[64];
    if (!read_proc_file("/proc/self/statm", buf, sizeof buf))
        return -1;
    return strtol(buf, NULL, 10) * sysconf(_SC_PAGESIZE); /* first field: total pages mapped */
}
