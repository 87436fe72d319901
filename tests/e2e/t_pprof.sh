# report --format pprof, read by Go's own reader (`go tool pprof`, Debian's
# golang-go; offline: a fresh HOME, GOCACHE and GOPATH, GOPROXY=off):
# syscall_mix's exact call and error counts, its processes as labels, the
# wall time to the nanosecond (as the JSON report has it), a filter, and
# with -g fp the functions of stacks_calls with their exact calls.  Also
# the refusals: a terminal on stdout, and -o at a directory or a device.
source "$(dirname "$0")/lib.sh"
need_perf
need_example syscall_mix stacks_calls sleeper
command -v go >/dev/null || fail "go is not installed; 'make test-deps' installs golang-go"
export HOME=$TMP/home GOCACHE=$TMP/gocache GOPATH=$TMP/gopath GOPROXY=off GOFLAGS=
mkdir -p "$HOME"

# pp FILE ARGS...: go tool pprof -top, every node, as "flat cum name" lines
pp()
{
	local file=$1
	shift
	go tool pprof -top -nodefraction=0 -edgefraction=0 -nodecount=100000 "$@" "$file" 2>pp.err |
		awk 'go { n = $6; for (i = 7; i <= NF; i++) n = n " " $i; print $1, $4, n }
		     $1 == "flat" && $2 == "flat%" { go = 1 }' || fail "go tool pprof $* $file:$(echo; cat pp.err)"
}
# flat SAMPLE_INDEX FILE NAME [ARGS...]: the flat value of function NAME
# (the syscall's own frame: a library function of the same name has none)
flat()
{
	local index=$1 file=$2 name=$3
	shift 3
	pp "$file" -sample_index="$index" "$@" | awk -v n="$name" '$3 == n { s += $1 } END { print s + 0 }'
}
# cum SAMPLE_INDEX FILE NAME: the cumulative value of function NAME
cum()
{
	pp "$2" -sample_index="$1" | awk -v n="$3" '$3 == n && $2 > m { m = $2 } END { print m + 0 }'
}

# syscall_mix: getppid 300 (main) + 200 (mix-thread) + 100 (mix-child),
# openat 7 x ENOENT, close 3 x EBADF
record mix.data -- "$EX/syscall_mix" 300 200 100 7 3
report -i mix.data --format pprof -o mix.pb.gz
[[ $(od -An -tx1 -N2 mix.pb.gz | tr -d ' ') == 1f8b ]] || fail "mix.pb.gz is not gzipped"
assert_eq 600 "$(flat calls mix.pb.gz getppid)" "getppid calls"
assert_eq 0 "$(flat errors mix.pb.gz getppid)" "getppid errors"
assert_eq 3 "$(flat errors mix.pb.gz close)" "close errors"
assert_eq 7 "$(flat errors mix.pb.gz openat)" "openat errors"
assert_eq 1 "$(flat calls mix.pb.gz wait4)" "wait4 calls"
# the default sample type is wall
go tool pprof -raw mix.pb.gz >mix.raw 2>pp.err || fail "go tool pprof -raw:$(echo; cat pp.err)"
assert_eq 1 "$(grep -c '^calls/count wall/nanoseconds\[dflt\] errors/count$' mix.raw)" "sample types, wall the default"
# labels: comm and pid; errno on the failed calls only
assert_eq 200 "$(flat calls mix.pb.gz getppid -tagfocus=comm=mix-thread)" "getppid calls of mix-thread (label comm)"
assert_eq 100 "$(flat calls mix.pb.gz getppid -tagfocus=comm=mix-child)" "getppid calls of mix-child (label comm)"
child=$(report -i mix.data --by process --format csv | awk -F, '$2 == "mix-child" { print $1; exit }')
[[ $child =~ ^[0-9]+$ ]] || fail "no pid for mix-child in the report --by process"
assert_eq 100 "$(flat calls mix.pb.gz getppid -tagfocus=pid=$child)" "getppid calls of pid $child (label pid)"
assert_eq 7 "$(flat calls mix.pb.gz openat -tagfocus=errno=ENOENT)" "openat calls with errno ENOENT"
assert_eq 3 "$(flat calls mix.pb.gz close -tagfocus=errno=EBADF)" "close calls with errno EBADF"
assert_eq 0 "$(flat calls mix.pb.gz getppid -tagfocus=errno=ENOENT)" "getppid calls with an errno"

