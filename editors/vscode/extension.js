// hugolint for VS Code: a language client that starts `hugolint server` (the binary from the
// `hugolint.path` setting, else from PATH) for Markdown files, and restarts it when the setting
// changes. Everything else (diagnostics, quick fixes, completion, definition, hover, references,
// rename) is the server's.
"use strict";

const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function serverOptions() {
  const config = vscode.workspace.getConfiguration("hugolint");
  const command = config.get("path") || "hugolint";
  const args = [...config.get("args", []), "server"];
  return { run: { command, args }, debug: { command, args } };
}

async function start(context) {
  client = new LanguageClient("hugolint", "hugolint", serverOptions(), {
    documentSelector: [
      { scheme: "file", language: "markdown" },
      { scheme: "untitled", language: "markdown" },
    ],
    synchronize: {
      // Pages created, deleted or renamed, and config changes: the server reads the site again.
      fileEvents: vscode.workspace.createFileSystemWatcher(
        "**/{*.md,*.markdown,hugo.*,config.*,config/**,.hugolint.yaml}",
      ),
    },
  });
  try {
    await client.start();
  } catch (e) {
    vscode.window.showErrorMessage(
      `hugolint: cannot start \`${serverOptions().run.command} server\` (${e.message}). ` +
        "Install hugolint or set hugolint.path.",
    );
  }
}

async function activate(context) {
  await start(context);
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration("hugolint")) {
        if (client) await client.stop();
        await start(context);
      }
    }),
  );
}

async function deactivate() {
  if (client) await client.stop();
}

module.exports = { activate, deactivate };
