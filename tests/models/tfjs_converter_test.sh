#!/usr/bin/env bash
# tools/tfjs_graph_to_onnx.py against an independent forward pass: a small
# TF.js graph model covering every op family it converts (tfjs_fixture.py,
# seeded weights) is converted, run by Debian's OpenCV 4.6 DNN, and compared
# layer by layer with tfjs_reference.py's numpy pass in TF's own NHWC
# semantics. Needs python3-numpy, python3-onnx, python3-opencv (install-deps).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tool="$here/../../tools/tfjs_graph_to_onnx.py"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
/usr/bin/python3 "$here/tfjs_fixture.py" "$out"
/usr/bin/python3 "$tool" "$out/model.json" "$out/model.onnx" --output-node fc
/usr/bin/python3 "$here/tfjs_reference.py" "$out/model.json" "$out/model.onnx" --output fc --layers c1,p1,d1,c2,res
# A graph that no longer matches its weights must fail the check: flip the sign of one weight.
/usr/bin/python3 -c 'import sys; f = open(sys.argv[1], "r+b"); f.seek(40); b = f.read(4); f.seek(40); f.write(bytes([b[0], b[1], b[2], b[3] ^ 0x80]))' "$out/model.bin"
# The reference now reads the changed weights; the graph converted before the change must disagree.
if /usr/bin/python3 "$here/tfjs_reference.py" "$out/model.json" "$out/model.onnx" --output fc > /dev/null; then
  echo "FAIL: a changed weight went unnoticed"; exit 1
fi
echo "tfjs converter: fixture layers agree; a changed weight is caught"
