#!/usr/bin/env node
// Runs the hugolint binary of this platform's package (one of the optionalDependencies; npm
// installs only the one whose os, cpu and libc match), passing arguments, standard streams and
// the exit code through unchanged. HUGOLINT_BINARY names another binary to run instead.
"use strict";

const { spawnSync } = require("child_process");
const fs = require("fs");
const path = require("path");

function isMusl() {
  // Node reports the glibc version it runs on; on musl (Alpine) there is none.
  const report = process.report && process.report.getReport();
  return !(report && report.header && report.header.glibcVersionRuntime);
}

function platformPackage() {
  const { platform, arch } = process;
  if (platform === "linux" && (arch === "x64" || arch === "arm64")) {
    return `@hugolint/cli-linux-${arch}${isMusl() ? "-musl" : ""}`;
  }
  if (platform === "darwin" && (arch === "x64" || arch === "arm64")) {
    return `@hugolint/cli-darwin-${arch}`;
  }
  if (platform === "win32" && arch === "x64") {
    return "@hugolint/cli-win32-x64";
  }
  return null;
}

function binaryPath() {
  if (process.env.HUGOLINT_BINARY) {
    return process.env.HUGOLINT_BINARY;
  }
  const name = platformPackage();
  if (!name) {
    fail(
      `no prebuilt binary for ${process.platform}-${process.arch}; ` +
        "install with `cargo install --locked hugolint` and set HUGOLINT_BINARY, or use the PyPI package"
    );
  }
  let dir;
  try {
    dir = path.dirname(require.resolve(`${name}/package.json`));
  } catch (e) {
    fail(
      `the package ${name} is not installed: it is an optional dependency of hugolint, ` +
        "which npm skips when installing with --no-optional or --omit=optional, or from a " +
        "lockfile made on another platform. Reinstall with optional dependencies " +
        `(npm install --include=optional), or add ${name} itself.`
    );
  }
  return path.join(dir, process.platform === "win32" ? "hugolint.exe" : "hugolint");
}

function fail(message) {
  process.stderr.write(`hugolint (npm launcher): ${message}\n`);
  process.exit(2);
}

const binary = binaryPath();
if (process.platform !== "win32") {
  // A tarball unpacked by a tool that drops the mode bits leaves the binary not executable.
  try {
    fs.accessSync(binary, fs.constants.X_OK);
  } catch (e) {
    try {
      fs.chmodSync(binary, 0o755);
    } catch (_) {
      // spawnSync below reports the problem.
    }
  }
}
const result = spawnSync(binary, process.argv.slice(2), { stdio: "inherit" });
if (result.error) {
  fail(`cannot run ${binary}: ${result.error.message}`);
}
if (result.signal) {
  process.kill(process.pid, result.signal);
}
process.exit(result.status === null ? 2 : result.status);
