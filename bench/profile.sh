#!/usr/bin/env bash
# bench/profile.sh - where the per-syscall cost of recording goes, on the
# dd worst case (1-byte reads and writes).
#
# Part 1, CPU accounting (steady on a busy machine): for each recorder
# configuration, N interleaved runs of
#     /usr/bin/time RECORDER -- /usr/bin/time dd ...
# The inner time gives the traced program's user and sys time (the kernel
# side of tracing shows up as extra sys time of dd); the outer minus the
# inner gives the recorder's own CPU (drain, decode, merge, pairing,
# encoding, compression, writing).  Medians, in ns per syscall.
#
# Then bench/faultcost.c: what one fault inside the kernel costs (the end of
# every -g fp frame walk).
#
# Part 2, a one-second cpu-clock profile (software event: hardware
# counters are not available on the VMs this was written on) of
# `scprof record` and dd in the middle of the run, with DWARF call graphs,
# summed per function over the recorder's threads and over dd's kernel-side
# tracepoint path.
#
# Part 3, bench/samplecost.c: what the kernel charges the traced program per
# sample, by sample layout (counting only, RAW, TIME|RAW, scprof record's,
# perf record's), with a minimal drain in place of a recorder.
# See bench/README.md.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
	cat <<'EOF'
usage: bench/profile.sh [OPTIONS]

  -n N        runs of each configuration (default 3; 5 for part 3)
  -c COUNT    dd count (default 500000: 1M syscalls; part 3 makes the
              same number of calls, 2 x COUNT)
  -a          part 1 (CPU accounting and faultcost); -p: part 2 (the
              profile); -s: part 3 (samplecost).  These add up; with none
              of them, all three run
  -h          this help
EOF
}
REPS=3 REPS_GIVEN=0 COUNT=500000 PART1=0 PART2=0 PART3=0
while getopts "n:c:pash" opt; do
	case $opt in
	n) REPS=$OPTARG REPS_GIVEN=1 ;;
	c) COUNT=$OPTARG ;;
	a) PART1=1 ;;
	p) PART2=1 ;;
	s) PART3=1 ;;
	h) usage; exit 0 ;;
	*) usage >&2; exit 2 ;;
	esac
done
((PART1 || PART2 || PART3)) || PART1=1 PART2=1 PART3=1
[[ $REPS =~ ^[1-9][0-9]*$ ]] || die "-n wants a positive count, not '$REPS'"
[[ $COUNT =~ ^[1-9][0-9]*$ ]] || die "-c wants a positive count, not '$COUNT'"
need_tools cc
if ((PART1 || PART2)); then
	need_tools perf /usr/bin/time
