# Both recorders, the BPF one (default) and the tracepoint one (--no-bpf),
# give identical calls and errors per syscall for the example programs:
# threads, forked children, exec, a -e filter, -g fp (and the same
# stacks).  One recording of each with each recorder, compared row by row
# (futex aside: threads contend differently from run to run).
source "$(dirname "$0")/lib.sh"
source "$ROOT/tests/fault/lib.sh"
need_bpf
need_fault
need_example syscall_mix sleeper slow_peer config_reread stacks_calls

# same NAME [RECORD-OPTIONS...] -- COMMAND...: record with both, compare
same()
{
	local name=$1
	shift
	record "$name.bpf.data" "$@"
	record "$name.tp.data" --no-bpf "$@"
	[[ $("$SCPROF" dump -i "$name.bpf.data" | grep '^  recorder_kind') == "  recorder_kind  2 (bpf)" ]] ||
		fail "$name: not recorded by the BPF recorder"
	report -i "$name.bpf.data" --format csv >"$name.bpf.csv"
	report -i "$name.tp.data" --format csv >"$name.tp.csv"
	csv_counts "$name.bpf.csv" >"$name.bpf.counts"
	csv_counts "$name.tp.csv" >"$name.tp.counts"
	# how often threads wait on a futex depends on their timing, not on
	# the recorder: not compared
	compare_counts "$name.tp.counts" "$name.bpf.counts" futex ||
		fail "$name: the BPF recorder's counts differ from the tracepoint recorder's"
	note "ok: $name: $(wc -l <"$name.bpf.counts") syscalls, the same calls and errors"
}

same mix -- "$EX/syscall_mix"
same sleeper -- "$EX/sleeper"
same slow_peer -- "$EX/slow_peer"
same config -- "$EX/config_reread"
same stacks -- "$EX/stacks_calls"
same forks -- "$FAULT/faultprog" forks 20
same threads -- "$FAULT/faultprog" threads 40 3
same exec -- "$FAULT/faultprog" exec 50 "$FAULT/faultprog" getppid 70
same filter -e trace=getppid,openat,clone,exit_group -- "$EX/syscall_mix"

# -g fp: the BPF recorder takes the user stack with bpf_get_stack, the
# tracepoint one with perf's callchain: the same stacks, call for call.
same stacks_fp -g fp -- "$EX/stacks_calls"
report -i stacks_fp.bpf.data --format folded --weight calls | sort >fp.bpf.folded
report -i stacks_fp.tp.data --format folded --weight calls | sort >fp.tp.folded
diff fp.tp.folded fp.bpf.folded >fp.diff || fail "-g fp: the stacks differ:$(echo; head -20 fp.diff)"
assert_eq 1000 "$(awk '/;main;load_config;openat / { s += $NF } END { print s + 0 }' fp.bpf.folded)" \
	"-g fp: main;load_config;openat stacks of the BPF recorder"
