#!/usr/bin/env bash
# Side-by-side timing of hugolint and the tools users would otherwise pick, on real Hugo sites.
#
#   benches/compare.sh [CORPUS...]     default: ../shared/corpora/*
#   RUNS=5 benches/compare.sh          runs per tool (median reported)
#   FEW_RUNS=21 benches/compare.sh     runs of the 1- and 10-file measurements (short, and noisier)
#   SCALING=0 benches/compare.sh       skip the 8x site
#
# For each corpus (a Hugo site; its content/ folder is what every tool reads):
#   hugolint     every rule
#   rumdl        MD045, MD051, MD057, MD024 (the rules that overlap hugolint's), --no-cache
#   mdl-cli2     markdownlint-cli2 with MD045, MD051, MD024
#   floor        read every file + one pulldown-cmark pass, no rules (examples/parse_floor.rs)
#   1-file, 10-files   hugolint on the first 1 and 10 pages, inside the whole site: cold
#                (--no-cache: every page's front matter read) and warm (the front matter cache
#                filled by the warm-up run; in a temporary folder)
#   x8           hugolint on the site with its pages repeated 8 times (scaling)
# hugolint, the floor and x8 are timed in turn, round by round, so their ratios compare runs made
# in the same minutes.
# Wall time and peak RSS come from /usr/bin/time; the table gives medians and ratios to hugolint.
# Needs: bash 5, /usr/bin/time, python3, rumdl (pip install rumdl), markdownlint-cli2 (npm install
# markdownlint-cli2; set MDL=path/to/markdownlint-cli2 if it is not on PATH).
set -euo pipefail
if [ -z "${EPOCHREALTIME:-}" ]; then
  echo "compare.sh needs bash 5 or later (EPOCHREALTIME)" >&2
  exit 2
fi
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${RUNS:-5}"
few_runs="${FEW_RUNS:-21}"
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

# timed NAME DIR CMD...: run CMD in DIR once, record "NAME wall rss".
timed() {
  local name="$1" dir="$2"; shift 2
  # Wall time in µs around /usr/bin/time and the process (/usr/bin/time's own %e has 10 ms
  # steps), from bash's clock: no `date` or subshell forked around the run (they added ~2.5 ms
  # to each). Peak RSS from /usr/bin/time.
  local t0 t1
  pushd "$dir" >/dev/null
  t0=${EPOCHREALTIME/[.,]/}
  /usr/bin/time -f "%M" -o "$work/t" "$@" >/dev/null 2>&1 || true
  t1=${EPOCHREALTIME/[.,]/}
  popd >/dev/null
  echo "$name $(( t1 - t0 ))e-6 $(tail -1 "$work/t")" >> "$work/results"
}

# measure NAME DIR CMD...: run CMD in DIR $runs times (after one warm-up).
measure() {
  local name="$1" dir="$2"; shift 2
  (cd "$dir" && "$@" >/dev/null 2>&1 || true)
  for _ in $(seq "${MEASURE_RUNS:-$runs}"); do
    timed "$name" "$dir" "$@"
  done
}

