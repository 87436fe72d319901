#!/usr/bin/env bash
# valgrind.sh - `make valgrind`: memcheck over the reader side of scprof.
#
# Runs scprof report (JSON with latency/histograms/errors; for readable
# recordings also text, CSV by thread, by process with --stuck and
# --events, and scfcheck) and scprof dump under
# valgrind on every file in tests/data/ and on recordings made here: a
# normal one, with frame-pointer and DWARF stacks, --no-args, one with lost
# events, one cut by SIGKILL, and damaged copies (cut mid-chunk, cut inside
# the header, bytes overwritten, empty, not a recording).  Also records once
# under valgrind with the tracepoint recorder (-d 2: the recorder cannot see
# its target end under valgrind, which lacks pidfd_open).
#
# valgrind's own error status is 99 (--error-exitcode=99), not 1: reading a
# damaged file legitimately exits 1.  A run fails when valgrind reports an
# error (invalid access, uninitialised value, definite leak), when the
# program dies by a signal, or when a readable recording is not read (exit
# status not 0).  VALGRIND_JOBS (default 2) files are checked at a time.
# Prints one line per file and a summary; exit status 1 if anything failed.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SCPROF=${SCPROF:-$ROOT/scprof}
EX=${EX:-$ROOT/build/examples}
FAULT=${FAULT:-$ROOT/build/tests/fault}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/scprof-valgrind.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
# Add options through valgrind's own VALGRIND_OPTS, e.g.
# VALGRIND_OPTS=--track-origins=yes to find where an uninitialised value
# came from (slower).
VG=(valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite
	--show-leak-kinds=definite)
JOBS=${VALGRIND_JOBS:-2}

# vg WANT NAME CMD...: run CMD under valgrind; WANT is "ok" (exit 0) or
# "any" (any exit status below 128 other than valgrind's 99).  Appends a
# line to $runs_file; prints a FAIL line and valgrind's words on failure.
vg()
{
	local want=$1 name=$2 rc=0 err
	shift 2
	echo run >>"$runs_file"
	err=$(mktemp "$TMP/vg.XXXXXX")
	"${VG[@]}" "$@" >/dev/null 2>"$err" || rc=$?
	if ((rc == 99)) || ((rc >= 128)) || { [[ $want == ok ]] && ((rc != 0)); }; then
		echo "FAIL  $name: $* exited with $rc"
		sed 's/^/    /' "$err" | head -60
		return 1
	fi
	return 0
}

# check_file WANT FILE: the readers over FILE.  A readable recording (WANT
# ok): every view of report (the pprof and trace exports too), dump and
# scfcheck.  Any other file: report's JSON view with every computation
# (-L --hist --errors) and dump (every record).
check_file()
{
	local want=$1 f=$2 name ok=1
	name=$(basename "$f")
	vg "$want" "$name" "$SCPROF" report -i "$f" --format json -L --hist --errors || ok=0
	if [[ $want == ok ]]; then
		vg "$want" "$name" "$SCPROF" report -i "$f" || ok=0
		vg "$want" "$name" "$SCPROF" report -i "$f" --format csv --by thread || ok=0
		vg "$want" "$name" "$SCPROF" report -i "$f" --by process,syscall --stuck || ok=0
		vg "$want" "$name" "$SCPROF" report -i "$f" --events || ok=0
		vg "$want" "$name" "$SCPROF" report -i "$f" --format pprof || ok=0
		vg "$want" "$name" "$SCPROF" report -i "$f" --format trace || ok=0
		vg "$want" "$name" "$FAULT/scfcheck" "$f" || ok=0
	fi
	vg "$want" "$name" "$SCPROF" dump -i "$f" || ok=0
	((ok)) && printf 'PASS  %-28s (%s)\n' "$name" "$want"
}

# JOBS files at a time; each job's output is kept and printed in order.
njobs=0
queue()
{
	njobs=$((njobs + 1))
	runs_file=$TMP/runs.$njobs
	: >"$runs_file"
	check_file "$@" >"$TMP/log.$njobs" 2>&1 &
	while (($(jobs -rp | wc -l) >= JOBS)); do
		wait -n
	done
}

make_recordings()
{
	local d=$TMP/rec rec
	mkdir -p "$d"
	cd "$d" || exit 1
	"$SCPROF" record -o mix.data -- "$EX/syscall_mix" 300 200 100 7 5 >/dev/null 2>&1 &&
		"$SCPROF" record -o stack-fp.data -g fp -- "$EX/syscall_mix" 30 20 10 3 2 >/dev/null 2>&1 &&
		"$SCPROF" record -o stack-dwarf.data -g dwarf,1024 -- "$EX/syscall_mix" 30 20 10 3 2 >/dev/null 2>&1 &&
		"$SCPROF" record -o noargs.data --no-args -- "$EX/syscall_mix" 30 20 10 3 2 >/dev/null 2>&1 &&
		"$SCPROF" record -o lost.data -m 1 -- "$FAULT/faultprog" getppid 20000 >/dev/null 2>&1 ||
		{ echo "valgrind.sh: cannot make the recordings (scprof record failed; run as root)"; exit 1; }
	"$SCPROF" record -o killed.data -- "$FAULT/faultprog" getppid 20000 2 >/dev/null 2>&1 &
	rec=$!
	sleep 1.5
	kill -KILL "$rec"
	wait "$rec" 2>/dev/null
	sleep 0.6 # the orphaned command ends
	local size
	size=$(stat -c %s mix.data)
	head -c $((size / 2)) mix.data >cut-mid.data
	head -c 40 mix.data >cut-header.data
	cp mix.data corrupt.data
	printf 'scprof-valgrind-garbage-%.0s' 1 2 3 4 | dd of=corrupt.data bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null
	: >empty.data
	printf 'not a recording\n' >text.data
	cd "$ROOT" || exit 1
}

[[ -x $SCPROF && -x $FAULT/scfcheck && -x $EX/syscall_mix ]] ||
	{ echo "valgrind.sh: build first (make)"; exit 1; }
make_recordings
for f in mix stack-fp stack-dwarf noargs lost; do
	queue ok "$TMP/rec/$f.data"
done
for f in killed cut-mid cut-header corrupt empty text; do
	queue any "$TMP/rec/$f.data"
done
# The golden files (tests/data/README.md): recordings, damaged ones and
# other files; the scripts, sources and notes there are left out.
for f in "$ROOT"/tests/data/*; do
	[[ -f $f && $f != *.md && $f != *.sh && $f != *.c ]] || continue
	queue any "$f"
done
wait
njobs=$((njobs + 1))
runs_file=$TMP/runs.$njobs
# (--no-bpf: valgrind knows too little of the bpf() syscall to check
# libbpf's calls, and warns about uninitialised bytes it never reads; the
# BPF recorder's own code runs under ASan in make asan)
if vg ok record "$SCPROF" record --no-bpf -d 2 -o "$TMP/under-valgrind.data" -- "$FAULT/faultprog" getppid 100 \
	>"$TMP/log.$njobs" 2>&1; then
	vg ok record "$FAULT/scfcheck" "$TMP/under-valgrind.data" >>"$TMP/log.$njobs" 2>&1 &&
		printf 'PASS  %-28s\n' "record (under valgrind)" >>"$TMP/log.$njobs"
fi

for ((i = 1; i <= njobs; i++)); do
	cat "$TMP/log.$i"
done
runs=$(cat "$TMP"/runs.* | wc -l)
failed=$(cat "$TMP"/log.* | grep -c '^FAIL')
echo "$runs valgrind runs, $failed failed"
((failed == 0))
