# Installs what the browser tests need when missing: Debian's Chromium and the
# pinned playwright-core (tests/web/package-lock.json). Sourced after
# ../cli/service_lib.sh (ensure_npm_packages) with `here` set to tests/web and
# the test's name as $1; sets `chromium`.
chromium=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
  echo "$1: installing Debian's chromium"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null \
    || { echo "$1: chromium could not be installed"; exit 1; }
fi
ensure_npm_packages "$here" playwright-core/package.json || exit 1
