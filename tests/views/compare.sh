#!/usr/bin/env bash
# compare.sh - does a change of the code keep every view's output?  Runs
# every view of `scprof report`, `diff` and `dump` with two scprof
# binaries over the same recordings and compares their standard output,
# standard error and exit status byte for byte.
#
#   bash tests/views/compare.sh -r REV [-n NEW] [-k DIR]
#   bash tests/views/compare.sh -o OLD [-n NEW] [-k DIR]
#
# -r REV builds revision REV (any git revision: main, a commit) in a
#        temporary directory (git archive, make scprof) as the old binary;
# -o OLD takes an old scprof binary as it is;
# -n NEW the new binary (default ./scprof, built by make);
# -k DIR keep the recordings and outputs in DIR (default: a temporary
#        directory, removed at the end).
#
# The recordings: the examples (build/examples/, `make` builds them)
# recorded afresh with the new binary, with and without call stacks, and
# the golden recordings of tests/data/.  Needs root to record (as
# `scprof record` does).  Prints each view that differs, with the
# difference, and one summary line; exit status 1 if any differs.
#
# Messages whose wording was made one on purpose (see reword below) are
# rewritten in the old binary's standard error before comparing; the
# standard output of every view must not change at all.
set -uo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
old= rev= new=$root/scprof keep=
while getopts "r:o:n:k:h" opt; do
	case $opt in
	r) rev=$OPTARG ;;
	o) old=$OPTARG ;;
	n) new=$OPTARG ;;
	k) keep=$OPTARG ;;
	*) sed -n '2,/^set/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 2 ;;
	esac
done
[[ -n $old || -n $rev ]] || { echo "compare.sh: give -r REV or -o OLD (see -h)" >&2; exit 2; }
[[ -x $new ]] || { echo "compare.sh: no new binary '$new'; run make" >&2; exit 2; }
new=$(cd "$(dirname "$new")" && pwd)/$(basename "$new")

if [[ -n $keep ]]; then
	work=$keep
	mkdir -p "$work"
else
	work=$(mktemp -d "${TMPDIR:-/tmp}/scprof-views.XXXXXX")
	trap 'rm -rf "$work"' EXIT
fi

if [[ -n $rev ]]; then
	echo "building $rev in $work/base"
	rm -rf "$work/base" && mkdir -p "$work/base"
	git -C "$root" archive "$rev" | tar -x -C "$work/base" || exit 2
	make -C "$work/base" -j2 scprof >"$work/base.log" 2>&1 ||
		{ echo "compare.sh: building $rev failed, see $work/base.log" >&2; exit 2; }
	old=$work/base/scprof
fi
old=$(cd "$(dirname "$old")" && pwd)/$(basename "$old")

