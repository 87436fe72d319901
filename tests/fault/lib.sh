# tests/fault/lib.sh - helpers of the fault and privilege tests
# (tests/e2e/t_fault_*.sh, t_priv_*.sh), sourced after tests/e2e/lib.sh:
#
#   source "$(dirname "$0")/lib.sh"
#   source "$ROOT/tests/fault/lib.sh"
#
# It adds:
#   FAULT: where faultprog and scfcheck are (build/tests/fault)
#   need_fault: fail unless they are built; need_root: skip unless root
#   share_with_nobody: SCPROF and FAULT become copies that user nobody can
#     run (in TMP), wherever the checkout is
#   scf FILE KEY: one value of `scfcheck FILE` (truncated, calls, ...)
#   scf_calls FILE SYSCALL: calls of SYSCALL in FILE, 0 if none
#   assert_complete FILE: the recording ends with its trailer, and neither
#     scprof report nor scprof dump calls it truncated
#   assert_summary STDERR FILE: the recorder's summary line (in STDERR)
#     agrees with FILE
#   assert_truncated FILE: it was cut short, scprof report reads it with a
#     truncation warning (text and JSON) and scprof dump says so
#   start_bg VAR CMD...: run CMD in the background, its PID in VAR, killed
#     when the test ends; wait_gone PID SECONDS: poll until PID is gone
#   gated VAR FIFO CMD...: a background process (PID in VAR) that waits for
#     a line on FIFO, then execs CMD: attach to it before it starts work
#   with_readable_tracefs CMD...: CMD in a private mount namespace where
#     /sys/kernel/tracing is a world-readable tmpfs holding only the two
#     raw_syscalls tracepoint ids - what a user sees after an admin made
#     tracefs readable, without changing anything outside the test

FAULT=${FAULT:-$ROOT/build/tests/fault}

need_fault()
{
	[[ -x $FAULT/faultprog && -x $FAULT/scfcheck ]] ||
		fail "$FAULT/faultprog or scfcheck is not built (run make)"
}

# share_with_nobody: copy scprof, faultprog and scfcheck into the test's
# directory, readable by every user, and point SCPROF and FAULT at the
# copies, so that uid 65534 can run them wherever the checkout is (a clone
# under /root is out of its reach).  Fails if nobody still cannot run
# them (TMPDIR itself out of its reach).
share_with_nobody()
{
	mkdir -p "$TMP/shared/fault"
	cp "$SCPROF" "$TMP/shared/scprof"
	cp "$FAULT/faultprog" "$FAULT/scfcheck" "$TMP/shared/fault/"
	chmod 755 "$TMP" "$TMP/shared" "$TMP/shared/fault" "$TMP/shared/scprof" "$TMP/shared/fault/"*
	SCPROF=$TMP/shared/scprof
	FAULT=$TMP/shared/fault
	local p
	for p in "$SCPROF" "$FAULT/faultprog"; do
		setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$p" ||
			fail "user nobody (65534) cannot run $p: TMPDIR (${TMPDIR:-/tmp}) must be reachable by every user"
	done
}

need_root()
{
	[[ $(id -u) == 0 ]] || skip "needs root (mount, setpriv, unshare); running as uid $(id -u)"
}

scf()
{
	"$FAULT/scfcheck" "$1" >"$TMP/scfcheck.out" || fail "scfcheck cannot read $1"
	awk -v k="$2" '$1 == k { print $2; found = 1 } END { exit !found }' "$TMP/scfcheck.out" ||
		fail "scfcheck printed no '$2'"
}

scf_calls()
{
	"$FAULT/scfcheck" "$1" >"$TMP/scfcheck.out" || fail "scfcheck cannot read $1"
	awk -v n="$2" '$1 == "syscall" && $2 == n { c = $3 } END { print c + 0 }' "$TMP/scfcheck.out"
}

# The user-visible side of completeness: scprof report (text and JSON) and
# scprof dump.
assert_complete()
{
	local f=$1
	assert_eq 0 "$(scf "$f" truncated)" "scfcheck: $f truncated"
	report -i "$f" >"$TMP/complete.txt"
	if grep -qi 'truncat' "$TMP/complete.txt" "$TMP/report.stderr"; then
		fail "scprof report -i $f warns about truncation: $(grep -hi truncat "$TMP/complete.txt" "$TMP/report.stderr")"
	fi
	report -i "$f" --format json >"$TMP/complete.json"
	assert_eq false "$(json_get "$TMP/complete.json" truncated)" "report JSON: $f truncated"
	local rc=0
	"$SCPROF" dump -i "$f" >"$TMP/dump.out" 2>"$TMP/dump.err" || rc=$?
	((rc == 0)) || fail "scprof dump -i $f exited with $rc: $(head -3 "$TMP/dump.err")"
	[[ $(tail -n 1 "$TMP/dump.out") =~ ^end:\ [0-9]+\ events,\ complete$ ]] ||
		fail "scprof dump -i $f should end with 'end: N events, complete', got: $(tail -n 1 "$TMP/dump.out")"
	note "ok: $f is complete (scfcheck, report, report JSON, dump)"
}

