# Stacks of a program that changed or vanished after recording: a deleted
# binary is named from the symbol tables stored in the recording; a replaced
# binary (another build-id) never lends its names, the stored ones are used.
# A process that exited long before the report is named as well (the report
# never looks at live processes).  (Without stored tables the frames show as
# "[unknown] name+0xOFFSET": check_stacks tests that.)
source "$(dirname "$0")/lib.sh"
source "$ROOT/tests/e2e/stacks_lib.sh"
need_perf
need_example stacks_calls stacks_nopie

cp "$EX/stacks_calls" ./victim
record gone.data -g fp -- ./victim
report -i gone.data --format folded --weight calls >before.folded
check_fp_paths before.folded "victim on disk"

rm victim
report -i gone.data --format folded --weight calls >deleted.folded
check_fp_paths deleted.folded "victim deleted, stored symbols"

# Replaced by another build of the same source: different addresses, and a
# different build-id; the recording's own symbols, not the new file's.
cp "$EX/stacks_calls" ./victim
record replaced.data -g fp -- ./victim
cp "$EX/stacks_nopie" ./victim
report -i replaced.data --format folded --weight calls >replaced.folded
check_fp_paths replaced.folded "victim replaced, stored symbols"

# --lines cannot come from stored tables: the functions, without positions
report -i replaced.data --stacks --lines -e trace=openat --failed >lines.txt
grep -qE '^ +load_config$' lines.txt || fail "replaced victim with --lines: $(grep -A2 calls lines.txt)"
