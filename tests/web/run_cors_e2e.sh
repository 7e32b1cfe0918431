#!/usr/bin/env bash
# Cross-origin calls (cors_allowed_origins) from pages on other origins in
# Debian's Chromium: a page's fetch() to /v1/compare, and the AWS SDK for
# JavaScript v3 bundled into a page by esbuild (tests/aws-js) calling the
# Rekognition API. cors_e2e.mjs starts the pages and the real `idmatch serve`
# (it must know the pages' ports first).
# Usage: run_cors_e2e.sh IDMATCH_BINARY   (exit 77 = skipped)
set -u
bin=$1
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../cli/service_lib.sh
source "$here/../cli/service_lib.sh" web_cors_e2e
# shellcheck source=browser_lib.sh
source "$here/browser_lib.sh" web_cors_e2e
ensure_aws_js || exit 1
"$aws_js/node_modules/.bin/esbuild" "$aws_js/browser_entry.mjs" --bundle --platform=browser --format=iife \
  --log-level=warning --outfile="$tmp/rekognition-sdk.js" || { echo "web_cors_e2e: esbuild failed"; exit 1; }

"$bin" keys create --data-dir "$tmp/data" --name cors-e2e --aws > "$tmp/create.out" || { echo "web_cors_e2e: keys create"; exit 1; }
key=$(grep '^idm_' "$tmp/create.out")
read -r akid secret < <(tail -n 1 "$tmp/create.out")
node "$here/cors_e2e.mjs" "$bin" "$tmp/data" "$key" "$data/img1.jpg" "$data/img2.jpg" "$tmp/rekognition-sdk.js" \
  "$akid" "$secret"
