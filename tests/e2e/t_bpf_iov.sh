# record -s SIZE captures the struct iovec arrays of readv, writev,
# preadv2 and pwritev2, the struct msghdr of sendmsg and recvmsg and the
# first struct mmsghdr of sendmmsg and recvmmsg (writes at entry, reads
# at exit up to what the call returned), and
# report --events prints them as strace -s prints them: each element's data cut at SIZE with "...", at most SIZE
# elements and at most 8 (the recorder's limit) with ", ..." after;
# without -s (either recorder), and for an unreadable array, its address.
source "$(dirname "$0")/lib.sh"
need_perf
CT=$ROOT/build/tests/e2e/capture_target
[[ -x $CT ]] || fail "$CT is not built (run make)"

strip()
{
	sed -E 's/^[0-9:.]+ \[[0-9]+ [0-9]+\] //; s/ <[0-9]+\.[0-9]+>$//' "$1"
}
count()
{
	grep -cxF -- "$1" "$2" || true
}

# without -s nothing is read: the arrays print as addresses (with either
# recorder: this part runs in the --no-bpf pass too)
record plain.data -- "$CT" vec
report -i plain.data --events >plain-events.txt
strip plain-events.txt >plain.txt
assert_eq 4 "$(grep -cxE 'writev\(1, 0x[0-9a-f]+, (2|10)\) = (12|55)|writev\(4, 0x[0-9a-f]+, 2\) = 8|readv\(3, 0x[0-9a-f]+, 2\) = 8' plain.txt || true)" \
	"readv and writev without -s: addresses"
assert_eq 0 "$("$SCPROF" dump -i plain.data | grep -c ' capture 1 iov' || true)" "iov captures without -s"
record plainmsg.data -- "$CT" msg
report -i plainmsg.data --events >plainmsg-events.txt
strip plainmsg-events.txt >plainmsg.txt
assert_eq 2 "$(grep -cxE 'sendmsg\((3|4), 0x[0-9a-f]+, 0\) = (5|1)' plainmsg.txt || true)" "sendmsg without -s: addresses"
assert_eq 1 "$(grep -cxE 'recvmsg\(3, 0x[0-9a-f]+, 0\) = 5' plainmsg.txt || true)" "recvmsg without -s: its address"

# the rest needs the BPF recorder (-s)
need_bpf

record vec.data -s 64 -- "$CT" vec
[[ $(cat record.stdout) == "hello world"* ]] || fail "capture_target vec wrote '$(head -c 40 record.stdout)'"
report -i vec.data --events >events.txt
strip events.txt >vec.txt
# the pipe's descriptors: the first two free ones after stdin, stdout, stderr
assert_eq 1 "$(count 'writev(1, [{iov_base="hello", iov_len=5}, {iov_base=" world\n", iov_len=7}], 2) = 12' vec.txt)" \
	"writev of two elements"
assert_eq 1 "$(count 'writev(4, [{iov_base="abc", iov_len=3}, {iov_base="defgh", iov_len=5}], 2) = 8' vec.txt)" \
	"writev into the pipe"
assert_eq 1 "$(count 'readv(3, [{iov_base="abcd", iov_len=4}, {iov_base="efgh", iov_len=16}], 2) = 8' vec.txt)" \
	"readv: the 8 bytes read, shared out over the elements"
assert_eq 1 "$(count 'pwritev2(4, [{iov_base="xy", iov_len=2}], 1, -1, 0) = 2' vec.txt)" "pwritev2"
assert_eq 1 "$(count 'preadv2(3, [{iov_base="xy", iov_len=8}], 1, -1, 0) = 2' vec.txt)" "preadv2: the 2 bytes read"
ten='{iov_base="0123456789", iov_len=10}, {iov_base="012345678", iov_len=9}, {iov_base="01234567", iov_len=8}, {iov_base="0123456", iov_len=7}, {iov_base="012345", iov_len=6}, {iov_base="01234", iov_len=5}, {iov_base="0123", iov_len=4}, {iov_base="012", iov_len=3}'
assert_eq 1 "$(count "writev(1, [$ten, ...], 10) = 55" vec.txt)" "writev of 10 elements: the first 8, then ..."
assert_eq 1 "$(count 'writev(1, 0x8, 2) = -1 EFAULT (Bad address)' vec.txt)" "an unreadable array: its address"
assert_eq 1 "$("$SCPROF" dump -i vec.data | grep -F ' readv(' | grep -cE ' capture 1 iov [0-9a-f]+ at-exit$' || true)" \
	"dump: readv's iov capture, read at exit"

