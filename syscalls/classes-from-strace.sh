#!/bin/sh
# classes-from-strace.sh - write syscalls/classes.in from strace's tables.
#
# Usage: sh syscalls/classes-from-strace.sh \
#            strace/src/linux/x86_64/syscallent.h \
#            strace/src/linux/generic/syscallent-common.h > syscalls/classes.in
#
# Reads entries like
#   [257] = { 4, TD|TF, SEN(openat), "openat" },
# and prints "openat desc file": strace's trace classes in words.  Flags
# that are not classes (PU, NF, SI, SE, CC, TSD, MA, CST) are dropped.
# strace's stat subclasses fold into the words stat (any stat-like call),
# lstat, fstat, statfs (any statfs-like call) and fstatfs.
set -e
LC_ALL=C
export LC_ALL
awk '
BEGIN {
	w["TF"] = "file"; w["TD"] = "desc"; w["TN"] = "network"
	w["TP"] = "process"; w["TM"] = "memory"; w["TS"] = "signal"
	w["TI"] = "ipc"; w["TC"] = "creds"; w["TCL"] = "clock"
	w["TST"] = "stat"; w["TSTA"] = "stat"; w["TLST"] = "lstat"
	w["TFST"] = "fstat"; w["TSF"] = "statfs"; w["TSFA"] = "statfs"
	w["TFSF"] = "fstatfs"
	print "# Syscall classes, following strace (-e trace=%file and so on)."
	print "#"
	print "# One line per syscall: its name, then its classes (none for a call"
	print "# strace puts in no class).  Words: file desc network process memory"
	print "# signal ipc creds clock, and stat (any stat-like call), lstat, fstat,"
	print "# statfs (any statfs-like call), fstatfs."
	print "#"
	print "# Written by syscalls/classes-from-strace.sh from strace'"'"'s"
	print "# src/linux/x86_64/syscallent.h and src/linux/generic/syscallent-common.h."
}
/^\[/ && /"[a-z0-9_]+"/ {
	line = $0
	sub(/^[^{]*\{[ \t]*[0-9]+,[ \t]*/, "", line)
	flags = line
	sub(/,.*/, "", flags)
	name = line
	sub(/^[^"]*"/, "", name)
	sub(/".*/, "", name)
	if (name in seen)
		next
	seen[name] = 1
	n = split(flags, f, "|")
	out = name
	split("", used)
	for (i = 1; i <= n; i++) {
		gsub(/[ \t]/, "", f[i])
		if (!(f[i] in w) || (w[f[i]] in used))
			continue
		used[w[f[i]]] = 1
		out = out " " w[f[i]]
	}
	print out
}
' "$@"
