# record --off-cpu needs the BPF recorder: with --no-bpf (or
# SCPROF_NO_BPF=1), --counters or -g dwarf it is a usage error naming the
# fix, before anything runs; --no-off-cpu is accepted and turns it off;
# report --wait on a recording without off-CPU times says how to make one.
source "$(dirname "$0")/lib.sh"
need_perf
need_example sleeper

rc=0
"$SCPROF" record --off-cpu --no-bpf -o x.data -- "$EX/sleeper" >out.txt 2>err.txt || rc=$?
assert_eq 2 "$rc" "exit status of --off-cpu --no-bpf"
[[ $(grep -c "^scprof: --off-cpu needs the BPF recorder (the syscall tracepoints do not see context switches): drop --no-bpf" err.txt) == 1 ]] ||
	fail "unexpected message:$(echo; cat err.txt)"
[[ ! -e x.data ]] || fail "a recording was written"
rc=0
SCPROF_NO_BPF=1 "$SCPROF" record --off-cpu -o x.data -- "$EX/sleeper" >out.txt 2>err.txt || rc=$?
assert_eq 2 "$rc" "exit status of --off-cpu with SCPROF_NO_BPF=1"
[[ $(grep -c "drop SCPROF_NO_BPF=1" err.txt) == 1 ]] || fail "unexpected message:$(echo; cat err.txt)"
rc=0
"$SCPROF" record --off-cpu --counters page-faults -o x.data -- "$EX/sleeper" >out.txt 2>err.txt || rc=$?
assert_eq 2 "$rc" "exit status of --off-cpu --counters"
[[ $(grep -c "^scprof: --off-cpu needs the BPF recorder, and --counters records through the tracepoints" err.txt) == 1 ]] ||
	fail "unexpected message:$(echo; cat err.txt)"
rc=0
"$SCPROF" record --off-cpu -g dwarf -o x.data -- "$EX/sleeper" >out.txt 2>err.txt || rc=$?
assert_eq 2 "$rc" "exit status of --off-cpu -g dwarf"

# --no-off-cpu: accepted, and the last one given wins
record plain.data --off-cpu --no-off-cpu -- "$EX/sleeper"
[[ $("$SCPROF" dump -i plain.data | grep -c '^  features .*off-cpu') == 0 ]] || fail "--no-off-cpu recorded off-CPU times"
rc=0
"$SCPROF" report -i plain.data --wait >out.txt 2>err.txt || rc=$?
assert_eq 1 "$rc" "exit status of report --wait without off-CPU times"
assert_eq "scprof: 'plain.data' has no off-CPU times; record with 'scprof record --off-cpu'" \
	"$(cat err.txt)" "report --wait's message"
report -i plain.data --format json >plain.json
[[ $(grep -c '"blocked_ns"' plain.json) == 0 ]] || fail "JSON of a recording without off-CPU times has blocked_ns"
note "ok: no off-CPU keys without off-CPU times"
