#!/usr/bin/env bash
# The guided liveness page end to end in Debian's Chromium whose fake camera
# plays a video this test builds (make_capture_video: lfw-dev's Andre Agassi
# facing the camera, turning to his left, coming closer). The real `idmatch
# serve` issues challenges; the test keeps the one asking [turn_left,
# move_closer] (what the video shows) and opens the page with it.
# Usage: run_liveness_e2e.sh IDMATCH_BINARY MAKE_CAPTURE_VIDEO [SCREENSHOT]   (exit 77 = skipped)
set -u
bin=$1
make_video=$2
here=$(cd "$(dirname "$0")" && pwd)
shot=${3:-$(dirname "$bin")/web-liveness-e2e.png}
# shellcheck source=../cli/service_lib.sh
source "$here/../cli/service_lib.sh" web_liveness_e2e
lfw=$shared/testdata/faces/lfw-dev/images/Andre_Agassi
if [ ! -f "$lfw/Andre_Agassi_0022.jpg" ]; then echo "SKIP web_liveness_e2e: $lfw not found"; exit 77; fi
# shellcheck source=browser_lib.sh
source "$here/browser_lib.sh" web_liveness_e2e

"$make_video" "$tmp/capture.y4m" "$lfw/Andre_Agassi_0022.jpg" "$lfw/Andre_Agassi_0024.jpg" \
  || { echo "web_liveness_e2e: make_capture_video failed"; exit 1; }
"$bin" keys create --data-dir "$tmp/data" --name liveness-e2e > "$tmp/create.out" \
  || { echo "web_liveness_e2e: keys create"; exit 1; }
key=$(tail -n 1 "$tmp/create.out")
# No per-key rate limit: the test draws up to 400 challenges in a few seconds.
serve_on_free_port "$tmp/serve.out" "$tmp/serve.err" --data-dir "$tmp/data" --rate-limit-per-second 0 \
  || { echo "web_liveness_e2e: server did not start: $(tail -3 "$tmp/serve.err")"; exit 1; }
for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 0.1; done

# Challenges are random (1 in 16 asks exactly this); draw until one does.
challenge=""
for _ in $(seq 1 400); do
  challenge=$(curl -s -X POST -H "x-api-key: $key" "http://127.0.0.1:$port/v1/liveness/challenges" | python3 -c '
import json, sys
c = json.load(sys.stdin)
print(c["id"] if c.get("actions") == ["turn_left", "move_closer"] else "")')
  [ -n "$challenge" ] && break
done
[ -n "$challenge" ] || { echo "web_liveness_e2e: no [turn_left, move_closer] challenge in 400 draws"; exit 1; }

node "$here/liveness_e2e.mjs" "http://127.0.0.1:$port/" "$key" "$challenge" "$tmp/capture.y4m" \
  "$data/img1.jpg" "$shot"
rc=$?
kill -TERM "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
pid=""
exit $rc
