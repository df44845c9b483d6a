#!/usr/bin/env python3
"""Set every copy of hugolint's version from the one source, Cargo.toml.

The PyPI package reads it itself (pyproject.toml's version is dynamic: maturin takes Cargo's).
The npm launcher's package.json (its version and its platform packages') and the GitHub Action's
default `version` input are copies, set here. The npm platform packages are made at release time
by npm_platform.py, which reads Cargo.toml too.

    python3 scripts/packaging/versions.py           # write the copies
    python3 scripts/packaging/versions.py --check   # exit 1 if a copy differs (tests/packages.rs checks too)
"""

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NPM_LAUNCHER = ROOT / "npm" / "hugolint" / "package.json"
ACTION = ROOT / "action.yml"
# The action's default version: the one line `default: "X.Y.Z" # hugolint version` in action.yml.
ACTION_LINE = re.compile(r'^(\s*default: )"([^"]*)"( # hugolint version)$', re.M)


def cargo_version() -> str:
    """The [package] version of Cargo.toml."""
    text = (ROOT / "Cargo.toml").read_text(encoding="utf-8")
    package = re.search(r"^\[package\]\n(.*?)(?=^\[|\Z)", text, re.M | re.S)
    version = package and re.search(r'^version\s*=\s*"([^"]+)"', package.group(1), re.M)
    if not version:
        sys.exit("Cargo.toml: no version in [package]")
    return version.group(1)


def npm_launcher(version: str) -> str:
    data = json.loads(NPM_LAUNCHER.read_text(encoding="utf-8"))
    data["version"] = version
    data["optionalDependencies"] = {name: version for name in data["optionalDependencies"]}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def action(version: str) -> str:
    text = ACTION.read_text(encoding="utf-8")
    new, count = ACTION_LINE.subn(lambda m: f'{m.group(1)}"{version}"{m.group(3)}', text)
    if count != 1:
        sys.exit(f'{ACTION}: expected one line `default: "X.Y.Z" # hugolint version`, found {count}')
    return new


def main() -> int:
    check = sys.argv[1:] == ["--check"]
    if sys.argv[1:] not in ([], ["--check"]):
        sys.exit(__doc__)
    version = cargo_version()
    stale = []
    for path, new in ((NPM_LAUNCHER, npm_launcher(version)), (ACTION, action(version))):
        if path.read_text(encoding="utf-8") != new:
            stale.append(path.relative_to(ROOT))
            if not check:
                path.write_text(new, encoding="utf-8")
    if check and stale:
        print(f"not at Cargo.toml's version {version}: {', '.join(map(str, stale))}", file=sys.stderr)
        print("run python3 scripts/packaging/versions.py", file=sys.stderr)
        return 1
    print(f"{version}: " + (f"updated {', '.join(map(str, stale))}" if stale else "every copy agrees"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
