# scprof dump of a recording written through libscf from known events
# (tests/fault/scfgen.c, "latency"): every record type (COMM, CMDLINE,
# MMAP, FORK, CALL, LOST, EXIT, SYMBOLS, the trailer) with the values
# scfgen wrote, and the first and last calls of each kind.  Only the
# compressed sizes and the offsets they move are left out: they depend on
# the zstd library, not on scprof.  libscf writes format 2 (SCF_VERSION),
# readable by format 1 readers (min_version 1: no captures, incompat 0).
source "$(dirname "$0")/lib.sh"
SCFGEN=$ROOT/build/tests/fault/scfgen
[[ -x $SCFGEN ]] || fail "$SCFGEN is not built (run make)"
"$SCFGEN" latency a.scf
"$SCPROF" dump -s -i a.scf >dump.txt
sed -E 's/at offset [0-9]+: csize [0-9]+/at offset N: csize N/' dump.txt >dump.norm

# Times: the clock starts at 1 s; COMM, CMDLINE, MMAP, FORK each 100 ns
# after the previous event (1.0000001 .. 1.0000004); every call starts
# 1000 ns after the previous event ended and is stamped at its end.  The
# 1000 getppid take 13345100 ns and 1000 gaps: the last ends at 1.0000004 +
# 0.0133451 + 0.000001 = 1.0143455 (its start 1.0133455 + 1 ms); the 10 read
# add 55000 + 10000 ns: 1.0144105, and the LOST record comes 100 ns later,
# the FORK and COMM of the child 100 ns each after it, the two openat
# (1000 + 500, 1000 + 700) end at 1.0144123 and 1.0144140, then the two
# EXIT records.  1021 events in one chunk; the trailer's end_time is 1 ms
# after the last.
grep -v ' CALL ' dump.norm >records.txt
diff -u - records.txt >diff.txt <<'X' || { cat diff.txt >&2; fail "dump differs (- expected, + got)"; }
file: 'a.scf'
header: version 2 min_version 1 header_size 32 incompat 0x0
chunk 0 META at offset N: csize N rsize 129 fields 14
meta:
  recorder       'scfgen'
  hostname       'fixture'
  kernel_release '6.0.0-fixture'
  arch           'x86_64'
  ncpus          2
  clockid        1 (CLOCK_MONOTONIC)
  start_time     1.000000000
  start_realtime 1700000000.000000000
  target         1 (command)
  argv           'app' '--serve'
  pids           (none)
  options        '-g fp'
  filter         (all)
  features       0x1 callchain
  recorder_kind  1 (tracepoint)
  syscalls       4 names, 0 read .. 257 openat
chunk 1 EVENTS at offset N: csize N rsize 20960 records 1021 time 1.000000100 .. 1.014414200
  1.000000100 COMM pid 100 tid 100 comm 'app' exec
  1.000000200 CMDLINE pid 100 argv 'app' '--serve'
  1.000000300 MMAP pid 100 tid 100 addr 0x400000 len 0x10000 pgoff 0x0 prot 0x5 flags 0x2 build_id 0102030405060708090a0b0c0d0e0f1011121314 file '/opt/fixture/app'
  1.000000400 FORK pid 100 ppid 1 tid 101 ptid 100
  1.014410600 LOST cpu 1 count 7
  1.014410700 FORK pid 102 ppid 100 tid 102 ptid 100
  1.014410800 COMM pid 102 tid 102 comm 'child'
  1.014414100 EXIT pid 102 ppid 100 tid 102 ptid 100
  1.014414200 EXIT pid 100 ppid 1 tid 101 ptid 100
chunk 2 SYMBOLS at offset N: csize N rsize 106 fields 6
symbols: '/opt/fixture/app' build_id 0102030405060708090a0b0c0d0e0f1011121314 e_type 2 (EXEC) load_vaddr 0x400000 load_offset 0x0 4 symbols
  0x401000 size 0x100 'main'
  0x401100 size 0x100 'serve'
  0x401200 size 0x100 'poll_once'
  0x401300 size 0x100 'read_config'
chunk 3 TRAILER at offset N: csize N rsize 22 fields 5
trailer:
  end_time       1.015414200
  samples        2024
  calls          1012
  lost           7
  lost_per_cpu   0 7
end: 1021 events, complete
X
note "ok: every record but the calls, as written"

assert_eq 1012 "$(grep -c ' CALL ' dump.txt)" "CALL records"
# The first getppid (100 ns, starting 1000 ns after the FORK at 1.0000004),
# the last (1 ms), the first read, the third (EINTR), the two openat.
grep ' CALL ' dump.txt | sed -n '1p;1000p;1001p;1003p;1011p;1012p' >calls.txt
diff -u - calls.txt >diff.txt <<'X' || { cat diff.txt >&2; fail "dump CALL lines differ (- expected, + got)"; }
  1.000001500 CALL pid 100 tid 100 cpu 0 nr 110 getppid() = 1 dur 100 callchain 0x401210 0x401110 0x401010
  1.014345500 CALL pid 100 tid 100 cpu 0 nr 110 getppid() = 1 dur 1000000 callchain 0x401210 0x401110 0x401010
  1.014347500 CALL pid 100 tid 101 cpu 1 nr 0 read(0, NULL, 0) = 64 dur 1000 callchain 0x401310 0x401020
  1.014354500 CALL pid 100 tid 101 cpu 1 nr 0 read(0, NULL, 0) = -1 EINTR (Interrupted system call) dur 3000 callchain 0x401310 0x401020
  1.014412300 CALL pid 102 tid 102 cpu 0 nr 257 openat(0, NULL, O_RDONLY) = -1 ENOENT (No such file or directory) dur 500
  1.014414000 CALL pid 102 tid 102 cpu 0 nr 257 openat(0, NULL, O_RDONLY) = -1 ENOENT (No such file or directory) dur 700
X
note "ok: the first and last calls of each kind"
