#!/usr/bin/env bash
# Tests of `course` (lessons/course/), run by CTest in steps:
#
#   course_test.sh STEP SOURCE_DIR SANDBOX COURSE_BINARY
#
#   setup     copy the checkout's files into SANDBOX (a git repository of
#             its own), check the "no learner build" messages, then give it
#             its own learner build of lesson 01 only
#   commands  list, next, hint, check (fail, build error, pass, a leak
#             under --sanitize=asan), solution, reset, unknown exercises,
#             verify - on lesson 01's exercise 1
#   watch     `course watch` in a pseudo-terminal (util-linux script):
#             a save reruns the check, keys act, q and Ctrl-C restore the terminal
#   cleanup   remove SANDBOX
#
# Nothing in SOURCE_DIR changes: every command runs in the sandbox.  The
# tool tested is COURSE_BINARY (this build's, so the ASan build checks it
# for leaks); the sandbox's own ./course script is tested too.
set -euo pipefail
step=$1 src=$2 sandbox=$3 course_bin=$4
stub=lessons/01-futures/exercises/ex1_countdown.c
solution=lessons/01-futures/solution/ex1_countdown.c

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

# expect STATUS REGEX CMD...: run CMD in the sandbox, demand its exit
# status and a line of its output (stdout+stderr) matching REGEX.
expect() {
    local want=$1 regex=$2 got=0
    shift 2
    out=$("$@" 2>&1) || got=$?
    if [ "$got" != "$want" ] || ! grep -Eq -- "$regex" <<<"$out"; then
        printf '%s\n' "$out" >&2
        fail "'$*' exited $got (wanted $want), output above should match: $regex"
    fi
}
course() { "$course_bin" "$@"; }

# A copy of the checkout's files as they are now (tracked and new, not
# ignored), committed in a repository of its own so `reset` has a HEAD.
make_sandbox() {
    rm -rf "$sandbox"
    mkdir -p "$sandbox"
    if git -C "$src" rev-parse --git-dir >/dev/null 2>&1; then
        git -C "$src" ls-files -z --cached --others --exclude-standard |
            tar -C "$src" --null -T - --ignore-failed-read -cf - 2>/dev/null | tar -C "$sandbox" -xf -
    else
        tar -C "$src" --exclude='./build*' --exclude=./.course-state -cf - . | tar -C "$sandbox" -xf -
    fi
    cd "$sandbox"
    git init -q
    git add -A
    git -c user.name=course-test -c user.email=course-test@localhost commit -qm "sandbox" --no-gpg-sign
}

case $step in
setup)
    make_sandbox
    # no learner build yet: both the script and the tool name the command
    expect 3 'cmake --preset learner && cmake --build --preset learner' ./course list
    expect 3 'cmake --preset learner && cmake --build --preset learner' course check 01/ex1
    expect 3 'cmake --preset learner-asan' course check --sanitize=asan 01/ex1
    expect 3 'cmake --preset learner-tsan' course check --sanitize 01/ex1 # asan first, then tsan
    expect 0 '^00-why-async$' course list # list needs no build
    cmake --preset learner >/dev/null
    cmake --build --preset learner --target course check-01-futures 01-futures >/dev/null
    ;;

commands)
    cd "$sandbox"
    rm -f .course-state
    git checkout -q HEAD -- "$stub"
    expect 0 'Usage|usage: ./course COMMAND' course --help
    expect 0 '^  list$' course --help
    expect 0 'usage: ./course check \[NN \| NN/exK\]' course check --help
    # the sandbox's ./course runs its build-learner/course
    expect 0 '^  next +00/ex1 ' ./course list
    expect 0 '^0/[0-9]+ done; next: 00/ex1' course list
    expect 0 '^  pending +01/ex1 +lessons/01-futures/exercises/ex1_countdown.c$' course list
    expect 0 '^Open: +lessons/00-why-async/exercises/ex1_sleeper.c$' course next
    expect 0 '^Check: +./course check 00/ex1' course next

    # hints: one at a time, each the next item of HINTS.md, remembered
    first_hint=$(awk '/^## Exercise 1/{s=1;next} /^## /{s=0} s&&/^1\. /{sub(/^1\. +/,"");print;exit}' \
        lessons/01-futures/exercises/HINTS.md)
    [ -n "$first_hint" ] || fail "no hint 1 in lessons/01-futures/exercises/HINTS.md"
    expect 0 '^Hint 1 of [3-9]' course hint 01/ex1
    grep -qF -- "$first_hint" <<<"$out" || fail "hint 1 is not HINTS.md's first item: $out"
    ! grep -q 'Hint 2' <<<"$out" || fail "hint 1 showed hint 2 as well"
    expect 0 '^Hint 2 of [3-9]' course hint 01-futures/ex1
    grep -q '^01-futures/ex1_countdown pending hints=2$' .course-state || fail "hints not remembered"
    expect 0 '^Hint 3 of [3-9]' course hint 01-futures/ex1_countdown.c

    # the HINTS.md format: numbered items, continuation lines indented, more
    # than three allowed, other text ignored; a missing section is an error
    hints=lessons/01-futures/exercises/HINTS.md
    cat >"$hints" <<'HINTS'
