# A mapped binary replaced at its path before the recording ends is not
# read as if it were the one mapped.  The binaries here have no build-id
# (removed with objcopy), so the kernel's MMAP2 records give the file's
# device and inode instead, and those decide:
#  - a command runs ./victim (stacks_calls), then puts another program
#    (getppid_loop) at ./victim: the recording stores an empty symbol table
#    for ./victim, and the report names none of victim's frames, neither
#    with the replacement's names nor from the file at the path later
#    ("[unknown] victim+0xOFF");
#  - the same with ./victim left as it was: its own names (the control);
#  - -p on a running ./victim (getppid_loop) replaced at its path during
#    the recording: read through /proc/PID/map_files, its own names.
source "$(dirname "$0")/lib.sh"
source "$ROOT/tests/e2e/stacks_lib.sh"
need_perf
need_example stacks_calls getppid_loop
command -v objcopy >/dev/null || fail "objcopy (binutils) is not installed"

no_build_id()
{
	objcopy --remove-section .note.gnu.build-id "$1" "$2"
	if readelf -n "$2" | grep -q 'Build ID'; then
		fail "$2 still has a build-id"
	fi
}
no_build_id "$EX/stacks_calls" calls.nobid
no_build_id "$EX/getppid_loop" loop.nobid
# the functions of stacks_calls, and getppid_loop's (but _start, which
# ld.so has too)
calls_names='load_config|load_cache|spin|work_a|work_b|work|via_libc|cpu_time'
loop_names='main|_init|_fini|frame_dummy|register_tm_clones|deregister_tm_clones|__do_global_dtors_aux'

# stored_table FILE PATH: the "symbols:" line of PATH in recording FILE
stored_table()
{
	"$SCPROF" dump -i "$1" | grep "^symbols: '$2' " || true
}

# The control: ./victim as it was mapped, named from its stored table even
# once deleted.
cp calls.nobid victim
record kept.data -g fp -- sh -c './victim && cp victim victim.kept'
assert_eq "symbols: '$TMP/victim' build_id (none) e_type 3 (DYN)" \
	"$(stored_table kept.data "$TMP/victim" | sed 's/ load_vaddr.*//')" "the table stored for the unchanged victim"
rm victim
report -i kept.data --format folded --weight calls >kept.folded
check_fp_paths kept.folded "victim unchanged, stored symbols"

# Replaced by another program (a new inode) before the recording ends
cp calls.nobid victim
record replaced.data -g fp -- sh -c './victim && cp loop.nobid victim.new && mv victim.new victim'
assert_eq "symbols: '$TMP/victim' build_id (none) e_type 0 (?) load_vaddr 0x0 load_offset 0x0 0 symbols" \
	"$(stored_table replaced.data "$TMP/victim")" "the table stored for the replaced victim (empty)"
report -i replaced.data --format folded --weight calls >replaced.folded
grep '^victim;' replaced.folded >victim.folded || fail "no stacks of victim"
# every call victim's own code made (5050, see examples/stacks_calls.c),
# with its frames unnamed
assert_eq 0 "$(grep -cE "(^|;)($calls_names|$loop_names)(;| )" victim.folded || true)" \
	"stacks of victim with a frame named by stacks_calls or getppid_loop"
assert_eq 5050 "$(awk '/;\[unknown\] victim\+0x[0-9a-f]+;/ { n += $NF } END { print n + 0 }' victim.folded)" \
	"calls with a frame '[unknown] victim+0xOFF'"
# and not from what the path holds at report time either
cp calls.nobid victim
report -i replaced.data --format folded --weight calls >again.folded
assert_eq 0 "$(grep '^victim;' again.folded | grep -cE "(^|;)($calls_names)(;| )" || true)" \
	"stacks of victim named by the file put back at the path after the recording"

# -p: the process still runs when the recording ends; its file is read
# through /proc/PID/map_files (CAP_SYS_ADMIN), not at the replaced path
if [[ $(id -u) != 0 ]] && ! has_cap 21; then
	note "skipped the -p part: /proc/PID/map_files needs root or CAP_SYS_ADMIN"
	exit 0
fi
cp loop.nobid running
./running 0 50 10 >/dev/null &
target=$!
kill_at_exit "$target"
wait_until 10 "running has mapped itself" grep -q "$TMP/running" "/proc/$target/maps"
"$SCPROF" record -g fp -o attached.data -p "$target" -d 1 >attach.out 2>attach.err &
rec=$!
kill_at_exit "$rec"
wait_recording "$rec"
cp calls.nobid running.new
mv running.new running
wait "$rec" || fail "scprof record -p exited with $?: $(cat attach.err)"
kill "$target"
# getppid_loop's table, as a recording of the unchanged file stores it
cp loop.nobid ctl
record ctl.data -g fp -- ./ctl 1 1 0
want=$(stored_table ctl.data "$TMP/ctl" | sed "s|'$TMP/ctl'|'$TMP/running'|")
[[ -n $want ]] || fail "no table stored for $TMP/ctl"
assert_eq "$want" "$(stored_table attached.data "$TMP/running")" "the table stored for the replaced running binary"
report -i attached.data --format folded --weight calls >attached.folded
assert_eq 0 "$(grep -c '\[unknown\] running+' attached.folded || true)" "stacks with unnamed frames of running"
assert_eq 0 "$(grep -cE "(^|;)($calls_names)(;| )" attached.folded || true)" \
	"stacks named by stacks_calls, what the path held at the end"
getppid=$(awk '/^running;main;syscall;getppid / { print $NF }' attached.folded)
assert_between 50 1000000 "${getppid:-0}" "getppid calls under running;main;syscall"
