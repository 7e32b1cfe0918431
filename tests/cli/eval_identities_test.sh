#!/usr/bin/env bash
# `idmatch eval --identities`: exact genuine/impostor counts on a small
# identity list, FMR/FNMR that agree with the pair mode's scores of the same
# images, the embedding cache, and (unless IDMATCH_EVAL_SMALL_ONLY is set) the
# similarity scale's impostor tail on a fixed third of its fitting data
# (IDMATCH_EVAL_FULL=1: on all of it). Exit 77 when the photos are absent.
set -u
bin=$1
shared=${IDMATCH_SHARED_DIR:-$(cd "$(dirname "$0")/../../.." && pwd)/shared}
lfw=$shared/testdata/faces/lfw-dev
if [ ! -f "$lfw/identities.csv" ]; then
  echo "SKIP: $lfw/identities.csv is absent (set IDMATCH_SHARED_DIR)"
  exit 77
fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fails=0 passes=0
ok() { passes=$((passes+1)); }
bad() { echo "FAIL $*"; fails=$((fails+1)); }
field() {  # json-file python-expression-on-j
  python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print($2)" "$1"
}

# A small list: the first 24 images (several identities with 2+ photos); 12
# under the sanitizers, where pair mode's 2 embeddings per pair are slow.
rows=25
[ -n "${IDMATCH_EVAL_SMALL_ONLY:-}" ] && rows=13
head -"$rows" "$lfw/identities.csv" > "$tmp/small.csv"
"$bin" eval --identities "$tmp/small.csv" --images "$lfw" --cache "$tmp/cache.emb" --json > "$tmp/small.json" \
  2> "$tmp/err" && ok || bad "eval --identities exit $?: $(cat "$tmp/err")"
# Expected counts from the list itself: sum of C(n_i, 2) genuine, the rest impostor
# (every image of lfw-dev has a face; the report lists any that has not).
read -r want_genuine want_impostor < <(python3 - "$tmp/small.csv" "$tmp/small.json" <<'PY'
import csv, json, sys
from collections import Counter
rows = list(csv.DictReader(open(sys.argv[1])))
missing = set(json.load(open(sys.argv[2]))["no_face"])
ids = [r["identity"] for r in rows if r["file"] not in missing]
n = len(ids)
genuine = sum(c * (c - 1) // 2 for c in Counter(ids).values())
print(genuine, n * (n - 1) // 2 - genuine)
PY
)
got_genuine=$(field "$tmp/small.json" 'j["genuine_comparisons"]')
got_impostor=$(field "$tmp/small.json" 'j["impostor_comparisons"]')
[ "$got_genuine" = "$want_genuine" ] && [ "$got_impostor" = "$want_impostor" ] && [ "$want_genuine" -gt 0 ] && ok \
  || bad "counts: genuine $got_genuine impostor $got_impostor, expected $want_genuine / $want_impostor"
for key in threshold fmr_at_threshold fnmr_at_threshold genuine_comparisons impostor_comparisons tar_at_fmr \
           estimated_fmr_at_threshold raw_impostor_quantiles raw_impostor_tail no_face similarity_scale; do
  grep -q "\"$key\"" "$tmp/small.json" && ok || bad "key $key missing"
done
[ "$(field "$tmp/small.json" 'j["threshold"]')" = "80.0" ] && ok || bad "threshold is not 80"
[ "$(field "$tmp/small.json" 'j["tar_at_fmr"]["1e-4"]["reachable"]')" = "False" ] && ok \
  || bad "1e-4 is reported reachable with $got_impostor impostor comparisons"

# The tail behind an FMR: --false-matches lists exactly the impostor pairs at
# or above the threshold (a low one, 20, so the small list has some), highest first.
"$bin" eval --identities "$tmp/small.csv" --images "$lfw" --cache "$tmp/cache.emb" --threshold 20 \
  --false-matches "$tmp/fm.csv" --json > "$tmp/fm.json" 2> "$tmp/err" && ok || bad "--false-matches exit $?: $(cat "$tmp/err")"
python3 - "$tmp/fm.csv" "$tmp/fm.json" "$tmp/small.csv" <<'PY' && ok || bad "--false-matches does not list the false matches"
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1])))
j = json.load(open(sys.argv[2]))
label = {r["file"]: r["identity"] for r in csv.DictReader(open(sys.argv[3]))}
sims = [float(r["similarity"]) for r in rows]
print(f"--false-matches: {len(rows)} rows, report {j['false_matches']} false matches at {j['threshold']}")
good = (len(rows) == j["false_matches"] > 0
        and all(label[r["file_x"]] == r["identity_x"] and label[r["file_y"]] == r["identity_y"]
                and r["identity_x"] != r["identity_y"] for r in rows)
        and all(s >= j["threshold"] - 5e-4 for s in sims) and sims == sorted(sims, reverse=True))
