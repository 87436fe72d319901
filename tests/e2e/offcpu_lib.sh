# offcpu_lib.sh - what the off-CPU tests (t_offcpu_*.sh, record
# --off-cpu) share, after lib.sh.
#
#   offcpu_sums_hold JSON: for the total and every syscall row of a
#     report's JSON, oncpu_ns + blocked_ns + runnable_ns == total_ns
#   offcpu_calls_fit DATA: every call of a recording has blocked +
#     runnable <= its duration (from scprof dump), and how many left the
#     CPU (printed)

offcpu_sums_hold()
{
	local bad
	bad=$(json_flat "$1" | awk -F '\t' '
	$1 ~ /(^total|^syscalls\[[0-9]+\])\.(total_ns|oncpu_ns|blocked_ns|runnable_ns)$/ {
		p = $1; sub(/\.[a-z_]+$/, "", p); f = $1; sub(/.*\./, "", f)
		v[p, f] = $2; rows[p] = 1 }
	END {
		for (p in rows) {
			if (!((p, "oncpu_ns") in v)) { print p ": no oncpu_ns"; continue }
			if (v[p, "oncpu_ns"] + v[p, "blocked_ns"] + v[p, "runnable_ns"] != v[p, "total_ns"])
				print p ": " v[p, "oncpu_ns"] " + " v[p, "blocked_ns"] " + " v[p, "runnable_ns"] " != " v[p, "total_ns"]
			n++
		}
		if (!n) print "no rows"
	}')
	[[ -z $bad ]] || fail "on-CPU + blocked + runnable is not the time:$(echo; echo "$bad")"
	note "ok: on-CPU + blocked + runnable == total_ns for the total and every syscall"
}

offcpu_calls_fit()
{
	"$SCPROF" dump -i "$1" >"$TMP/offcpu.dump" || fail "scprof dump -i $1 failed"
	local out
	out=$(awk '/ CALL / && / offcpu / {
		for (i = 1; i <= NF; i++) { if ($i == "dur") d = $(i + 1); if ($i == "blocked") b = $(i + 1); if ($i == "runnable") r = $(i + 1) }
		n++; if (b + r > d) { bad++; print "bad: " $0 > "/dev/stderr" } }
		END { print n + 0, bad + 0 }' "$TMP/offcpu.dump")
	[[ ${out#* } == 0 ]] || fail "calls with more blocked and runnable time than their duration"
	note "ok: ${out% *} calls left the CPU, each with blocked + runnable <= its duration"
}

# offcpu_lost DATA SYSCALL: calls of SYSCALL whose switch back onto a CPU
# the kernel never reported (SWITCH_LOST, offcpu flags bit 2: about one in
# tens of thousands of context switches on these VMs; the recorder closes
# the interval at the call's exit, and its waker may be unknown)
offcpu_lost()
{
	local n=0 f
	for f in $("$SCPROF" dump -i "$1" | grep " $2(" | grep -o ' offcpu .* flags 0x[0-9a-f]*' | awk '{ print $NF }'); do
		(((f & 4) != 0)) && n=$((n + 1))
	done
	echo "$n"
}
