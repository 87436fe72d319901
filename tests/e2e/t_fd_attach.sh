# Descriptors open before the recorder attached (-p) are named from
# /proc/PID/fd: fdattach_target opens a file (its name has < and >,
# which -y escapes as strace -y does) as descriptor 3 and a pipe as
# 4 and 5, says it is ready on a FIFO and waits for "go" on another; the
# recorder attaches in between.  Its N reads of 3 go under the file's path
# in --by file and print as read(3</path>, ...) with --events -y, the
# write to and read from the pipe under pipe:[INODE] as /proc names it.
# Then a launched command's inherited descriptors and working directory,
# and -a.  Both recorders: the names come from /proc, not from captured
# arguments.
source "$(dirname "$0")/lib.sh"
need_perf
FT=$ROOT/build/tests/e2e/fdattach_target
[[ -x $FT ]] || fail "$FT is not built (run make)"

N=37
data="$TMP/in<put>.txt"
head -c "$N" /dev/zero | tr '\0' x >"$data"
mkfifo ready go
"$FT" "$data" ready go "$N" >target.out 2>&1 &
target=$!
kill_at_exit "$target"
# the line comes once its descriptors are open
read -r line <ready
[[ $line == ready ]] || fail "fdattach_target said '$line', not ready:$(echo; cat target.out)"
pipe=$(readlink "/proc/$target/fd/5")
[[ $pipe == 'pipe:['*']' ]] || fail "descriptor 5 of fdattach_target is $pipe, not a pipe"
timeout 30 "$SCPROF" record -o attach.data -p "$target" >rec.out 2>rec.err &
rec=$!
kill_at_exit "$rec"
wait_recording "$rec"
echo go >go
wait "$target" || fail "fdattach_target failed:$(echo; cat target.out)"
rc=0
wait "$rec" || rc=$?
((rc == 0)) || fail "scprof record -p exited with $rc:$(echo; cat rec.err)"

# the recording holds them, the file's by its path as readlink gave it
"$SCPROF" dump -i attach.data >dump.txt
assert_eq 1 "$(grep -cF " FD pid $target fd 3 '$data'" dump.txt || true)" "the FD record of descriptor 3"
assert_eq 1 "$(grep -cF " FD pid $target fd 5 '$pipe'" dump.txt || true)" "the FD record of descriptor 5"

report -i attach.data --by file --format csv >files.csv
assert_eq "$N" "$(csv_sum files.csv calls file="$data" name=read)" "reads under $data"
assert_eq "$N" "$(csv_sum files.csv calls file="$data")" "calls under $data"
assert_eq 1 "$(csv_sum files.csv calls file="$pipe" name=write)" "writes under $pipe"
assert_eq 1 "$(csv_sum files.csv calls file="$pipe" name=read)" "reads under $pipe"
assert_eq 0 "$(csv_rows files.csv file='fd 3 (unknown)')" "calls on an unknown descriptor 3"

report -i attach.data --events -y >events.txt
esc=${data//</\\74}
esc=${esc//>/\\76}
assert_eq "$N" "$(grep -cE "\] read\(3<$(printf '%s' "$esc" | sed 's/[][\\.*^$()+?{}|]/\\&/g')>, 0x[0-9a-f]+, 1\) = 1 <" events.txt || true)" \
	"read(3</path>, ...) lines"
assert_eq 1 "$(grep -cF "] write(5<$pipe>, " events.txt || true)" "write(5<pipe:[...]>, ...) lines"
assert_eq 1 "$(grep -cF "] read(4<$pipe>, " events.txt || true)" "read(4<pipe:[...]>, ...) lines"

# A launched command: the descriptors it keeps across its exec (here its
# standard input on the file and its output on /dev/null) and its working
# directory, with which every AT_FDCWD prints
"$SCPROF" record -o cmd.data -- cat <"$data" >/dev/null 2>cmd.err || fail "scprof record -- cat failed:$(echo; cat cmd.err)"
report -i cmd.data --events -y >cmd.txt
assert_eq 1 "$(grep -cE "\] read\(0<$(printf '%s' "$esc" | sed 's/[][\\.*^$()+?{}|]/\\&/g')>, 0x[0-9a-f]+, [0-9]+\) = $N <" cmd.txt || true)" \
	"cat's read(0</path>, ...) = $N"
assert_eq 1 "$(grep -cE "\] write\(1</dev/null>, 0x[0-9a-f]+, $N\) = $N <" cmd.txt || true)" "cat's write(1</dev/null>, ...)"
cwd=$(pwd -P)
opens=$(grep -c '\] openat(' cmd.txt || true)
((opens > 0)) || fail "no openat in cat's recording"
assert_eq "$opens" "$(grep -cF "] openat(AT_FDCWD<$cwd>, " cmd.txt || true)" "openat calls with AT_FDCWD<$cwd>"
report -i cmd.data --by file --format csv >cmd.csv
assert_eq 2 "$(csv_sum cmd.csv calls file="$data" name=read)" "cat's reads under $data (the data, then the end)"

# -a: every process's descriptors are read too (within a budget this
# small machine is far from): the same target, attached to with the rest
"$FT" "$data" ready go "$N" >target.out 2>&1 &
target=$!
kill_at_exit "$target"
read -r line <ready
[[ $line == ready ]] || fail "fdattach_target said '$line', not ready:$(echo; cat target.out)"
timeout 30 "$SCPROF" record -o all.data -a -d 2 -m 4096 >rec.out 2>rec.err &
rec=$!
kill_at_exit "$rec"
wait_recording "$rec"
echo go >go
wait "$target" || fail "fdattach_target failed:$(echo; cat target.out)"
rc=0
wait "$rec" || rc=$?
((rc == 0)) || fail "scprof record -a exited with $rc:$(echo; cat rec.err)"
report -i all.data --format json >all.json
lost=$(json_get all.json lost_events)
((lost == 0)) || fail "the kernel dropped $lost events (a busy machine?), so no count can be exact"
report -i all.data --by file --format csv >all.csv
assert_eq "$N" "$(csv_sum all.csv calls file="$data" name=read)" "-a: reads under $data"
