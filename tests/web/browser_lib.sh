# Installs what the browser tests need when missing: Debian's Chromium and the
# pinned playwright-core (tests/web/package-lock.json). Sourced with `here`
# set to tests/web and the test's name as $1; sets `chromium`.
chromium=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
  echo "$1: installing Debian's chromium"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null \
    || { echo "$1: chromium could not be installed"; exit 1; }
fi
if [ ! -f "$here/node_modules/playwright-core/package.json" ]; then
  (cd "$here" && npm ci --no-audit --no-fund >/dev/null 2>&1) || { echo "$1: npm ci failed"; exit 1; }
fi
