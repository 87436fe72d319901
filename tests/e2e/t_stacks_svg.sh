# --format svg: a well-formed, self-contained flame graph whose frames carry
# the stacks' calls, time and percentiles, coloured by syscall class.
source "$(dirname "$0")/lib.sh"
need_perf
need_example stacks_calls

record calls.data -g fp -- "$EX/stacks_calls"
report -i calls.data --format svg >flame.svg

[[ $(head -1 flame.svg) == '<?xml '* ]] || fail "not an XML document: $(head -c 80 flame.svg)"
assert_eq "</svg>" "$(tail -1 flame.svg)" "last line"
# self-contained: no external references (the namespace URI is no fetch)
assert_eq 0 "$(grep -v 'xmlns="http://www.w3.org/2000/svg"' flame.svg | grep -cE 'href=|url\(|https?:' || true)" \
	"external references"
need_python3
python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' flame.svg ||
	fail "flame.svg is not well-formed XML"
note "ok: well-formed XML"

# one frame per tree node: load_config once, its openat leaf with 1000 calls
# (load_cache's openat leaf has 200)
assert_eq 1 "$(grep -c 'data-n="load_config"' flame.svg)" "load_config frames"
assert_eq 1 "$(grep -c '<title>load_config$' flame.svg)" "load_config titles"
(($(grep -A1 '<title>load_config$' flame.svg | grep -c '^1000 calls ('))) ||
	fail "load_config's tooltip: $(grep -A2 '<title>load_config$' flame.svg)"
assert_eq "200 1000" "$(awk '/<title>openat$/ { getline; print $1 }' flame.svg | sort -n | tail -2 | xargs)" \
	"calls of the two heaviest openat leaves"
# tooltips carry p50 and p99, and the leaves their class
(($(grep -A2 '<title>load_config$' flame.svg | grep -cE '^p50 [0-9.]+[nmu]?s, p99 [0-9.]+[nmu]?s'))) ||
	fail "load_config's tooltip has no percentiles"
openat_leaves=$(grep -c '<title>openat$' flame.svg)
assert_eq "$openat_leaves" "$(grep -A3 '<title>openat$' flame.svg | grep -c '^class file</title>')" \
	"openat leaves whose tooltip says class file"
# openat is %file: the openat leaves are the file colour
(($(grep '<title>openat$' -A3 flame.svg | grep -c 'fill="rgb(232,142,52)"'))) || fail "openat leaf not in the file colour"
# width by time: the root spans the whole frame area
(($(grep -A3 '<title>all$' flame.svg | grep -c 'width="1179.00"'))) || fail "root frame is not full width"
