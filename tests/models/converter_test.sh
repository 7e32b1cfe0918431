#!/usr/bin/env bash
# Runs tools/dlib_resnet_to_onnx.py again on the fetched face-api package and
# checks the result against the SHA-256 models/models.lock pins, so a changed
# converter (or a changed Debian python3-onnx that serialises differently) is
# caught by the tests, not by a replica refusing to start.
# Usage: converter_test.sh SOURCE_DIR. Exit 77 (skipped) when the package is
# not fetched.
set -euo pipefail
src=$1
lock="$src/models/models.lock"
cache="${IDMATCH_MODEL_DIR:-$HOME/.cache/idmatch/models}"
read -r _ name path tool < <(grep -E '^generate ' "$lock" | head -1)
pinned=$(awk -v n="$name" -v p="$path" '$1 == "model" && $3 == n && $4 == p { print $5 }' "$lock")
if [ ! -f "$cache/$name/package/model/face_recognition_model.bin" ]; then
  echo "SKIP: $name is not fetched into $cache (run scripts/fetch-models.sh)"
  exit 77
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
/usr/bin/python3 "$src/$tool" "$cache/$name" "$out/model.onnx"
got=$(sha256sum "$out/model.onnx" | cut -d' ' -f1)
echo "converter output $got, lock pins $pinned"
[ "$got" = "$pinned" ] || { echo "FAIL: $tool no longer builds the pinned graph" >&2; exit 1; }
# A changed weight must change the output (the pin would catch it).
cp -r "$cache/$name/package" "$out/package"
/usr/bin/python3 -c 'import sys; f = open(sys.argv[1], "r+b"); f.seek(1000); b = f.read(1)[0]; f.seek(1000); f.write(bytes([b ^ 0xff]))' \
  "$out/package/model/face_recognition_model.bin"
/usr/bin/python3 "$src/$tool" "$out" "$out/changed.onnx"
changed=$(sha256sum "$out/changed.onnx" | cut -d' ' -f1)
[ "$changed" != "$pinned" ] || { echo "FAIL: a changed weight gave the pinned graph" >&2; exit 1; }
echo "PASS: converter reproduces the pinned graph; a one-byte weight change does not"