# Lesson 01 hints

Some words before the first section.

## Exercise 2: `ready_int_poll` (ex2_ready.c)

Text in the section that is not a hint.

1. The idea.
2. The first line of two,
   and its second line.
3. Nearly the code:

       return AC_READY;

4. A fourth, for the stubborn.
5. ```c
   a code block opened right after the number
   ```

## Exercise 3: `poll_by_hand` (ex3_poll_by_hand.c)

1. Not this one.
HINTS
    expect 0 '^    The idea\.$' course hint 01/ex2
    expect 0 '^    and its second line\.$' course hint 01/ex2
    expect 0 '^        return AC_READY;$' course hint 01/ex2
    expect 0 '^Hint 4 of 5:$' course hint 01/ex2
    grep -q 'A fourth' <<<"$out" || fail "hint 4 not shown: $out"
    expect 0 'a code block opened right after the number' course hint 01/ex2
    expect 0 'all 5 hints were shown already' course hint 01/ex2
    ! grep -q 'Not this one' <<<"$out" || fail "hints ran into the next section: $out"
    expect 2 'HINTS.md has no section "## Exercise 1: ..." for 01/ex1' course hint 01/ex1
    expect 1 'has 1 hint, needs 3' course verify
    git checkout -q HEAD -- "$hints"

    # the pristine stub fails, and the tool shows where and why
    expect 1 'not implemented: countdown_poll\(\) in lessons/01-futures/exercises/ex1_countdown.c' \
        course check 01/ex1
    expect 1 'solution opens once it has' course solution 01/ex1

    # a build error: the compiler's first error and the file
    echo 'this is not C' >>"$stub"
    expect 1 "first error, in lessons/01-futures/exercises/ex1_countdown.c:" course check 01/ex1
    grep -q "ex1_countdown.c:[0-9]*:[0-9]*: error:" <<<"$out" || fail "no compiler error shown: $out"

    # solved: check passes, marks done, names the next; solution opens
    cp "$solution" "$stub"
    expect 0 '^01/ex1 passed: done\.  1/[0-9]+ done\.$' course check 01/ex1
    grep -q '^Next: 00/ex1 ' <<<"$out" || fail "check did not name the next exercise: $out"
    grep -q '^01-futures/ex1_countdown done hints=3$' .course-state || fail "pass not recorded"
    expect 0 '^  done +01/ex1 ' course list
    expect 0 '^1/[0-9]+ done' course list
    expect 0 'the reference solution of 01/ex1' course solution 01/ex1
    diff <(course solution 01/ex1 | tail -n +2) "$solution" || fail "solution printed is not $solution"

    # --sanitize=asan uses the learner-asan build: a leak the plain check
    # cannot see fails there, and the report names the learner's line
    cmake --preset learner-asan >/dev/null
    expect 0 '^01/ex1 passed' course check --sanitize=asan 01/ex1
    grep -q 'learner build under ASan+UBSan) \.\.\. ok' <<<"$out" || fail "not built under ASan: $out"
    printf '#include <stdlib.h>\nvoid *leaked;\nstatic void __attribute__((constructor)) leak(void) { leaked = malloc(7); leaked = 0; }\n' >>"$stub"
    expect 0 '^01/ex1 passed' course check 01/ex1
    expect 1 'LeakSanitizer: detected memory leaks' course check --sanitize=asan 01/ex1
    grep -q 'A sanitizer stopped the check' <<<"$out" || fail "no word about the sanitizer: $out"
    grep -q '^01-futures/ex1_countdown pending' .course-state || fail "a sanitizer failure left it done"
    cp "$solution" "$stub"
    expect 0 '^01/ex1 passed' course check 01/ex1

    # a lesson at a time: 1 of 3 pass (ex2 and ex3 are pristine)
    expect 1 '^1 of 3 passed\.' course check 01

    # reset: refuses without a terminal unless --yes, then restores
    expect 2 'add --yes' course reset 01/ex1 </dev/null
    cmp -s "$stub" "$solution" || fail "reset without --yes changed the stub"
    expect 0 'pristine stub again' course reset 01/ex1 --yes
    git diff --quiet -- "$stub" || fail "reset --yes did not restore the stub"
    expect 1 'solution opens once it has' course solution 01/ex1

    # unknown things: exit 2, saying what exists
    expect 2 "unknown exercise '01/ex9'; lesson 01-futures has: 01/ex1 01/ex2 01/ex3" course check 01/ex9
    expect 2 "unknown lesson '99'" course hint 99/ex1
    expect 2 "unknown lesson 'nope'" course check nope
    expect 2 "unknown command 'frobnicate'" course frobnicate
    expect 2 'unknown option --fast' course check --fast

    # verify: the manifest agrees with the lessons, and notices when not
    expect 0 '^course verify: [0-9]+ exercises' course verify
    cp lessons/exercises.manifest manifest.orig
    grep -v ex2_ready lessons/exercises.manifest >manifest.new && mv manifest.new lessons/exercises.manifest
    expect 1 'lessons/01-futures/exercises/ex2_ready.c is not in lessons/exercises.manifest' course verify
    mv manifest.orig lessons/exercises.manifest
    ;;