fi
need_root_and_tracefs
((PART1 || PART2)) && need_scprof
TMP=$(mktemp -d /tmp/scprof-profile.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
((PART1 || PART3)) && build_helpers "$TMP"
DD=(dd if=/dev/zero of=/dev/null bs=1 count="$COUNT" status=none)
NSYS=$((2 * COUNT))

if ((PART1)); then
	CONFIGS=(
		"untraced|"
		"perf stat (counting floor)|perf stat -e raw_syscalls:* -x, -o $TMP/stat --"
		"scprof record|$SCPROF record -o $TMP/s.data --"
		"scprof record --nice 0|$SCPROF record --nice 0 -o $TMP/s.data --"
		"scprof record -g fp|$SCPROF record -g fp -o $TMP/s.data --"
		"scprof record -g fp --max-stack 4|$SCPROF record -g fp --max-stack 4 -o $TMP/s.data --"
		"scprof record -g dwarf|$SCPROF record -g dwarf -o $TMP/s.data --"
		"perf record|perf record -q -e raw_syscalls:* -o $TMP/p.data --"
		"perf record -g|perf record -q -g -e raw_syscalls:* -o $TMP/p.data --"
	)

	note "$(machine); load average $(cut -d' ' -f1-3 /proc/loadavg)"
	: >"$TMP/cpu.tsv"
	n=${#CONFIGS[@]}
	for ((rep = 1; rep <= REPS; rep++)); do
		for ((i = 0; i < n; i++)); do
			IFS='|' read -r name pre <<<"${CONFIGS[(i + rep - 1) % n]}"
			read -ra PRE <<<"$pre"
			/usr/bin/time -f '%U %S' -o "$TMP/outer" "${PRE[@]}" \
				/usr/bin/time -f '%U %S %e' -o "$TMP/inner" "${DD[@]}" 2>"$TMP/err"
			read -r ou os <"$TMP/outer"
			read -r iu is ie <"$TMP/inner"
			lost=$(sed -nE 's/^scprof: recorded .* ([0-9]+) lost\).*/\1/p' "$TMP/err")
			printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$iu" "$is" "$ie" \
				"$(awk -v a="$ou" -v b="$os" -v c="$iu" -v d="$is" 'BEGIN { print a + b - c - d }')" \
				"${lost:--}" "$rep" >>"$TMP/cpu.tsv"
			note "$(printf '%-36s rep %d: dd %s user %s sys, recorder %s s%s' "$name" "$rep" "$iu" "$is" \
				"$(tail -n 1 "$TMP/cpu.tsv" | cut -f5)" "${lost:+, lost $lost}")"
			rm -f "$TMP"/s.data* "$TMP"/p.data*
		done
	done
	med() { awk -F'\t' -v r="$1" -v c="$2" '$1 == r { print $c }' "$TMP/cpu.tsv" | median; }
	ns() { awk -v s="$1" -v n="$NSYS" 'BEGIN { if (s == "-") print "-"; else printf "%.0f", s * 1e9 / n }'; }
	bs=$(med untraced 3)
	echo "## Per-syscall CPU cost on dd ($(machine))"
	echo
	echo "\`${DD[*]}\` ($NSYS syscalls), medians of $REPS interleaved runs; ns per syscall."
	echo "*dd sys extra*: dd's sys time minus untraced: the kernel-side cost of the"
	echo "tracepoints and ring-buffer writes, paid by the traced program. *recorder*:"
	echo "the recorder's own CPU (all its threads)."
	echo
	echo "| configuration | dd user | dd sys | dd sys extra | recorder | wall (s) | lost (max) |"
	echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
	for c in "${CONFIGS[@]}"; do
		IFS='|' read -r name pre <<<"$c"
		u=$(med "$name" 2) s=$(med "$name" 3) e=$(med "$name" 4) r=$(med "$name" 5)
		lost=$(awk -F'\t' -v r="$name" '$1 == r && $6 != "-" { if ($6 > m) m = $6; n++ } END { print n ? m + 0 : "-" }' "$TMP/cpu.tsv")
		printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$name" "$(ns "$u")" "$(ns "$s")" \
			"$(ns "$(awk -v a="$s" -v b="$bs" 'BEGIN { print a - b }')")" \
			"$([[ $name == untraced ]] && echo - || ns "$r")" "$e" "$lost"
	done
	echo
	# -g fp's walk ends by reading past the outermost frame, which faults:
	# what one fault inside the kernel costs on this machine.
	echo "A page fault taken and fixed up inside the kernel (\`faultcost\`, medians of 5):"
	echo "$("$TMP/faultcost")."
	echo
fi

if ((PART2)); then
	# The profile attaches to the running recorder and dd (-p) rather
	# than launching them under perf: while scprof's events ask for
	# build-ids in MMAP2 records, the kernel (6.18 here) also flags the
	# MMAP2 records it sends to perf's own events as carrying a build-id
	# while they carry an inode (the flag is set on a structure shared by
	# all listeners), and perf 6.1 then aborts reading them.  Attached,
	# perf synthesizes the maps from /proc instead.
	for try in 1 2 3; do
		note "profiling scprof record on dd (perf record -e cpu-clock --call-graph dwarf -p), try $try"
		rm -f "$TMP"/prof.pd* "$TMP"/s.data*
		"$SCPROF" record -o "$TMP/s.data" -- "${DD[@]}" 2>"$TMP/perr" &
		sp=$!
		ddp=
		for ((i = 0; i < 200; i++)); do
			for c in $(cat /proc/"$sp"/task/*/children 2>/dev/null); do
				[[ $(cat /proc/"$c"/comm 2>/dev/null) == dd ]] && ddp=$c
			done
			[[ -n $ddp ]] && break
			sleep 0.01
		done
		if [[ -z $ddp ]]; then
			wait "$sp"
			continue
		fi
		sleep 0.2
		perf record -q -B -N -e cpu-clock -F 2000 --call-graph dwarf,16384 -p "$sp,$ddp" \
			-o "$TMP/prof.pd" -- sleep 1 2>/dev/null
		wait "$sp"
		perf script --no-inline -i "$TMP/prof.pd" -F tid,ip,sym 2>/dev/null >"$TMP/prof.txt" || continue
		(($(grep -c '^ *[0-9]' "$TMP/prof.txt") > 100)) && break
	done
	(($(grep -c '^ *[0-9]' "$TMP/prof.txt") > 100)) || die "perf record or perf script kept failing"
	grep '^scprof:' "$TMP/perr" | sed 's/^/    /'
	# Per-thread sample counts, then per function inclusive shares.
	awk 'BEGIN { RS = "" }
	{
		n = split($0, l, "\n"); split(l[1], h, " ")
		tid = h[1]; total++; per[tid]++
		delete seen
		for (i = 2; i <= n; i++) {
			split(l[i], f, " "); s = f[2]
			if (!(s in seen)) { seen[s] = 1; inc[tid, s]++ }
		}
	}
	END {
		for (t in per) printf "T\t%s\t%d\t%d\n", t, per[t], total
		for (k in inc) { split(k, a, SUBSEP); printf "F\t%s\t%s\t%d\n", a[1], a[2], inc[k] }
	}' "$TMP/prof.txt" >"$TMP/agg.tsv"
	# Threads: dd is the one with the most samples in read/write; the
	# recorder's main thread runs cmd_record, its writer thread ZSTD.
	tid_with() { awk -F'\t' -v s="$1" '$1 == "F" && $3 == s { if ($4 > m) { m = $4; t = $2 } } END { print t }' "$TMP/agg.tsv"; }
	DDT=$(tid_with vfs_read) MAINT=$(tid_with cmd_record) WRT=$(tid_with ZSTD_compress2)
	total=$(awk -F'\t' '$1 == "T" { print $4; exit }' "$TMP/agg.tsv")
	cnt() { awk -F'\t' -v t="$1" '$1 == "T" && $2 == t { print $3 }' "$TMP/agg.tsv"; }
	share() { # share TID FUNC: % of that thread's samples with FUNC on the stack
		awk -F'\t' -v t="$1" -v s="$2" -v n="$(cnt "$1")" '$1 == "F" && $2 == t && $3 == s { v = $4 } END { printf "%.1f", n ? 100 * v / n : 0 }' "$TMP/agg.tsv"
	}
	echo "## Profile of \`scprof record\` on dd (cpu-clock, DWARF call graphs, 1 s mid-run)"
	echo
	echo "$total samples: dd $(cnt "$DDT"), recorder main thread $(cnt "$MAINT"), writer thread $(cnt "${WRT:-none}")."
	echo
	echo "dd, share of its samples with the function on the stack:"
	echo
	echo "| function | % of dd |"
	echo "| --- | ---: |"
	for f in do_syscall_64 syscall_trace_enter syscall_exit_work perf_tp_event perf_swevent_event \
		perf_trace_sys_enter perf_trace_sys_exit read_zero write_null; do
		echo "| $f | $(share "$DDT" "$f") |"
	done
	echo
	echo "Recorder main thread, inclusive:"
	echo
	echo "| function | % of main thread |"
	echo "| --- | ---: |"
	for f in drain_round ring_read_event decode_record merge_slot asm_exc_page_fault \
		merge_flush pairing_feed emit_call scf_writer_add __ppoll; do
		echo "| $f | $(share "$MAINT" "$f") |"
	done
	echo
	echo "Recorder main thread, self time (leaf function), top 12:"
	echo
	echo "| function | % of main thread |"
	echo "| --- | ---: |"
	awk -v t="$MAINT" 'BEGIN { RS = "" } { n = split($0, l, "\n"); split(l[1], h, " "); if (h[1] != t) next
		split(l[2], f, " "); c[f[2]]++; tot++ }
		END { for (s in c) printf "%.1f\t%s\n", 100 * c[s] / tot, s }' "$TMP/prof.txt" |
		sort -rn | head -n 12 | awk -F'\t' '{ printf "| %s | %s |\n", $2, $1 }'
	echo
	echo "Page faults in the main thread, by the recorder function that touched the memory:"
	echo
	awk -v t="$MAINT" 'BEGIN { RS = "" } { n = split($0, l, "\n"); split(l[1], h, " "); if (h[1] != t) next
		f = 0; for (i = 2; i <= n; i++) { split(l[i], x, " ")
			if (x[2] == "asm_exc_page_fault") f = 1
			else if (f && x[2] !~ /^(exc_|asm_|__memcpy|__memmove|__memset)/) { c[x[2]]++; tot++; break } } }
		END { for (s in c) printf "%d\t%s\n", c[s], s }' "$TMP/prof.txt" |
		sort -rn | head -n 5 | awk -F'\t' '{ printf "- %s: %s samples\n", $2, $1 }'
	if [[ -n $WRT ]]; then
		echo
		echo "Writer thread: ZSTD_compress2 $(share "$WRT" ZSTD_compress2)%, write $(share "$WRT" __libc_write)%."
	fi
fi

if ((PART3)); then
	# What the kernel charges dd per sample, by sample layout, with a
	# drain that reads nothing in place of a recorder.
	note "samplecost: what the kernel charges per sample (about 1 min for 5 runs of 1M calls)"
	sc=(-c "$NSYS" -v)
	((REPS_GIVEN)) && sc+=(-n "$REPS")
	((PART2)) && echo
	echo "## What the kernel charges per sample (\`samplecost\`, $(machine))"
	echo
	"$TMP/samplecost" "${sc[@]}" || die "samplecost failed"
fi
