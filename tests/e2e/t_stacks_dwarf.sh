# --call-graph dwarf: the stacks of examples/stacks_calls.c built without
# frame pointers are unwound from the copied registers and stack, through
# libc's frameless wrapper and down to _start; with fp, the same binary only
# shows the innermost frame right.
source "$(dirname "$0")/lib.sh"
source "$ROOT/tests/e2e/stacks_lib.sh"
need_perf
need_example stacks_nofp stacks_calls

# fp on a binary without frame pointers: the innermost function is right
record fp.data -g fp -- "$EX/stacks_nofp"
report -i fp.data --format folded --weight calls >fp.folded
assert_eq 1000 "$(folded_sum fp.folded 'load_config;openat')" "fp, no frame pointers: load_config;openat calls"
assert_eq 3000 "$(folded_sum fp.folded 'spin;getppid')" "fp, no frame pointers: spin;getppid calls"
assert_eq 500 "$(folded_sum fp.folded 'work;getpid')" "fp, no frame pointers: work;getpid calls"

# 2 KiB of stack is plenty for these stacks; the large buffer keeps the
# 5030 calls from being dropped
record dwarf.data -g dwarf,2048 -m 16384 -- "$EX/stacks_nofp"
assert_eq 0 "$(last_lost)" "dwarf, no frame pointers: events lost"
report -i dwarf.data --format folded --weight calls >dwarf.folded
check_dwarf_paths dwarf.folded "dwarf, no frame pointers"

record dwarf_fp.data -g dwarf,2048 -m 16384 -- "$EX/stacks_calls"
assert_eq 0 "$(last_lost)" "dwarf, frame pointers: events lost"
report -i dwarf_fp.data --format folded --weight calls >dwarf_fp.folded
check_dwarf_paths dwarf_fp.folded "dwarf, frame pointers"

# --lines: source positions of the example's functions
report -i dwarf.data --stacks --lines -e trace=openat --failed >lines.txt
grep -qE '^ +load_config \(stacks_calls\.c:[0-9]+\)$' lines.txt ||
	fail "--lines: no 'load_config (stacks_calls.c:N)' frame: $(grep load_config lines.txt)"
