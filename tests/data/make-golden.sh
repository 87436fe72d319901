#!/bin/sh
# make-golden.sh - make the golden files of tests/data/ (README.md there
# lists each with what reading it must give).
#
#   tests/data/make-golden.sh            derive every damaged file from the
#                                        checked-in complete.scf
#   tests/data/make-golden.sh --record   first record complete.scf and
#                                        perf.data again (root, perf)
#
# Run from anywhere after `make` (it needs build/libscf.a and ./scprof).
# The derived files depend only on complete.scf, so running it again
# changes nothing; --record changes everything, and README.md's counts
# and offsets must then be updated (check_scf_golden says which).
set -eu
cd "$(dirname "$0")/../.."
D=tests/data
G=build/golden
mkdir -p build
${CC:-cc} -std=gnu11 -D_GNU_SOURCE -O1 -I. -o $G $D/golden.c build/libscf.a \
	-l:libzstd.a -lelf -lpthread

if [ "${1-}" = --record ]; then
	# ls of an empty directory: a small real recording; its events go
	# into chunks of 60, then ls's own symbol table
	mkdir -p build/golden-empty
	./scprof record -o build/golden-ls.scf -- ls build/golden-empty >/dev/null
	$G rechunk build/golden-ls.scf $D/complete.scf 60 "$(command -v ls)"
	rm -f $D/perf.data
	perf record --no-buildid -q -o $D/perf.data -- true
	rm -f $D/perf.data.old
	chmod 644 $D/perf.data
fi

# Chunks of complete.scf: META, EVENTS x3, SYMBOLS, TRAILER
$G chunks $D/complete.scf >build/golden-chunks
field() { # field TYPE NTH COLUMN: COLUMN of the NTH chunk of TYPE
	awk -v t="$1" -v n="$2" -v c="$3" '$2 == t && ++k == n { print $c }' build/golden-chunks
}
meta=$(field 1 1 1) meta_csize=$(field 1 1 3)
ev1=$(field 2 1 1)
ev2=$(field 2 2 1) ev2_csize=$(field 2 2 3)
ev3=$(field 2 3 1) ev3_csize=$(field 2 3 3)
sym=$(field 4 1 1) sym_csize=$(field 4 1 3)
trl=$(field 3 1 1)
test -n "$ev3" -a -n "$sym" -a -n "$trl" || { echo "make-golden: complete.scf lacks a chunk" >&2; exit 1; }

cut() { head -c "$1" $D/complete.scf >"$D/$2"; }
cut 4 trunc-magic.scf
cut 20 trunc-header.scf
cut $((meta + 48 + meta_csize / 2)) trunc-meta.scf
cut "$ev3" trunc-at-chunk.scf
cut $((ev3 + 20)) trunc-chunk-header.scf
cut $((ev3 + 48 + ev3_csize / 2)) trunc-payload.scf
cut $((sym + 48 + sym_csize / 2)) trunc-symbols.scf
cut "$trl" trunc-before-trailer.scf

flip() { cp $D/complete.scf "$D/$3"; $G flip "$D/$3" "$1" "$2"; }
flip 8 0x01 flip-header.scf
flip $((meta + 48 + meta_csize / 2)) 0x04 flip-meta.scf
flip $((ev2 + 48 + ev2_csize / 2)) 0x10 flip-events.scf
flip $((trl + 49)) 0x01 flip-trailer.scf
flip $((ev1 + 40)) 0x80 bad-checksum.scf
flip $((ev3 + 10)) 0x01 flip-csize.scf

: >$D/empty.scf
$G random 4096 1 >$D/random.bin

cp $D/complete.scf $D/future-version.scf
$G set-header $D/future-version.scf 3 3
cp $D/complete.scf $D/future-compatible.scf
$G set-header $D/future-compatible.scf 3 1
# unknown chunk types between the events and before the trailer (the
# later first, so that the earlier offset stays right)
$G insert-chunk $D/future-compatible.scf "$trl" 9 "a chunk of a newer version"
$G insert-chunk $D/future-compatible.scf "$ev2" 200 "another"
