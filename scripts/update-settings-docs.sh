#!/usr/bin/env bash
# Regenerates the settings tables between the `<!-- settings:...:begin -->`
# and `<!-- settings:...:end -->` markers of README.md and docs/api.md from the
# settings table itself (tests/server/settings_test.cpp checks they agree).
# Usage: scripts/update-settings-docs.sh [path/to/idmatch]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/idmatch}
replace() {  # file marker-name table-text
  python3 - "$1" "$2" "$3" <<'PY'
import sys
path, name, table = sys.argv[1], sys.argv[2], sys.argv[3]
text = open(path).read()
begin = text.index(f"<!-- settings:{name}:begin")
begin = text.index("-->", begin) + 3
end = text.index(f"<!-- settings:{name}:end -->")
open(path, "w").write(text[:begin] + "\n" + table.strip("\n") + "\n" + text[end:])
PY
}
replace README.md common "$("$bin" settings --markdown --common)"
replace docs/api.md all "$("$bin" settings --markdown)"
