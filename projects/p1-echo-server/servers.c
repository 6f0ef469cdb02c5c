/* servers.c - the table of echo servers the benchmark runs, in run order. */
#include "servers.h"

#include "echo_ours.h"

#include <string.h>

const echo_server echo_servers[] = {
    {.name = "ours", .serve = echo_ours_serve},
    {.name = "ours-mt", .serve = echo_ours_serve_mt}, /* the same server on bench --workers N threads */
    {.name = "libuv", .serve = echo_uv_serve},
    {.name = "epoll", .serve = echo_epoll_serve},
};
const size_t echo_server_count = sizeof echo_servers / sizeof echo_servers[0];

const echo_server *echo_server_find(const char *name)
{
    for (size_t i = 0; i < echo_server_count; i++)
        if (strcmp(echo_servers[i].name, name) == 0)
            return &echo_servers[i];
    return NULL;
}
