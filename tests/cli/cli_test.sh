#!/usr/bin/env bash
# CLI contract: exit codes (0 ok, 2 bad input, 1 internal), messages that name
# the problem, and the JSON keys of compare/detect/eval.
set -u
bin=$1
shared=${IDMATCH_SHARED_DIR:-$(cd "$(dirname "$0")/../../.." && pwd)/shared}
data=$shared/testdata/faces/deepface
if [ ! -f "$data/img1.jpg" ]; then echo "SKIP cli tests: $data not found (set IDMATCH_SHARED_DIR)"; exit 77; fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fails=0 passes=0
check() {  # name expected_exit command...
  local name=$1 want=$2; shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"; local got=$?
  if [ "$got" = "$want" ]; then passes=$((passes+1)); else
    echo "FAIL $name: exit $got, expected $want"; cat "$tmp/err"; fails=$((fails+1)); fi
}
contains() {  # name file pattern
  if grep -q -- "$3" "$2"; then passes=$((passes+1)); else echo "FAIL $1: '$3' not in output"; cat "$2"; fails=$((fails+1)); fi
}

check usage 2 "$bin"
check unknown-command 2 "$bin" frobnicate
check unknown-flag 2 "$bin" compare a b --bogus
check missing-file 2 "$bin" compare /nonexistent/a.jpg /nonexistent/b.jpg
contains missing-file-message "$tmp/err" "cannot read file /nonexistent/a.jpg"
printf 'not an image at all' > "$tmp/text.jpg"
check not-an-image 2 "$bin" detect "$tmp/text.jpg"
contains not-an-image-code "$tmp/err" UNSUPPORTED_IMAGE_FORMAT
check not-an-image-json 2 "$bin" detect "$tmp/text.jpg" --json
contains json-error "$tmp/out" '"code": "UNSUPPORTED_IMAGE_FORMAT"'
check bad-threshold 2 "$bin" compare "$tmp/text.jpg" "$tmp/text.jpg" --threshold abc
# Output files are checked before the work: an unwritable path is exit 2 at once.
printf 'file_x,file_y,Decision\na.jpg,b.jpg,Yes\n' > "$tmp/one-pair.csv"
check eval-scores-unwritable 2 "$bin" eval "$tmp/one-pair.csv" --scores /nonexistent/dir/scores.csv
contains eval-scores-unwritable-message "$tmp/err" "cannot write file /nonexistent/dir/scores.csv"
printf 'file,identity\na.jpg,A\nb.jpg,B\n' > "$tmp/ids.csv"
check eval-false-matches-unwritable 2 "$bin" eval --identities "$tmp/ids.csv" --false-matches /nonexistent/fm.csv
contains eval-false-matches-unwritable-message "$tmp/err" "--false-matches: cannot write file /nonexistent/fm.csv"
check eval-det-unwritable 2 "$bin" eval --identities "$tmp/ids.csv" --det /nonexistent/det.svg
check eval-pairs-det 2 "$bin" eval "$tmp/one-pair.csv" --det "$tmp/det.svg"
contains eval-pairs-det-message "$tmp/err" "--det applies only to eval --identities"

if [ -f "$data/img1.jpg" ]; then
  head -c 30000 "$data/img1.jpg" > "$tmp/truncated.jpg"
  check truncated 2 "$bin" compare "$tmp/truncated.jpg" "$data/img2.jpg"
  contains truncated-code "$tmp/err" IMAGE_TRUNCATED
  check compare-json 0 "$bin" compare "$data/img1.jpg" "$data/img2.jpg" --json
  for key in similarity match threshold source_face target_faces timings_ms; do
    contains "compare-key-$key" "$tmp/out" "\"$key\""
  done
  check compare-text 0 "$bin" compare "$data/img1.jpg" "$data/img3.jpg"
  contains compare-text-decision "$tmp/out" "NO MATCH"
  check compare-fusion 0 "$bin" compare "$data/img1.jpg" "$data/img2.jpg" --profile fusion --json
  contains compare-fusion-profile "$tmp/out" '"model_profile": "fusion"'
  contains compare-fusion-threshold "$tmp/out" '"threshold": 80.0'
  check bad-profile 2 "$bin" compare "$data/img1.jpg" "$data/img2.jpg" --profile closed
  contains bad-profile-message "$tmp/err" "default, open or fusion"
  check detect-json 0 "$bin" detect "$data/couple.jpg" --json
  contains detect-landmarks "$tmp/out" '"left_eye"'
  printf 'file_x,file_y,Decision\nimg1.jpg,img2.jpg,Yes\nimg1.jpg,img3.jpg,No\n' > "$tmp/pairs.csv"
  check eval-json 0 "$bin" eval "$tmp/pairs.csv" --images "$data" --json
  for key in pairs failures auc best_accuracy tar_at_far0 tar_at_far1e3 tar_at_far1e2 threshold; do
    contains "eval-key-$key" "$tmp/out" "\"$key\""
  done
  check eval-open 0 "$bin" eval "$tmp/pairs.csv" --images "$data" --profile open --scores "$tmp/scores.csv"
  contains eval-open-profile "$tmp/out" "model profile          open"
  contains eval-open-columns "$tmp/scores.csv" "cosine_fr_feature,cosine_dlib"
else
  echo "SKIP real-photo CLI checks: $data not found (set IDMATCH_SHARED_DIR)"
fi
echo "cli: $passes passed, $fails failed"
[ "$fails" -eq 0 ]
