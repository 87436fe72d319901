# --call-graph fp: the stacks of examples/stacks_calls.c name the right
# functions with the right counts, built as PIE, non-PIE, and stripped with
# its symbols in a .gnu_debuglink file, the callers behind libc's frameless
# wrappers put back (and hidden with -g fp,0); the text views agree.
source "$(dirname "$0")/lib.sh"
source "$ROOT/tests/e2e/stacks_lib.sh"
need_perf
need_example stacks_calls stacks_nopie stacks_strip

for prog in stacks_calls stacks_nopie stacks_strip; do
	record $prog.data -g fp -- "$EX/$prog"
	report -i $prog.data --format folded --weight calls >$prog.folded
	check_fp_paths $prog.folded "$prog"
	# every line starts with the comm, and nothing outside main is named
	# after the program's own functions
	assert_eq 0 "$(grep -vc "^$prog;" $prog.folded || true)" "$prog: lines not starting with the comm"
	assert_eq 0 "$(grep -E ';(load_config|load_cache|spin|work|work_a|work_b);' $prog.folded |
		grep -vc ';main;' || true)" "$prog: paths of the program's functions without main"
done

# -g fp,0: the chain alone, without the stack top that repairs its leaf
record bare.data -g fp,0 -- "$EX/stacks_calls"
report -i bare.data --format folded --weight calls >bare.folded
check_fp_bare_paths bare.folded "fp,0"
"$SCPROF" dump -i bare.data >bare.dump
assert_eq 0 "$(grep -c ' ustack ' bare.dump || true)" "-g fp,0: calls with registers and stack"
"$SCPROF" dump -i stacks_calls.data >fp.dump
assert_eq 0 "$(grep ' nr 110 ' fp.dump | grep -vc 'ustack regs 3 (mask 0x1c0) stack 256 bytes' || true)" \
	"-g fp: getppid calls without ip, sp, bp and 256 bytes of stack"

# Stripped: the names come from stacks_strip.debug, not from .dynsym
[[ -z $(nm "$EX/stacks_strip" 2>/dev/null | grep -w load_config) ]] ||
	fail "stacks_strip still has a symbol table"

# --weight time: microseconds, matching the syscall table's time
report -i stacks_calls.data --format folded -e trace=getpid >time.folded
report -i stacks_calls.data --format csv -e trace=getpid >time.csv
total_us=$(($(csv_field time.csv getpid total_ns) / 1000))
folded_us=$(awk '{ t += $NF } END { print t }' time.folded)
assert_between $((total_us - 1)) $((total_us + 1)) "$folded_us" "folded getpid time (us) vs the table's"
assert_eq 2 "$(wc -l <time.folded)" "getpid stacks"

# --stacks: failed openat calls come from one stack, load_config's
report -i stacks_calls.data -e trace=openat --failed --stacks >failed.txt
grep -q '^openat: 1000 calls, 1000 errors, .*, 1 stack$' failed.txt ||
	fail "--failed --stacks header: $(grep '^openat' failed.txt)"
assert_eq "load_config main" "$(awk '/^            [^ ]/ { print $1 }' failed.txt | head -2 | xargs)" \
	"innermost frames of the failed openat stack"
assert_eq "1000 100.0%" "$(awk '/^ +[0-9.]+[a-z]+ +[0-9.]+% +[0-9]+ / { print $3, $4; exit }' failed.txt)" \
	"calls and share of the failed openat stack"

# --stacks with --top 1: only the heaviest syscall by calls (getppid, 3100)
report -i stacks_calls.data --stacks --top 1 --weight calls >top.txt
assert_eq "getppid:" "$(grep -E '^[a-z_0-9]+:' top.txt | awk '{ print $1 }' | xargs)" "--top 1 syscalls"
grep -q '^  \.\.\. 1 more stacks: ' top.txt || fail "--top 1 does not say how many stacks it left out"

# --stacks --format json: the same list for scripts, innermost frame first
report -i stacks_calls.data -e trace=openat,getpid --stacks --format json --weight calls >stacks.json
assert_eq "1 calls" "$(json_get stacks.json stack_every) $(json_get stacks.json weight)" "json: stack_every and weight"
assert_eq "openat 1202 1000" "$(json_get stacks.json 'syscalls[0].name') $(json_get stacks.json 'syscalls[0].calls') $(json_get stacks.json 'syscalls[0].errors')" \
	"json: the heaviest syscall by calls"
