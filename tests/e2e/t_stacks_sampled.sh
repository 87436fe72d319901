# --stack-every N: the kernel takes the stack of one call in N of each
# thread (and CPU; the command is pinned to one CPU here), so a run of K
# calls along one path gets floor(K/N) or ceil(K/N) stacks, whatever the
# phase.  The syscall table still counts every call exactly; the stack
# views leave the unsampled calls out and say that they are sampled;
# diff refuses to compare stacks sampled differently.
source "$(dirname "$0")/lib.sh"
source "$ROOT/tests/e2e/stacks_lib.sh"
need_perf
need_example stacks_calls

EVERY=7
# in_run K VALUE WHAT: VALUE is floor(K/EVERY) or ceil(K/EVERY)
in_run()
{
	assert_between $(($1 / EVERY)) $((($1 + EVERY - 1) / EVERY)) "$2" "$3"
}

record fp.data -g fp --stack-every $EVERY -- taskset -c 0 "$EX/stacks_calls"
report -i fp.data --format folded --weight calls >fp.folded
in_run 1000 "$(folded_sum fp.folded 'main;load_config;openat')" "fp: main;load_config;openat stacks"
assert_eq "$(folded_sum fp.folded 'main;load_config;openat')" "$(folded_with fp.folded load_config)" \
	"fp: stacks under load_config (no other path)"
in_run 400 "$(folded_with fp.folded load_cache)" "fp: stacks under load_cache (openat and close)"
in_run 3000 "$(folded_sum fp.folded 'main;spin;getppid')" "fp: main;spin;getppid stacks"
in_run 300 "$(folded_sum fp.folded 'main;work_a;work;getpid')" "fp: main;work_a;work;getpid stacks"
in_run 200 "$(folded_sum fp.folded 'main;work_b;work;getpid')" "fp: main;work_b;work;getpid stacks"
in_run 100 "$(folded_sum fp.folded 'main;via_libc;getppid;getppid')" "fp: main;via_libc;getppid(libc);getppid stacks"

# The table counts every call, sampled or not.
report -i fp.data --format csv >fp.csv
assert_eq 3100 "$(csv_field fp.csv getppid calls)" "fp: getppid calls in the table"
assert_eq 500 "$(csv_field fp.csv getpid calls)" "fp: getpid calls in the table"

# Every call of the one pinned thread counts towards the period, so the
# stacks are one in EVERY of all its calls (less the exit of the execve
# that started it, whose entry came before recording), give or take one.
calls=$(awk -F, 'NR > 1 { s += $3 } END { print s }' fp.csv)
[[ $(head -1 fp.csv | cut -d, -f3) == calls ]] || fail "fp.csv's third column is not calls: $(head -1 fp.csv)"
stacks=$(awk '{ s += $NF } END { print s }' fp.folded)
assert_between $(((calls - 2) / EVERY)) $(((calls + EVERY - 1) / EVERY)) "$stacks" "fp: stacks in all (of $calls calls)"

# The text views say so and show no "[no stack]" for the calls left out.
report -i fp.data --stacks >fp.txt
assert_eq "Stacks were sampled (record --stack-every $EVERY): one call in $EVERY has its stack," \
	"$(head -1 fp.txt)" "fp: --stacks first line"
assert_eq 0 "$(grep -c '\[no stack\]' fp.txt || true)" "fp: [no stack] entries"
report -i fp.data --stacks --format json >fp.json
assert_eq $EVERY "$(json_get fp.json stack_every)" "fp: stack_every in the JSON"
report -i fp.data --format svg >fp.svg
grep -q "by call stack (1 call in $EVERY sampled)</text>" fp.svg || fail "fp: the SVG title does not say the stacks are sampled"
"$SCPROF" dump -i fp.data >fp.dump || fail "scprof dump failed"
assert_eq "stack_every $EVERY" "$(awk '$1 == "stack_every" { print $1, $2 }' fp.dump)" "fp: dump's metadata"

# DWARF: the same sampling, and its stacks see through libc and the vdso.
record dwarf.data -g dwarf --stack-every $EVERY -- taskset -c 0 "$EX/stacks_calls"
report -i dwarf.data --format folded --weight calls >dwarf.folded
in_run 1000 "$(folded_sum dwarf.folded 'main;load_config;openat')" "dwarf: main;load_config;openat stacks"
in_run 3000 "$(folded_sum dwarf.folded 'main;spin;getppid')" "dwarf: main;spin;getppid stacks"
in_run 100 "$(folded_sum dwarf.folded 'main;via_libc;getppid;getppid')" "dwarf: main;via_libc;getppid;getppid stacks"
in_run 50 "$(awk '/;main;cpu_time;.*;clock_gettime [0-9]+$/ { s += $NF } END { print s + 0 }' dwarf.folded)" \
	"dwarf: main;cpu_time;...;clock_gettime stacks"
report -i dwarf.data --format csv >dwarf.csv
assert_eq 1232 "$(csv_field dwarf.csv openat calls)" "dwarf: openat calls in the table (1000 + 200 + the loader's)"

# With -e, the kernel filters before it counts: one in 10 of the getppid
# calls only, 3000 from spin and then 100 through libc.
record filtered.data -g fp --stack-every 10 -e trace=getppid -- taskset -c 0 "$EX/stacks_calls"
report -i filtered.data --format folded --weight calls >filtered.folded
assert_eq 300 "$(folded_sum filtered.folded 'main;spin;getppid')" "-e trace=getppid: spin's stacks"
assert_eq 10 "$(folded_sum filtered.folded 'main;via_libc;getppid;getppid')" "-e trace=getppid: stacks through libc"
assert_eq 310 "$(awk '{ s += $NF } END { print s }' filtered.folded)" "-e trace=getppid: stacks in all"

# diff --stacks compares like with like.
record fp2.data -g fp --stack-every $EVERY -- taskset -c 0 "$EX/stacks_calls"
record every.data -g fp -- "$EX/stacks_calls"
rc=0
"$SCPROF" diff --stacks fp.data fp2.data >diff.txt 2>diff.err || rc=$?
assert_eq 0 "$rc" "exit status of diff --stacks of two recordings sampled alike"
rc=0
"$SCPROF" diff --stacks every.data fp.data >diff.txt 2>diff.err || rc=$?
assert_eq 2 "$rc" "exit status of diff --stacks of recordings sampled differently"
assert_eq "scprof: 'every.data' has the stacks of 1 call in 1 and 'fp.data' of 1 in $EVERY; record both with the same --stack-every" \
	"$(head -1 diff.err)" "diff's message"

# Bad values, and --stack-every without stacks.
for bad in 0 -3 x 1000001; do
	rc=0
	"$SCPROF" record -o bad.data -g fp --stack-every "$bad" -- true >out.txt 2>err.txt || rc=$?
	assert_eq 2 "$rc" "exit status of --stack-every $bad"
	assert_eq "scprof: invalid --stack-every '$bad' (1 to 1000000)" "$(head -1 err.txt)" "message for --stack-every $bad"
done
rc=0
"$SCPROF" record -o bad.data --stack-every 5 -- true >out.txt 2>err.txt || rc=$?
assert_eq 2 "$rc" "exit status of --stack-every without -g"
assert_eq "scprof: --stack-every needs --call-graph fp or dwarf" "$(head -1 err.txt)" "message for --stack-every without -g"
[[ ! -e bad.data ]] || fail "a refused record left bad.data behind"
