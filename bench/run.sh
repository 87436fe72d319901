#!/usr/bin/env bash
# bench/run.sh - recording overhead of scprof against the other syscall
# tracers, side by side in one run.
#
# Every (workload, tool) pair runs N times, interleaved round robin (rep 1
# of every pair, then rep 2, ...; the tool order rotates each rep), and the
# medians are reported as a markdown table on stdout.  Compare figures only
# within one run: the machines are noisy.  See bench/README.md.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
	cat <<'EOF'
usage: bench/run.sh [OPTIONS]

  -n N        repetitions of each (workload, tool) pair (default 3)
  -w LIST     workloads, comma-separated (default dd,storm,forkexec,find)
  -t LIST     tools (default untraced,perf-stat,scprof,scprof-tp,
              perf-record,perf-trace,strace,bpftrace): scprof is the
              default (BPF) recorder, scprof-tp scprof record --no-bpf
              (the tracepoint recorder); also scprof-s64 (record -s 64:
              the first 64 bytes of read/write data too), scprof-nice0
              (record --nice 0: the recorder at normal priority) and
              scprof-base (the scprof at $SCPROF_BASE, e.g. main's build
              beside a branch's, in the same run)
  -g LIST     workloads that also run the stack recorders (default dd;
              "none" for none): scprof-fp0 (-g fp,0: the frame-pointer
              chain alone), scprof-fp (-g fp, every call: the chain with
              the top 256 bytes of stack for its leaf repair), scprof-fp512
              (-g fp,512), scprof-fp64 (-g fp --stack-every 64),
              scprof-dwarf (-g dwarf) and scprof-dwarf64 (-g dwarf
              --stack-every 64)
  -c LIST     workloads that also run scprof-counters (record --counters
              page-faults,context-switches; default dd; "none" for none)
  -O LIST     workloads that also run scprof-offcpu (record --off-cpu;
              default dd,storm,pingpong; "none" for none)
  -s SCALE    multiply the workload sizes (default 1; 0.1 for a quick look)
  -o FILE     also write the markdown results to FILE (raw runs: FILE.tsv)
  -k DIR      keep every run's files (recordings, outputs) in DIR
  -h          this help

Environment: SCPROF=path/to/scprof (default: the repository's ./scprof,
built if missing); SCPROF_REPORT=path/to/scprof for `report` (default
$SCPROF); SCPROF_BASE=path/to/scprof for the scprof-base tool;
BENCH_NO_INSTALL=1 to stop instead of apt-get installing a missing tool.

Workloads:
  dd        dd if=/dev/zero of=/dev/null bs=1 count=500000 (1M syscalls, 1 thread)
  storm     storm 2 250000: 2 threads, each 250000 x (getppid + 1-byte read)
  forkexec  sh -c 'for i in $(seq 300); do /bin/true; done'
  find      find /usr -name '*.h' (not scaled)
  pingpong  storm 2 100000 pingpong: 2 threads pass a byte through two pipes,
            a context switch per read (not in the default list)
EOF
}

REPS=3
WORKLOADS=dd,storm,forkexec,find
TOOLS=untraced,perf-stat,scprof,scprof-tp,perf-record,perf-trace,strace,bpftrace
STACK_WORKLOADS='dd'
COUNTER_WORKLOADS='dd'
OFFCPU_WORKLOADS='dd,storm,pingpong'
SCALE=1
OUT=
KEEP=
while getopts "n:w:t:g:c:O:s:o:k:h" opt; do
	case $opt in
	n) REPS=$OPTARG ;;
	w) WORKLOADS=$OPTARG ;;
	t) TOOLS=$OPTARG ;;
	g) STACK_WORKLOADS=$OPTARG ;;
	c) COUNTER_WORKLOADS=$OPTARG ;;
	O) OFFCPU_WORKLOADS=$OPTARG ;;
	s) SCALE=$OPTARG ;;
	o) OUT=$OPTARG ;;
	k) KEEP=$OPTARG ;;
	h) usage; exit 0 ;;
	*) usage >&2; exit 2 ;;
	esac
