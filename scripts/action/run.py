#!/usr/bin/env python3
"""The hugolint GitHub Action's step (action.yml), standard library only.

1. Installs hugolint from PyPI (INPUT_VERSION; "latest" for the newest; "source" builds the
   wheel from the action's own checkout, which needs a Rust toolchain and takes minutes) into a
   virtual environment under RUNNER_TEMP, and puts it on GITHUB_PATH for the job's later steps.
2. Runs hugolint three times on the same files, each through one of its own reporters: the log
   (INPUT_FORMAT, `github` by default: annotations on the pull request), SARIF into
   INPUT_SARIF_FILE, and JSON, from which it writes the job summary (GITHUB_STEP_SUMMARY: counts
   per rule and severity, the files with most findings) and the step's outputs (GITHUB_OUTPUT).
3. Exits with hugolint's exit code only then, so a failing lint still leaves the SARIF file and
   the summary behind: 0 (no errors; warnings allowed), 1 (errors), 2 (hugolint could not run as
   asked: a bad argument, a path that does not exist, an unreadable file).

pip reads its own settings from the environment (PIP_INDEX_URL, PIP_FIND_LINKS, ...), so a
private index or a folder of wheels works as it does for any pip install.
"""

import html
import json
import os
import shlex
import subprocess
import sys
import time
import venv
from collections import Counter
from pathlib import Path

LOG_FORMATS = ("github", "concise", "pretty")
WORST_FILES = 10


def main() -> int:
    version = os.environ.get("INPUT_VERSION", "").strip() or "latest"
    log_format = os.environ.get("INPUT_FORMAT", "").strip() or "github"
    if log_format not in LOG_FORMATS:
        return fail(f"format: `{log_format}` is not one of {', '.join(LOG_FORMATS)}")
    try:
        paths = shlex.split(os.environ.get("INPUT_PATHS", "")) or ["."]
        extra = shlex.split(os.environ.get("INPUT_ARGS", ""))
    except ValueError as e:
        return fail(f"paths or args: {e} (quote as in a shell)")
    baseline = os.environ.get("INPUT_BASELINE", "").strip()
    sarif_file = Path(os.environ.get("INPUT_SARIF_FILE", "").strip() or "hugolint.sarif")

    hugolint = install(version)
    if hugolint is None:
        return 2
    # The options before the paths, so an extra argument cannot be taken for a path.
    common = (["--baseline", baseline] if baseline else []) + extra + ["--"] + paths

    # 1. The log: annotations (or the chosen format) and hugolint's own summary line.
    log_cmd = [str(hugolint), "--format", log_format] + common
    print(printable(shlex.join(["hugolint"] + log_cmd[1:])), flush=True)
    log = subprocess.run(log_cmd, stdout=sys.stdout, stderr=subprocess.PIPE, text=True)
    sys.stdout.flush()
    sys.stderr.write(log.stderr)
    sys.stderr.flush()
    summary_line = next(
        (line for line in reversed(log.stderr.splitlines()) if line.startswith("Checked ")), ""
    )

    # 2. SARIF, whatever the result, for code scanning.
    sarif = subprocess.run(
        [str(hugolint), "--quiet", "--format", "sarif"] + common, capture_output=True, text=True
    )
    if sarif.stdout.strip():
        sarif_file.parent.mkdir(parents=True, exist_ok=True)
        sarif_file.write_text(sarif.stdout, encoding="utf-8")
        sarif_out = str(sarif_file)
    else:
        # No report from an earlier run may stand in for this one's.
        sarif_file.unlink(missing_ok=True)
        print(f"::warning::hugolint wrote no SARIF (exit code {sarif.returncode})", flush=True)
        sarif_out = ""

    # 3. JSON, for the job summary and the outputs.
    report = subprocess.run(
        [str(hugolint), "--quiet", "--format", "json"] + common, capture_output=True, text=True
    )
    try:
        diagnostics = json.loads(report.stdout)["diagnostics"] if report.stdout.strip() else []
    except (ValueError, KeyError, TypeError) as e:
        print(f"::warning::cannot read hugolint's JSON report: {e}", flush=True)
        diagnostics = []
    code = log.returncode if log.returncode != 0 else max(sarif.returncode, report.returncode)
    errors = sum(1 for d in diagnostics if d.get("severity") == "error")
    warnings = sum(1 for d in diagnostics if d.get("severity") == "warning")

    write_summary(hugolint_version(hugolint), diagnostics, summary_line, code, sarif_out)
    write_outputs(
        {"errors": errors, "warnings": warnings, "sarif-file": sarif_out, "exit-code": code}
    )
    return code


