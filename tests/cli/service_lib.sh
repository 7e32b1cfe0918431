# Shared set-up of the scripts that run the real `idmatch serve`: sourced
# with the test's name as $1 after `bin` is set. Provides data, tmp, pid
# (killed on exit), ok/bad counters and finish.
shared=${IDMATCH_SHARED_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)/shared}
data=$shared/testdata/faces/deepface
if [ ! -f "$data/img1.jpg" ]; then echo "SKIP $1 tests: $data not found (set IDMATCH_SHARED_DIR)"; exit 77; fi
tmp=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
fails=0 passes=0
ok() { passes=$((passes+1)); }
bad() { echo "FAIL $*"; fails=$((fails+1)); }
finish() {  # name
  echo "$1: $passes passed, $fails failed"
  [ "$fails" -eq 0 ]
}
# Starts `idmatch serve --port 0 ARGS...` in the background, stdout appended to
# OUT and stderr to ERR, and sets pid and port: the kernel picks a free port
# (a random one could be held by another test's server or client socket, and
# then the health check would reach the wrong server); the port is read from
# the server's "idmatch listening on" line. Waits (at most 60 s) for /healthz;
# returns 1 when the server exits or does not answer.
serve_on_free_port() {  # OUT ERR [serve args...]
  local out=$1 err=$2 before now
  shift 2
  before=$(grep -c "idmatch listening on" "$out" 2>/dev/null)
  "$bin" serve --port 0 "$@" >> "$out" 2>> "$err" &
  pid=$!
  port=""
  for _ in $(seq 1 600); do
    if [ -z "$port" ]; then
      now=$(grep -c "idmatch listening on" "$out" 2>/dev/null)
      [ "${now:-0}" -gt "${before:-0}" ] && port=$(grep -o "idmatch listening on http://127.0.0.1:[0-9]*" "$out" | tail -n 1 | sed 's/.*://')
    fi
    [ -n "$port" ] && curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}
# Installs the pinned npm packages of DIR (its package-lock.json) from the npm
# registry unless every FILE (relative to DIR/node_modules) is already there.
# Returns 1, with npm's last lines printed, when npm fails.
ensure_npm_packages() {  # DIR FILE...
  local dir=$1 file missing=0
  shift
  for file in "$@"; do [ -e "$dir/node_modules/$file" ] || missing=1; done
  [ "$missing" -eq 0 ] && return 0
  (cd "$dir" && npm ci --no-audit --no-fund > "$tmp/npm.out" 2>&1) && return 0
  echo "npm ci in $dir failed: $(tail -3 "$tmp/npm.out")"
  return 1
}
# tests/aws-js's packages (the AWS SDK for JavaScript v3 and esbuild); sets
# aws_js to that directory.
ensure_aws_js() {
  aws_js=$(cd "$(dirname "${BASH_SOURCE[0]}")/../aws-js" && pwd)
  ensure_npm_packages "$aws_js" @aws-sdk/client-rekognition/package.json .bin/esbuild
}
