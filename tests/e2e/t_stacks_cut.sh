# Honest broken chains: a frame-pointer recording of code built without
# frame pointers (examples/stacks_calls.c as stacks_nofp; Debian's find)
# has no stack deeper than its real depth (DWARF's) plus one "[unknown]"
# frame, never a tower of them, and the report says how many calls had
# their stack cut, in text and JSON.
source "$(dirname "$0")/lib.sh"
source "$ROOT/tests/e2e/stacks_lib.sh"
need_perf
need_example stacks_nofp

# frames of the deepest folded line (without the comm and the syscall)
max_depth()
{
	awk '{ s = $0; sub(/ [0-9]+$/, "", s); n = split(s, f, ";") - 2; if (n > m) m = n } END { print m + 0 }' "$1"
}

# lines with "[unknown]" anywhere but as the outermost frame, or twice
bad_unknown()
{
	awk '{ s = $0; sub(/ [0-9]+$/, "", s); n = split(s, f, ";")
	       for (i = 3; i <= n; i++) if (f[i] == "[unknown]") { print; next } }' "$1"
}

# The real stacks, from DWARF: 2 KiB of stack is plenty for these and
# the ring holds the whole run, so no call can be dropped however late the
# recorder gets the CPU (5080 calls of 8 KiB stacks, 42 MB in 20 ms, are
# more than the default ring when it is slow: the CI run lost the last 17)
record dwarf.data -g dwarf,2048 -m 16384 -- "$EX/stacks_nofp"
assert_eq 0 "$(last_lost)" "dwarf: events lost"
report -i dwarf.data --format folded --weight calls -e trace=openat,close,getppid,getpid,clock_gettime >dwarf.folded
check_dwarf_paths dwarf.folded "dwarf"
real=$(max_depth dwarf.folded)

for mode in fp fp,0; do
	record nofp.data -g $mode -- "$EX/stacks_nofp"
	report -i nofp.data --format folded --weight calls >all.folded
	report -i nofp.data --format folded --weight calls -e trace=openat,close,getppid,getpid,clock_gettime >nofp.folded
	assert_eq "" "$(bad_unknown all.folded)" "$mode: stacks with [unknown] inside"
	depth=$(max_depth nofp.folded)
	((depth <= real + 1)) || fail "$mode: a stack $depth frames deep, the real depth is $real: $(sort -t';' -k1 all.folded | head -3)"
	cut=$(awk '{ split($0, f, ";") } f[2] == "[unknown]" { s += $NF } END { print s + 0 }' all.folded)
	if ((cut)); then
		report -i nofp.data --stacks >nofp.txt
		grep -q "^$cut calls\\? had \\(its\\|their\\) stack cut short at \"\\[unknown\\]\"" nofp.txt ||
			fail "$mode: text does not say $cut calls were cut: $(tail -3 nofp.txt)"
	fi
	report -i nofp.data --stacks --format json >nofp.json
	assert_eq "$cut" "$(json_get nofp.json cut_stacks)" "$mode: json cut_stacks"
done
# fp: the CFI of the frameless code, read over the stack top, names the
# callers right, then the stack ends in one [unknown]
record nofp.data -g fp -- "$EX/stacks_nofp"
report -i nofp.data --format folded --weight calls >fp.folded
assert_eq 3000 "$(folded_sum fp.folded 'main;spin;getppid')" "fp: main;spin;getppid calls"
assert_eq 300 "$(folded_sum fp.folded 'main;work_a;work;getpid')" "fp: main;work_a;work;getpid calls"
assert_eq 100 "$(folded_sum fp.folded 'main;via_libc;getppid;getppid')" "fp: main;via_libc;getppid;getppid calls"

# Debian's find is built without frame pointers: the chain runs into junk
# and is cut there, once
command -v find >/dev/null || skip "no find"
record find.data -g fp,0 -- find "$ROOT" -name '*.c'
report -i find.data --format folded --weight calls >find.folded
assert_eq "" "$(bad_unknown find.folded)" "find: stacks with [unknown] inside"
report -i find.data --stacks --format json >find.json
assert_eq "$(awk '{ split($0, f, ";") } f[2] == "[unknown]" { s += $NF } END { print s + 0 }' find.folded)" \
	"$(json_get find.json cut_stacks)" "find: json cut_stacks"
