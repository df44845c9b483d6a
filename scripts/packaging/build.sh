#!/usr/bin/env bash
# Builds, for this machine's platform, every package a user installs, into target/packages/:
#   wheels/     the PyPI wheel (maturin, from the release binary), and the build backends
#               (setuptools, maturin), so the tests install without an index
#   npm/        the launcher's and this platform's binary package's tarballs (npm pack)
#   archives/   the release archive cargo-binstall downloads, with its .sha256
#   cargo/      `cargo install --locked` from the packaged crate (the .crate crates.io would
#               serve), installed under cargo/bin
# tests/packages.rs, tests/pre_commit.rs and tests/action.rs install and run these when
# HUGOLINT_PACKAGES=target/packages (.ci/run sets it). A release builds the same per target in
# .github/workflows/release.yml.
set -euo pipefail
cd "$(dirname "$0")/../.."

out=target/packages
rm -rf "$out"
mkdir -p "$out"/{wheels,npm,archives}
version="$(python3 scripts/packaging/versions.py --check | cut -d: -f1)"
host="$(rustc -vV | sed -n 's/^host: //p')"
echo "hugolint $version for $host"

step() { echo "-- $1"; SECONDS=0; }
took() { echo "   ${SECONDS} s"; }

step "cargo install --locked from the packaged crate"
cargo package --locked --no-verify --quiet --allow-dirty
mkdir -p "$out/cargo/src"
tar -xzf "target/package/hugolint-$version.crate" -C "$out/cargo/src"
# Same target folder: the dependencies are reused, the crate itself is compiled from the package.
# First, as it leaves its own binary in target/release, which the release build below replaces.
CARGO_TARGET_DIR="$PWD/target" cargo install --locked --quiet --force \
  --path "$out/cargo/src/hugolint-$version" --root "$out/cargo"
took

step "release binary (cargo build --release --locked)"
cargo build --release --locked --quiet
took

step "wheel (maturin; reuses the release binary)"
maturin build --release --locked --quiet --out "$out/wheels" 2>&1 | grep -v '^🔗\|^📡' || true
ls "$out"/wheels/hugolint-"$version"-*.whl >/dev/null
# The build backends pip needs for the pre-commit mirror (setuptools) and for building from a
# checkout (maturin), so the tests install with PIP_NO_INDEX from this folder alone.
python3 -m pip download --quiet --disable-pip-version-check --only-binary :all: \
  --dest "$out/wheels" "setuptools>=61" "maturin>=1.9,<2"
took

step "npm tarballs"
python3 scripts/packaging/npm_platform.py "$host" target/release/hugolint "$out/npm/platform" >/dev/null
(cd "$out/npm" && npm pack --silent ./platform "$OLDPWD/npm/hugolint" >/dev/null)
ls "$out"/npm/*.tgz
took

step "release archive"
python3 scripts/packaging/archive.py "$host" target/release/hugolint "$out/archives"
took
