# The recorder's summary line, "scprof: recorded N syscalls (E events, L
# lost) in T s; wrote 'F' (SIZE, X bytes/call)", against what the file it
# wrote holds, read by libscf alone (scfcheck) and by stat; and -d N: the
# recording lasts N seconds, not less and not much more.
source "$(dirname "$0")/lib.sh"
source "$ROOT/tests/fault/lib.sh"
need_perf
need_fault

# summary FILE: the fields of the summary line in FILE (recorder's stderr)
# as "calls events lost seconds path size bytes_per_call"
summary()
{
	sed -nE "s/^scprof: recorded ([0-9]+) syscalls \(([0-9]+) events, ([0-9]+) lost\) in ([0-9.]+) s; wrote '([^']*)' \((.*), ([0-9.]+) bytes\/call\)$/\1 \2 \3 \4 \5|\6|\7/p" "$1"
}

# exactly 1000 getppid (faultprog's promise) and nothing else (-e): the
# tracepoint recorder reads one entry and one exit sample each, so 2000
# samples (the trailer's count), the BPF recorder one paired record each;
# the line's events are those in the file (the calls, the command's COMM,
# CMDLINE, MMAP and EXIT records), as report counts them; under 10 KiB the
# size is printed in bytes.
record s.scf -e trace=getppid -- "$FAULT/faultprog" getppid 1000
line=$(summary "$TMP/record.stderr")
[[ -n $line ]] || fail "no summary line:$(echo; cat "$TMP/record.stderr")"
read -r calls events lost secs rest <<<"$line"
IFS='|' read -r path size per_call <<<"$rest"
assert_eq 1000 "$calls" "summary: syscalls"
assert_eq 1000 "$(scf s.scf calls)" "file: calls (scfcheck)"
assert_eq 1000 "$(scf s.scf trailer_calls)" "file: the trailer's calls"
assert_eq 1000 "$(scf_calls s.scf getppid)" "file: getppid calls"
assert_eq "$(scf s.scf events)" "$events" "summary: events = the events in the file (scfcheck)"
assert_between 1002 1100 "$events" "summary: events (the 1000 calls and a few records of the command)"
kind=$("$SCPROF" dump -i s.scf | awk '$1 == "recorder_kind" { print $3 }')
case $kind in
"(tracepoint)") samples=2000 ;;
"(bpf)") samples=1000 ;;
*) fail "recorder_kind '$kind'" ;;
esac
assert_eq $samples "$(scf s.scf trailer_samples)" "file: the trailer's samples (recorder $kind)"
assert_eq 0 "$lost" "summary: lost"
assert_eq 0 "$(scf s.scf trailer_lost)" "file: the trailer's lost"
assert_eq s.scf "$path" "summary: file name"
bytes=$(stat -c %s s.scf)
((bytes < 10240)) || fail "s.scf is $bytes bytes: expected under 10 KiB, where the size is exact"
assert_eq "$bytes bytes" "$size" "summary: size (stat -c %s)"
assert_eq "$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1000 }')" "$per_call" "summary: bytes/call"
# T: the recording's own duration, to the hundredth
assert_eq "$(awk -v d="$(scf s.scf duration_ns)" 'BEGIN { printf "%.2f", d / 1e9 }')" "$secs" \
	"summary: seconds = the trailer's end - the start"

# 10 calls: bytes/call, to a tenth, is then the file's size to the byte
record ten.scf -e trace=getppid -- "$FAULT/faultprog" getppid 10
read -r calls events lost secs rest <<<"$(summary "$TMP/record.stderr")"
IFS='|' read -r path size per_call <<<"$rest"
assert_eq 10 "$calls" "summary: syscalls (10)"
bytes=$(stat -c %s ten.scf)
assert_eq "$bytes bytes" "$size" "summary: size of ten.scf (stat -c %s)"
assert_eq "$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 10 }')" "$per_call" "summary: bytes/call of 10 calls (exact)"

# Every call, the command's start-up included: the line's count is the
# file's, unfinished calls included (the trailer counts every call event).
record a.scf -- "$FAULT/faultprog" getppid 1000
read -r calls events lost secs rest <<<"$(summary "$TMP/record.stderr")"
IFS='|' read -r path size per_call <<<"$rest"
assert_eq "$(scf a.scf trailer_calls)" "$calls" "summary: syscalls = the trailer's calls"
assert_eq "$(($(scf a.scf calls) + $(scf a.scf unfinished)))" "$calls" \
	"summary: syscalls = finished + unfinished calls in the file"
assert_eq "$(scf a.scf events)" "$events" "summary: events = the events in the file (scfcheck)"
assert_eq 1000 "$(scf_calls a.scf getppid)" "file: getppid calls"
bytes=$(stat -c %s a.scf)
((bytes < 10240)) && assert_eq "$bytes bytes" "$size" "summary: size (stat -c %s)"
assert_eq "$(awk -v b="$bytes" -v c="$calls" 'BEGIN { printf "%.1f", b / c }')" "$per_call" "summary: bytes/call"

# -d 1.5 of a command that runs for 4 s: the recording's duration (the
# trailer's end - start), the line's and the recorder's wall-clock time are
# at least 1.5 s and well under 3 s (2N).  The command keeps running after
# -d and ends by itself.
start=$(date +%s%N)
rc=0
"$SCPROF" record -o d.scf -d 1.5 -- "$FAULT/faultprog" getppid 400 4 >/dev/null 2>d.stderr || rc=$?
wall_ms=$((($(date +%s%N) - start) / 1000000))
((rc == 0)) || fail "record -d 1.5 exited with $rc:$(echo; cat d.stderr)"
assert_between 1500 2500 "$wall_ms" "record -d 1.5: the recorder's wall-clock ms"
assert_between 1500000000 2200000000 "$(scf d.scf duration_ns)" "record -d 1.5: the file's duration_ns"
read -r calls events lost secs rest <<<"$(summary d.stderr)"
assert_between 150 220 "$(awk -v s="$secs" 'BEGIN { printf "%d", s * 100 }')" "record -d 1.5: the summary's seconds x 100"
assert_eq 0 "$(scf d.scf truncated)" "record -d 1.5: complete"
