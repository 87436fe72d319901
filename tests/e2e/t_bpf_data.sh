# What the BPF recorder reads besides paths, exactly, checked through
# scprof dump: socket addresses (bind and connect at entry, getsockname's
# at exit), and with -s SIZE the data of write and read (write's at
# entry, read's at exit, what the call moved, cut at SIZE and marked);
# without -s, no data.
source "$(dirname "$0")/lib.sh"
need_bpf
CT=$ROOT/build/tests/e2e/capture_target
[[ -x $CT ]] || fail "$CT is not built (run make)"

dump_calls() # FILE NAME FIXED-STRING: NAME calls in scprof dump FILE holding it
{
	"$SCPROF" dump -i "$1" | grep -F " $2(" | grep -cF -- "$3" || true
}

record net.data -- "$CT" connect
port=$(cat record.stdout)
[[ $port =~ ^[0-9]+$ ]] || fail "capture_target connect printed '$port'"
hex=$(printf '%04x' "$port")
any=020000007f0000010000000000000000
sin=0200${hex}7f0000010000000000000000
assert_eq 1 "$(dump_calls net.data bind "= 0 dur")" "bind calls"
assert_eq 1 "$(dump_calls net.data bind "capture 1 sockaddr $any")" "bind's address (port 0)"
assert_eq 1 "$(dump_calls net.data getsockname "capture 1 sockaddr $sin at-exit")" \
	"getsockname's address, read at exit"
assert_eq 1 "$(dump_calls net.data connect "= -1 ECONNREFUSED (Connection refused) dur")" "refused connect calls"
assert_eq 1 "$(dump_calls net.data connect "capture 1 sockaddr $sin")" "connect's address (127.0.0.1 port $port)"

record nodata.data -- "$CT" data 3
assert_eq 0 "$(dump_calls nodata.data write "capture ")" "write captures without -s"
assert_eq 0 "$(dump_calls nodata.data read "capture ")" "read captures without -s"

record data.data -s 64 -- "$CT" data 3
assert_eq 3 "$(dump_calls data.data write "write(1, 0x")" "writes to stdout"
assert_eq 3 "$(dump_calls data.data write "= 6 dur")" "writes of 6 bytes"
assert_eq 3 "$(dump_calls data.data write "capture 1 data 'hello\\x0a'")" "the data written, -s 64"
assert_eq 1 "$(dump_calls data.data write "capture 1 data '0123456789'")" "the data written into the pipe"
assert_eq 1 "$(dump_calls data.data read "= 10 dur")" "the read of the pipe"
assert_eq 1 "$(dump_calls data.data read "capture 1 data '0123456789' at-exit")" \
	"the data read (what the call returned, at exit)"

record cut.data -s 4 -- "$CT" data 3
assert_eq 3 "$(dump_calls cut.data write "capture 1 data 'hell' truncated")" "the data written, cut at -s 4"
assert_eq 1 "$(dump_calls cut.data read "capture 1 data '0123' truncated at-exit")" "the data read, cut at -s 4"

# -s with the tracepoint recorder is refused: it would capture nothing.
rc=0
"$SCPROF" record --no-bpf -s 8 -o never.data -- "$CT" data 1 >never.out 2>never.err || rc=$?
assert_eq 2 "$rc" "exit status of record --no-bpf -s 8"
assert_eq "scprof: -s needs the BPF recorder: drop --no-bpf (or SCPROF_NO_BPF=1)" "$(head -1 never.err)" \
	"message for --no-bpf -s"
[[ ! -e never.data ]] || fail "record --no-bpf -s 8 left never.data"
