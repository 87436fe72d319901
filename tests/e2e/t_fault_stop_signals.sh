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

# stop_launched SIG STATUS [GROUP]: record 200000 getppid spread over 4 s,
# send SIG after 1.5 s (to the process group with GROUP), expect STATUS.
stop_launched()
{
	local sig=$1 want=$2 group=${3:-} out=$1${3:+-group}.data rec rc=0
	if [[ $group ]]; then
		setsid "$SCPROF" record -o "$out" -- "$FAULT/faultprog" getppid 200000 4 \
			>"$out.stdout" 2>"$out.stderr" &
		rec=$!
		kill_at_exit "$rec"
		sleep 0.2
		[[ $(ps -o pgid= -p "$rec" | tr -d ' ') == "$rec" ]] ||
			fail "setsid did not make scprof record ($rec) a process group leader"
	else
		start_bg rec "$SCPROF" record -o "$out" -- "$FAULT/faultprog" getppid 200000 4 \
			>"$out.stdout" 2>"$out.stderr"
	fi
	sleep 1.5
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
	grep -q "^scprof: recorded [0-9]* syscalls" "$out.stderr" ||
		fail "no summary line after SIG$sig:$(echo; cat "$out.stderr")"
	assert_complete "$out"
	assert_between 1 199999 "$(scf_calls "$out" getppid)" "getppid calls before SIG$sig"
}

stop_launched INT 130
stop_launched TERM 143
stop_launched INT 130 group

# -p: the recorder stops on SIGINT, exits 0, and the target keeps running.
start_bg target "$FAULT/faultprog" ticker >ticks
sleep 0.2
start_bg rec "$SCPROF" record -o attach.data -p "$target" >attach.stdout 2>attach.stderr
sleep 1.5
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
sleep 0.5
after=$(wc -l <ticks)
((after > before)) || fail "the attached process made no progress after the recorder stopped ($before ticks, then $after)"
note "ok: the attached process runs on (state $state, $before then $after ticks)"
