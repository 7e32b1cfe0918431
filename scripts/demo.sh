#!/usr/bin/env bash
# Demo for `make run` until the HTTP service exists: compares a selfie-like
# photo with another photo of the same person and with a different person.
set -euo pipefail
bin=${1:-build/idmatch}
data=${IDMATCH_SHARED_DIR:-$(cd "$(dirname "$0")/.." && pwd)/../shared}/testdata/faces/deepface
if [ ! -f "$data/img1.jpg" ]; then
  echo "demo: no sample photos at $data; try: $bin compare SELFIE.jpg ID_PHOTO.jpg" >&2
  exit 0
fi
echo "== same person: img1.jpg vs img2.jpg"
"$bin" compare "$data/img1.jpg" "$data/img2.jpg"
echo
echo "== different people: img1.jpg vs img3.jpg"
"$bin" compare "$data/img1.jpg" "$data/img3.jpg"
