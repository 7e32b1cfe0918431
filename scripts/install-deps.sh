#!/usr/bin/env bash
# Installs the Debian 12 packages idmatch needs to build, run and test, only
# when missing. Everything comes from Debian's archive; models come from npm
# (scripts/fetch-models.sh). Safe to run repeatedly.
set -euo pipefail
packages=(
  build-essential cmake pkg-config git ca-certificates curl
  libopencv-dev libheif-dev libwebp-dev libzxing-dev libssl-dev nlohmann-json3-dev libcpp-httplib-dev libsqlite3-dev libpq-dev
  libgtest-dev libbenchmark-dev
  libjpeg-dev libpng-dev
  fonts-ocr-b
  python3 python3-numpy python3-onnx
  python3-boto3 python3-requests awscli python3-opencv
  clang-14 libclang-rt-14-dev
  nodejs npm
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# npm may come from a non-Debian install already on PATH; do not replace it.
if command -v npm >/dev/null 2>&1; then
  missing=("${missing[@]/npm/}"); missing=("${missing[@]/nodejs/}")
fi
read -r -a missing <<<"${missing[*]:-}"
if [ ${#missing[@]} -eq 0 ]; then
  echo "deps: all Debian packages present"
  exit 0
fi
echo "deps: installing ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "deps: installed"
