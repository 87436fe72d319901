# report --events prints what the BPF recorder captured as strace prints
# it: file_calls' 25 opens of a missing path with the path and ENOENT, its
# refused connect with the address, its writes and read with the data
# (record -s), cut at -s with "...", addresses without -s; with -y, the
# writes and the read name the file they went through.
source "$(dirname "$0")/lib.sh"
need_bpf
need_example file_calls

record calls.data -s 64 -- "$EX/file_calls" 25 3 "$TMP"
report -i calls.data --events >events.txt
strip()
{
	sed -E 's/^[0-9:.]+ \[[0-9]+ [0-9]+\] //; s/ <[0-9]+\.[0-9]+>$//' "$1"
}
strip events.txt >calls.txt
count()
{
	grep -cxF -- "$1" "$2" || true
}
count_re()
{
	grep -cxE -- "$1" "$2" || true
}

assert_eq 25 "$(count 'openat(AT_FDCWD, "/nonexistent/scprof-file_calls", O_RDONLY) = -1 ENOENT (No such file or directory)' calls.txt)" \
	"openat lines of the missing path with ENOENT"
file=$TMP/scprof-file_calls.[0-9]+
assert_eq 1 "$(count_re "openat\(AT_FDCWD, \"$file\", O_RDWR\|O_CREAT\|O_TRUNC, 0600\) = 3" calls.txt)" \
	"openat of the file"
assert_eq 3 "$(count 'write(3, "hello\n", 6) = 6' calls.txt)" "writes of hello\\n with their data"
assert_eq 1 "$(count 'read(3, "hello\nhello\nhello\n", 131072) = 18' calls.txt)" "the read with the 18 bytes it read"
assert_eq 1 "$(count_re 'connect\(3, \{sa_family=AF_INET, sin_port=htons\([0-9]+\), sin_addr=inet_addr\("127\.0\.0\.1"\)\}, 16\) = -1 ECONNREFUSED \(Connection refused\)' calls.txt)" \
	"connect to 127.0.0.1 refused"
assert_eq 1 "$(count_re "unlink\(\"$file\"\) = 0" calls.txt)" "unlink of the file"
assert_eq 1 "$(count 'write(1, "file_calls: 25 missing, 3 writes\n", 33) = 33' calls.txt)" "the line on stdout"

# -y: the descriptor calls name the file, the sockets and what the opens made
report -i calls.data --events -y >events-y.txt
strip events-y.txt >calls-y.txt
assert_eq 3 "$(count_re "write\(3<$file>, \"hello\\\\n\", 6\) = 6" calls-y.txt)" "writes through 3</path>"
assert_eq 1 "$(count_re "read\(3<$file>, \"hello\\\\nhello\\\\nhello\\\\n\", 131072\) = 18" calls-y.txt)" "the read through 3</path>"
# AT_FDCWD with the working directory the command started in, as strace -y
cwd=$(pwd -P)
assert_eq 1 "$(count_re "openat\(AT_FDCWD<$cwd>, \"$file\", O_RDWR\|O_CREAT\|O_TRUNC, 0600\) = 3<$file>" calls-y.txt)" \
	"the open's returned descriptor named"
assert_eq 1 "$(count_re 'connect\(3<socket:\[AF_INET\]>, \{sa_family=AF_INET, .*\) = -1 ECONNREFUSED \(Connection refused\)' calls-y.txt)" \
	"connect on 3<socket:[AF_INET]>"
assert_eq 2 "$(count_re 'socket\(AF_INET, SOCK_STREAM, IPPROTO_IP\) = 3<socket:\[AF_INET\]>' calls-y.txt)" \
	"sockets named by their family"

# -s cuts the data with "..." after the quote; without -s, buffers are addresses
record cut.data -s 4 -- "$EX/file_calls" 1 3 "$TMP"
report -i cut.data --events >cut.txt
assert_eq 1 "$(strip cut.txt | grep -cxF 'read(3, "hell"..., 131072) = 18' || true)" "a read cut at -s 4"
assert_eq 3 "$(strip cut.txt | grep -cxF 'write(3, "hell"..., 6) = 6' || true)" "writes cut at -s 4"
record plain.data -- "$EX/file_calls" 1 3 "$TMP"
report -i plain.data --events >plain.txt
assert_eq 1 "$(strip plain.txt | grep -cxE 'read\(3, 0x[0-9a-f]+, 131072\) = 18' || true)" "a read without -s: its address"
assert_eq 1 "$(strip plain.txt | grep -cxF 'openat(AT_FDCWD, "/nonexistent/scprof-file_calls", O_RDONLY) = -1 ENOENT (No such file or directory)' || true)" \
	"paths without -s"
