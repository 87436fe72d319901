# Every damaged or odd recording of tests/data/ through every report view:
# a report (exit 0) or one "scprof: ..." line (exit 1), never a crash.
# Under `make asan` this is also the sanitizers' regression run for the
# crashers `make fuzz` found in the report views.
source "$(dirname "$0")/lib.sh"
[[ -x $SCPROF ]] || fail "$SCPROF is not built (run make)"

views=("" "--latency --errors --hist" "--by thread,syscall --format json" "--by comm --format csv"
	"--stuck" "--events" "--stacks=tree" "--format svg" "--format folded")
n=0
for f in "$ROOT"/tests/data/*; do
	case $f in *.md | *.sh | *.c) continue ;; esac
	for v in "${views[@]}"; do
		rc=0
		# shellcheck disable=SC2086
		"$SCPROF" report -i "$f" $v >out.txt 2>err.txt || rc=$?
		case $rc in
		0) ;;
		1)
			[[ $(wc -l <err.txt) == 1 ]] && grep -q '^scprof: ' err.txt ||
				fail "report $v on $(basename "$f"): exit 1 without one 'scprof:' line:$(echo; cat err.txt)"
			;;
		*) fail "report $v on $(basename "$f") exited with $rc:$(echo; head -5 err.txt)" ;;
		esac
		n=$((n + 1))
	done
done
note "ok: $n report runs on every file of tests/data, none crashed"