# a filter applies: only mix-thread, only getppid; to stdout when it is a pipe
report -i mix.data --format pprof --comm mix-thread -e trace=getppid >thread.pb.gz
assert_eq 200 "$(flat calls thread.pb.gz getppid)" "getppid calls, --comm mix-thread"
assert_eq "200 getppid" "$(pp thread.pb.gz -sample_index=calls | awk '$1 > 0 { print $1, $3 }' | paste -sd,)" \
	"every call of the filtered profile"

# wall: the nanoseconds the JSON report sums, exactly
record sleep.data -- "$EX/sleeper"
report -i sleep.data --format pprof -o sleep.pb.gz
report -i sleep.data --format json -e trace=clock_nanosleep >sleep.json
want=$(json_syscall sleep.json clock_nanosleep total_ns)
assert_eq "${want}ns" "$(pp sleep.pb.gz -sample_index=wall -unit=ns | awk '$3 == "clock_nanosleep" { print $1 }')" \
	"clock_nanosleep wall time"
assert_eq 5 "$(flat calls sleep.pb.gz clock_nanosleep)" "clock_nanosleep calls"

# -g fp: stacks_calls's call paths, as the functions' cumulative calls
record fp.data -g fp -- "$EX/stacks_calls"
report -i fp.data --format pprof -o fp.pb.gz
assert_eq 1000 "$(cum calls fp.pb.gz load_config)" "load_config calls"
assert_eq 1000 "$(cum errors fp.pb.gz load_config)" "load_config errors"
assert_eq 400 "$(cum calls fp.pb.gz load_cache)" "load_cache calls"
assert_eq 3000 "$(cum calls fp.pb.gz spin)" "spin calls"
assert_eq 500 "$(cum calls fp.pb.gz work)" "work calls"
assert_eq 300 "$(cum calls fp.pb.gz work_a)" "work_a calls"
assert_eq 200 "$(cum calls fp.pb.gz work_b)" "work_b calls"
assert_eq 3100 "$(flat calls fp.pb.gz getppid)" "getppid calls (syscall frames)"
# the program's mapping, with its build-id, and its functions' source files
go tool pprof -raw fp.pb.gz >fp.raw 2>pp.err || fail "go tool pprof -raw:$(echo; cat pp.err)"
bid=$(readelf -n "$EX/stacks_calls" | awk '/Build ID/ { print $3 }')
assert_eq 1 "$(grep -c "$EX/stacks_calls $bid .*\[FL\]\[LN\]" fp.raw)" "the mapping of stacks_calls, with files and lines"
assert_eq 1 "$(grep -cE '^ +[0-9]+: 0x[0-9a-f]+ M=[0-9]+ load_config [^ ]*examples/stacks_calls.c:[0-9]+ s=0$' fp.raw)" \
	"load_config with its source file"
# a filter on a stack recording: only the calls of load_cache's close
report -i fp.data --format pprof -e trace=close -o close.pb.gz
assert_eq 200 "$(cum calls close.pb.gz load_cache)" "load_cache calls, -e trace=close"
assert_eq 0 "$(cum calls close.pb.gz load_config)" "load_config calls, -e trace=close"

# refusals: a terminal, a directory, a device; nothing left behind
rc=0
script -qec "'$SCPROF' report -i mix.data --format pprof" /dev/null </dev/null >tty.out 2>&1 || rc=$?
assert_eq 1 "$rc" "exit status with a terminal on stdout"
assert_eq "scprof: not writing a binary pprof profile to a terminal; use -o FILE or redirect standard output" \
	"$(tr -d '\r' <tty.out)" "the message for a terminal"
mkdir adir
rc=0
"$SCPROF" report -i mix.data --format pprof -o adir 2>dir.err || rc=$?
assert_eq 1 "$rc" "exit status with -o at a directory"
assert_eq "scprof: refusing to replace 'adir': it is a directory, and only a regular file is replaced; choose another file with -o" \
	"$(cat dir.err)" "the message for a directory"
mknod adev c 1 3
rc=0
"$SCPROF" report -i mix.data --format pprof -o adev 2>dev.err || rc=$?
assert_eq 1 "$rc" "exit status with -o at a device"
[[ -c adev ]] || fail "the device node was replaced"
assert_eq 0 "$(find . -name '*.tmp-*' | wc -l)" "temporary files left"
