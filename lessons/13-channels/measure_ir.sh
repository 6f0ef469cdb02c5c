#!/bin/sh
# measure_ir.sh - user-space instructions per message of one bench row,
# counted by callgrind (deterministic, unlike time).
#
# The row runs twice under callgrind, with FEW and MANY messages:
# (Ir(MANY) - Ir(FEW)) / (MANY - FEW) cancels start-up, thread and
# executor set-up and shut-down, which are the same in both runs.
#
# usage: lessons/13-channels/measure_ir.sh [BUILD_DIR] (default: build)
#        ROWS="mpsc-1p1c oneshot" FEW=100000 MANY=200000 to choose
set -eu
bin=${1:-build}/lessons/13-channels
few=${FEW:-100000}
many=${MANY:-200000}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# ir ROW N: the program's total Ir for one run of ROW with N messages
ir() {
    valgrind --tool=callgrind --callgrind-out-file="$out/$1-$2.cg" \
        "$bin" bench --only "$1" --messages "$2" >/dev/null 2>"$out/$1-$2.log"
    sed -n 's/^totals: *//p' "$out/$1-$2.cg"
}

printf '%-12s %14s %14s %10s\n' row "Ir($few)" "Ir($many)" "Ir/msg"
for row in ${ROWS:-mpsc-1p1c oneshot semaphore}; do
    a=$(ir "$row" "$few")
    b=$(ir "$row" "$many")
    printf '%-12s %14s %14s %10.1f\n' "$row" "$a" "$b" "$(echo "($b - $a) / ($many - $few)" | bc -l)"
done
