# A run that fails before recording changes nothing on disk: the previous
# recording and its .old stay byte for byte, no temporary file is left,
# and `scprof report` still reads the previous recording.  Each failing
# set-up also gets its one-line message, exactly.
source "$(dirname "$0")/lib.sh"
source "$ROOT/tests/fault/lib.sh"
need_perf
need_fault

record scprof.data -- "$FAULT/faultprog" getppid 11
record scprof.data -- "$FAULT/faultprog" getppid 22
cp scprof.data now.copy
cp scprof.data.old old.copy

# failing WHAT MESSAGE CMD...: CMD exits 1 with MESSAGE (one line; a '*'
# in it matches anything) and leaves both files as they were.
failing()
{
	local what=$1 msg=$2 rc=0
	shift 2
	"$@" >fail.out 2>fail.err || rc=$?
	assert_eq 1 "$rc" "exit status of $what"
	assert_eq 1 "$(wc -l <fail.err)" "lines on stderr from $what"
	# shellcheck disable=SC2053
	[[ $(cat fail.err) == $msg ]] || fail "$what: expected '$msg', got '$(cat fail.err)'"
	note "ok: $what: $(cat fail.err)"
	cmp scprof.data now.copy || fail "$what changed scprof.data"
	cmp scprof.data.old old.copy || fail "$what changed scprof.data.old"
	if ls scprof.data.tmp-* 2>/dev/null; then
		fail "$what left a temporary file"
	fi
	report --format csv >prev.csv
	assert_eq 22 "$(csv_field prev.csv getppid calls)" "$what: getppid calls in the report of scprof.data"
}

failing "-p 999999" "scprof: no process with PID 999999" "$SCPROF" record -p 999999
failing "-m 524288" "scprof: cannot allocate ring buffers of 524288 pages (2097152 KiB) per CPU (Cannot allocate memory); use a smaller -m (default 4096), or raise the locked-memory limit ('ulimit -l', sysctl kernel.perf_event_mlock_kb)" \
	"$SCPROF" record -m 524288 -- "$FAULT/faultprog" getppid 5
failing "ulimit -n 8" "scprof: out of file descriptors (perf_event_open: Too many open files); raise 'ulimit -n'" \
	bash -c 'ulimit -n 8 && exec "$@"' _ "$SCPROF" record -- "$FAULT/faultprog" getppid 5
# A small address space: the rings or the writer's thread cannot be had,
# whichever comes first.  (Not under ASan, which needs terabytes of it.)
# (not `ldd | grep -q`: grep leaving early makes ldd die of SIGPIPE, and
# pipefail then takes the pipeline as false)
if [[ $(ldd "$SCPROF") == *libasan* ]]; then
	note "skipped 'ulimit -v' under ASan"
else
	# below about 18000 KiB neither the BPF recorder's ring (4 MiB on
	# two CPUs) nor the tracepoints' (16 MiB per CPU) can be had
	failing "ulimit -v 12000" "scprof: cannot allocate ring buffers of 4096 pages (16384 KiB) per CPU (Cannot allocate memory); raise 'ulimit -v', or use a smaller -m (default 4096)" \
		bash -c 'ulimit -v 12000 && exec "$@"' _ "$SCPROF" record -- "$FAULT/faultprog" getppid 5
	# the writer's thread (its 8 MiB stack) is refused between about
	# 18000 and 24000 KiB with the BPF recorder, 41000 and 48000 with
	# the tracepoints' larger rings: the middle of that window, so that
	# scprof's own size (the BPF programs it embeds) does not move the
	# case out
	vm=21000
	[[ ${SCPROF_NO_BPF:-} != 1 ]] || vm=44000
	failing "ulimit -v $vm" "scprof: not enough memory to start writing 'scprof.data' (Resource temporarily unavailable); raise 'ulimit -v', or use a smaller -m" \
		bash -c 'ulimit -v "$0" && exec "$@"' "$vm" "$SCPROF" record -- "$FAULT/faultprog" getppid 5
fi

# A run that succeeds rotates as before.
record scprof.data -- "$FAULT/faultprog" getppid 33
cmp scprof.data.old now.copy || fail "the successful run should have rotated scprof.data to .old"
assert_eq 33 "$(scf_calls scprof.data getppid)" "getppid calls in the new scprof.data"
