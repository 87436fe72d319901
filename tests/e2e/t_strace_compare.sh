# For deterministic programs, scprof's per-syscall calls and errors agree
# exactly with strace -f -c on the same command (both leave out exit and
# exit_group, which never return).
source "$(dirname "$0")/lib.sh"
need_perf
need_strace
need_example syscall_mix config_reread slow_peer sleeper

bad=0
compare()
{
	local label=$1
	shift
	# Same environment, same output type (a file) for both runs.
	strace -f -c -o strace.txt "$@" >strace.out 2>&1 || fail "strace -f -c $* failed"
	record run.data -- "$@"
	report -i run.data --format csv >run.csv
	strace_counts strace.txt >expected.counts
	csv_counts run.csv >actual.counts
	[[ -s expected.counts ]] || fail "could not parse strace's table:$(echo; cat strace.txt)"
	if compare_counts expected.counts actual.counts >diff.txt; then
		note "ok: $label: $(wc -l <expected.counts) syscalls, calls and errors as strace -f -c"
	else
		echo "$label: scprof differs from strace -f -c:"
		cat diff.txt
		bad=1
	fi
}

compare syscall_mix "$EX/syscall_mix"
compare config_reread "$EX/config_reread"
compare slow_peer "$EX/slow_peer"
compare sleeper "$EX/sleeper"
# ls is deterministic for the same directory (sorted output, same lookups).
compare "ls -l /etc" ls -l /etc
((bad == 0)) || fail "counts differ from strace -f -c"
