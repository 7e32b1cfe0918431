#!/usr/bin/env bash
# Crash safety of the audit trail: a burst of concurrent compares, kill -9 of
# the server mid-burst, restart on the same data directory. The database must
# open cleanly, every request answered 200 must have its audit row, and no row
# may be duplicated.
set -u
bin=$1
# shellcheck source=service_lib.sh
source "$(dirname "$0")/service_lib.sh" crash

key=$("$bin" keys create --data-dir "$tmp/data" --name crash | tail -n 1)
# The restarted server takes a new free port (serve_on_free_port sets port).
start_server() {
  serve_on_free_port "$tmp/serve.out" "$tmp/serve.err" --data-dir "$tmp/data" --config "$tmp/config.json"
}
echo '{"max_inflight": 64, "http_threads": 80, "rate_limit_per_second": 0}' > "$tmp/config.json"
start_server || bad "server did not start"

for i in $(seq 1 24); do
  curl -s -D "$tmp/h$i" -o "$tmp/b$i" -w '%{http_code}' -H "x-api-key: $key" \
    -F source=@"$data/img1.jpg" -F target=@"$data/img2.jpg" "http://127.0.0.1:$port/v1/compare" > "$tmp/c$i" 2>/dev/null &
done
# Kill as soon as a few requests have been answered, while the rest are in flight.
for _ in $(seq 1 1200); do
  [ "$(cat "$tmp"/c* 2>/dev/null | grep -o 200 | wc -l)" -ge 3 ] && break
  sleep 0.05
done
kill -9 "$pid"; wait "$pid" 2>/dev/null; pid=""
wait

# "Answered" means the client received the whole 200 response: a status line
# whose body was cut by the kill is a dropped connection for the client.
delivered() { [ "$(cat "$tmp/c$1")" = "200" ] && grep -q '"request_id":"' "$tmp/b$1" 2>/dev/null; }
answered=0
for i in $(seq 1 24); do delivered "$i" && answered=$((answered+1)); done
echo "crash: $answered of 24 requests were answered 200 before kill -9"
[ "$answered" -ge 1 ] && [ "$answered" -lt 24 ] && ok || bad "the kill did not land mid-burst ($answered answered)"

start_server && ok || bad "server did not restart after kill -9"
curl -sf "http://127.0.0.1:$port/readyz" | grep -q '"database":"ok"' && ok || bad "database not ready after restart"
for i in $(seq 1 24); do
  delivered "$i" || continue
  id=$(grep -o '"request_id":"[^"]*"' "$tmp/b$i" | cut -d'"' -f4)
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "x-api-key: $key" "http://127.0.0.1:$port/v1/verifications/$id")
  [ "$code" = "200" ] && ok || bad "answered request $id has no audit row ($code)"
done
kill -TERM "$pid"; wait "$pid"; pid=""
"$bin" audit export --data-dir "$tmp/data" > "$tmp/audit.jsonl" 2>/dev/null || bad "export after restart"
rows=$(wc -l < "$tmp/audit.jsonl")
unique=$(grep -o '"id":"[^"]*"' "$tmp/audit.jsonl" | sort -u | wc -l)
[ "$rows" -eq "$unique" ] && ok || bad "duplicated audit rows: $rows rows, $unique ids"
[ "$rows" -ge "$answered" ] && ok || bad "fewer rows ($rows) than answered requests ($answered)"

finish crash