assert_eq "1000 1000 load_config main" \
	"$(json_get stacks.json 'syscalls[0].stacks[0].calls') $(json_get stacks.json 'syscalls[0].stacks[0].errors') $(json_get stacks.json 'syscalls[0].stacks[0].frames[0]') $(json_get stacks.json 'syscalls[0].stacks[0].frames[1]')" \
	"json: openat's heaviest stack"
assert_eq "getpid 500 300 work work_a 200 work_b 0" \
	"$(json_get stacks.json 'syscalls[1].name') $(json_get stacks.json 'syscalls[1].calls') $(json_get stacks.json 'syscalls[1].stacks[0].calls') $(json_get stacks.json 'syscalls[1].stacks[0].frames[0]') $(json_get stacks.json 'syscalls[1].stacks[0].frames[1]') $(json_get stacks.json 'syscalls[1].stacks[1].calls') $(json_get stacks.json 'syscalls[1].stacks[1].frames[1]') $(json_get stacks.json 'syscalls[1].more_stacks')" \
	"json: getpid's two stacks"
# by calls: by time, 200 calls may outweigh 300 when the machine is busy
report -i stacks_calls.data -e trace=getpid --stacks --format json --top 1 --weight calls >top.json
assert_eq "1 300" "$(json_get top.json 'syscalls[0].more_stacks') $(json_get top.json 'syscalls[0].stacks[0].calls')" "json: --top 1"
need_python3
python3 -m json.tool stacks.json >/dev/null 2>&1 || fail "stacks.json is not valid JSON"

# --stacks=tree: work's 500 getpid calls come from work_a (300) and work_b (200)
report -i stacks_calls.data --stacks=tree --weight calls -e trace=getpid >tree.txt
assert_eq "100.0% 500" "$(awk '$NF == "main" { print $1, $4 }' tree.txt)" "tree: main's children share and calls"
assert_eq "60.0% 300" "$(awk '$NF == "work_a" { print $1, $4 }' tree.txt)" "tree: work_a"
assert_eq "40.0% 200" "$(awk '$NF == "work_b" { print $1, $4 }' tree.txt)" "tree: work_b"
assert_eq "300 200" "$(awk '$NF == "work" { print $4 }' tree.txt | xargs)" "tree: work under each caller"
assert_eq "60.0% 40.0%" "$(awk '$NF == "work" { print $2 }' tree.txt | xargs)" "tree: work's self share"

# --by process: one group, titled by the process
report -i stacks_calls.data --stacks --by process -e trace=getpid >byproc.txt
grep -qE '^== process [0-9]+ \(stacks_calls\) ==$' byproc.txt || fail "--by process group title: $(head -1 byproc.txt)"

# Children: a shell forks and execs both builds; each child's stacks are
# named from its own binary (exec starts a fresh address space), and the
# folded lines start with each one's comm.
record children.data -g fp -- sh -c "'$EX/stacks_calls'; '$EX/stacks_nopie'; true"
report -i children.data --format folded --weight calls >children.folded
for prog in stacks_calls stacks_nopie; do
	grep "^$prog;" children.folded >$prog.child.folded || fail "no stacks of $prog in the children's recording"
	check_fp_paths $prog.child.folded "child $prog"
done

# Without stacks in the recording, or with options that do not go together:
# a message saying what to do, and the usual exit statuses.
record plain.data -- "$EX/stacks_calls"
rc=0
"$SCPROF" report -i plain.data --stacks >out.txt 2>err.txt || rc=$?
assert_eq 1 "$rc" "exit status of --stacks on a recording without stacks"
grep -q "has no call stacks; record with 'scprof record --call-graph fp'" err.txt ||
	fail "message for a recording without stacks: $(cat err.txt)"
rc=0
"$SCPROF" report -i stacks_calls.data --stacks --format csv >out.txt 2>err.txt || rc=$?
assert_eq 2 "$rc" "exit status of --stacks --format csv"
rc=0
"$SCPROF" report -i stacks_calls.data --top 3 >out.txt 2>err.txt || rc=$?
assert_eq 2 "$rc" "exit status of --top without --stacks"
