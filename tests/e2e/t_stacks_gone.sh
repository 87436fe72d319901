# Stacks of a program that changed or vanished after recording: a deleted
# binary is named from the symbols stored in the recording, or shows as
# "[unknown] name+0xOFFSET"; a replaced binary (another build-id) never lends
# its names.  A process that exited long before the report is named as well
# (the report never looks at live processes).
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
if grep -q ';load_config;' deleted.folded; then
	check_fp_paths deleted.folded "victim deleted, stored symbols"
else
	# without stored symbols: the offsets, never a name
	# one line per call site: load_cache's 200 openat calls, load_config's 1000
	assert_eq "200 1000" "$(awk '/;\[unknown\] victim\+0x[0-9a-f]+;openat [0-9]+$/ { print $NF }' deleted.folded | sort -n | xargs)" \
		"deleted victim: openat calls from [unknown] victim+0x..."
	assert_eq 0 "$(grep -cE ';(main|spin|work|load_cache);' deleted.folded || true)" \
		"deleted victim: lines naming its functions"
fi

# Replaced by another build of the same source: different addresses, and a
# different build-id; the recording's own symbols or nothing.
cp "$EX/stacks_calls" ./victim
record replaced.data -g fp -- ./victim
cp "$EX/stacks_nopie" ./victim
report -i replaced.data --format folded --weight calls >replaced.folded
if grep -q ';load_config;' replaced.folded; then
	check_fp_paths replaced.folded "victim replaced, stored symbols"
else
	# one line per call site: load_cache's 200 openat calls, load_config's 1000
	assert_eq "200 1000" "$(awk '/;\[unknown\] victim\+0x[0-9a-f]+;openat [0-9]+$/ { print $NF }' replaced.folded | sort -n | xargs)" \
		"replaced victim: openat calls from [unknown] victim+0x..."
	assert_eq 0 "$(grep -cE ';(main|spin|work|work_a|work_b|load_cache|load_config|via_libc|frame_dummy|_init);' replaced.folded || true)" \
		"replaced victim: lines naming a function of the new binary"
fi
