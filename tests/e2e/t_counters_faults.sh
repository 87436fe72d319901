# record --counters: one read(2) of 1000 pages from /dev/zero into fresh,
# untouched anonymous memory takes exactly 1000 page faults (all minor),
# charged to that read, in every view; a run with 1200 pages trips
# --fail-if 'page-faults(read) > +10%'.
source "$(dirname "$0")/counters_lib.sh"
need_perf
need_counters_target

record f1000.data --counters page-faults,minor-faults,major-faults -- "$COUNTERS_TARGET" faults 1000
grep -q "^scprof: recorded" "$TMP/record.stderr" || fail "no summary line"
# the counters are read in the tracepoints' samples: that recorder records,
# and says why (unless --no-bpf asked for it: SCPROF_NO_BPF=1, e2e's second pass)
if [[ ${SCPROF_NO_BPF:-} != 1 ]]; then
	grep -q "^scprof: recording through the syscall tracepoints: --counters " "$TMP/record.stderr" ||
		fail "no note on the recorder:$(echo; cat "$TMP/record.stderr")"
fi
report -i f1000.data --format json >rec.json
assert_eq tracepoint "$(json_get rec.json recording.recorder)" "the recorder of a recording with counters"

# the one big read, as stored
line=$(dump_calls f1000.data read | grep "= 4096000 ")
[[ -n $line ]] || fail "no read of 4096000 bytes in the recording"
assert_eq "1000 1000 0" "$(call_counters "$line")" "page-faults minor-faults major-faults of the read"
"$SCPROF" dump -i f1000.data >dump.txt
grep -q "counter 0 *'page-faults' type 1 config 0x2 " dump.txt ||
	fail "dump does not show the counter's encoding"

# the report: CSV columns, JSON "counters" keyed by the names given
report -i f1000.data --format csv -e trace=read >read.csv
reads=$(csv_field read.csv read calls)
assert_eq 1000 "$(csv_field read.csv read page-faults)" "CSV page-faults of read"
assert_eq 1000 "$(csv_field read.csv read minor-faults)" "CSV minor-faults of read"
assert_eq "$reads" "$(csv_field read.csv read counted_calls)" "CSV counted_calls of read"
report -i f1000.data --format json >f.json
assert_eq 1000 "$(json_syscall f.json read 'counters.page-faults')" "JSON counters.page-faults of read"
assert_eq 0 "$(json_syscall f.json read 'counters.major-faults')" "JSON counters.major-faults of read"

# the table: a column per counter, its total per syscall; per call with --latency
report -i f1000.data -e trace=read >table.txt
grep -q "page-faults minor-faults major-faults syscall" table.txt ||
	fail "no counter columns in the table:$(echo; cat table.txt)"
awk '$NF == "read" { if ($(NF-3) != 1000) exit 1; found = 1 } END { exit !found }' table.txt ||
	fail "table: read's page-faults is not 1000:$(echo; cat table.txt)"
report -i f1000.data -e trace=read --latency >latency.txt
grep -q "page-faults/call" latency.txt || fail "no per-call column with --latency"

# the event log ends each call's line with its counts
report -i f1000.data --events -e trace=read >events.txt
grep -q "= 4096000 <[0-9.]*> {page-faults=1000 minor-faults=1000 major-faults=0}$" events.txt ||
	fail "event log:$(echo; cat events.txt)"

# --by carries them
report -i f1000.data --by process --format csv >proc.csv
assert_eq 1000 "$(csv_sum proc.csv page-faults)" "page-faults summed over --by process"

# diff compares them and --fail-if gates on them
record f1200.data --counters page-faults,minor-faults,major-faults -- "$COUNTERS_TARGET" faults 1200
"$SCPROF" diff --format csv f1000.data f1200.data >diff.csv
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
	$col["name"] == "read" { print $col["page-faults_base"], $col["page-faults_new"] }' diff.csv >pf.txt
assert_eq "1000 1200" "$(cat pf.txt)" "diff CSV page-faults of read"
rc=0
"$SCPROF" diff --fail-if 'page-faults(read) > +10%' f1000.data f1200.data >/dev/null 2>gate.err || rc=$?
assert_eq 3 "$rc" "exit status of a tripped counter rule"
grep -q "read page-faults 1000 -> 1200 (+20.0%)" gate.err || fail "gate message:$(echo; cat gate.err)"
"$SCPROF" diff --fail-if 'page-faults(read) > +25%' f1000.data f1200.data >/dev/null
rc=0
"$SCPROF" diff --fail-if 'cycles(read) > +1%' f1000.data f1200.data >/dev/null 2>nocnt.err || rc=$?
assert_eq 2 "$rc" "exit status of a rule on a counter no recording holds"
grep -q "unknown metric 'cycles'" nocnt.err || fail "message:$(echo; cat nocnt.err)"
note "ok: 1000 pages, 1000 page faults in read, in dump, CSV, JSON, table, --by and diff"
