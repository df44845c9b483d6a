#!/usr/bin/env bash
# Site-scale differential test (site.py): builds a real Hugo site and judges every broken-link,
# broken-fragment, duplicate-anchor and missing-alt finding of hugolint's on it by Hugo's output,
# and lists the links Hugo's output shows broken that hugolint misses.
#
#   scripts/hugo-oracle/site.sh SITE_DIR [PREPARE]   # a real site: minutes; report on stdout
#
# PREPARE: a shell command run in the copy before building (the site's own preparing step, e.g.
# `npm ci`). HUGOLINT_ORACLE_HUGO_PREPARE: a command run only in the copy Hugo builds (what an
# offline build needs; hugolint reads the site as checked out). HUGOLINT_ORACLE_REUSE=1: judge
# again with Hugo's side of the last run (after a change to hugolint). The report (report.json, hugo.log) is kept in $HUGOLINT_ORACLE_OUT (default
# $TMPDIR/hugolint-oracle/NAME). HUGOLINT_BIN: the hugolint to judge (default: this checkout's
# release build, built if missing).
#
# With no SITE_DIR it does nothing: CI runs every scripts/hugo-oracle/*.sh with no arguments, and
# real sites are too big for CI. CI's small site is site-fixture.sh.
# SITES.md lists the real sites judged so far and what each needs to build offline.
set -euo pipefail
if [ $# -eq 0 ]; then
  echo "usage: $0 SITE_DIR [PREPARE]   (nothing to do without a site)"
  exit 0
fi
here="$(cd "$(dirname "$0")/../.." && pwd)"
bin="${HUGOLINT_BIN:-}"
if [ -z "$bin" ]; then
  (cd "$here" && cargo build --quiet --release --bin hugolint)
  bin="$here/target/release/hugolint"
fi
site="$(cd "$1" && pwd)"
out="${HUGOLINT_ORACLE_OUT:-${TMPDIR:-/tmp}/hugolint-oracle/$(basename "$site")}"
exec python3 "$here/scripts/hugo-oracle/site.py" --hugolint "$bin" --out "$out" \
  ${HUGOLINT_ORACLE_REUSE:+--reuse} \
  ${HUGOLINT_ORACLE_HUGO_PREPARE:+--hugo-prepare "$HUGOLINT_ORACLE_HUGO_PREPARE"} "$site" ${2:+"$2"}