def install(version: str):
    """hugolint installed from PyPI in a virtual environment of its own; its path, or None."""
    temp = Path(os.environ.get("RUNNER_TEMP") or os.environ.get("TMPDIR") or "/tmp")
    env_dir = temp / f"hugolint-{version}"
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    exe = bin_dir / ("hugolint.exe" if os.name == "nt" else "hugolint")
    if version == "source":
        # The repository this script is in: the action's checkout (GITHUB_ACTION_PATH).
        requirement = str(Path(__file__).resolve().parents[2])
    elif version == "latest":
        requirement = "hugolint"
    else:
        requirement = f"hugolint=={version}"
    print(f"::group::Install {printable(requirement)}", flush=True)
    started = time.monotonic()
    if not exe.exists() or version in ("latest", "source"):
        try:
            venv.EnvBuilder(with_pip=True).create(env_dir)
        except (OSError, subprocess.CalledProcessError) as e:
            print("::endgroup::", flush=True)
            fail(f"cannot make a virtual environment ({e}): run actions/setup-python first")
            return None
        python = bin_dir / ("python.exe" if os.name == "nt" else "python")
        pip = [str(python), "-m", "pip", "install", "--disable-pip-version-check", "--quiet"]
        if subprocess.run(pip + ["--upgrade", requirement]).returncode != 0 or not exe.exists():
            print("::endgroup::", flush=True)
            fail(f"could not install {requirement} (see the log above)")
            return None
    print(f"{exe} ({time.monotonic() - started:.1f} s)", flush=True)
    print("::endgroup::", flush=True)
    github_path = os.environ.get("GITHUB_PATH")
    if github_path:
        with open(github_path, "a", encoding="utf-8") as f:
            f.write(f"{bin_dir}\n")
    return exe


def hugolint_version(exe: Path) -> str:
    run = subprocess.run([str(exe), "--version"], capture_output=True, text=True)
    return run.stdout.strip() or "hugolint"


def write_summary(version, diagnostics, summary_line, code, sarif_out) -> None:
    path = os.environ.get("GITHUB_STEP_SUMMARY")
    if not path:
        return
    verdict = {0: "passed", 1: "failed (error-level findings)"}.get(
        code, f"could not run as asked (exit code {code}; see the log)"
    )
    lines = [f"## {cell(version)}: {verdict}", ""]
    if summary_line:
        lines += [cell(summary_line), ""]
    by_rule = Counter((d.get("rule", "?"), d.get("severity", "?")) for d in diagnostics)
    if by_rule:
        lines += ["| rule | errors | warnings | notes |", "| --- | ---: | ---: | ---: |"]
        for rule in sorted({r for r, _ in by_rule}):
            counts = [by_rule[(rule, s)] for s in ("error", "warning", "info")]
            lines.append(f"| `{cell(rule)}` | " + " | ".join(map(str, counts)) + " |")
        total = [sum(n for (_, s), n in by_rule.items() if s == sev) for sev in ("error", "warning", "info")]
        lines.append("| **total** | " + " | ".join(map(str, total)) + " |")
        by_file = Counter(d.get("path", "?") for d in diagnostics)
        worst = sorted(by_file.items(), key=lambda item: (-item[1], item[0]))[:WORST_FILES]
        lines += ["", f"Files with most findings ({len(worst)} of {len(by_file)}):", ""]
        lines += ["| file | findings |", "| --- | ---: |"]
        lines += [f"| {cell(p)} | {n} |" for p, n in worst]
        lines += [
            "",
            "The pull request shows at most 10 error and 10 warning annotations per step; "
            + ("the SARIF report (code scanning) and " if sarif_out else "")
            + "the log have them all.",
        ]
    elif code == 0:
        lines.append("No findings.")
    with open(path, "a", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def cell(text: str) -> str:
    """Text safe in a Markdown table cell: no markup, no HTML, no line breaks."""
    out = []
    for ch in text:
        if ch in "\\`*_[]<>|~&#!":
            out.append(f"&#{ord(ch)};")
        elif ord(ch) < 32 or ord(ch) == 127:
            out.append(html.escape(repr(ch)[1:-1]))
        else:
            out.append(ch)
    return "".join(out)


def printable(text: str) -> str:
    """One log line: control characters shown escaped, not interpreted."""
    return "".join(repr(ch)[1:-1] if ord(ch) < 32 or ord(ch) == 127 else ch for ch in text)


def write_outputs(values: dict) -> None:
    path = os.environ.get("GITHUB_OUTPUT")
    if not path:
        return
    with open(path, "a", encoding="utf-8") as f:
        for key, value in values.items():
            # The multi-line form, so a path with a line break cannot add an output.
            delimiter = f"hugolint_{os.urandom(8).hex()}"
            f.write(f"{key}<<{delimiter}\n{value}\n{delimiter}\n")


def fail(message: str) -> int:
    """An error annotation (escaped as GitHub's toolkit does) and exit code 2."""
    data = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    print(f"::error title=hugolint action::{data}", flush=True)
    return 2


if __name__ == "__main__":
    sys.exit(main())
