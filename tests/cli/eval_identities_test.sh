#!/usr/bin/env bash
# `idmatch eval --identities`: exact genuine/impostor counts on a small
# identity list, FMR/FNMR that agree with the pair mode's scores of the same
# images, the embedding cache, and (unless IDMATCH_EVAL_SMALL_ONLY is set) the
# similarity scale reproducing its fitted FMR at 80 on its fitting data, the
# whole of lfw-dev (~90 s on 2 cores). Exit 77 when the photos are absent.
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

# The scale on its fitting data: all of lfw-dev, default profile, FMR at 80 is
# the fitted 1e-4 (the map's knot), and the 1e-3 operating point still holds.
if [ -z "${IDMATCH_EVAL_SMALL_ONLY:-}" ]; then
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