# -s 3: three bytes of each element, three elements, as strace -s 3
record cut.data -s 3 -- "$CT" vec
report -i cut.data --events >cut-events.txt
strip cut-events.txt >cut.txt
assert_eq 1 "$(count 'writev(1, [{iov_base="hel"..., iov_len=5}, {iov_base=" wo"..., iov_len=7}], 2) = 12' cut.txt)" \
	"writev cut at -s 3"
assert_eq 1 "$(count 'readv(3, [{iov_base="abc"..., iov_len=4}, {iov_base="efg"..., iov_len=16}], 2) = 8' cut.txt)" \
	"readv cut at -s 3"
assert_eq 1 "$(count 'writev(1, [{iov_base="012"..., iov_len=10}, {iov_base="012"..., iov_len=9}, {iov_base="012"..., iov_len=8}, ...], 10) = 55' cut.txt)" \
	"writev of 10 elements at -s 3: three, then ..."

# messages: the address msg_name points to, the iovec array, the lengths
# and flags as the call left them
record msg.data -s 64 -- "$CT" msg
port=$(cat record.stdout)
[[ $port =~ ^[0-9]+$ ]] || fail "capture_target msg printed '$port'"
report -i msg.data --events >msg-events.txt
strip msg-events.txt >msg.txt
name="msg_name={sa_family=AF_INET, sin_port=htons($port), sin_addr=inet_addr(\"127.0.0.1\")}, msg_namelen=16"
assert_eq 1 "$(count "sendmsg(3, {$name, msg_iov=[{iov_base=\"ab\", iov_len=2}, {iov_base=\"cde\", iov_len=3}], msg_iovlen=2, msg_controllen=0, msg_flags=0}, 0) = 5" msg.txt)" \
	"sendmsg to 127.0.0.1 of two elements"
assert_eq 1 "$(count "recvmsg(3, {$name, msg_iov=[{iov_base=\"abcde\", iov_len=16}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, 0) = 5" msg.txt)" \
	"recvmsg: the sender, the 5 bytes, the control length the kernel left"
assert_eq 1 "$(count 'sendmsg(4, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="x", iov_len=1}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, 0) = 1' msg.txt)" \
	"sendmsg without an address"
assert_eq 1 "$(count 'recvmsg(5, 0x8, 0) = -1 EFAULT (Bad address)' msg.txt)" "an unreadable message: its address"
# sendmmsg and recvmmsg: the first message, ", ..." for those not recorded
# (the socketpair still holds the "x" of the sendmsg above: the first
# recvmmsg receives it and "ab", the second "cde")
hdr='msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="%s", iov_len=%s}], msg_iovlen=1, msg_controllen=0, msg_flags=0'
# shellcheck disable=SC2059
ab=$(printf "$hdr" ab 2) x=$(printf "$hdr" x 8) cde=$(printf "$hdr" cde 8)
assert_eq 1 "$(count "sendmmsg(4, [{msg_hdr={$ab}, msg_len=2}, ...], 2, 0) = 2" msg.txt)" "sendmmsg of two messages"
assert_eq 1 "$(count "recvmmsg(5, [{msg_hdr={$x}, msg_len=1}, ...], 2, 0, NULL) = 2" msg.txt)" "recvmmsg of two messages"
assert_eq 1 "$(count "sendmmsg(4, [{msg_hdr={$ab}, msg_len=2}], 1, 0) = 1" msg.txt)" "sendmmsg of one message"
assert_eq 1 "$(count "recvmmsg(5, [{msg_hdr={$cde}, msg_len=3}], 1, 0, NULL) = 1" msg.txt)" "recvmmsg of one message"