# measure_in_turn NAME DIR ARRAY [NAME DIR ARRAY]...: like measure for each command (ARRAY names
# a bash array holding it), but in rounds, each command once per round. The ratios the targets
# are stated in (hugolint against the floor and against the x8 site) then compare runs of the same
# minutes: this machine's speed drifts by a third from one minute to the next.
measure_in_turn() {
  local names=() dirs=() cmds=() i cmd
  while [ "$#" -ge 3 ]; do
    names+=("$1"); dirs+=("$2"); cmds+=("$3"); shift 3
  done
  for i in "${!names[@]}"; do
    eval 'cmd=("${'"${cmds[i]}"'[@]}")'
    (cd "${dirs[i]}" && "${cmd[@]}" >/dev/null 2>&1 || true)
  done
  for _ in $(seq "$runs"); do
    for i in "${!names[@]}"; do
      eval 'cmd=("${'"${cmds[i]}"'[@]}")'
      timed "${names[i]}" "${dirs[i]}" "${cmd[@]}"
    done
  done
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(date -u +%Y-%m-%d); runs: $runs, few-files $few_runs (median)"
for corpus in "$@"; do
  corpus="${corpus%/}"
  name="$(basename "$corpus")"
  content="$corpus/content"
  files=$(find "$content" -name '*.md' | wc -l)
  mb=$(du -sm --apparent-size "$content" | cut -f1)
  : > "$work/results"
  # Whole site: the cache is never used there (the run parses every page anyway); --no-cache as
  # for rumdl.
  lint_site=("$hugolint" --no-cache --quiet --format concise content)
  parse_site=("$floor" content)
  # Scaling: the same site with every content folder's pages 8 times: the originals, and 7
  # copies under r2/ … r8/ (their site-absolute links still name the originals, which exist).
  together=(hugolint "$corpus" lint_site floor "$corpus" parse_site)
  if [ "${SCALING:-1}" = 1 ]; then
    big="$work/x8"
    rm -rf "$big" && mkdir -p "$big"
    (cd "$corpus" && find . -maxdepth 1 ! -name . -exec cp -r {} "$big/" \;)
    for top in "$content"/*/; do
      t="$(basename "$top")"
      for n in 2 3 4 5 6 7 8; do
        mkdir -p "$big/content/$t/r$n" && cp -r "$top". "$big/content/$t/r$n/"
      done
    done
    together+=(x8 "$big" lint_site)
  fi
  measure_in_turn "${together[@]}"
  if [ "${SCALING:-1}" = 1 ]; then
    rm -rf "$big"
  fi
  if command -v rumdl >/dev/null; then
    measure rumdl "$corpus" rumdl check --no-cache --no-config --enable MD045,MD051,MD057,MD024 --quiet content
  fi
  if [ -n "$mdl" ]; then
    # markdownlint-cli2 also reads every .markdownlint.* below the folder; a site's own (which
    # may extend files the corpus lacks: it then stops at once, exit 2) would change the rules.
    # Lint a copy without them, so it runs exactly the rules named above.
    mdl_dir="$corpus"
    if [ -n "$(find "$content" -name '.markdownlint*' -print -quit)" ]; then
      mdl_dir="$work/mdl-$name"
      rm -rf "$mdl_dir" && mkdir -p "$mdl_dir" && cp -r "$content" "$mdl_dir/content"
      find "$mdl_dir/content" -name '.markdownlint*' -delete
    fi
    status=0
    (cd "$mdl_dir" && "$mdl" --config "$work/mdl.jsonc" "content/**/*.md" >/dev/null 2>&1) || status=$?
    if [ "$status" -gt 1 ]; then
      echo "markdownlint-cli2 failed on $name (exit $status): not measured" >&2
    else
      measure mdl-cli2 "$mdl_dir" "$mdl" --config "$work/mdl.jsonc" "content/**/*.md"
    fi
  fi
  # The few-files path (pre-commit, editor): 1 and 10 pages inside the whole site.
  mapfile -t some < <(cd "$corpus" && find content -name '*.md' | sort | head -10)
  MEASURE_RUNS=$few_runs measure "1-file" "$corpus" "$hugolint" --no-cache --quiet --format concise "${some[0]}"
  MEASURE_RUNS=$few_runs measure "10-files" "$corpus" "$hugolint" --no-cache --quiet --format concise "${some[@]}"
  export HUGOLINT_CACHE_DIR="$work/cache"
  MEASURE_RUNS=$few_runs measure "1-file-warm" "$corpus" "$hugolint" --quiet --format concise "${some[0]}"
  MEASURE_RUNS=$few_runs measure "10-files-warm" "$corpus" "$hugolint" --quiet --format concise "${some[@]}"
  unset HUGOLINT_CACHE_DIR
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
print(f"hugolint / floor: {h / med['floor'][0]:.2f}x the parse-only floor")
for tool, what in [("1-file", "1 file, cold"), ("10-files", "10 files, cold"),
                   ("1-file-warm", "1 file, warm cache"), ("10-files-warm", "10 files, warm cache")]:
    if tool in med:
        print(f"{what:<22} {med[tool][0] * 1000:>6.0f} ms  {med[tool][1]:>6.1f} MB")
if "x8" in med:
    print(f"site x8: {med['x8'][0]:.3f} s = {med['x8'][0] / h:.2f}x the time of one, peak {med['x8'][1]:.0f} MB")
PY
done