# ---- recordings ----
ex=$root/build/examples
rec=$work/rec
mkdir -p "$rec"
record() { # NAME ARGS...: record with the new binary into $rec/NAME.scprof
	local name=$1
	shift
	"$new" record -o "$rec/$name.scprof" "$@" >"$rec/$name.out" 2>&1 ||
		{ echo "compare.sh: recording $name failed:" >&2; cat "$rec/$name.out" >&2; exit 2; }
}
record config_reread -- "$ex/config_reread"
record syscall_mix -- "$ex/syscall_mix" 2000 300 40 7 3
record sleeper -- "$ex/sleeper"
record slow_peer -- "$ex/slow_peer"
record stacks_fp -g fp -- "$ex/stacks_calls"
record stacks_dwarf -g dwarf -- "$ex/stacks_nofp"
record stacks_strip -g fp --stack-every 3 -- "$ex/stacks_strip"
record syscall_mix2 -- "$ex/syscall_mix" 2500 200 40 9 3
# a binary gone since: named from the symbol tables stored in the recording
cp "$ex/stacks_calls" "$rec/gone_prog"
record stacks_gone -g fp -- "$rec/gone_prog"
rm -f "$rec/gone_prog"
recordings=("$rec"/*.scprof)
for f in "$root"/tests/data/*.scf "$root"/tests/data/random.bin "$root"/tests/data/perf.data; do
	[[ -e $f ]] && recordings+=("$f")
done
stacked=("$rec"/stacks_*.scprof)
for f in "$root"/tests/data/*.scf; do
	case $f in *stack* | *complete*) stacked+=("$f") ;; esac
done

# ---- views ----
report_views=(
	""
	"-L"
	"--errors"
	"--hist"
	"--hist read write"
	"--by process"
	"--by thread"
	"--by comm"
	"--by process,syscall"
	"--by comm,syscall -L"
	"--stuck"
	"--stuck --format json"
	"--events"
	"--events --failed"
	"--format json"
	"--format json --by thread -L --errors --hist"
	"--format csv"
	"--format csv --by thread"
	"-S calls"
	"-S name -L"
	"-S errors --errors"
	"-S avg -L"
	"-S max -L"
	"-e trace=%file,read"
	"-e trace=!futex --by process"
	"--failed --errors"
	"--successful"
	"--min-duration 10us"
	"--time 0.001,"
	"--comm syscall_mix"
)
stack_views=(
	"--stacks"
	"--stacks=tree"
	"--stacks --lines"
	"--stacks --top 2 --weight calls"
	"--stacks --format json"
	"--stacks --by process"
	"--stacks --by thread"
	"--stacks --by comm"
	"--format folded"
	"--format folded --weight calls"
	"--format svg"
	"--stacks -e trace=openat --failed"
)
diff_views=(
	""
	"--by process"
	"--by cmdline"
	"--by thread"
	"--by comm"
	"--format json"
	"--format csv"
	"-S calls"
	"--per-second"
	"--per write"
	"--fail-if calls>0"
	"--fail-if p99(read)>+10%"
	"-e trace=%file --failed"
)
diff_stack_views=(
	"--stacks"
	"--stacks --top 3 -S calls"
	"--format folded"
	"--format svg"
)

# Old wordings of messages that report, diff and dump now word alike.
reword() {
	sed -E \
		-e "s/corrupt recording \(bad chunk at byte ([0-9]+)\); the part before it is intact/corrupt recording (chunk at offset \1)/" \
		-e "s/^scprof: warning: '(.*)' is truncated: the recorder stopped before finishing; comparing its complete chunks$/scprof: warning: '\1': recording truncated: the recorder stopped before finishing; showing CHUNKS/" \
		-e "s/^scprof: warning: (.*)recording truncated: the recorder stopped before finishing; showing (its|[0-9]+) complete chunks?$/scprof: warning: \1recording truncated: the recorder stopped before finishing; showing CHUNKS/" \
		-e "s/^scprof: warning: '(.*)': the kernel dropped ([0-9]+) events, so its counts are low/scprof: warning: '\1': the kernel dropped \2 events, so counts are low/" \
		-e "s/^scprof: warning: the kernel dropped ([0-9]+) events; some calls are missing/scprof: warning: the kernel dropped \1 events, so counts are low/"
}

same=0 differ=0
out=$work/out
mkdir -p "$out"
# run NAME ARGS...: the view with both binaries, compared
run() {
	local name=$1
	shift
	local o=$out/$name
	(cd "$work" && "$old" "$@" >"$o.old.stdout" 2>"$o.old.stderr"; echo $? >"$o.old.rc")
	(cd "$work" && "$new" "$@" >"$o.new.stdout" 2>"$o.new.stderr"; echo $? >"$o.new.rc")
	reword <"$o.old.stderr" >"$o.old.stderr.x" && mv "$o.old.stderr.x" "$o.old.stderr"
	reword <"$o.new.stderr" >"$o.new.stderr.x" && mv "$o.new.stderr.x" "$o.new.stderr"
	local bad=0 part
	for part in stdout stderr rc; do
		cmp -s "$o.old.$part" "$o.new.$part" || bad=1
	done
	if ((bad)); then
		differ=$((differ + 1))
		echo "DIFFERS: scprof $*"
		for part in stdout stderr rc; do
			diff "$o.old.$part" "$o.new.$part" | head -20 | sed "s/^/    $part: /"
		done
	else
		same=$((same + 1))
		rm -f "$o".*
	fi
}

n=0
for r in "${recordings[@]}"; do
	for v in "${report_views[@]}"; do
		# shellcheck disable=SC2086
		run "report-$((n++))" report -i "$r" $v
	done
	run "dump-$((n++))" dump -i "$r"
	run "dump-$((n++))" dump -s -i "$r"
done
for r in "${stacked[@]}"; do
	for v in "${stack_views[@]}"; do
		# shellcheck disable=SC2086
		run "stacks-$((n++))" report -i "$r" $v
	done
done
mix="$rec/syscall_mix.scprof" mix2="$rec/syscall_mix2.scprof"
pairs=("$mix $mix2" "$mix,$rec/config_reread.scprof $mix2"
	"$rec/sleeper.scprof $rec/slow_peer.scprof"
	"$mix $mix2 $rec/config_reread.scprof"
	"$root/tests/data/complete.scf $root/tests/data/trunc-payload.scf"
	"$mix $root/tests/data/flip-events.scf")
for p in "${pairs[@]}"; do
	for v in "${diff_views[@]}"; do
		# shellcheck disable=SC2086
		run "diff-$((n++))" diff $v $p
	done
done
spairs=("$rec/stacks_fp.scprof $rec/stacks_dwarf.scprof" "$rec/stacks_fp.scprof $rec/stacks_strip.scprof")
for p in "${spairs[@]}"; do
	for v in "${diff_stack_views[@]}"; do
		# shellcheck disable=SC2086
		run "diffstacks-$((n++))" diff $v $p
	done
done
# the commands' usage errors and help
for args in "report --help" "diff --help" "dump --help" "record --help" "--help" \
	"report --by nothing" "report --stuck --events" "diff --fail-if calls" \
	"record" "record -m 3 -- true" "dump -x" "report -i $work/none.scprof" \
	"diff $work/none.scprof $mix"; do
	# shellcheck disable=SC2086
	run "cli-$((n++))" $args
done

echo "$same views identical, $differ differ (old $old, new $new)"
((differ == 0))
