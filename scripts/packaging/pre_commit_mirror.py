#!/usr/bin/env python3
"""Make the pre-commit mirror of a release: a repository whose hooks install hugolint's wheel.

    python3 scripts/packaging/pre_commit_mirror.py OUT_DIR

pre-commit installs a `language: python` hook by pip-installing the hook's repository. This
repository's pyproject.toml builds hugolint from source (a Rust toolchain, minutes); the mirror's
pyproject.toml holds no code and depends on `hugolint==VERSION`, so pip takes the prebuilt wheel
from PyPI instead (seconds), as ruff's and rumdl's pre-commit mirrors do. A release pushes
OUT_DIR to the mirror repository (hugolint/hugolint-pre-commit) and tags it vVERSION. Its
.pre-commit-hooks.yaml is this repository's, unchanged. tests/pre_commit.rs installs a mirror
made here with the wheel built from this checkout.
"""

import shutil
import sys
from pathlib import Path

from versions import ROOT, cargo_version

PYPROJECT = """\
# Made by scripts/packaging/pre_commit_mirror.py in hugolint's repository: do not edit here.
[build-system]
requires = ["setuptools>=61"]
build-backend = "setuptools.build_meta"

[project]
name = "hugolint-pre-commit"
version = "{version}"
description = "pre-commit hooks for hugolint, installed from its prebuilt wheel"
dependencies = ["hugolint=={version}"]

[tool.setuptools]
packages = []
"""

README = """\
# hugolint-pre-commit

pre-commit hooks for [hugolint](https://github.com/hugolint/hugolint), version {version}: they
install hugolint's prebuilt wheel from PyPI, so the first run takes seconds and needs no Rust
toolchain. Made from hugolint's repository at each release; see its README for the hooks.
"""


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    out = Path(sys.argv[1])
    version = cargo_version()
    out.mkdir(parents=True, exist_ok=True)
    (out / "pyproject.toml").write_text(PYPROJECT.format(version=version), encoding="utf-8")
    (out / "README.md").write_text(README.format(version=version), encoding="utf-8")
    shutil.copyfile(ROOT / ".pre-commit-hooks.yaml", out / ".pre-commit-hooks.yaml")
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
