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