sys.exit(0 if good else 1)
PY

# The same images in pair mode: every pair scored, FMR/FNMR at 80 recomputed
# from its --scores file must equal the all-vs-all figures.
python3 - "$tmp/small.csv" > "$tmp/pairs.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
print("file_x,file_y,Decision")
for i in range(len(rows)):
    for k in range(i + 1, len(rows)):
        print(f'{rows[i]["file"]},{rows[k]["file"]},{"Yes" if rows[i]["identity"] == rows[k]["identity"] else "No"}')
PY
"$bin" eval "$tmp/pairs.csv" --images "$lfw" --scores "$tmp/scores.csv" --json > "$tmp/pairs.json" 2> "$tmp/err" \
  && ok || bad "pair eval exit $?: $(cat "$tmp/err")"
read -r pair_fmr pair_fnmr < <(python3 - "$tmp/scores.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
g = [float(r["similarity"]) for r in rows if r["genuine"] == "1"]
i = [float(r["similarity"]) for r in rows if r["genuine"] == "0"]
print(sum(s >= 80 for s in i) / len(i), sum(s < 80 for s in g) / len(g))
PY
)
python3 - "$tmp/small.json" "$pair_fmr" "$pair_fnmr" <<'PY' && ok || bad "all-vs-all and pair mode disagree"
import json, sys
j = json.load(open(sys.argv[1]))
fmr, fnmr = float(sys.argv[2]), float(sys.argv[3])
print(f"all-vs-all FMR {j['fmr_at_threshold']:.6f} FNMR {j['fnmr_at_threshold']:.6f}; pairs FMR {fmr:.6f} FNMR {fnmr:.6f}")
# Scores are printed to 3 decimals in --scores: a pair within 0.0005 of 80 could differ.
sys.exit(0 if abs(j["fmr_at_threshold"] - fmr) < 1e-9 and abs(j["fnmr_at_threshold"] - fnmr) < 1e-9 else 1)
PY

# The cache: a second run embeds nothing.
"$bin" eval --identities "$tmp/small.csv" --images "$lfw" --cache "$tmp/cache.emb" --json > "$tmp/again.json" 2>/dev/null
[ "$(field "$tmp/again.json" 'j["embedded_now"]')" = "0" ] && ok || bad "the second run embedded images again"
cmp -s <(field "$tmp/small.json" 'j["fmr_at_threshold"], j["fnmr_at_threshold"]') \
       <(field "$tmp/again.json" 'j["fmr_at_threshold"], j["fnmr_at_threshold"]') && ok || bad "cached run differs"

# The scale on a fixed third of its fitting data: every third identity of
# lfw-dev in sorted name order, from the first (674 identities, 1,827 photos,
# 1.6M impostor pairs; ~4 min on 2 cores beside other tests, where all of
# lfw-dev took ~11.5 min and pushed `make test` past 45 min on a machine
# without the embedding cache). The figures pinned below were measured with
# scale 4 / embedding revision 3 (`idmatch eval --identities third.csv --images
# lfw-dev --json`); a change to detection, alignment or embedding that moves
# the impostor tail fails here and means the scale must be refitted on all of
# lfw-dev (docs/accuracy.md), which IDMATCH_EVAL_FULL=1 checks too. The third's
# tail is lighter than the whole set's (FMR at 80 1.05e-5 against 1e-4): most
# of the whole set's high impostors are George W Bush against one photo
# labelled Laura Bush in which the service picks his face, and against his
# brother Jeb Bush, pairs that straddle the thirds.
if [ -z "${IDMATCH_EVAL_SMALL_ONLY:-}" ]; then
  python3 - "$lfw/identities.csv" > "$tmp/third.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
