#!/usr/bin/env bash
# run.sh - the mutation run: prove that the tests catch small bugs.
#
#   bash tests/mutation/run.sh [--check] [--list FILE] [PATTERN...]
#
# tests/mutation/mutants.txt lists small source mutations (see its head for
# the format).  For each (or each whose file or description contains one
# of the PATTERNs), in a scratch copy of the tree: apply it, rebuild, run
# the tests until one fails.  Its hinted tests run first, then every unit
# test and every e2e test.  A mutant is killed when a test fails (the test
# is named), survives when every test passes; one that does not build is
# an error of the list and counts as survived.  Prints one line per mutant
# and then exactly one line "mutants: N, killed: K, survived: S".  Exit
# status 1 if one survived, 2 if the list is stale or malformed: every
# entry's text must occur exactly once in its file, so that an entry that
# no longer matches the code (code moved or rewritten) fails loudly rather
# than testing nothing.  --check only checks the list (no build, seconds).
#
# Before the mutants, the hinted tests run once on the unmutated copy: a
# test that fails there would "kill" every mutant.  A test that killed a
# mutant without being hinted is run on the unmutated copy at the end too.
#
# MUTATION_DIR: the scratch directory (default: a new one under TMPDIR,
# removed at the end); E2E_TIMEOUT: seconds per e2e test (default 120);
# MUTATION_JOBS: make -j (default 2).  Needs root for the e2e tests, as
# `make e2e` does.
set -uo pipefail

src=$(cd "$(dirname "$0")/../.." && pwd)
list=$src/tests/mutation/mutants.txt
check_only=0
patterns=()
while (($# > 0)); do
	case $1 in
	--check) check_only=1 ;;
	--list)
		list=$2
		shift
		;;
	-h | --help)
		sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'
		exit 0
		;;
	*) patterns+=("$1") ;;
	esac
	shift
done

# ---- the list ----
# Entries are blocks of "key: value" lines separated by blank lines; lines
# starting with # are comments.  Keys: file, find, replace, why, tests.
files=() finds=() repls=() whys=() hints=()
bad=0
parse()
{
	local line key val n=0 lineno=0 start=0
	local f='' fi='' r='' w='' t='' has_r=0
	flush()
	{
		if [[ -n $f$fi$w$t ]] || ((has_r)); then
			if [[ -z $f || -z $fi || -z $w ]] || ((!has_r)); then
				echo "$list:$start: an entry needs file, find, replace and why" >&2
				bad=1
			else
				files+=("$f") finds+=("$fi") repls+=("$r") whys+=("$w") hints+=("$t")
			fi
		fi
		f='' fi='' r='' w='' t='' has_r=0 start=0
	}
	while IFS= read -r line || [[ -n $line ]]; do
		lineno=$((lineno + 1))
		[[ $line == '#'* ]] && continue
		if [[ -z $line ]]; then
			flush
			continue
		fi
		((start)) || start=$lineno
		key=${line%%:*}
		val=${line#*: }
		[[ $line == *': '* || $line == *':' ]] || {
			echo "$list:$lineno: expected 'key: value'" >&2
			bad=1
			continue
		}
		[[ $line == *':' && $line != *': '* ]] && val=''
		case $key in
		file) f=$val ;;
		find) fi=$val ;;
		replace) r=$val has_r=1 ;;
		why) w=$val ;;
		tests) t=$val ;;
		*)
			echo "$list:$lineno: unknown key '$key'" >&2
			bad=1
			;;
		esac
	done <"$list"
	flush
}
[[ -r $list ]] || {
	echo "mutation: cannot read '$list'" >&2
	exit 2
}
parse

# count FILE TEXT: how many times TEXT occurs in FILE (overlaps not counted)
count()
{
	TEXT=$2 awk 'BEGIN { RS = "\001"; t = ENVIRON["TEXT"] }
	{ s = $0; while ((i = index(s, t)) > 0) { n++; s = substr(s, i + length(t)) } }
	END { print n + 0 }' "$1"
}

# mutate FILE TEXT REPLACEMENT: replace the one occurrence, in place
mutate()
{
	TEXT=$2 REPL=$3 awk 'BEGIN { RS = "\001"; ORS = ""; t = ENVIRON["TEXT"]; r = ENVIRON["REPL"] }
	{ i = index($0, t); print substr($0, 1, i - 1) r substr($0, i + length(t)) }' "$1" >"$1.mut" &&
		mv "$1.mut" "$1"
}