done
[[ $REPS =~ ^[1-9][0-9]*$ ]] || die "-n wants a positive count, not '$REPS'"
[[ $SCALE =~ ^[0-9]*\.?[0-9]+$ ]] || die "-s wants a positive number, not '$SCALE'"
IFS=, read -ra WL <<<"$WORKLOADS"
IFS=, read -ra TL <<<"$TOOLS"
IFS=, read -ra SWL <<<"$STACK_WORKLOADS"
IFS=, read -ra CWL <<<"$COUNTER_WORKLOADS"
IFS=, read -ra OWL <<<"$OFFCPU_WORKLOADS"

# ---- tools ----
need=(cc /usr/bin/time)
for t in "${TL[@]}"; do
	case $t in
	untraced | scprof | scprof-tp | scprof-s64 | scprof-nice0) ;;
	scprof-base) [[ -x ${SCPROF_BASE:-} ]] || die "scprof-base wants SCPROF_BASE=path/to/another/scprof" ;;
	perf-stat | perf-record | perf-trace) need+=(perf) ;;
	strace) need+=(strace) ;;
	bpftrace) need+=(bpftrace) ;;
	*) die "unknown tool '$t' (see -h)" ;;
	esac
done
need_tools "${need[@]}"
need_root_and_tracefs
need_scprof
# The syscall count of each workload comes from perf stat: always run it.
[[ ",$TOOLS," == *,perf-stat,* ]] || { need_tools perf; TL+=(perf-stat); }
[[ ",$TOOLS," == *,untraced,* ]] || TL=(untraced "${TL[@]}")

TMP=$(mktemp -d /tmp/scprof-bench.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
if [[ -n $KEEP ]]; then
	mkdir -p "$KEEP" || die "cannot create '$KEEP'"
	RUNS=$KEEP
else
	RUNS=$TMP/runs
fi
mkdir -p "$RUNS"
build_helpers "$TMP"
SW=$TMP/stopwatch

# ---- workloads: each a script run as `sh SCRIPT TIMEFILE` that execs the
# stopwatch, so every tool launches the same simple command line ----
scaled() { awk -v n="$1" -v s="$SCALE" 'BEGIN { v = int(n * s); print v < 1 ? 1 : v }'; }
DD_COUNT=$(scaled 500000)
STORM_ITERS=$(scaled 250000)
FORK_LOOPS=$(scaled 300)
PING_ITERS=$(scaled 100000)
for w in "${WL[@]}"; do
	f=$TMP/w_$w.sh
	case $w in
	dd) echo "exec $SW \"\$1\" dd if=/dev/zero of=/dev/null bs=1 count=$DD_COUNT status=none" >"$f" ;;
	storm) echo "exec $SW \"\$1\" $TMP/storm 2 $STORM_ITERS mixed" >"$f" ;;
	forkexec) echo "exec $SW \"\$1\" sh -c 'for i in \$(seq $FORK_LOOPS); do /bin/true; done'" >"$f" ;;
	find) echo "exec $SW \"\$1\" find /usr -name '*.h'" >"$f" ;;
	pingpong) echo "exec $SW \"\$1\" $TMP/storm 2 $PING_ITERS pingpong" >"$f" ;;
	*) die "unknown workload '$w' (see -h)" ;;
	esac
done
describe() {
	case $1 in
	dd) echo "dd if=/dev/zero of=/dev/null bs=1 count=$DD_COUNT" ;;
	storm) echo "storm 2 $STORM_ITERS (2 threads x $STORM_ITERS x getppid+read)" ;;
	forkexec) echo "sh -c 'for i in \$(seq $FORK_LOOPS); do /bin/true; done'" ;;
	find) echo "find /usr -name '*.h'" ;;
	pingpong) echo "storm 2 $PING_ITERS pingpong (a context switch per read)" ;;
	esac
}

BT_PROG='tracepoint:raw_syscalls:sys_enter { @start[tid] = nsecs; }
tracepoint:raw_syscalls:sys_exit /@start[tid]/ { @lat = hist(nsecs - @start[tid]); delete(@start[tid]); }
END { clear(@start); }'

