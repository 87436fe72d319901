# What is at the output path.  Only a regular file is replaced (rotated to
# FILE.old); a device node, a FIFO, a directory, a socket or a symlink at
# the path (or at FILE.old) is refused with one line naming what is there,
# exit status 1, the command not run, and left exactly as it was: same
# type, inode, device numbers, content, no FILE.old made, no file left.
source "$(dirname "$0")/lib.sh"
source "$ROOT/tests/fault/lib.sh"
need_perf
need_fault
need_root

# refused PATH KIND [OUT]: record -o OUT (default PATH) is refused because
# PATH is KIND, and changes nothing.
refused()
{
	local path=$1 kind=$2 out=${3:-$1} rc=0 before after
	before=$(stat -c '%F %i %t:%T %s %Y %a' "$path")
	timeout -s KILL 10 "$SCPROF" record -o "$out" -- touch ran >refused.out 2>refused.err || rc=$?
	assert_eq 1 "$rc" "exit status with $kind at $path"
	assert_eq "scprof: refusing to replace '$path': it is $kind, and only a regular file is replaced; choose another file with -o" \
		"$(cat refused.err)" "the message for $kind"
	after=$(stat -c '%F %i %t:%T %s %Y %a' "$path")
	assert_eq "$before" "$after" "type, inode, device numbers, size, mtime and mode of $path"
	[[ ! -e ran ]] || fail "the command ran although the output was refused"
	[[ ! -e $out.old || $path == "$out.old" ]] || fail "$out.old was created"
	if ls "$out".tmp-* 2>/dev/null; then
		fail "a temporary file was left next to $out"
	fi
}

mknod null.dev c 1 3
refused null.dev "a character device"
mknod loop.dev b 7 0
refused loop.dev "a block device"
mkfifo pipe.data
refused pipe.data "a FIFO"
mkdir dir.data
echo kept >dir.data/inside
refused dir.data "a directory"
assert_eq kept "$(cat dir.data/inside)" "a file inside the refused directory"
python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' sock.data
refused sock.data "a socket"
echo "precious content" >target
ln -s target link.data
refused link.data "a symbolic link"
assert_eq "precious content" "$(cat target)" "the symlink's target"
ln -s "$TMP/must-not-exist" dangling.data
refused dangling.data "a symbolic link"
[[ ! -e must-not-exist ]] || fail "the dangling symlink's target was created"
# FILE.old is replaced only if it is a regular file too
record out.data -- true
cp out.data out.copy
mkdir out.data.old
refused out.data.old "a directory" out.data
cmp out.data out.copy || fail "out.data changed although the run was refused"
record out2.data -- true
mknod out2.data.old c 1 3
refused out2.data.old "a character device" out2.data

# the machine's /dev/null was not touched by any of this (or earlier tests)
assert_eq "character special file 1:3" "$(stat -c '%F %t:%T' /dev/null)" "/dev/null"
[[ ! -e /dev/null.old ]] || fail "/dev/null.old exists: something rotated /dev/null"
