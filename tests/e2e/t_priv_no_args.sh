# --no-args: the recording holds no syscall arguments, no command lines
# and no descriptors open at attach (they may hold secrets).  A secret
# passed on the command line appears in a normal recording's report (the
# check can fail) and nowhere in one made with --no-args: not in report
# (table, --events, JSON), not in dump.
source "$(dirname "$0")/lib.sh"
source "$ROOT/tests/fault/lib.sh"
need_perf
need_fault

secret=s3cr3t-TOKEN-4711
record plain.data -- "$FAULT/faultprog" getppid 5 0 "$secret"
report -i plain.data --format json >plain.json
grep -q "$secret" plain.json || fail "the secret is not in a normal recording's report JSON: the check below proves nothing"
assert_between 1 1000 "$(scf plain.data args_nonzero)" "calls with arguments in a normal recording"

record secret.data --no-args -- "$FAULT/faultprog" getppid 5 0 "$secret"
assert_eq "getppid 5" "$(cat record.stdout)" "output of the command"
assert_complete secret.data
assert_eq 5 "$(scf_calls secret.data getppid)" "getppid calls"
assert_eq 0 "$(scf secret.data args_nonzero)" "calls with a non-zero argument"
assert_eq 0 "$(scf secret.data cmdlines)" "CMDLINE records"
assert_eq 0 "$(scf secret.data meta_argc)" "command-line words in the metadata"
assert_eq 1 "$(scf secret.data feature_no_args)" "the no-args feature bit"
report -i secret.data >table.txt
report -i secret.data --events >events.txt
report -i secret.data --format json >secret.json
"$SCPROF" dump -i secret.data >dump.txt 2>dump.err || fail "scprof dump failed: $(cat dump.err)"
for f in table.txt events.txt secret.json dump.txt; do
	if grep -q "$secret" "$f"; then
		fail "the secret is in $f: $(grep -m1 "$secret" "$f")"
	fi
done
note "ok: the secret is in none of: report, report --events, report JSON, dump"
# nor the descriptors open when recording started (which a normal
# recording holds: the command's standard input, output and error)
"$SCPROF" dump -i plain.data >plain-dump.txt
assert_between 3 1000 "$(grep -c ' FD pid ' plain-dump.txt || true)" "FD records of a normal recording"
assert_eq 0 "$(grep -c ' FD pid ' dump.txt || true)" "FD records with --no-args"
# Each CALL line's argument list is "(...)" (left out) or all zeros.
assert_eq 5 "$(grep -c ' CALL .* getppid(' dump.txt)" "getppid CALL lines in dump"
if grep ' CALL ' dump.txt | grep -Ev ' [a-z0-9_]+\((\.\.\.|(0x0|0)(, (0x0|0))*)?\)' >dump-args.txt; then
	fail "dump shows arguments of $(wc -l <dump-args.txt) calls, e.g.: $(head -n 1 dump-args.txt)"
fi
note "ok: dump shows no call's arguments ($(grep -m1 ' getppid(' dump.txt | grep -o 'getppid([^)]*)'))"

# -p: the command line read from /proc is left out too.
gated target go "$FAULT/faultprog" getppid 7 0 "$secret"
start_bg rec timeout 30 "$SCPROF" record --no-args -o attach.data -p "$target" >rec.stdout 2>rec.stderr
wait_recording "$rec"
echo go >go
wait "$target" || fail "the target failed"
rc=0
wait "$rec" || rc=$?
assert_eq 0 "$rc" "exit status of scprof record --no-args -p"
assert_eq 0 "$(scf attach.data cmdlines)" "CMDLINE records with -p"
assert_eq 0 "$(scf attach.data args_nonzero)" "calls with a non-zero argument with -p"
"$SCPROF" dump -i attach.data >dump-p.txt 2>/dev/null || fail "scprof dump failed"
report -i attach.data --format json >attach.json
! grep -q "$secret" dump-p.txt attach.json || fail "the secret of the -p target is in the dump or report"
note "ok: the -p target's secret is in neither dump nor report"
