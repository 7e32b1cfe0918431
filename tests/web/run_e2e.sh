#!/usr/bin/env bash
# The web page end to end in a real browser: installs Debian's Chromium and
# the pinned playwright-core (tests/web/package-lock.json) when missing, starts
# the real `idmatch serve` with a fresh key, and runs e2e.mjs against it.
# Usage: run_e2e.sh IDMATCH_BINARY MAKE_DOCUMENT_SAMPLES [SCREENSHOT]   (exit 77 = skipped)
set -u
bin=$1
make_samples=$2
here=$(cd "$(dirname "$0")" && pwd)
shot=${3:-$(dirname "$bin")/web-e2e.png}
# shellcheck source=../cli/service_lib.sh
source "$here/../cli/service_lib.sh" web_e2e

# shellcheck source=browser_lib.sh
source "$here/browser_lib.sh" web_e2e

"$bin" keys create --data-dir "$tmp/data" --name web-e2e > "$tmp/create.out" || { echo "web_e2e: keys create"; exit 1; }
key=$(tail -n 1 "$tmp/create.out")
serve_on_free_port "$tmp/serve.out" "$tmp/serve.err" --data-dir "$tmp/data" || { echo "web_e2e: server did not start: $(tail -3 "$tmp/serve.err")"; exit 1; }
for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 0.1; done

# A picture without a face: a plain gradient PNG the test makes itself.
python3 - "$tmp/noface.png" <<'PY' || { echo "web_e2e: python3 is needed to make the no-face image"; exit 1; }
import struct, sys, zlib
w, h = 200, 160
raw = b"".join(b"\x00" + bytes(v for x in range(w) for v in (x * 255 // w, y * 255 // h, 128)) for y in range(h))
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
       + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
open(sys.argv[1], "wb").write(png)
PY

# A licence front with img2's face as portrait and a PDF417 code; img3's face on
# a card photographed from afar (small-card-other.jpg).
"$make_samples" "$tmp" "$data/img2.jpg" "$data/img3.jpg" || { echo "web_e2e: make_document_samples failed"; exit 1; }

node "$here/e2e.mjs" "http://127.0.0.1:$port/" "$key" "$data/img2.jpg" "$data/img1.jpg" "$data/img3.jpg" \
  "$tmp/noface.png" "$shot" "$tmp/licence-front.jpg" "$tmp/small-card-other.jpg"
rc=$?
kill -TERM "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
pid=""
exit $rc
