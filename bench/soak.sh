#!/usr/bin/env bash
# bench/soak.sh - a long recording under a mixed load: checks that the
# recorder's memory stays bounded and that no event is lost.  Not part of
# `make check`: it takes minutes.
#
# For DURATION seconds, at the same time:
#   A. one `scprof record -- sh mixed.sh` records a launched workload that
#      loops over find /usr, a 1-byte dd, a fork/exec loop and tar | wc;
#   B. attach/detach cycles: `scprof record -p PID -d CYCLE` again and
#      again on a long-running two-thread process making syscalls in
#      bursts (storm with pauses).
# Every second the recorders' VmRSS is sampled from /proc.  Passes when
# every recording reports 0 lost events, every recorder's peak RSS is under
# the limit and recorder A's RSS does not grow from the second quarter of
# the run to the last (at most GROWTH KiB).  See bench/README.md.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
	cat <<'EOF'
usage: bench/soak.sh [OPTIONS]

  -t SECONDS  duration (default 180)
  -c SECONDS  length of each attach cycle (default 20)
  -m MIB      peak RSS limit per recorder (default 64)
  -g KIB      allowed RSS growth of the long recorder (default 4096)
  -x OPTS     extra options for every scprof record (e.g. "-m 4096")
  -k DIR      keep the recordings and the RSS log in DIR
  -h          this help

Exit status 0 when every check passes, 1 otherwise.
EOF
}

DURATION=180
CYCLE=20
LIMIT_MIB=64
GROWTH_KIB=4096
KEEP=
XOPTS=
while getopts "t:c:m:g:x:k:h" opt; do
	case $opt in
	t) DURATION=$OPTARG ;;
	c) CYCLE=$OPTARG ;;
	m) LIMIT_MIB=$OPTARG ;;
	g) GROWTH_KIB=$OPTARG ;;
	k) KEEP=$OPTARG ;;
	x) XOPTS=$OPTARG ;;
	h) usage; exit 0 ;;
	*) usage >&2; exit 2 ;;
	esac
done
for v in DURATION CYCLE LIMIT_MIB GROWTH_KIB; do
	[[ ${!v} =~ ^[1-9][0-9]*$ ]] || die "$v wants a positive whole number, not '${!v}'"
done

need_tools cc
need_root_and_tracefs
need_scprof