keep = set(sorted({r["identity"] for r in rows})[0::3])
print("file,identity")
for r in rows:
    if r["identity"] in keep:
        print(f'{r["file"]},{r["identity"]}')
PY
  "$bin" eval --identities "$tmp/third.csv" --images "$lfw" --json > "$tmp/third.json" 2> "$tmp/err" \
    && ok || bad "third eval exit $?: $(cat "$tmp/err")"
  python3 - "$tmp/third.json" <<'PY' && ok || bad "the scale's impostor tail moved on the fixed third of lfw-dev"
import json, sys
j = json.load(open(sys.argv[1]))
q = j["raw_impostor_quantiles"]
print(f"lfw-dev third: {j['images']} images, {j['impostor_comparisons']} impostor, {j['genuine_comparisons']} genuine; "
      f"raw impostor quantiles 1e-3 {q['1e-3']:.2f} (pinned 33.70), 1e-4 {q['1e-4']:.2f} (40.09); "
      f"at 80 FMR {j['fmr_at_threshold']:.3g} (pinned 1.05e-5), FNMR {j['fnmr_at_threshold']:.4f} (0.0178); "
      f"TAR@1e-3 {j['tar_at_fmr']['1e-3']['tar']:.4f}")
good = (j["impostor_comparisons"] == 1_618_958 and j["genuine_comparisons"] == 49_093
        and abs(q["1e-3"] - 33.70) <= 0.3 and abs(q["1e-4"] - 40.09) <= 0.5
        and 0.5e-5 <= j["fmr_at_threshold"] <= 2e-5
        and abs(j["fnmr_at_threshold"] - 0.0178) <= 0.003
        and abs(j["estimated_fmr_at_threshold"] - 1e-4) < 1e-9
        and j["tar_at_fmr"]["1e-3"]["tar"] >= 0.99)
sys.exit(0 if good else 1)
PY
fi

# The scale on all of its fitting data (IDMATCH_EVAL_FULL=1; ~7.5 min alone
# without the cache): FMR at 80 is the fitted 1e-4 (the map's knot), and the
# 1e-3 operating point still holds.
if [ -n "${IDMATCH_EVAL_FULL:-}" ]; then
  "$bin" eval --identities "$lfw/identities.csv" --json > "$tmp/full.json" 2> "$tmp/err" \
    && ok || bad "full eval exit $?: $(cat "$tmp/err")"
  python3 - "$tmp/full.json" <<'PY' && ok || bad "the scale does not reproduce its fit on lfw-dev"
import json, sys
j = json.load(open(sys.argv[1]))
print(f"lfw-dev default: {j['impostor_comparisons']} impostor, {j['genuine_comparisons']} genuine; "
      f"at 80 FMR {j['fmr_at_threshold']:.3g} (estimate {j['estimated_fmr_at_threshold']:.3g}), "
      f"FNMR {j['fnmr_at_threshold']:.4f}; TAR@1e-3 {j['tar_at_fmr']['1e-3']['tar']:.4f}; "
      f"median impostor {j['impostor_median']:.2f}")
good = (j["impostor_comparisons"] >= 1_000_000
        and abs(j["fmr_at_threshold"] - 1e-4) <= 0.05e-4
        and abs(j["estimated_fmr_at_threshold"] - 1e-4) < 1e-9
        and j["impostor_median"] < 20
        and j["tar_at_fmr"]["1e-3"]["tar"] >= 0.99)
sys.exit(0 if good else 1)
PY
fi

echo "eval_identities: $passes passed, $fails failed"
[ "$fails" = 0 ]
