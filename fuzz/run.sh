#!/usr/bin/env bash
# Build the fuzz targets once, then run each (or those named) to RUNS executions, one after the
# other, growing fuzz/corpus/<target> from fuzz/seeds/<target>. Crashes land in
# fuzz/artifacts/<target>/. cargo-fuzz needs nightly features; RUSTC_BOOTSTRAP lets the stable
# toolchain provide them. The binaries are run directly, so editing src/ meanwhile does not
# rebuild them mid-run.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-2000000}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(shortcode_lexer front_matter pipeline config reporters)
export RUSTC_BOOTSTRAP=1
cargo fuzz build -O
bin=fuzz/target/$(rustc -vV | sed -n 's/^host: //p')/release
for t in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$t" "fuzz/artifacts/$t"
  echo "== $t: $RUNS runs"
  "$bin/$t" -artifact_prefix="fuzz/artifacts/$t/" -runs="$RUNS" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 "fuzz/corpus/$t" "fuzz/seeds/$t" 2>&1 |
    grep -E '^Done|stat::number_of_executed_units|stat::peak_rss|panicked|SUMMARY|Test unit written|ERROR' || true
done
