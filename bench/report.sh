#!/usr/bin/env bash
# bench/report.sh - offline analysis speed: `scprof report` on a recording
# of >= 10 million syscalls against `perf trace -i -s` and `perf script` on
# the perf.data of the same workload.
#
# Records a workload of COUNT syscalls once with scprof and once with perf
# record, and a tenth of it with scprof (to show that the report's memory
# does not grow with the event count), then runs
# every reader N times, interleaved round robin, and prints the medians as
# a markdown table: wall time, CPU time, syscalls per second (wall and per
# CPU second) and peak RSS.  See bench/README.md.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
	cat <<'EOF'
usage: bench/report.sh [OPTIONS]

  -n N        runs of each reader (default 3)
  -c COUNT    syscalls in the big recording (default 10000000)
  -w WORKLOAD getppid (default): `storm 1 COUNT getppid`, one thread making
              COUNT getppid calls (the easy case: one syscall, one thread);
              find: `find /usr -name '*.h'` run again and again, about
              250000 syscalls each, of about 30 kinds, some failing
  -m PAGES    scprof record's ring buffer pages per CPU for the recordings
              (default 16384: the point is a complete recording to read)
  -d DIR      keep the recordings in DIR and reuse them when present
              (default: a temporary directory, removed at the end)
  -o FILE     also write the markdown results to FILE
  -b SCPROF   also run every scprof reader with this other build (rows
              marked "(base)"), interleaved in the same run: a change's
              report speed against its base's
  -P          leave perf out (no perf.data, no perf readers, no targets
              against perf): for comparing two scprof builds quickly
  -h          this help

Environment: SCPROF=path/to/scprof, the recorder (default: the
repository's ./scprof); SCPROF_REPORT=path/to/scprof, the reader (default
$SCPROF);
BENCH_NO_INSTALL=1 to stop instead of apt-get installing a missing tool.
Needs about 230 bytes of disk per syscall for perf.data (2.3 GB at 10M).
EOF
}

REPS=3
COUNT=10000000
PAGES=16384
WORKLOAD=getppid
DIR=
OUT=
BASE=
NO_PERF=0
while getopts "n:c:m:w:d:o:b:Ph" opt; do
	case $opt in
	n) REPS=$OPTARG ;;
	c) COUNT=$OPTARG ;;
	m) PAGES=$OPTARG ;;
	w) WORKLOAD=$OPTARG ;;
	d) DIR=$OPTARG ;;
	o) OUT=$OPTARG ;;
	b) BASE=$OPTARG ;;
	P) NO_PERF=1 ;;
	h) usage; exit 0 ;;
	*) usage >&2; exit 2 ;;
	esac
done
[[ $REPS =~ ^[1-9][0-9]*$ ]] || die "-n wants a positive count, not '$REPS'"
[[ $COUNT =~ ^[1-9][0-9]*$ ]] || die "-c wants a positive count, not '$COUNT'"
[[ $WORKLOAD == getppid || $WORKLOAD == find ]] || die "-w wants getppid or find, not '$WORKLOAD'"

[[ -z $BASE || -x $BASE ]] || die "-b wants an scprof binary, not '$BASE'"
if ((NO_PERF)); then need_tools cc /usr/bin/time; else need_tools cc perf /usr/bin/time; fi
need_root_and_tracefs
need_scprof

