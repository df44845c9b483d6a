#!/usr/bin/env bash
# Side-by-side timing of hugolint and the tools users would otherwise pick, on real Hugo sites.
#
#   benches/compare.sh [CORPUS...]     default: ../shared/corpora/*
#   RUNS=5 benches/compare.sh          runs per tool (median reported)
#
# For each corpus (a Hugo site; its content/ folder is what every tool reads):
#   hugolint     every rule
#   rumdl        MD045, MD051, MD057, MD024 (the rules that overlap hugolint's), --no-cache
#   mdl-cli2     markdownlint-cli2 with MD045, MD051, MD024
#   floor        read every file + one pulldown-cmark pass, no rules (examples/parse_floor.rs)
# Wall time and peak RSS come from /usr/bin/time; the table gives medians and ratios to hugolint.
# Needs: /usr/bin/time, python3, rumdl (pip install rumdl), markdownlint-cli2 (npm install
# markdownlint-cli2; set MDL=path/to/markdownlint-cli2 if it is not on PATH).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${RUNS:-5}"
if [ "$#" -eq 0 ]; then
  set -- "$root"/../shared/corpora/*/
fi
mdl="${MDL:-$(command -v markdownlint-cli2 || true)}"

cargo build --release --quiet --manifest-path "$root/Cargo.toml" --bin hugolint --example parse_floor
hugolint="$root/target/release/hugolint"
floor="$root/target/release/examples/parse_floor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat > "$work/mdl.jsonc" <<'JSON'
{ "config": { "default": false, "MD045": true, "MD051": true, "MD024": true } }
JSON

# measure NAME DIR CMD...: run CMD in DIR $runs times (after one warm-up), record "wall rss".
measure() {
  local name="$1" dir="$2"; shift 2
  (cd "$dir" && "$@" >/dev/null 2>&1 || true)
  for _ in $(seq "$runs"); do
    (cd "$dir" && /usr/bin/time -f "%e %M" -o "$work/t" "$@" >/dev/null 2>&1 || true)
    echo "$name $(cat "$work/t" | tail -1)" >> "$work/results"
  done
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(date -u +%Y-%m-%d); runs: $runs (median)"
for corpus in "$@"; do
  corpus="${corpus%/}"
  name="$(basename "$corpus")"
  content="$corpus/content"
  files=$(find "$content" -name '*.md' | wc -l)
  mb=$(du -sm --apparent-size "$content" | cut -f1)
  : > "$work/results"
  measure hugolint "$corpus" "$hugolint" --quiet --format concise content
  measure floor "$corpus" "$floor" content
  if command -v rumdl >/dev/null; then
    measure rumdl "$corpus" rumdl check --no-cache --no-config --enable MD045,MD051,MD057,MD024 --quiet content
  fi
  if [ -n "$mdl" ]; then
    measure mdl-cli2 "$corpus" "$mdl" --config "$work/mdl.jsonc" "content/**/*.md"
  fi
  python3 - "$work/results" "$name" "$files" "$mb" <<'PY'
import statistics, sys
path, name, files, mb = sys.argv[1:]
rows = {}
for line in open(path):
    tool, wall, rss = line.split()
    rows.setdefault(tool, []).append((float(wall), int(rss)))
med = {t: (statistics.median(w for w, _ in v), statistics.median(r for _, r in v) / 1024) for t, v in rows.items()}
h = med["hugolint"][0]
print(f"\n{name}: {files} Markdown files, {mb} MB")
print(f"{'tool':<10} {'wall s':>8} {'peak MB':>8} {'vs hugolint':>12}")
for tool in ["hugolint", "floor", "rumdl", "mdl-cli2"]:
    if tool in med:
        w, r = med[tool]
        ratio = "1.0x" if tool == "hugolint" else (f"{w / h:.1f}x slower" if w >= h else f"{h / w:.1f}x faster")
        print(f"{tool:<10} {w:>8.3f} {r:>8.1f} {ratio:>12}")
PY
done