# tools_for WORKLOAD: the tool list of that workload.
tools_for() {
	local t s
	for t in "${TL[@]}"; do echo "$t"; done
	for s in "${SWL[@]}"; do
		[[ $s == "$1" ]] && printf '%s\n' scprof-fp0 scprof-fp scprof-fp512 scprof-fp64 scprof-dwarf scprof-dwarf64
	done
	for s in "${CWL[@]}"; do
		[[ $s == "$1" ]] && echo scprof-counters
	done
	for s in "${OWL[@]}"; do
		[[ $s == "$1" ]] && echo scprof-offcpu
	done
	return 0
}

RESULTS=$TMP/results.tsv
: >"$RESULTS"
HAVE_REPORT=0
scprof_has report && HAVE_REPORT=1

# run_one WORKLOAD TOOL REP: one run; appends a line to $RESULTS:
# workload tool rep ok wall_ns e2e_ns rss_kb lost json_lost calls bytes stat_enter samples cpu_s
# wcpu_ns (the workload's own CPU time, from the stopwatch)
run_one() {
	local w=$1 tool=$2 rep=$3
	local d=$RUNS/$w.$tool.$rep
	rm -rf "$d"
	mkdir -p "$d"
	local cmd=(/bin/sh "$TMP/w_$w.sh" "$d/wall")
	local pre=() data=
	case $tool in
	untraced) ;;
	perf-stat) pre=(perf stat -e 'raw_syscalls:*' '-x,' -o "$d/stat" --) ;;
	scprof) data=$d/scprof.data; pre=("$SCPROF" record -o "$data" --) ;;
	scprof-tp) data=$d/scprof.data; pre=("$SCPROF" record --no-bpf -o "$data" --) ;;
	scprof-s64) data=$d/scprof.data; pre=("$SCPROF" record -s 64 -o "$data" --) ;;
	scprof-nice0) data=$d/scprof.data; pre=("$SCPROF" record --nice 0 -o "$data" --) ;;
	scprof-base) data=$d/scprof.data; pre=("$SCPROF_BASE" record -o "$data" --) ;;
	scprof-fp0) data=$d/scprof.data; pre=("$SCPROF" record -g fp,0 -o "$data" --) ;;
	scprof-fp) data=$d/scprof.data; pre=("$SCPROF" record -g fp -o "$data" --) ;;
	scprof-fp512) data=$d/scprof.data; pre=("$SCPROF" record -g fp,512 -o "$data" --) ;;
	scprof-fp64) data=$d/scprof.data; pre=("$SCPROF" record -g fp --stack-every 64 -o "$data" --) ;;
	scprof-dwarf) data=$d/scprof.data; pre=("$SCPROF" record -g dwarf -o "$data" --) ;;
	scprof-dwarf64) data=$d/scprof.data; pre=("$SCPROF" record -g dwarf --stack-every 64 -o "$data" --) ;;
	scprof-counters) data=$d/scprof.data
		pre=("$SCPROF" record --counters page-faults,context-switches -o "$data" --) ;;
	scprof-offcpu) data=$d/scprof.data; pre=("$SCPROF" record --off-cpu -o "$data" --) ;;
	perf-record) data=$d/perf.data; pre=(perf record -e 'raw_syscalls:*' -o "$data" --) ;;
	perf-trace) pre=(perf trace -s -o "$d/trace" --) ;;
	strace) pre=(strace -f -c -o "$d/strace" --) ;;
	bpftrace) pre=(bpftrace -o "$d/bpftrace" -e "$BT_PROG" -c "${cmd[*]}"); cmd=() ;;
	esac
	local t0 t1 rc
	t0=${EPOCHREALTIME/./}
	(cd "$d" && /usr/bin/time -f '%M %U %S' -o "$d/rss" "${pre[@]}" "${cmd[@]}" >/dev/null 2>"$d/err")
	rc=$?
	t1=${EPOCHREALTIME/./}
	local ok=1 wall=- e2e=$(((t1 - t0) * 1000)) rss lost=- jlost=- calls=- bytes=- enter=- samples=-
	[[ $rc == 0 && -s $d/wall ]] || ok=0
	[[ -s $d/wall ]] && wall=$(<"$d/wall")
	local wcpu=-
	[[ -s $d/wall.cpu ]] && wcpu=$(<"$d/wall.cpu")
	local cpu=- u s
	read -r rss u s < <(tail -n 1 "$d/rss" 2>/dev/null)
	[[ $rss =~ ^[0-9]+$ ]] || rss=-
	[[ $u =~ ^[0-9.]+$ && $s =~ ^[0-9.]+$ ]] && cpu=$(awk -v u="$u" -v s="$s" 'BEGIN { print u + s }')
	case $tool in
	scprof*)
		local s
		s=$(grep -E '^scprof: recorded' "$d/err" | tail -n 1)
		if [[ $s =~ recorded\ ([0-9]+)\ syscalls.*\ ([0-9]+)\ lost ]]; then
			calls=${BASH_REMATCH[1]}
			lost=${BASH_REMATCH[2]}
		else
			ok=0
		fi
		if ((HAVE_REPORT)) && [[ -s $data ]]; then
			jlost=$("$SCPROF_REPORT" report -i "$data" --format json 2>/dev/null |
				grep -o '"lost_events": *[0-9]*' | head -n 1 | grep -o '[0-9]*$')
			[[ -n $jlost ]] || jlost=-
		fi
		;;
	perf-stat)
		enter=$(awk -F, '$3 == "raw_syscalls:sys_enter" { print $1 }' "$d/stat" 2>/dev/null)
		[[ $enter =~ ^[0-9]+$ ]] || enter=-
		;;
	perf-record)
		samples=$(grep -o '([0-9]* samples)' "$d/err" | grep -o '[0-9]*' | tail -n 1)
		[[ -n $samples ]] || samples=-
		;;
	esac
	if [[ -n $data && -f $data ]]; then
		bytes=$(stat -c %s "$data")
		[[ -n $KEEP ]] || rm -f "$data" "$data.old"
	fi
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$w" "$tool" "$rep" "$ok" \
		"$wall" "$e2e" "$rss" "$lost" "$jlost" "$calls" "$bytes" "$enter" "$samples" "$cpu" \
		"$wcpu" >>"$RESULTS"
	if ((!ok)); then
		note "$w/$tool rep $rep failed (exit $rc); see $d/err:"
		tail -n 3 "$d/err" | sed 's/^/    /' >&2
	fi
	printf 'bench: %-9s %-13s rep %d: %8.3f s%s\n' "$w" "$tool" "$rep" \
		"$(awk -v n="$wall" 'BEGIN { print (n == "-") ? -1 : n / 1e9 }')" \
		"$([[ $lost != - ]] && echo ", lost $lost")" >&2
}

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
note "$(machine); load average $LOAD_START"
note "warm-up: each workload once, untraced (page cache, binaries)"
for w in "${WL[@]}"; do
	/bin/sh "$TMP/w_$w.sh" "$TMP/warm" >/dev/null 2>&1
