# The golden files of tests/data/ through every view of scprof report and
# through scprof dump: each (file, view)'s exit status, standard error and
# a digest of standard output must be those of tests/e2e/golden-outputs.txt,
# byte for byte; and every file's outcome must be the one tests/data/README.md
# gives it, which says why:
#   open: MSG          every view exits 1 with the one line
#                      "scprof: cannot read 'FILE': MSG", maybe followed by
#                      " (what was bad)" or "; the fix" (dump: the same;
#                      libscf's "recording needs a newer scprof" is, in the
#                      commands' words, "recorded by a newer scprof; upgrade
#                      scprof to read it")
#   complete: ...      the report exits 0 and warns of nothing; dump ends
#                      "end: N events, complete"
#   truncated: N ...   the report exits 0 and warns "recording truncated";
#                      dump ends "end: N events, truncated ..."
#   error after N events: corrupt recording (chunk at offset X)
#                      report shows the part before the chunk and exits 1
#                      with "scprof: 'FILE' is corrupt (bad chunk at byte
#                      X); showing the part before it"; dump prints the N
#                      events, then exits 1 with "scprof: cannot read
#                      'FILE': corrupt recording (chunk at offset X)"
# Under `make asan` this is also the sanitizers' regression run for the
# crashers `make fuzz` found in the report views.
#
# `bash tests/e2e/run.sh golden` runs it alone: the proof that a change
# (a refactoring, a move of files) leaves every output of these files as
# it was.  When an output changes on purpose, GOLDEN_UPDATE=1 rewrites the
# list; the commit then says why each changed line is right.
source "$(dirname "$0")/lib.sh"
[[ -x $SCPROF ]] || fail "$SCPROF is not built (run make)"
export TZ=UTC LC_ALL=C
cd "$ROOT" # file names as the outputs show them: tests/data/NAME
expected=tests/e2e/golden-outputs.txt
readme=tests/data/README.md

views=("report" "report -L --errors --hist" "report --by thread,syscall --format json -L"
	"report --by comm --format csv" "report --stuck" "report --events" "report --stacks"
	"report --stacks=tree" "report --format svg" "report --format folded" "dump" "dump -s")