TMP=$(mktemp -d /tmp/scprof-soak.XXXXXX)
BG=()
cleanup() {
	local p
	for p in "${BG[@]}"; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT
OUTD=${KEEP:-$TMP/out}
mkdir -p "$OUTD" || die "cannot create '$OUTD'"
build_helpers "$TMP"

cat >"$TMP/mixed.sh" <<EOF
# the launched workload: loop until \$1 seconds have passed
end=\$((\$(date +%s) + \$1))
while [ "\$(date +%s)" -lt "\$end" ]; do
	find /usr -name '*.h' >/dev/null
	dd if=/dev/zero of=/dev/null bs=1 count=200000 status=none
	for i in \$(seq 100); do /bin/true; done
	tar -C / -cf - usr/include 2>/dev/null | wc -c >/dev/null
done
EOF

note "$(machine)"
note "soak for $DURATION s: a launched mixed workload, and -p attach cycles of $CYCLE s"
"$TMP/storm" 2 0 mixed 10000 &
LONG=$!
BG+=("$LONG")
sleep 0.2
kill -0 "$LONG" 2>/dev/null || die "the background process did not start"

RSSLOG=$OUTD/rss.tsv
echo -e "t\trecorder\tpid\trss_kib\thwm_kib" >"$RSSLOG"
START=$(date +%s)

read -ra XO <<<"$XOPTS"
"$SCPROF" record "${XO[@]}" -o "$OUTD/launched.data" -- /bin/sh "$TMP/mixed.sh" "$DURATION" \
	>/dev/null 2>"$OUTD/launched.log" &
A=$!
BG+=("$A")

# B: attach cycles in the background, each its own recorder.
(
	i=0
	while (($(date +%s) + CYCLE <= START + DURATION)); do
		i=$((i + 1))
		"$SCPROF" record "${XO[@]}" -p "$LONG" -d "$CYCLE" -o "$OUTD/attach.$i.data" \
			2>"$OUTD/attach.$i.log" &
		echo $! >"$TMP/attach.pid"
		wait $!
		echo "$?" >"$OUTD/attach.$i.rc"
		# keep the disk use flat: the file's size is in the log
		[[ -n $KEEP ]] || rm -f "$OUTD/attach.$i.data"
	done
	rm -f "$TMP/attach.pid"
) &
CYCLER=$!
BG+=("$CYCLER")

sample() { # sample NAME PID
	local rss hwm
	[[ -r /proc/$2/status ]] || return 0
	rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$2/status" 2>/dev/null)
	hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$2/status" 2>/dev/null)
	[[ -n $rss ]] && echo -e "$(($(date +%s) - START))\t$1\t$2\t$rss\t$hwm" >>"$RSSLOG"
}
while kill -0 "$A" 2>/dev/null || kill -0 "$CYCLER" 2>/dev/null; do
	sample launched "$A"
	[[ -s $TMP/attach.pid ]] && sample attach "$(<"$TMP/attach.pid")"
	sleep 1
done
wait "$A"
ARC=$?
wait "$CYCLER"
kill "$LONG" 2>/dev/null

# ---- checks ----
fail=0
check() { # check OK TEXT
	if [[ $1 == 1 ]]; then echo "- PASS: $2"; else echo "- FAIL: $2"; fail=1; fi
}
summary_of() { grep -E '^scprof: recorded' "$1" | tail -n 1; }
lost_of() { summary_of "$1" | sed -nE 's/.* ([0-9]+) lost\).*/\1/p'; }
calls_of() { summary_of "$1" | sed -nE 's/^scprof: recorded ([0-9]+) syscalls.*/\1/p'; }
{
	echo "## Soak ($(machine))"
	echo
	echo "$DURATION s; attach cycles of $CYCLE s on a 2-thread storm (1000 x (getppid +"
	echo "read) then 10 ms of sleep, in a loop); launched: find /usr, dd bs=1"
	echo "count=200000, 100 fork/exec, tar | wc in a loop. scprof record options:"
	echo "${XOPTS:-defaults}."
	echo
	s=$(summary_of "$OUTD/launched.log")
	l=$(lost_of "$OUTD/launched.log")
	echo "- launched recorder: ${s:-no summary line} (exit $ARC)"
	check "$([[ $ARC == 0 && $l == 0 ]] && echo 1)" "launched recording: ${l:-?} lost events"
	n=0 lost_sum=0 calls_sum=0 bad=0
	for log in "$OUTD"/attach.*.log; do
		[[ -e $log ]] || continue
		n=$((n + 1))
		l=$(lost_of "$log") c=$(calls_of "$log") rc=$(cat "${log%.log}.rc" 2>/dev/null)
		[[ -n $l && -n $c && $rc == 0 && $c -gt 0 ]] || { bad=$((bad + 1)); echo "  - $(basename "$log"): exit ${rc:-?}: $(tail -n 1 "$log")"; }
		lost_sum=$((lost_sum + ${l:-0})) calls_sum=$((calls_sum + ${c:-0}))
	done
	check "$([[ $n -gt 0 && $bad == 0 && $lost_sum == 0 ]] && echo 1)" \
		"$n attach cycles, $calls_sum syscalls ($((n ? calls_sum / (n * CYCLE) : 0)) a second), $lost_sum lost events, $bad failed"
	for r in launched attach; do
		peak=$(awk -F'\t' -v r="$r" '$2 == r && $5 > m { m = $5 } END { print m + 0 }' "$RSSLOG")
		[[ $peak == 0 ]] && continue
		check "$(awk -v p="$peak" -v l="$LIMIT_MIB" 'BEGIN { print (p < l * 1024) }')" \
			"$r recorder peak RSS (VmHWM) $(awk -v p="$peak" 'BEGIN { printf "%.1f", p / 1024 }') MiB < $LIMIT_MIB MiB"
	done
	# growth of A: median RSS in the second quarter vs the last quarter
	# (quarters of the launched recorder's actual run, which ends with
	# the workload's last loop, after DURATION)
	d=$(awk -F'\t' '$2 == "launched" && $1 > m { m = $1 } END { print m + 0 }' "$RSSLOG")
	q=$(awk -F'\t' -v d="$d" '$2 == "launched" {
			if ($1 >= d / 4 && $1 < d / 2) a[na++] = $4
			if ($1 >= 3 * d / 4) b[nb++] = $4 }
		function med(v, n,   i, j, t) { for (i = 0; i < n; i++) for (j = i + 1; j < n; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
			return n ? v[int(n / 2)] : -1 }
		END { print med(a, na), med(b, nb) }' "$RSSLOG")
	read -r q2 q4 <<<"$q"
	if [[ $q2 == -1 || $q4 == -1 ]]; then
		check 0 "launched recorder RSS growth: not enough samples"
	else
		check "$( ((q4 - q2 <= GROWTH_KIB)) && echo 1)" \
			"launched recorder RSS: median $((q2 / 1024)) MiB in the 2nd quarter, $((q4 / 1024)) MiB in the last (growth $(((q4 - q2))) KiB <= $GROWTH_KIB KiB)"
	fi
	echo "- RSS samples ($RSSLOG$([[ -z $KEEP ]] && echo ", removed; keep it with -k")): launched min/max $(awk -F'\t' '$2 == "launched" { if (!n++ || $4 < lo) lo = $4; if ($4 > hi) hi = $4 } END { printf "%.1f/%.1f MiB", lo / 1024, hi / 1024 }' "$RSSLOG"), attach min/max $(awk -F'\t' '$2 == "attach" { if (!n++ || $4 < lo) lo = $4; if ($4 > hi) hi = $4 } END { printf "%.1f/%.1f MiB", lo / 1024, hi / 1024 }' "$RSSLOG")"
} >"$OUTD/soak.md"
cat "$OUTD/soak.md"
exit $fail