done
note "$REPS reps of: ${WL[*]}; tools: ${TL[*]}; runs in $RUNS"
for ((rep = 1; rep <= REPS; rep++)); do
	for w in "${WL[@]}"; do
		mapfile -t tl < <(tools_for "$w")
		n=${#tl[@]}
		for ((i = 0; i < n; i++)); do
			run_one "$w" "${tl[(i + rep - 1) % n]}" "$rep"
		done
	done
done

# ---- summary ----
# col NAME -> field number in $RESULTS
col() {
	case $1 in
	ok) echo 4 ;; wall) echo 5 ;; e2e) echo 6 ;; rss) echo 7 ;; lost) echo 8 ;;
	jlost) echo 9 ;; calls) echo 10 ;; bytes) echo 11 ;; enter) echo 12 ;; samples) echo 13 ;;
	cpu) echo 14 ;; wcpu) echo 15 ;;
	esac
}
# med W TOOL FIELD: the median of a field over the reps.
med() {
	awk -F'\t' -v w="$1" -v t="$2" -v c="$(col "$3")" '$1 == w && $2 == t { print $c }' "$RESULTS" | median
}
# maxof W TOOL FIELD
maxof() {
	awk -F'\t' -v w="$1" -v t="$2" -v c="$(col "$3")" '
		$1 == w && $2 == t && $c != "-" { if (!n++ || $c > m) m = $c }
		END { print n ? m : "-" }' "$RESULTS"
}
# minof W TOOL FIELD
minof() {
	awk -F'\t' -v w="$1" -v t="$2" -v c="$(col "$3")" '
		$1 == w && $2 == t && $c != "-" { if (!n++ || $c < m) m = $c }
		END { print n ? m : "-" }' "$RESULTS"
}
fails() {
	awk -F'\t' -v w="$1" -v t="$2" '$1 == w && $2 == t && $4 == 0 { n++ } END { print n + 0 }' "$RESULTS"
}
calc() { awk "BEGIN { x = $1; print x }" 2>/dev/null; }
fmt() { # fmt PRINTF-FORMAT VALUE ("-" stays "-")
	[[ $2 == - || -z $2 ]] && { echo -; return; }
	awk -v f="$1" -v v="$2" 'BEGIN { printf f, v }'
}

