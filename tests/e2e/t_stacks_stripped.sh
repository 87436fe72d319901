# Stripped binaries: names from MiniDebugInfo (examples/stacks_mini: only
# .dynsym and an xz-compressed .symtab in .gnu_debugdata, as Fedora ships
# binaries), stored in the recording too; "[unknown] FILE+0xOFF" only for
# code that no table names.
source "$(dirname "$0")/lib.sh"
source "$ROOT/tests/e2e/stacks_lib.sh"
need_perf
need_example stacks_mini

readelf -S "$EX/stacks_mini" >sections.txt
grep -q '\.gnu_debugdata' sections.txt || fail "stacks_mini has no .gnu_debugdata"
grep -q '\.symtab' sections.txt && fail "stacks_mini still has a .symtab"

cp "$EX/stacks_mini" mini
record mini.data -g fp -- ./mini
report -i mini.data --format folded --weight calls >mini.folded
check_fp_paths mini.folded "MiniDebugInfo"

# the same names from the table stored in the recording, the binary gone
rm mini
report -i mini.data --format folded --weight calls >gone.folded
check_fp_paths gone.folded "MiniDebugInfo, stored"

# nothing names the program's own code: its frames are FILE+offset, one
# per function, with the same counts
objcopy --strip-all --remove-section .gnu_debugdata "$EX/stacks_mini" bare
readelf -S bare >bare.sections
grep -q '\.gnu_debugdata' bare.sections && fail "bare still has .gnu_debugdata"
record bare.data -g fp -- ./bare
report -i bare.data --format folded --weight calls -e trace=openat >bare.folded
assert_eq 1000 "$(awk -F';' '$(NF-1) ~ /^\[unknown\] bare\+0x[0-9a-f]+$/ && $NF ~ /^openat / { split($NF, v, " "); c[$(NF-1)] += v[2] }
	END { m = 0; for (k in c) if (c[k] > m) m = c[k]; print m }' bare.folded)" \
	"bare: openat calls from load_config's offset"
assert_eq 0 "$(grep -c 'load_config' bare.folded || true)" "bare: lines naming load_config"
# libc's frames still have their names
grep -q ';__libc_start_call_main;' bare.folded || fail "bare: libc frames not named: $(head -3 bare.folded)"