TMP=$(mktemp -d /tmp/scprof-report-bench.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
if [[ -n $DIR ]]; then
	mkdir -p "$DIR" || die "cannot create '$DIR'"
else
	DIR=$TMP/rec
	mkdir -p "$DIR"
fi
build_helpers "$TMP"
SMALL=$((COUNT / 10))

# ---- recordings ----
# workload COUNT: the command making about COUNT syscalls.
workload() {
	if [[ $WORKLOAD == getppid ]]; then
		echo "$TMP/storm 1 $1 getppid"
	else
		echo "sh $TMP/finds.sh $((($1 + 249999) / 250000))"
	fi
}
echo 'for i in $(seq $1); do find /usr -name "*.h" >/dev/null; done' >"$TMP/finds.sh"
# record NAME COUNT TOOL...: make DIR/NAME unless it is there already.
record() {
	local name=$1 count=$2 cmd
	shift 2
	if [[ -s $DIR/$name && -s $DIR/$name.log ]]; then
		note "reusing $DIR/$name"
		return
	fi
	read -ra cmd <<<"$(workload "$count")"
	note "recording $name: ${cmd[*]}"
	rm -f "$DIR/$name" "$DIR/$name.old"
	"$@" -o "$DIR/$name" -- "${cmd[@]}" >/dev/null 2>"$DIR/$name.log" ||
		die "recording $name failed: $(tail -n 2 "$DIR/$name.log")"
}
record scprof.data "$COUNT" "$SCPROF" record -m "$PAGES"
record scprof-small.data "$SMALL" "$SCPROF" record -m "$PAGES"
((NO_PERF)) || record perf.data "$COUNT" perf record -e 'raw_syscalls:*'

# calls_of LOG: the syscall count from scprof's summary line.
calls_of() {
	sed -nE 's/^scprof: recorded ([0-9]+) syscalls.*/\1/p' "$1" | tail -n 1
}
lost_of() {
	sed -nE 's/^scprof: recorded .* ([0-9]+) lost\).*/\1/p' "$1" | tail -n 1
}
CALLS=$(calls_of "$DIR/scprof.data.log")
CALLS_SMALL=$(calls_of "$DIR/scprof-small.data.log")
LOST=$(lost_of "$DIR/scprof.data.log")
LOST_SMALL=$(lost_of "$DIR/scprof-small.data.log")
SAMPLES=0
((NO_PERF)) || SAMPLES=$(grep -o '([0-9]* samples)' "$DIR/perf.data.log" | grep -o '[0-9]*' | tail -n 1)
[[ -n $CALLS && -n $SAMPLES ]] || die "cannot read the recordings' event counts from $DIR/*.log"
PERF_CALLS=$((SAMPLES / 2))

# ---- readers ----
HAVE_REPORT=0 HAVE_DUMP=0
scprof_has report && HAVE_REPORT=1
scprof_has dump && HAVE_DUMP=1
# name | needs | events | command (run by bash -c, stdout to /dev/null)
READERS=(
	"scprof report|report|$CALLS|\"\$SCPROF_REPORT\" report -i \"\$DIR/scprof.data\""
	"scprof report --latency|report|$CALLS|\"\$SCPROF_REPORT\" report -i \"\$DIR/scprof.data\" --latency"
	"scprof report --by thread|report|$CALLS|\"\$SCPROF_REPORT\" report -i \"\$DIR/scprof.data\" --by thread"
	"scprof report --format json|report|$CALLS|\"\$SCPROF_REPORT\" report -i \"\$DIR/scprof.data\" --format json"
	"scprof report (1/10 recording)|report|$CALLS_SMALL|\"\$SCPROF_REPORT\" report -i \"\$DIR/scprof-small.data\""
	"scprof dump|dump|$CALLS|\"\$SCPROF_REPORT\" dump -i \"\$DIR/scprof.data\""
)
if ((!NO_PERF)); then
	READERS+=(
		"perf trace -i -s|perf|$PERF_CALLS|perf trace -i \"\$DIR/perf.data\" -s -o /dev/null"
		"perf script|perf|$PERF_CALLS|perf script -i \"\$DIR/perf.data\""
	)
fi
# -b: the same scprof readers with the base build
if [[ -n $BASE ]]; then
	for r in "${READERS[@]}"; do
		IFS='|' read -r name needs events cmd <<<"$r"
		[[ $needs == perf ]] && continue
		READERS+=("$name (base)|$needs|$events|${cmd//\$SCPROF_REPORT/\$BASE}")
	done
fi
export SCPROF SCPROF_REPORT DIR BASE
RESULTS=$TMP/results.tsv
: >"$RESULTS"

runnable() {
	case $1 in
	report) ((HAVE_REPORT)) ;;
	dump) ((HAVE_DUMP)) ;;
	*) true ;;
	esac
}

