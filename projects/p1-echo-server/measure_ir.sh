#!/bin/sh
# measure_ir.sh - user-space instructions per round trip of the echo servers,
# counted by callgrind (deterministic: the same on any x86-64 machine give or
# take the libc and libuv builds, unlike time).
#
# For each server and connection count, the server runs under callgrind in
# the foreground (run --quiet / serve-uv / serve-epoll on a free loopback port) and the
# native client sends an exact number of round trips; the server is stopped
# with SIGINT and its total Ir read from the callgrind output.  Two runs per
# point, with FEW and MANY round trips: (Ir(MANY) - Ir(FEW)) / (MANY - FEW)
# cancels the start-up, connection set-up and shut-down instructions, which
# are the same in both.
#
# usage: projects/p1-echo-server/measure_ir.sh [BUILD_DIR] (default: build)
set -eu
bin=${1:-build}/projects/p1-echo-server
few=${FEW:-1000}
many=${MANY:-21000}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# the subcommand that runs SERVER in the foreground
server_command() {
    case $1 in
        ours) echo run --quiet ;;
        *) echo "serve-$1" ;;
    esac
}

# ir SERVER CONNS ROUND_TRIPS: print the server's total Ir for one run
ir() {
    log=$out/$1-$2-$3.log
    valgrind --tool=callgrind --trace-children=no --callgrind-out-file="$out/$1-$2-$3.cg" \
        "$bin" $(server_command "$1") --port 0 2>"$log" &
    pid=$!
    i=0
    until grep -q 'listening on' "$log" 2>/dev/null; do # valgrind takes a moment to start
        i=$((i + 1))
        [ $i -lt 300 ] || { echo "serve-$1 did not start" >&2; kill $pid; exit 1; }
        sleep 0.1
    done
    port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$log")
    "$bin" client --port "$port" --conns "$2" --round-trips "$3" --lockstep-think-us "${THINK_US:-300}" >/dev/null
    kill -INT $pid
    wait $pid
    sed -n 's/^totals: *//p' "$out/$1-$2-$3.cg"
}

printf '%-6s %6s %14s %14s %12s\n' server conns "Ir($few rt)" "Ir($many rt)" "Ir/rt"
for server in ${SERVERS:-ours uv epoll}; do
    for conns in 1 100; do
        a=$(ir $server $conns "$few")
        b=$(ir $server $conns "$many")
        printf '%-6s %6s %14s %14s %12.1f\n' $server $conns "$a" "$b" \
            "$(echo "($b - $a) / ($many - $few)" | bc -l)"
    done
done