declare -A SLOW SLOWMIN BPS RSS LOST CPUR NSPC VSREC CNSPC CVSREC
{
	echo "## Recording overhead"
	echo
	echo "$(machine); load average $LOAD_START at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end."
	echo
	echo "$REPS interleaved runs of each pair. *wall*: the workload's own wall time under"
	echo "the tool (a stopwatch inside the tracer), median; *slowdown*: median wall /"
	echo "median untraced wall; *min*: the same with the fastest runs; *e2e*: the whole"
	echo "tool command (start-up and tear-down included), median / untraced median;"
	echo "*CPU*: user + sys seconds of the tool and the workload together, median, and its"
	echo "ratio to the untraced workload's (steadier than wall time on a busy machine;"
	echo "perf trace's is its own only: the workload's CPU does not reach its rusage)."
	echo "*peak RSS*: the largest of the tool and the workload (compare with the"
	echo "untraced row). *lost*: from scprof's summary line (json: \`scprof report"
	echo "--format json\` lost_events), max over the runs; for perf record, samples"
	echo "missing against 2 x perf stat's count (~). *B/syscall*: file size / syscalls"
	echo "counted by perf stat. *ns/call*: (median wall - untraced) / syscalls; *vs perf"
	echo "record*: that overhead over perf record's. *CPU ns/call*, *CPU vs perf record*:"
	echo "the same from the workload's own CPU time (user + sys, from the stopwatch),"
	echo "which other work on the machine moves less than the wall time."
	for w in "${WL[@]}"; do
		base=$(med "$w" untraced wall)
		basemin=$(minof "$w" untraced wall)
		base_e2e=$(med "$w" untraced e2e)
		base_cpu=$(med "$w" untraced cpu)
		nsys=$(med "$w" perf-stat enter)
		echo
		echo "### $w: \`$(describe "$w")\`, $(fmt '%.0f' "$nsys") syscalls"
		echo
		echo "| tool | wall (s) | slowdown | min | ns/call | vs perf record | CPU ns/call | CPU vs perf record | e2e | CPU (s) | CPU ratio | peak RSS (MiB) | lost | B/syscall |"
		echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
		prec=$(med "$w" perf-record wall)
		base_w=$(med "$w" untraced wcpu)
		prec_w=$(med "$w" perf-record wcpu)
		mapfile -t tl < <(tools_for "$w")
		for t in "${tl[@]}"; do
			wall=$(med "$w" "$t" wall)
			wmin=$(minof "$w" "$t" wall)
			e2e=$(med "$w" "$t" e2e)
			rss=$(med "$w" "$t" rss)
			cpu=$(med "$w" "$t" cpu)
			slow=-; smin=-; eslow=-; cpur=-; bps=-; lost=-; nspc=-; vsrec=-; cnspc=-; cvsrec=-
			wc=$(med "$w" "$t" wcpu)
			[[ $wc != - && $base_w != - && $nsys != - ]] && cnspc=$(calc "($wc - $base_w) / $nsys")
			[[ $wc != - && $base_w != - && ${prec_w:--} != - ]] && cvsrec=$(calc "($wc - $base_w) / ($prec_w - $base_w)")
			[[ $wall != - && $base != - && $nsys != - ]] && nspc=$(calc "($wall - $base) / $nsys")
			[[ $wall != - && $base != - && ${prec:--} != - ]] && vsrec=$(calc "($wall - $base) / ($prec - $base)")
			[[ $wall != - && $base != - ]] && slow=$(calc "$wall / $base")
			[[ $wmin != - && $basemin != - ]] && smin=$(calc "$wmin / $basemin")
			[[ $e2e != - && $base_e2e != - ]] && eslow=$(calc "$e2e / $base_e2e")
			[[ $cpu != - && $base_cpu != - ]] && cpur=$(calc "$cpu / ($base_cpu > 0 ? $base_cpu : 0.01)")
			bytes=$(med "$w" "$t" bytes)
			[[ $bytes != - && $nsys != - ]] && bps=$(calc "$bytes / $nsys")
			case $t in
			scprof*)
				lost=$(maxof "$w" "$t" lost)
				jl=$(maxof "$w" "$t" jlost)
				[[ $jl != - ]] && lost="$lost (json $jl)"
				;;
			perf-record)
				s=$(minof "$w" perf-record samples)
				[[ $s != - && $nsys != - ]] && lost=$(awk -v s="$s" -v n="$nsys" 'BEGIN { d = 2 * n - s; print (d > 2 * n / 1000) ? "~" int(d) : 0 }')
				;;
			esac
			f=$(fails "$w" "$t")
			note=""
			((f)) && note=" ($f failed)"
			SLOW[$w.$t]=$slow; SLOWMIN[$w.$t]=$smin; BPS[$w.$t]=$bps; RSS[$w.$t]=$rss
			LOST[$w.$t]=$lost; CPUR[$w.$t]=$cpur; NSPC[$w.$t]=$nspc; VSREC[$w.$t]=$vsrec
			CNSPC[$w.$t]=$cnspc; CVSREC[$w.$t]=$cvsrec
			printf '| %s%s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$t" "$note" \
				"$(fmt '%.3f' "$(calc "$wall / 1e9")")" "$(fmt '%.2fx' "$slow")" \
				"$(fmt '%.2fx' "$smin")" "$(fmt '%.0f' "$nspc")" "$(fmt '%.2f' "$vsrec")" \
				"$(fmt '%.0f' "$cnspc")" "$(fmt '%.2f' "$cvsrec")" \
				"$(fmt '%.2fx' "$eslow")" \
				"$(fmt '%.2f' "$cpu")" "$(fmt '%.2fx' "$cpur")" \
				"$(fmt '%.1f' "$(calc "$rss / 1024")")" "$lost" "$(fmt '%.1f' "$bps")"
		done
	done

	# ---- the project's targets ----
	echo
	echo "### Targets"
	echo
	verdict() { [[ $1 == 1 ]] && echo "**met**" || echo "**not met**"; }
	has() { [[ -n ${SLOW[$1]:-} && ${SLOW[$1]} != - ]]; }
	# alt A B EXPR: EXPR on the fastest runs' slowdowns and on the CPU
	# ratios of tools A and B (as $a and $b), for a second opinion.
	alt() {
		local m c
		m=$(awk -v a="${SLOWMIN[$1]:--}" -v b="${SLOWMIN[$2]:--}" "BEGIN { if (a == \"-\" || b == \"-\") print \"-\"; else print $3 }")
		c=$(awk -v a="${CPUR[$1]:--}" -v b="${CPUR[$2]:--}" "BEGIN { if (a == \"-\" || b == \"-\") print \"-\"; else print $3 }")
		echo "fastest runs $(fmt '%.2f' "$m"), CPU $(fmt '%.2f' "$c")"
	}
	if has dd.scprof && has dd.perf-record; then
		s=${SLOW[dd.scprof]} p=${SLOW[dd.perf-record]} f=${SLOW[dd.perf-stat]:--}
		echo "- dd overhead at most 0.35 of perf record's: scprof $(fmt '%.2fx' "$s") vs perf record $(fmt '%.2fx' "$p"): overhead ratio (s-1)/(p-1) $(fmt '%.2f' "$(calc "($s - 1) / ($p - 1)")") ($(alt dd.scprof dd.perf-record '(a - 1) / (b - 1)')); by the workload's CPU time $(fmt '%.2f' "${CVSREC[dd.scprof]:--}"): $(verdict "$(calc "$s - 1 <= 0.35 * ($p - 1)")") by wall time, $(verdict "$(calc "${CVSREC[dd.scprof]:-9} <= 0.35")") by CPU time"
		if [[ $f != - ]]; then
			a=${NSPC[dd.scprof]} b=${NSPC[dd.perf-stat]}
			ca=${CNSPC[dd.scprof]:--} cb=${CNSPC[dd.perf-stat]:--}
			echo "- dd within 250 ns per call of the counting floor: scprof $(fmt '%.0f' "$a") ns/call, perf stat $(fmt '%.0f' "$b"): $(fmt '%.0f' "$(calc "$a - $b")") ns above by wall time: $(verdict "$(calc "$a - $b <= 250")"); by CPU time $(fmt '%.0f' "$ca") and $(fmt '%.0f' "$cb"), $(fmt '%.0f' "$(calc "$ca - $cb")") ns above: $(verdict "$(calc "$ca - $cb <= 250")")"
		fi
		if has dd.scprof-base; then
			echo "- the base build (\$SCPROF_BASE) on dd: $(fmt '%.0f' "${NSPC[dd.scprof-base]}") ns/call (CPU $(fmt '%.0f' "${CNSPC[dd.scprof-base]:--}")), overhead $(fmt '%.2f' "${VSREC[dd.scprof-base]}") of perf record's; this build's $(fmt '%.0f' "${NSPC[dd.scprof]}") (CPU $(fmt '%.0f' "${CNSPC[dd.scprof]:--}"))"
		fi
		if has dd.scprof-tp; then
			echo "- the tracepoint recorder (--no-bpf) on dd: $(fmt '%.0f' "${NSPC[dd.scprof-tp]}") ns/call, overhead $(fmt '%.2f' "${VSREC[dd.scprof-tp]}") of perf record's; the BPF recorder's is $(fmt '%.2f' "$(calc "${NSPC[dd.scprof]} / ${NSPC[dd.scprof-tp]}")") of it"
		fi
	fi
	all=1 line=
	for w in "${WL[@]}"; do
		l=${LOST[$w.scprof]:-}
		[[ -z $l ]] && continue
		line+=" $w $l,"
		[[ ${l%% *} == 0 ]] || all=0
	done
	[[ -n $line ]] && echo "- no lost events with default settings (max over runs):${line%,}: $(verdict $all)"
	line=
	for w in "${WL[@]}"; do
		[[ ${BPS[$w.scprof]:--} != - ]] && line+=" $w $(fmt '%.1f' "${BPS[$w.scprof]}"),"
	done
	[[ -n $line ]] && echo "- bytes per call on disk with paths captured (the default):${line%,}"
	if [[ -n ${BPS[dd.scprof]:-} && ${BPS[dd.scprof]} != - && -n ${BPS[dd.perf-record]:-} ]]; then
		a=${BPS[dd.scprof]} b=${BPS[dd.perf-record]}
		echo "- dd bytes per syscall at most 1/20 of perf.data's: scprof $(fmt '%.2f' "$a") vs perf $(fmt '%.1f' "$b") (1/$(fmt '%.0f' "$(calc "$b / $a")")): $(verdict "$(calc "$a <= $b / 20")")"
	fi
	for w in "${WL[@]}"; do
		[[ $w == dd ]] && continue
		if [[ ${BPS[$w.scprof]:--} != - && ${BPS[$w.perf-record]:--} != - ]]; then
			echo "- $w bytes per syscall: scprof $(fmt '%.2f' "${BPS[$w.scprof]}") vs perf $(fmt '%.1f' "${BPS[$w.perf-record]}") (1/$(fmt '%.0f' "$(calc "${BPS[$w.perf-record]} / ${BPS[$w.scprof]}")"))"
		fi
	done
	if has dd.scprof && has dd.scprof-fp; then
		s=${SLOW[dd.scprof]} g=${SLOW[dd.scprof-fp]}
		echo "- --call-graph fp overhead at most double the no-stack overhead: fp $(fmt '%.2fx' "$g") vs none $(fmt '%.2fx' "$s"): overhead ratio $(fmt '%.2f' "$(calc "($g - 1) / ($s - 1)")") ($(alt dd.scprof-fp dd.scprof '(a - 1) / (b - 1)')): $(verdict "$(calc "$g - 1 <= 2 * ($s - 1)")")"
	fi
	# --counters records through the tracepoints: compare with that recorder
	if has dd.scprof-tp && has dd.scprof-counters; then
		s=${SLOW[dd.scprof-tp]} g=${SLOW[dd.scprof-counters]}
		echo "- --counters (page-faults, context-switches) overhead at most 1.5x the tracepoint recorder's: counters $(fmt '%.2fx' "$g") vs scprof-tp $(fmt '%.2fx' "$s"): overhead ratio $(fmt '%.2f' "$(calc "($g - 1) / ($s - 1)")") ($(alt dd.scprof-counters dd.scprof-tp '(a - 1) / (b - 1)')): $(verdict "$(calc "$g - 1 <= 1.5 * ($s - 1)")")"
	fi
	if has dd.scprof && has dd.scprof-fp64; then
		s=${SLOW[dd.scprof]} g=${SLOW[dd.scprof-fp64]}
		echo "- -g fp --stack-every 64 overhead at most double the no-stack overhead: fp64 $(fmt '%.2fx' "$g") vs none $(fmt '%.2fx' "$s"): overhead ratio $(fmt '%.2f' "$(calc "($g - 1) / ($s - 1)")") ($(alt dd.scprof-fp64 dd.scprof '(a - 1) / (b - 1)')): $(verdict "$(calc "$g - 1 <= 2 * ($s - 1)")")"
	fi
	if has dd.scprof-dwarf; then
		echo "- --call-graph dwarf on dd: $(fmt '%.2fx' "${SLOW[dd.scprof-dwarf]}"), $(fmt '%.1f' "${BPS[dd.scprof-dwarf]:--}") B/syscall, lost ${LOST[dd.scprof-dwarf]:--}, peak RSS $(fmt '%.1f' "$(calc "${RSS[dd.scprof-dwarf]:--} / 1024")") MiB"
	fi
	if has dd.scprof-dwarf64; then
		echo "- --call-graph dwarf --stack-every 64 on dd: $(fmt '%.2fx' "${SLOW[dd.scprof-dwarf64]}"), $(fmt '%.1f' "${BPS[dd.scprof-dwarf64]:--}") B/syscall, lost ${LOST[dd.scprof-dwarf64]:--}, peak RSS $(fmt '%.1f' "$(calc "${RSS[dd.scprof-dwarf64]:--} / 1024")") MiB"
	fi
	line=
	for w in "${WL[@]}"; do
		[[ ${RSS[$w.scprof]:--} != - ]] && line+=" $w $(fmt '%.1f' "$(calc "${RSS[$w.scprof]} / 1024")") MiB (untraced $(fmt '%.1f' "$(calc "${RSS[$w.untraced]:-0} / 1024")")),"
	done
	[[ -n $line ]] && echo "- scprof record peak RSS (tool or workload, whichever is larger):${line%,}"
} >"$TMP/table.md"

cat "$TMP/table.md"
if [[ -n $OUT ]]; then
	cp "$TMP/table.md" "$OUT"
	cp "$RESULTS" "$OUT.tsv"
fi
[[ -n $KEEP ]] && cp "$RESULTS" "$KEEP/results.tsv"
exit 0
