#!/usr/bin/env bash
# Time from `idmatch serve` to its first 200 on /readyz (every model loaded
# and verified by SHA-256, the store open, the port bound): how soon a new
# replica takes traffic. Runs the server RUNS times (default 5) on a
# kernel-chosen port with a fresh data directory each time, and prints each
# time and the median, in milliseconds.
# Usage: bench/startup.sh [BINARY (build/idmatch)] [RUNS] [serve args...]
set -u
bin=${1:-build/idmatch}
runs=${2:-5}
shift $(($# < 2 ? $# : 2))
command -v curl >/dev/null || { echo "startup: curl is needed" >&2; exit 2; }
tmp=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
times=()
for run in $(seq 1 "$runs"); do
  mkdir -p "$tmp/$run"
  start=$(date +%s%N)
  "$bin" serve --port 0 --no-auth --data-dir "$tmp/$run" "$@" > "$tmp/$run.out" 2> "$tmp/$run.err" &
  pid=$!
  port="" ready=""
  for _ in $(seq 1 6000); do  # 10 ms steps, at most 60 s
    [ -z "$port" ] && port=$(grep -o "listening on http://127.0.0.1:[0-9]*" "$tmp/$run.out" | sed 's/.*://')
    if [ -n "$port" ] && curl -sf "http://127.0.0.1:$port/readyz" > /dev/null 2>&1; then
      ready=$(date +%s%N)
      break
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.01
  done
  kill "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  pid=""
  if [ -z "$ready" ]; then
    echo "startup: run $run did not become ready:" >&2
    tail -n 5 "$tmp/$run.err" >&2
    exit 1
  fi
  ms=$(((ready - start) / 1000000))
  echo "startup: run $run ready in $ms ms"
  times+=("$ms")
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
median=$(awk '{a[NR]=$1} END{print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}' <<< "$sorted")
echo "startup: $bin median $median ms to /readyz over $runs runs (min $(head -n 1 <<< "$sorted"), max $(tail -n 1 <<< "$sorted"))"
