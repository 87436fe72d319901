# A traced user cannot hang a recorder with stacks: the command runs a copy
# of a binary, deletes it and leaves a FIFO at its path.  At the end of the
# recording the symbol store must not open the FIFO (a blocking open waits
# for a writer for good): the recorder ends within a second of the command,
# exits 0, the file is complete with the other binaries' symbol tables, the
# FIFO is still there, and no table is stored for the copy's path.
source "$(dirname "$0")/lib.sh"
source "$ROOT/tests/fault/lib.sh"
need_perf
need_fault

for mode in fp dwarf; do
	rm -f x done.ns
	rc=0
	timeout -s KILL 10 "$SCPROF" record -g $mode -o fifo.data -- sh -c \
		'cp /bin/sleep ./x && ./x 0.3 && rm x && mkfifo x && date +%s%N >done.ns' \
		>record.out 2>record.err || rc=$?
	end=$(date +%s%N)
	assert_eq 0 "$rc" "-g $mode: exit status of scprof record (137: killed by the timeout, hung)"
	[[ -p x ]] || fail "-g $mode: the FIFO at ./x should still be there"
	delay_ms=$(((end - $(cat done.ns)) / 1000000))
	assert_between 0 1000 "$delay_ms" "-g $mode: ms from the command's end to the recorder's"
	assert_complete fifo.data
	"$SCPROF" dump -i fifo.data >fifo.dump
	grep -q "^symbols: '.*/libc.so.6'" fifo.dump || fail "-g $mode: libc's symbol table should be stored"
	if grep "^symbols: '$TMP/x'" fifo.dump; then
		fail "-g $mode: a symbol table was stored for the FIFO at $TMP/x"
	fi
	grep -q " MMAP .* file '$TMP/x'$" fifo.dump || fail "-g $mode: no MMAP of $TMP/x recorded"
	note "ok: -g $mode: $TMP/x was mapped, no table stored for what is there now"
done

# The recording itself is read back through the recorder's descriptor, not
# by its name: a FIFO put in its place during the recording is not opened.
rc=0
timeout -s KILL 10 "$SCPROF" record -g fp -o swapped.data -- sh -c \
	'mv swapped.data moved.data && mkfifo swapped.data && /bin/true' >swap.out 2>swap.err || rc=$?
assert_eq 0 "$rc" "exit status with a FIFO put at the output path (137: hung)"
[[ -p swapped.data ]] || fail "swapped.data should still be the FIFO"
assert_complete moved.data
"$SCPROF" dump -i moved.data >moved.dump
grep -q "^symbols: '.*/libc.so.6'" moved.dump || fail "the moved recording should hold libc's symbol table"
