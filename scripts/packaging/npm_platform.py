#!/usr/bin/env python3
"""Make the npm package that carries hugolint's binary for one platform.

    python3 scripts/packaging/npm_platform.py TARGET BINARY OUT_DIR

TARGET is the Rust target the binary was built for (one of PLATFORMS below); OUT_DIR receives
package.json (name, version from Cargo.toml, and the os / cpu / libc fields npm uses to install
only the matching package), the binary and a README. `npm pack OUT_DIR` then makes the tarball.
The launcher package (npm/hugolint) lists every one of these as an optional dependency.
"""

import json
import shutil
import sys
from pathlib import Path

from versions import cargo_version

# Rust target -> (npm package suffix, os, cpu, libc or None).
PLATFORMS = {
    "x86_64-unknown-linux-gnu": ("linux-x64", "linux", "x64", "glibc"),
    "aarch64-unknown-linux-gnu": ("linux-arm64", "linux", "arm64", "glibc"),
    "x86_64-unknown-linux-musl": ("linux-x64-musl", "linux", "x64", "musl"),
    "aarch64-unknown-linux-musl": ("linux-arm64-musl", "linux", "arm64", "musl"),
    "x86_64-apple-darwin": ("darwin-x64", "darwin", "x64", None),
    "aarch64-apple-darwin": ("darwin-arm64", "darwin", "arm64", None),
    "x86_64-pc-windows-msvc": ("win32-x64", "win32", "x64", None),
}


def main() -> int:
    if len(sys.argv) != 4 or sys.argv[1] not in PLATFORMS:
        print(__doc__, file=sys.stderr)
        print("targets: " + ", ".join(PLATFORMS), file=sys.stderr)
        return 2
    target, binary, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    suffix, os_name, cpu, libc = PLATFORMS[target]
    name = f"@hugolint/cli-{suffix}"
    exe = "hugolint.exe" if os_name == "win32" else "hugolint"
    manifest = {
        "name": name,
        "version": cargo_version(),
        "description": f"The hugolint binary for {target} (installed by the hugolint package)",
        "license": "Apache-2.0",
        "homepage": "https://github.com/hugolint/hugolint",
        "repository": {"type": "git", "url": "git+https://github.com/hugolint/hugolint.git"},
        "os": [os_name],
        "cpu": [cpu],
        **({"libc": [libc]} if libc else {}),
        "files": [exe],
        "preferUnplugged": True,
    }
    out.mkdir(parents=True, exist_ok=True)
    (out / "package.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    shutil.copyfile(binary, out / exe)
    (out / exe).chmod(0o755)
    (out / "README.md").write_text(
        f"# {name}\n\nThe hugolint binary for {target}. Install the `hugolint` package, which "
        "picks this one on this platform: https://github.com/hugolint/hugolint\n",
        encoding="utf-8",
    )
    print(out / "package.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
