# shellcheck shell=bash
# bench/lib.sh - helpers shared by bench/run.sh, report.sh and soak.sh
# (sourced, not run): tool checks, building the helper programs, medians.

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$BENCH_DIR/.." && pwd)

die() {
	echo "bench: $*" >&2
	exit 1
}

note() {
	echo "bench: $*" >&2
}

# The Debian package that provides a command.
pkg_of() {
	case $1 in
	cc) echo gcc ;;
	perf) echo linux-perf ;;
	/usr/bin/time) echo time ;;
	*) echo "$1" ;;
	esac
}

# need_tools CMD...: every command must exist; missing ones are installed
# with apt-get when we are root and BENCH_NO_INSTALL is unset, otherwise
# we stop with the apt-get line to run.
need_tools() {
	local missing=() pkgs=() c
	for c in "$@"; do
		if [[ $c == /* ]]; then
			[[ -x $c ]] || missing+=("$c")
		else
			command -v "$c" >/dev/null 2>&1 || missing+=("$c")
		fi
	done
	((${#missing[@]})) || return 0
	for c in "${missing[@]}"; do pkgs+=("$(pkg_of "$c")"); done
	if [[ $(id -u) != 0 || -n ${BENCH_NO_INSTALL:-} ]] || ! command -v apt-get >/dev/null; then
		die "missing ${missing[*]}; install them with: sudo apt-get install ${pkgs[*]}"
	fi
	note "installing ${pkgs[*]} (for ${missing[*]}); set BENCH_NO_INSTALL=1 to refuse"
	apt-get update -qq >/dev/null &&
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${pkgs[@]}" >/dev/null ||
		die "apt-get install ${pkgs[*]} failed"
	for c in "${missing[@]}"; do
		if [[ $c == /* ]]; then [[ -x $c ]]; else command -v "$c" >/dev/null; fi ||
			die "'$c' is still missing after installing ${pkgs[*]}"
	done
}

# Root, tracefs mounted, a built scprof.
need_root_and_tracefs() {
	[[ $(id -u) == 0 ]] || die "run me as root: every tracer here needs it"
	if [[ ! -d /sys/kernel/tracing/events ]]; then
		mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null ||
			die "tracefs is not mounted and 'mount -t tracefs nodev /sys/kernel/tracing' failed"
	fi
	# bpftrace wants to raise RLIMIT_MEMLOCK; harmless if it cannot.
	ulimit -l unlimited 2>/dev/null || true
}

need_scprof() {
	SCPROF=${SCPROF:-$REPO_DIR/scprof}
	if [[ ! -x $SCPROF ]]; then
		note "building scprof (make -C $REPO_DIR)"
		make -s -C "$REPO_DIR" scprof >/dev/null || die "'make' failed; build scprof first"
	fi
	[[ -x $SCPROF ]] || die "no scprof binary at $SCPROF; run 'make' in $REPO_DIR"
	# The reader may come from another build (e.g. a branch's report).
	SCPROF_REPORT=${SCPROF_REPORT:-$SCPROF}
	[[ -x $SCPROF_REPORT ]] || die "no scprof binary at SCPROF_REPORT=$SCPROF_REPORT"
}

# build_helpers DIR: storm, stopwatch, faultcost and samplecost into DIR
# (stopwatch static when the static libc is there, so it adds few syscalls
# of its own).
build_helpers() {
	local d=$1
	cc -O2 -Wall -Wextra -pthread -o "$d/storm" "$BENCH_DIR/storm.c" || die "cannot build storm.c"
	cc -O2 -static -Wall -Wextra -o "$d/stopwatch" "$BENCH_DIR/stopwatch.c" 2>/dev/null ||
		cc -O2 -Wall -Wextra -o "$d/stopwatch" "$BENCH_DIR/stopwatch.c" ||
		die "cannot build stopwatch.c"
	cc -O2 -Wall -Wextra -o "$d/faultcost" "$BENCH_DIR/faultcost.c" || die "cannot build faultcost.c"
	cc -O2 -Wall -Wextra -o "$d/samplecost" "$BENCH_DIR/samplecost.c" || die "cannot build samplecost.c"
}

# median: numbers on stdin, one a line ("-" and empty lines ignored).
median() {
	grep -E '^-?[0-9.]+$' | sort -g | awk '{ v[NR] = $1 }
		END { if (!NR) { print "-"; exit }
		      if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# machine: one line naming the CPU, cores, kernel and date.
machine() {
	local cpu
	cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
	printf '%s, %s cores, %s MiB RAM, kernel %s, %s' "$cpu" "$(nproc)" \
		"$(awk '/^MemTotal/ { print int($2 / 1024) }' /proc/meminfo)" \
		"$(uname -r)" "$(date -u '+%Y-%m-%d %H:%M UTC')"
}

# scprof_has CMD: the reader's subcommand exists and is implemented.
scprof_has() {
	"$SCPROF_REPORT" "$1" --help >/dev/null 2>&1
}