assert_truncated()
{
	local f=$1
	assert_eq 1 "$(scf "$f" truncated)" "scfcheck: $f truncated"
	report -i "$f" >"$TMP/trunc.txt"
	grep -q 'warning: recording truncated' "$TMP/trunc.txt" "$TMP/report.stderr" ||
		fail "scprof report -i $f shows no truncation warning"
	report -i "$f" --format json >"$TMP/trunc.json"
	assert_eq true "$(json_get "$TMP/trunc.json" truncated)" "report JSON: $f truncated"
	local rc=0
	"$SCPROF" dump -i "$f" >"$TMP/dump.out" 2>"$TMP/dump.err" || rc=$?
	((rc == 0)) || fail "scprof dump -i $f exited with $rc: $(head -3 "$TMP/dump.err")"
	[[ $(tail -n 1 "$TMP/dump.out") =~ ^end:\ [0-9]+\ events,\ truncated ]] ||
		fail "scprof dump -i $f should end with 'end: N events, truncated ...', got: $(tail -n 1 "$TMP/dump.out")"
	note "ok: $f is truncated and readable (scfcheck, report, report JSON, dump)"
}

# assert_summary STDERR FILE: the recorder's summary line in STDERR counts
# the calls and lost events the trailer of FILE holds, and the events the
# file holds.
assert_summary()
{
	local line
	line=$(sed -nE 's/^scprof: recorded ([0-9]+) syscalls \(([0-9]+) events, ([0-9]+) lost\) in .*/\1 \2 \3/p' "$1")
	[[ -n $line ]] || fail "no summary line in $1:$(echo; cat "$1")"
	assert_eq "$(scf "$2" trailer_calls) $(scf "$2" events) $(scf "$2" trailer_lost)" "$line" \
		"summary line's syscalls, events and lost = $2's (trailer's calls and lost, events read)"
}

start_bg()
{
	local -n _pid=$1
	shift
	"$@" &
	_pid=$!
	kill_at_exit "$_pid"
}

# wait_gone PID SECONDS: 0 once PID no longer exists, 1 after SECONDS.
wait_gone()
{
	local i
	for ((i = 0; i < $2 * 20; i++)); do
		kill -0 "$1" 2>/dev/null || return 0
		sleep 0.05
	done
	return 1
}

gated()
{
	local -n _gpid=$1
	local fifo=$2
	shift 2
	[[ -p $fifo ]] || mkfifo "$fifo"
	bash -c 'read -r _ <"$0" && exec "$@"' "$fifo" "$@" &
	_gpid=$!
	kill_at_exit "$_gpid"
	# Return once bash waits to open the FIFO (blocked in openat, syscall
	# 257): its start-up calls (getppid among them) are over, so a
	# recorder attached now sees only the gated program's calls.
	# Up to 30 s, as wait_recording: bash's start-up takes seconds on a
	# machine at load 9.
	local _i
	for _i in $(seq 600); do
		[[ $(cut -d' ' -f1 "/proc/$_gpid/syscall" 2>/dev/null) == 257 ]] && return 0
		sleep 0.05
	done
	fail "the gated process $_gpid never waited on $fifo (30 s)"
}

with_readable_tracefs()
{
	local t=/sys/kernel/tracing/events/raw_syscalls enter exit
	enter=$(cat "$t/sys_enter/id") && exit=$(cat "$t/sys_exit/id") ||
		fail "cannot read the raw_syscalls tracepoint ids in $t"
	unshare --mount --propagation private bash -c '
		set -e
		mount -t tmpfs -o mode=755 scprof-test-tracefs /sys/kernel/tracing
		mkdir -p /sys/kernel/tracing/events/raw_syscalls/sys_enter \
			/sys/kernel/tracing/events/raw_syscalls/sys_exit
		echo "$1" >/sys/kernel/tracing/events/raw_syscalls/sys_enter/id
		echo "$2" >/sys/kernel/tracing/events/raw_syscalls/sys_exit/id
		shift 2
		exec "$@"' bash "$enter" "$exit" "$@"
}
