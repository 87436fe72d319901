# Flame graphs across the syscall boundary (record --off-cpu -g fp): the
# folded stacks of the pipe reader's reads continue below read into the
# kernel stack they waited in, kernel frames suffixed _[k] (flamegraph.pl's
# convention), outermost first, ending in pipe_read; --weight blocked
# weighs them by the time asleep (at least 5 x 10 ms here), --weight oncpu
# by the time on a CPU; the SVG draws the kernel frames in their own
# colours.  --weight blocked needs a recording with off-CPU times.
source "$(dirname "$0")/lib.sh"
need_bpf
need_python3
need_example pipe_waker

record pw.data --off-cpu -g fp -- "$EX/pipe_waker" 5 10
report -i pw.data --format folded -e trace=read >time.folded
n=$(grep -cE '^pipe_waker;.*;read;entry_SYSCALL_64[a-z_]*_\[k\];do_syscall_64_\[k\];ksys_read_\[k\];vfs_read_\[k\];(anon_)?pipe_read_\[k\] [0-9]+$' time.folded || true)
assert_eq 1 "$n" "folded read stacks ending in the kernel's pipe_read"
report -i pw.data --format folded --weight blocked -e trace=read >blocked.folded
v=$(awk '/pipe_read_\[k\] [0-9]+$/ { print $NF }' blocked.folded)
assert_between 50000 2000000 "$v" "blocked us of the reads in pipe_read"
# nothing else blocked: the other lines of read (the loader's) weigh 0
assert_eq 1 "$(grep -c . blocked.folded)" "folded lines weighted by blocked time"
report -i pw.data --format folded --weight oncpu -e trace=read >oncpu.folded
o=$(awk '{ s += $NF } END { print s + 0 }' oncpu.folded)
assert_between 0 $((v / 10)) "$o" "on-CPU us of the reads (a sliver)"
# the writer's sleeps go on into the hrtimer sleep
report -i pw.data --format folded -e trace=clock_nanosleep >sleep.folded
[[ $(grep -cE ';clock_nanosleep;.*;hrtimer_nanosleep_\[k\];do_nanosleep_\[k\] [0-9]+$' sleep.folded) -ge 1 ]] ||
	fail "clock_nanosleep's folded stacks do not end in do_nanosleep:$(echo; cat sleep.folded)"
note "ok: clock_nanosleep's stacks end in hrtimer_nanosleep_[k];do_nanosleep_[k]"

report -i pw.data --format svg --weight blocked >f.svg
python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' f.svg || fail "the SVG is not well-formed XML"
[[ $(grep -cE 'data-n="(anon_)?pipe_read_\[k\]"' f.svg) -ge 1 ]] || fail "no pipe_read_[k] frame in the SVG"
k=$(grep -oE 'data-c="rgb\([0-9]+,[0-9]+,60\)" data-n="[^"]*_\[k\]"' f.svg | wc -l)
[[ $k -ge 5 ]] || fail "kernel frames are not drawn in their own colours ($k)"
note "ok: the SVG draws $k kernel frames apart"

record plain.data -g fp -- "$EX/pipe_waker" 2 1
rc=0
"$SCPROF" report -i plain.data --format folded --weight blocked >/dev/null 2>err.txt || rc=$?
assert_eq 1 "$rc" "exit status of --weight blocked without off-CPU times"
assert_eq "scprof: --weight blocked needs off-CPU times, and 'plain.data' has none; record with 'scprof record --off-cpu'" \
	"$(cat err.txt)" "its message"