n=${#files[@]}
for ((i = 0; i < n; i++)); do
	f=${files[i]}
	if [[ ! -f $src/$f ]]; then
		echo "$list: mutant $((i + 1)) ($f: ${whys[i]}): no file '$f'" >&2
		bad=1
		continue
	fi
	c=$(count "$src/$f" "${finds[i]}")
	if ((c != 1)); then
		echo "$list: mutant $((i + 1)) ($f: ${whys[i]}): the text occurs $c times, not once: ${finds[i]}" >&2
		bad=1
	fi
	[[ ${finds[i]} != "${repls[i]}" ]] || {
		echo "$list: mutant $((i + 1)) ($f): the replacement is the text itself" >&2
		bad=1
	}
done
if ((bad)); then
	echo "mutation: the list is stale or malformed (above); fix $list" >&2
	exit 2
fi
if ((check_only)); then
	echo "mutation: $n mutants, every text found exactly once"
	exit 0
fi

selected=()
for ((i = 0; i < n; i++)); do
	if ((${#patterns[@]} == 0)); then
		selected+=("$i")
		continue
	fi
	for p in "${patterns[@]}"; do
		if [[ ${files[i]} == *"$p"* || ${whys[i]} == *"$p"* ]]; then
			selected+=("$i")
			break
		fi
	done
done

# ---- the scratch copy ----
jobs=${MUTATION_JOBS:-2}
e2e_timeout=${E2E_TIMEOUT:-120}
if [[ -n ${MUTATION_DIR:-} ]]; then
	scratch=$MUTATION_DIR
	mkdir -p "$scratch"
else
	scratch=$(mktemp -d "${TMPDIR:-/tmp}/scprof-mutation.XXXXXX")
	trap 'rm -rf "$scratch"' EXIT
fi
logs=$scratch/logs
mkdir -p "$logs"
# the working tree as it is (uncommitted changes included), without build/
(cd "$src" && git ls-files -co --exclude-standard -z | tar --null -T - -cf -) |
	(cd "$scratch" && tar -xf -) || {
	echo "mutation: cannot copy the tree to $scratch" >&2
	exit 2
}
cd "$scratch" || exit 2
start_all=$(date +%s)
echo "mutation: building in $scratch"
build()
{
	make -j"$jobs" all >"$1" 2>&1 && make -j"$jobs" $(make -s print-unit-tests) >>"$1" 2>&1
}
build "$logs/build.log" || {
	tail -20 "$logs/build.log" >&2
	echo "mutation: the unmutated tree does not build" >&2
	exit 2
}
unit_tests=$(make -s print-unit-tests)
all_tests=()
for t in $unit_tests; do all_tests+=("$(basename "$t")"); done
for t in tests/e2e/t_*.sh; do all_tests+=("$(basename "$t" .sh)"); done

# run_test NAME LOG: 0 if the test passes (an e2e skip counts as a pass
# here: whether skips are allowed is run.sh's business)
run_test()
{
	local name=$1 log=$2 rc=0
	case $name in
	check_*)
		local bin
		bin=$(printf '%s\n' $unit_tests | grep "/$name\$" | head -1)
		[[ -n $bin ]] || {
			echo "no unit test $name" >>"$log"
			return 2
		}
		CK_FORK=yes timeout -k 5 600 "$bin" >>"$log" 2>&1 || rc=$?
		;;
	t_*)
		[[ -f tests/e2e/$name.sh ]] || {
			echo "no e2e test $name" >>"$log"
			return 2
		}
		timeout -k 5 "$e2e_timeout" bash "tests/e2e/$name.sh" >>"$log" 2>&1 || rc=$?
		((rc == 77)) && rc=0
		;;
	*)
		echo "unknown test $name" >>"$log"
		return 2
		;;
	esac
	return "$rc"
}

# the hinted tests on the unmutated tree
declare -A baseline=()
for i in "${selected[@]}"; do
	for t in ${hints[i]}; do baseline[$t]=unknown; done
done
for t in "${!baseline[@]}"; do
	if run_test "$t" "$logs/baseline-$t.log"; then
		baseline[$t]=pass
	else
		echo "mutation: $t fails on the unmutated tree (log: $logs/baseline-$t.log)" >&2
		tail -20 "$logs/baseline-$t.log" >&2
		exit 2
	fi
done

killed=0 survived=0
declare -A killer_of=()
for i in "${selected[@]}"; do
	f=${files[i]} log=$logs/mutant-$((i + 1)).log
	t0=$(date +%s)
	cp -p "$f" "$logs/orig"
	mutate "$f" "${finds[i]}" "${repls[i]}"
	result='' killer=''
	if ! build "$log"; then
		result="survived (does not build: see $log)"
	else
		tried=" "
		for t in ${hints[i]} "${all_tests[@]}"; do
			[[ $tried == *" $t "* ]] && continue
			tried="$tried$t "
			echo "=== $t" >>"$log"
			if ! run_test "$t" "$log"; then
				killer=$t
				break
			fi
		done
		[[ -n $killer ]] && result="killed by $killer" || result=survived
	fi
	# restore, newer than any object built from the mutant
	cp "$logs/orig" "$f"
	touch "$f"
	secs=$(($(date +%s) - t0))
	if [[ -n $killer ]]; then
		killed=$((killed + 1))
		killer_of[$i]=$killer
		printf 'KILLED    %3d %s: %s (%s, %d s)\n' "$((i + 1))" "$f" "${whys[i]}" "$killer" "$secs"
	else
		survived=$((survived + 1))
		printf 'SURVIVED  %3d %s: %s (%s, %d s; log %s)\n' "$((i + 1))" "$f" "${whys[i]}" "$result" "$secs" "$log"
	fi
done

# tests that killed a mutant unhinted: they must pass on the unmutated tree
build "$logs/build-final.log" || {
	echo "mutation: the restored tree does not build" >&2
	exit 2
}
for i in "${!killer_of[@]}"; do
	t=${killer_of[$i]}
	[[ -n ${baseline[$t]:-} ]] && continue
	if run_test "$t" "$logs/baseline-$t.log"; then
		baseline[$t]=pass
	else
		baseline[$t]=fail
	fi
done
for i in "${!killer_of[@]}"; do
	t=${killer_of[$i]}
	if [[ ${baseline[$t]} == fail ]]; then
		echo "mutation: mutant $((i + 1)) was 'killed' by $t, which also fails unmutated: counted as survived" >&2
		killed=$((killed - 1)) survived=$((survived + 1))
	fi
done
echo "mutation: $(($(date +%s) - start_all)) s"
echo "mutants: ${#selected[@]}, killed: $killed, survived: $survived"
((survived == 0))
