#!/usr/bin/env python3
"""Make the release archive of one platform's binary, as cargo-binstall expects it.

    python3 scripts/packaging/archive.py TARGET BINARY OUT_DIR

Writes OUT_DIR/hugolint-VERSION-TARGET.tar.gz (.zip for Windows targets) holding the folder
hugolint-VERSION-TARGET/ with the binary, README.md, CHANGELOG.md and LICENSE, and a .sha256 file
beside it. The names follow [package.metadata.binstall] in Cargo.toml (tests/packages.rs checks
that the two agree). The version is Cargo.toml's.
"""

import hashlib
import io
import sys
import tarfile
import zipfile
from pathlib import Path

from versions import ROOT, cargo_version

DOCS = ("README.md", "CHANGELOG.md", "LICENSE")


def main() -> int:
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    target, binary, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    windows = "windows" in target
    stem = f"hugolint-{cargo_version()}-{target}"
    exe = "hugolint.exe" if windows else "hugolint"
    members = [(f"{stem}/{exe}", binary.read_bytes(), 0o755)]
    members += [(f"{stem}/{doc}", (ROOT / doc).read_bytes(), 0o644) for doc in DOCS]
    out.mkdir(parents=True, exist_ok=True)
    archive = out / (stem + (".zip" if windows else ".tar.gz"))
    if windows:
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data, mode in members:
                info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
                info.external_attr = (0o100000 | mode) << 16
                z.writestr(info, data, zipfile.ZIP_DEFLATED)
    else:
        with tarfile.open(archive, "w:gz") as tar:
            for name, data, mode in members:
                info = tarfile.TarInfo(name)
                info.size, info.mode = len(data), mode
                tar.addfile(info, io.BytesIO(data))
    digest = hashlib.sha256(archive.read_bytes()).hexdigest()
    Path(f"{archive}.sha256").write_text(f"{digest}  {archive.name}\n", encoding="utf-8")
    print(archive)
    return 0


if __name__ == "__main__":
    sys.exit(main())