# one line per (file, view): FILE<TAB>VIEW<TAB>EXIT<TAB>SHA256 OF STDOUT<TAB>STDERR
# (its lines joined by " | ")
actual=$TMP/golden-outputs.txt
{
	echo "# file	view	exit	sha256 of stdout	stderr (lines joined by ' | ')"
	echo "# written by GOLDEN_UPDATE=1 bash tests/e2e/run.sh golden; see tests/e2e/t_report_golden.sh"
	for f in tests/data/*; do
		case $f in *.md | *.sh | *.c) continue ;; esac
		for v in "${views[@]}"; do
			rc=0
			# shellcheck disable=SC2086
			"$SCPROF" $v -i "$f" >"$TMP/out" 2>"$TMP/err" || rc=$?
			((rc == 0 || rc == 1)) || fail "$v -i $f exited with $rc:$(echo; head -5 "$TMP/err")"
			printf '%s\t%s\t%d\t%s\t%s\n' "${f#tests/data/}" "$v" "$rc" \
				"$(sha256sum <"$TMP/out" | cut -d' ' -f1)" "$(awk 'NR > 1 { printf " | " } { printf "%s", $0 }' "$TMP/err")"
		done
	done
} >"$actual"
note "ok: $(grep -vc '^#' "$actual") runs, none crashed"

if [[ ${GOLDEN_UPDATE:-} == 1 ]]; then
	cp "$actual" "$expected"
	note "wrote $expected"
fi
diff -u "$expected" "$actual" >"$TMP/golden.diff" ||
	{ cat "$TMP/golden.diff" >&2; fail "outputs differ from $expected (- expected, + got)"; }
note "ok: every exit status, stderr and stdout as in $expected"

# The outcomes README.md gives, against the list: the reason its lines are
# right, file by file.
# row FILE VIEW: "EXIT<TAB>STDERR" of that run
row()
{
	awk -F '\t' -v f="$1" -v v="$2" '$1 == f && $2 == v { print $3 "\t" $5; n++ } END { exit n != 1 }' "$actual" ||
		fail "no single line for $1 / $2"
}
nfiles=0
while IFS='|' read -r _ name _ outcome _; do
	name=$(echo "$name" | sed -E 's/^ *`//; s/` *$//')
	outcome=$(echo "$outcome" | sed -E 's/^ *//; s/ *$//')
	[[ -f tests/data/$name ]] || continue
	nfiles=$((nfiles + 1))
	p="tests/data/$name"
	case $outcome in
	open:*)
		msg=${outcome#open: }
		# libscf's words for -ENOTSUP; the commands say what to do
		[[ $msg == "recording needs a newer scprof" ]] && msg="recorded by a newer scprof"
		for v in "${views[@]}"; do
			# the one line, maybe with what was bad or the fix after it
			got=$(row "$name" "$v")
			[[ $got == "1	scprof: cannot read '$p': $msg" || $got == "1	scprof: cannot read '$p': $msg ("*")" ||
				$got == "1	scprof: cannot read '$p': $msg; "* ]] && [[ $got != *" | "* ]] ||
				fail "$name: $v: expected exit 1 and one line 'scprof: cannot read '$p': $msg', got: $got"
		done
		note "ok: $name: every view exits 1 with 'scprof: cannot read '$p': $msg'"
		;;
	complete:*)
		assert_eq "0	" "$(row "$name" report)" "$name: report"
		n=$(echo "$outcome" | sed -E 's/^complete: ([0-9]+) events.*/\1/')
		assert_eq "end: $n events, complete" "$("$SCPROF" dump -i "$p" | tail -1)" "$name: dump's last line"
		;;
	truncated:*)
		assert_eq "0	" "$(row "$name" report)" "$name: report"
		"$SCPROF" report -i "$p" >"$TMP/trunc.txt"
		(($(head -5 "$TMP/trunc.txt" | grep -c '^warning: recording truncated'))) ||
			fail "$name: no truncation warning in the report"
		n=$(echo "$outcome" | sed -E 's/^truncated: ([0-9]+) events.*/\1/')
		[[ $("$SCPROF" dump -i "$p" | tail -1) == "end: $n events, truncated"* ]] ||
			fail "$name: dump should end with 'end: $n events, truncated'"
		note "ok: $name: report warns of the truncation, dump ends after $n events"
		;;
	error\ after*)
		n=$(echo "$outcome" | sed -E 's/^error after ([0-9]+) events: .*/\1/')
		msg=$(echo "$outcome" | sed -E 's/^error after [0-9]+ events: (.*) \(chunk at offset [0-9]+\)$/\1/')
		off=$(echo "$outcome" | sed -E 's/.*\(chunk at offset ([0-9]+)\)$/\1/')
		[[ $msg == "corrupt recording" ]] || fail "$name: unexpected error '$msg'"
		assert_eq "1	scprof: '$p' is corrupt (bad chunk at byte $off); showing the part before it" \
			"$(row "$name" report)" "$name: report"
		assert_eq "1	scprof: cannot read '$p': $msg (chunk at offset $off)" "$(row "$name" dump)" "$name: dump"
		rc=0
		"$SCPROF" dump -i "$p" >"$TMP/dump.out" 2>/dev/null || rc=$?
		assert_eq "1 $n" "$rc $(grep -cE '^  [0-9]+\.[0-9]{9} [A-Z]+ ' "$TMP/dump.out" || true)" "$name: dump's exit status and events before the error"
		;;
	*) fail "$readme: $name: unknown outcome '$outcome'" ;;
	esac
done < <(grep -E '^\| `[^`]+` \|' "$readme")
assert_eq "$(ls tests/data | grep -cvE '\.(md|sh|c)$')" "$nfiles" "files of tests/data with an outcome in $readme"
