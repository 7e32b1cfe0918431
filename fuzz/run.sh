#!/usr/bin/env bash
# Builds the fuzzers with clang (libFuzzer + ASan + UBSan) and runs each
# bounded: the image decoder on a seed corpus of small valid images of every
# format, then the MRZ parser on the ICAO specimens and the AAMVA parser on
# a licence record.
# Usage: fuzz/run.sh [libFuzzer options...] (default -max_total_time=60).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${FUZZ_BUILD_DIR:-$root/build-fuzz}
mkdir -p "$out/corpus"
# The fuzzers are CMake targets linking the service's own libraries, built in
# their own tree with clang (-DIDMATCH_FUZZ=ON instruments every library).
if [ ! -f "$out/CMakeCache.txt" ]; then
  CXX=clang++ cmake -S "$root" -B "$out" -DIDMATCH_FUZZ=ON -DIDMATCH_WERROR=OFF -DBUILD_TESTING=OFF \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" > "$out/configure.log" 2>&1 \
    || { tail -n 40 "$out/configure.log"; echo "fuzz: cmake configure failed" >&2; exit 1; }
fi
cmake --build "$out" -j "$(nproc)" --target fuzz_decode fuzz_request fuzz_http fuzz_mrz fuzz_aamva fuzz_make_seeds \
  > "$out/build.log" 2>&1 || { grep -E "error|Error" "$out/build.log" | head -n 40; echo "fuzz: build failed" >&2; exit 1; }
bin="$out/fuzz"
# Seeds: small valid images of every format, written by OpenCV's encoders.
if [ -z "$(ls -A "$out/corpus")" ]; then
  "$bin/fuzz_make_seeds" "$out/corpus"
fi
[ $# -gt 0 ] || set -- -max_total_time=60
# The corpus grows in a scratch copy so runs stay reproducible from the seeds.
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cp "$out/corpus"/* "$work/"
"$bin/fuzz_decode" "$@" -artifact_prefix="$out/" -rss_limit_mb=2048 -timeout=10 -max_len=65536 -print_final_stats=1 "$work" \
  >"$out/fuzz.log" 2>&1 || { tail -n 60 "$out/fuzz.log"; echo "fuzz: the decoder fuzzer found a failure" >&2; exit 1; }
grep -E '^(Done|stat::number_of_executed_units|stat::new_units_added)' "$out/fuzz.log" | sed 's/^/fuzz: /'

# The request parsers (the edge's head parser, JSON scan, base64,
# compare/detect/document bodies).
req=$(mktemp -d); trap 'rm -rf "$work" "$req"' EXIT
printf '{"source": "iVBORw0KGgo=", "target": "data:image/jpeg;base64,/9j/4AAQ", "similarity_threshold": 80}' > "$req/compare"
printf '"{\\n  \\"selfie\\": \\"/9j/\\", \\"dl\\": \\"/9j/\\"}"' > "$req/double"
printf '{"image": "AAAA", "quality_filter": "HIGH", "liveness": "false", "document": true}' > "$req/detect"
printf '{"front": "AA==", "back": "AA-_", "x": [1, {"y": null}]}' > "$req/document"
printf 'POST /v1/%%63ompare?x=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n' > "$req/head"
"$bin/fuzz_request" "$@" -max_total_time=30 -artifact_prefix="$out/" -timeout=10 -max_len=4096 -print_final_stats=1 "$req" \
  >"$out/fuzz_request.log" 2>&1 \
  || { tail -n 60 "$out/fuzz_request.log"; echo "fuzz: the request-parser fuzzer found a failure" >&2; exit 1; }
grep -E '^(Done|stat::number_of_executed_units|stat::new_units_added)' "$out/fuzz_request.log" | sed 's/^/fuzz request: /'

# A request as a worker receives it: framed as the edge frames it, parsed by
# httplib in memory (multipart included), then the body parsers.
http=$(mktemp -d); trap 'rm -rf "$work" "$req" "$http"' EXIT
printf 'POST /v1/compare HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 141\r\n\r\n--b\r\nContent-Disposition: form-data; name="source"; filename="a"\r\n\r\nAAAA\r\n--b\r\nContent-Disposition: form-data; name="target"\r\n\r\nBBBB\r\n--b--\r\n' > "$http/multipart"
printf 'POST /v1/compare?q=1 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 36\r\n\r\n{"source": "AAAA", "target": "AAAA"}' > "$http/json"
"$bin/fuzz_http" "$@" -max_total_time=30 -artifact_prefix="$out/" -timeout=10 -max_len=4096 -print_final_stats=1 "$http" \
  >"$out/fuzz_http.log" 2>&1 \
  || { tail -n 60 "$out/fuzz_http.log"; echo "fuzz: the HTTP request fuzzer found a failure" >&2; exit 1; }
grep -E '^(Done|stat::number_of_executed_units|stat::new_units_added)' "$out/fuzz_http.log" | sed 's/^/fuzz http: /'

# The MRZ parser.
mrz=$(mktemp -d); trap 'rm -rf "$work" "$req" "$http" "$mrz"' EXIT
printf 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10' > "$mrz/td3"
printf 'I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<' > "$mrz/td1"
printf 'I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nD231458907UTO7408122F1204159<<<<<<<6' > "$mrz/td2"
"$bin/fuzz_mrz" "$@" -max_total_time=30 -artifact_prefix="$out/" -timeout=10 -max_len=512 -print_final_stats=1 "$mrz" >"$out/fuzz_mrz.log" 2>&1 \
  || { tail -n 60 "$out/fuzz_mrz.log"; echo "fuzz: the MRZ fuzzer found a failure" >&2; exit 1; }
grep -E '^(Done|stat::number_of_executed_units|stat::new_units_added)' "$out/fuzz_mrz.log" | sed 's/^/fuzz mrz: /'

# The AAMVA parser.
aamva=$(mktemp -d); trap 'rm -rf "$work" "$req" "$http" "$mrz" "$aamva"' EXIT
printf '@\n\x1e\rANSI 636014100002DL00410101ZC01420016DLDAQD1234562\nDCSSAMPLE\nDACALEXANDER\nDBB08311977\nDBA08312027\nDBC1\nDAYBRO\nDAU070 IN\nDAJCA\nDCGUSA\rZCZCAEYES BRO\r' > "$aamva/dl"
# Latin-1 name bytes, no separators, a version 1 header without the jurisdiction version.
# The real payloads of the dev set, when ../shared is there.
dev=${IDMATCH_SHARED_DIR:-$root/../shared}/testdata/documents/aamva-payloads
[ -d "$dev" ] && cp "$dev"/*.txt "$aamva/" 2>/dev/null || true
printf '@ANSI 6360300102DL00390184ZM02230047DLDAQP039023005DAAM\xdcLLER,JOS\xc9,N,DAG200 MAIN ST\x1cDBB19820126DBCMZMZMAJACKSON' > "$aamva/latin1"
"$bin/fuzz_aamva" "$@" -max_total_time=30 -artifact_prefix="$out/" -timeout=10 -max_len=2048 -print_final_stats=1 \
  "$aamva" >"$out/fuzz_aamva.log" 2>&1 \
  || { tail -n 60 "$out/fuzz_aamva.log"; echo "fuzz: the AAMVA fuzzer found a failure" >&2; exit 1; }
grep -E '^(Done|stat::number_of_executed_units|stat::new_units_added)' "$out/fuzz_aamva.log" | sed 's/^/fuzz aamva: /'
