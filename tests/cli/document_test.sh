#!/usr/bin/env bash
# `idmatch document` on generated photos of licence backs and a passport
# page: fields, checks, JSON, two sides read as one document, and a clear
# error for an image that is not one.
# Usage: document_test.sh IDMATCH_BINARY MAKE_DOCUMENT_SAMPLES_BINARY
set -u
bin=$1
make_samples=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0 passes=0
ok() { passes=$((passes+1)); }
bad() { echo "FAIL $*"; fails=$((fails+1)); }
"$make_samples" "$tmp" || { echo "document: could not write the samples"; exit 1; }

"$bin" document "$tmp/licence.jpg" > "$tmp/out.txt" 2>&1 && ok || bad "exit code: $(cat "$tmp/out.txt")"
grep -q "\[pdf417\] DL USA/CA, D1234562, ALEXANDER JOSEPH SAMPLE" "$tmp/out.txt" && ok || bad "fields: $(cat "$tmp/out.txt")"
grep -q "born 1977-08-31" "$tmp/out.txt" && ok || bad "birth date"
grep -q "check not_expired: passed" "$tmp/out.txt" && ok || bad "expiry check"

"$bin" document "$tmp/expired.jpg" --json > "$tmp/out.json" 2>&1 && ok || bad "json exit code"
python3 - "$tmp/out.json" <<'PY' && ok || bad "json: $(cat "$tmp/out.json")"
import json, sys
d = json.load(open(sys.argv[1]))["documents"][0]
checks = {c["name"]: c for c in d["checks"]}
assert d["family_name"] == "YOUNG" and d["birth_date"] == "2010-03-15" and d["sex"] == "X", d
assert checks["not_expired"]["reason"] == "DOCUMENT_EXPIRED", checks
assert checks["minimum_age"]["reason"] == "UNDER_MINIMUM_AGE", checks
assert d["raw"]["DL.DAQ"] == "Y7654321"
PY
"$bin" document "$tmp/expired.jpg" --json --min-age 10 | grep -q UNDER_MINIMUM_AGE && bad "--min-age ignored" || ok

# A file that is not an image next to a good one: the good one is read, the
# run exits 2 (bad input) and names the bad file's problem.
printf 'this is a text file, not a photo of a licence\n' > "$tmp/notes.txt"
"$bin" document "$tmp/licence.jpg" "$tmp/notes.txt" > "$tmp/mixed.out" 2> "$tmp/err.txt"
[ $? -eq 2 ] && grep -q "UNSUPPORTED_IMAGE_FORMAT" "$tmp/err.txt" && grep -q "SAMPLE" "$tmp/mixed.out" \
  && ok || bad "non-image: $(cat "$tmp/err.txt")"
# A passport page (MRZ) and, with --sides, the licence back as its other side:
# one document, primary from the MRZ, the two sources compared.
"$bin" document "$tmp/passport.jpg" > "$tmp/pp.txt" 2>&1 && ok || bad "passport exit code: $(cat "$tmp/pp.txt")"
grep -q "\[mrz\] P UTO/, L898902C3, ANNA MARIA ERIKSSON" "$tmp/pp.txt" && ok || bad "passport: $(cat "$tmp/pp.txt")"
grep -q "check check_digits: passed" "$tmp/pp.txt" && ok || bad "check digits: $(cat "$tmp/pp.txt")"
"$bin" document --sides "$tmp/passport.jpg" "$tmp/licence.jpg" > "$tmp/sides.txt" 2>&1 && ok || bad "sides exit code"
[ "$(grep -c '^/' "$tmp/sides.txt")" -eq 1 ] && grep -q "barcode_mrz_consistent: BARCODE_MRZ_MISMATCH" "$tmp/sides.txt" \
  && ok || bad "sides: $(cat "$tmp/sides.txt")"
echo "document: $passes passed, $fails failed"
[ "$fails" -eq 0 ]