note "$(machine)"
note "$REPS reps; recordings in $DIR"
n=${#READERS[@]}
for ((rep = 1; rep <= REPS; rep++)); do
	for ((i = 0; i < n; i++)); do
		IFS='|' read -r name needs events cmd <<<"${READERS[(i + rep - 1) % n]}"
		runnable "$needs" || continue
		# warm the page cache once, untimed
		[[ $rep == 1 ]] && bash -c "$cmd" >/dev/null 2>&1
		/usr/bin/time -f '%e %U %S %M' -o "$TMP/time" bash -c "$cmd" >/dev/null 2>"$TMP/err"
		rc=$?
		read -r wall user sys rss < <(tail -n 1 "$TMP/time")
		printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$rep" "$rc" "$wall" \
			"$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" "$rss" "$events" >>"$RESULTS"
		note "$(printf '%-32s rep %d: %7.2f s, %6.1f MiB%s' "$name" "$rep" "$wall" \
			"$(awk -v k="$rss" 'BEGIN { print k / 1024 }')" "$([[ $rc != 0 ]] && echo ", exit $rc: $(tail -n 1 "$TMP/err")")")"
	done
done

med() {
	awk -F'\t' -v r="$1" -v c="$2" '$1 == r { print $c }' "$RESULTS" | median
}
calc() { awk "BEGIN { x = $1; print x }" 2>/dev/null; }
fmt() {
	[[ $2 == - || -z $2 ]] && { echo -; return; }
	awk -v f="$1" -v v="$2" 'BEGIN { printf f, v }'
}
size_mib() { awk -v b="$(stat -c %s "$1")" 'BEGIN { printf "%.1f", b / 1048576 }'; }

declare -A WALL RSS RATE
{
	echo "## Report speed ($(machine))"
	echo
	echo "Recordings of \`$(workload "$COUNT" | sed "s|$TMP/||")\` (scprof record -m $PAGES): scprof.data $(size_mib "$DIR/scprof.data") MiB,"
	echo "$CALLS syscalls, $LOST lost; perf.data $(size_mib "$DIR/perf.data") MiB, $SAMPLES samples"
	echo "($PERF_CALLS syscalls); the 1/10 scprof recording: $CALLS_SMALL syscalls, $LOST_SMALL lost."
	echo "Medians of $REPS interleaved runs (page cache warm), output to /dev/null."
	echo "*syscalls/s*: syscalls in the file / wall time; *per CPU s*: / (user + sys)."
	echo
	echo "| reader | wall (s) | CPU (s) | syscalls/s | syscalls per CPU s | peak RSS (MiB) |"
	echo "| --- | ---: | ---: | ---: | ---: | ---: |"
	for r in "${READERS[@]}"; do
		IFS='|' read -r name needs events cmd <<<"$r"
		if ! runnable "$needs"; then
			echo "| $name | pending ('scprof $needs' is not implemented in $SCPROF_REPORT) | | | | |"
			continue
		fi
		wall=$(med "$name" 4) cpu=$(med "$name" 5) rss=$(med "$name" 6)
		fails=$(awk -F'\t' -v r="$name" '$1 == r && $3 != 0 { n++ } END { print n + 0 }' "$RESULTS")
		WALL[$name]=$wall RSS[$name]=$rss
		RATE[$name]=$(calc "$events / ($cpu > 0 ? $cpu : 0.001)")
		printf '| %s%s | %s | %s | %s | %s | %s |\n' "$name" "$( ((fails)) && echo " ($fails failed)")" \
			"$(fmt '%.2f' "$wall")" "$(fmt '%.2f' "$cpu")" \
			"$(fmt '%.2fM' "$(calc "$events / ($wall > 0 ? $wall : 0.001) / 1e6")")" \
			"$(fmt '%.2fM' "$(calc "${RATE[$name]} / 1e6")")" "$(fmt '%.1f' "$(calc "$rss / 1024")")"
	done
	echo
	echo "### Targets"
	echo
	verdict() { [[ $1 == 1 ]] && echo "**met**" || echo "**not met**"; }
	if ((HAVE_REPORT && !NO_PERF)); then
		a=${WALL[scprof report]} b=${WALL[perf trace -i -s]}
		echo "- report at least 10x faster than \`perf trace -i -s\`: $(fmt '%.2f' "$a") s vs $(fmt '%.2f' "$b") s (per syscall: $(fmt '%.1f' "$(calc "($b / $PERF_CALLS) / ($a / $CALLS)")")x faster): $(verdict "$(calc "($b / $PERF_CALLS) >= 10 * ($a / $CALLS)")")"
		r=${RATE[scprof report]}
		echo "- at least 20 million events per CPU second for the default table: $(fmt '%.1f' "$(calc "$r / 1e6")") M/s: $(verdict "$(calc "$r >= 20e6")")"
		big=${RSS[scprof report]} small=${RSS[scprof report (1/10 recording)]}
		echo "- peak memory independent of the event count, under 64 MiB at $CALLS syscalls: $(fmt '%.1f' "$(calc "$big / 1024")") MiB ($CALLS syscalls) vs $(fmt '%.1f' "$(calc "$small / 1024")") MiB ($CALLS_SMALL): $(verdict "$(calc "$big < 65536 && $big <= 1.25 * $small + 2048")")"
		for v in "--latency" "--by thread" "--format json"; do
			echo "  - \`scprof report $v\`: $(fmt '%.1f' "$(calc "${RSS[scprof report $v]} / 1024")") MiB, $(fmt '%.1f' "$(calc "${RATE[scprof report $v]} / 1e6")") M syscalls per CPU s"
		done
	elif ((NO_PERF)); then
		echo "- against perf: not measured (-P)"
	else
		echo "- report targets: pending (\`scprof report\` is not implemented in this build)"
	fi
} >"$TMP/table.md"
cat "$TMP/table.md"
if [[ -n $OUT ]]; then
	cp "$TMP/table.md" "$OUT"
	cp "$RESULTS" "$OUT.tsv"
fi
exit 0
