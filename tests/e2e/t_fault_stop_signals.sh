# SIGINT and SIGTERM to the recorder mid-recording: it stops, writes a
# complete file (trailer included: report and dump read it without a
# truncation warning), passes the signal on to the launched command and
# exits as the command did (130 for SIGINT, 143 for SIGTERM).  Ctrl-C, which
# signals the whole process group, ends the same way.  With -p the
# recorder exits 0 and the process it watched keeps running.
source "$(dirname "$0")/lib.sh"
source "$ROOT/tests/fault/lib.sh"
need_perf
need_fault

# has_chunk FILE: the recording's complete EVENTS chunks (cut every
# second) hold half a second of calls: the recorder is mid-recording, with
# calls in the file
has_chunk()
{
	events_span "$1" 0.5
}

# stop_launched SIG STATUS [GROUP]: record 200000 getppid spread over 4 s,
# send SIG once the first chunk is written (to the process group with
# GROUP), expect STATUS.
stop_launched()
{
	local sig=$1 want=$2 group=${3:-} out=$1${3:+-group}.data rec rc=0
	if [[ $group ]]; then
		setsid "$SCPROF" record -o "$out" -- "$FAULT/faultprog" getppid 200000 4 \
			>"$out.stdout" 2>"$out.stderr" &
		rec=$!
		kill_at_exit "$rec"
		leader() { [[ $(ps -o pgid= -p "$rec" | tr -d ' ') == "$rec" ]]; }
		wait_until 10 "setsid making scprof record ($rec) a process group leader" leader
	else
		start_bg rec "$SCPROF" record -o "$out" -- "$FAULT/faultprog" getppid 200000 4 \
			>"$out.stdout" 2>"$out.stderr"
	fi
	wait_until 20 "an EVENTS chunk in $out" has_chunk "$out"
	kill -0 "$rec" 2>/dev/null || fail "scprof record ended before SIG$sig:$(echo; cat "$out.stderr")"
	if [[ $group ]]; then
		kill -"$sig" -- -"$rec"
	else
		kill -"$sig" "$rec"
	fi
	wait_gone "$rec" 10 || fail "scprof record still runs 10 s after SIG$sig"
	wait "$rec" || rc=$?
	assert_eq "$want" "$rc" "exit status of scprof record after SIG$sig${group:+ to its process group}"
	assert_eq "" "$(cat "$out.stdout")" "output of the command killed by SIG$sig"
	assert_complete "$out"
	assert_summary "$out.stderr" "$out"
	assert_between 1 199999 "$(scf_calls "$out" getppid)" "getppid calls before SIG$sig"
}

stop_launched INT 130
stop_launched TERM 143
stop_launched INT 130 group

# -p: the recorder stops on SIGINT, exits 0, and the target keeps running.
start_bg target "$FAULT/faultprog" ticker >ticks
wait_until 10 "a first tick of the target" test -s ticks
start_bg rec "$SCPROF" record -o attach.data -p "$target" >attach.stdout 2>attach.stderr
wait_recording "$rec"
wait_until 20 "an EVENTS chunk in attach.data" has_chunk attach.data
kill -INT "$rec"
wait_gone "$rec" 10 || fail "scprof record -p still runs 10 s after SIGINT"
rc=0
wait "$rec" || rc=$?
assert_eq 0 "$rc" "exit status of scprof record -p after SIGINT"
assert_complete attach.data
assert_between 1 100000000 "$(scf_calls attach.data getppid)" "getppid calls of the ticker"
state=$(awk '{ print $3 }' "/proc/$target/stat")
[[ $state == [RSD] ]] || fail "the attached process is in state '$state' after the recorder stopped"
before=$(wc -l <ticks)
more_ticks() { (($(wc -l <ticks) > before)); }
wait_until 10 "the attached process making progress after the recorder stopped ($before ticks)" more_ticks
after=$(wc -l <ticks)
note "ok: the attached process runs on (state $state, $before then $after ticks)"
