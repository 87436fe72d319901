# The flame graph renders in a real browser (headless Chromium): the frames
# are drawn in their class colours, and its script zooms (#zoom=NAME) and
# searches (#search=REGEX).  Skipped when chromium is not installed.
source "$(dirname "$0")/lib.sh"
need_perf
need_example stacks_calls
browser=$(command -v chromium || command -v chromium-browser || true)
[[ -n $browser ]] || skip "chromium is not installed (apt-get install chromium)"
need_python3

record calls.data -g fp -- "$EX/stacks_calls"
report -i calls.data --format svg >flame.svg

# chromium FILE.png URL: a 1200x400 screenshot
shot()
{
	timeout 60 "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars \
		--window-size=1200,400 --screenshot="$TMP/$1" "file://$TMP/flame.svg$2" \
		>"$TMP/chromium.log" 2>&1 || { cat "$TMP/chromium.log" >&2; fail "chromium failed"; }
	[[ -s $TMP/$1 ]] || fail "chromium wrote no $1"
}

# pixels PNG R,G,B...: how many pixels have each colour, and how many colours
pixels()
{
	python3 - "$@" <<'PY'
import struct, sys, zlib
data = open(sys.argv[1], 'rb').read()
assert data[:8] == b'\x89PNG\r\n\x1a\n', 'not a PNG'
pos, idat = 8, b''
while pos < len(data):
    n, kind = struct.unpack('>I4s', data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b'IHDR':
        w, h, depth, ctype, _, _, interlace = struct.unpack('>IIBBBBB', body)
    elif kind == b'IDAT':
        idat += body
    pos += 12 + n
assert depth == 8 and ctype in (2, 6) and not interlace, 'unexpected PNG layout'
bpp = 4 if ctype == 6 else 3
raw, stride = zlib.decompress(idat), w * bpp
rows, prev, i = [], bytearray(stride), 0
for _ in range(h):
    f, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
    i += 1 + stride
    for x in range(stride):
        a = line[x - bpp] if x >= bpp else 0
        b, c = prev[x], prev[x - bpp] if x >= bpp else 0
        if f == 1: line[x] = (line[x] + a) & 255
        elif f == 2: line[x] = (line[x] + b) & 255
        elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    rows.append(line)
    prev = line
count = {}
for line in rows:
    for x in range(0, stride, bpp):
        k = tuple(line[x:x + 3])
        count[k] = count.get(k, 0) + 1
out = [str(count.get(tuple(int(v) for v in arg.split(',')), 0)) for arg in sys.argv[2:]]
print(' '.join(out + [str(len(count))]))
PY
}

FILE=232,142,52   # the file class (openat leaves)
MAGENTA=230,0,230 # search matches

shot plain.png ""
read -r file_px magenta_px colours <<<"$(pixels plain.png $FILE $MAGENTA)"
note "plain: $file_px file-coloured pixels, $colours colours"
((colours >= 20)) || fail "the screenshot has only $colours colours: nothing drawn?"
((file_px >= 500)) || fail "the openat frames are not drawn in the file colour ($file_px pixels)"
assert_eq 0 "$magenta_px" "magenta pixels before a search"

# zoomed into load_config: its openat leaf spans the width
shot zoom.png "#zoom=load_config"
read -r zoom_px _ _ <<<"$(pixels zoom.png $FILE $MAGENTA)"
note "zoomed: $zoom_px file-coloured pixels"
((zoom_px >= 1170 * 14)) || fail "after #zoom=load_config the openat leaf is not full width ($zoom_px pixels)"

# searched: the matching frames turn magenta
shot search.png "#search=^load_"
read -r _ search_px _ <<<"$(pixels search.png $FILE $MAGENTA)"
note "searched: $search_px magenta pixels"
((search_px >= 500)) || fail "#search=^load_ painted no frame magenta ($search_px pixels)"

# and the script's own numbers, from the DOM after it ran
timeout 60 "$browser" --headless --no-sandbox --disable-gpu --dump-dom \
	"file://$TMP/flame.svg#zoom=load_config" >dom.svg 2>/dev/null
grep -A1 '<title>load_config$' dom.svg >/dev/null || fail "no DOM dumped"
[[ $(awk '/data-n="load_config"/ { f = 1 } f && /<rect/ { print; exit }' dom.svg) == *'width="1179.00"'* ]] ||
	fail "zoomed load_config frame is not 1179 pixels wide: $(awk '/data-n="load_config"/ { f = 1 } f && /<rect/ { print; exit }' dom.svg)"
note "ok: zoomed load_config frame is 1179 pixels wide"