watch)
    cd "$sandbox"
    git checkout -q HEAD -- "$stub"
    # lesson 00 done, so 01/ex1 is the exercise watch follows
    printf '00-why-async/ex1_sleeper done hints=0\n00-why-async/ex2_thread_gate done hints=0\n' >.course-state
    log=$sandbox/watch.log
    rm -f keys "$log"
    mkfifo keys
    # wait_for REGEX [COUNT]: until the log has COUNT matching lines (60 s at most)
    wait_for() {
        local n=${2:-1}
        for _ in $(seq 600); do
            [ "$(tr -d '\r' <"$log" 2>/dev/null | grep -Ec -- "$1")" -ge "$n" ] && return 0
            sleep 0.1
        done
        tr -d '\r' <"$log" >&2 || true
        fail "watch never printed: $1"
    }
    # the shell runs watch, then prints its status and the terminal's modes
    script -qfec "sh -c '$course_bin watch; echo watch-exit=\$?; stty -a'" "$log" <keys &
    pid=$!
    trap 'kill "$pid" 2>/dev/null || true' EXIT # a failed wait_for leaves no watch behind
    exec 3>keys
    wait_for 'Checking 01/ex1 .*FAILED'
    wait_for 'not implemented: countdown_poll'
    wait_for 'Keys: h hint'
    cp "$solution" "$stub" # the learner saves
    wait_for 'ex1_countdown.c saved, rechecking'
    wait_for '^01/ex1 passed: done'
    printf h >&3 # a hint for the next exercise, 01/ex2
    wait_for '^Hint 1 of [0-9]'
    printf l >&3
    wait_for '^  next +01/ex2 '
    printf q >&3
    wait_for 'watch-exit=0'
    exec 3>&-
    wait "$pid" || fail "script exited $?"
    tr -d '\r' <"$log" | grep -q ' icanon .* echo ' || fail "terminal not restored after q: $(cat "$log")"
    grep -q '^01-futures/ex1_countdown done' .course-state || fail "watch did not record the pass"

    # Ctrl-C: watch dies of SIGINT (status 130) and still restores the terminal
    git checkout -q HEAD -- "$stub"
    rm -f "$log"
    script -qfec "sh -c 'trap \"\" INT; $course_bin watch; echo watch-exit=\$?; stty -a'" "$log" <keys &
    pid=$!
    exec 3>keys
    wait_for 'Keys: h hint'
    printf '\003' >&3
    wait_for 'watch-exit=130'
    exec 3>&-
    wait "$pid" || fail "script exited $?"
    tr -d '\r' <"$log" | grep -q ' icanon .* echo ' || fail "terminal not restored after Ctrl-C: $(cat "$log")"
    rm -f keys
    ;;

cleanup)
    rm -rf "$sandbox"
    ;;
*)
    fail "unknown step $step"
    ;;
esac
echo "course/$step: ok"
