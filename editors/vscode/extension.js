// The VS Code side of `rubric lsp`: starts the language server for .rubric files and restarts
// it when its settings change. Everything the editor shows comes from the server.
'use strict';

const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

/** @type {LanguageClient | undefined} */
let client;

/**
 * How to start the server: `<rubric.server.path> lsp [--lang zh|en]` on stdio (the client
 * adds `--stdio`).
 * @param {{ get(key: string): unknown }} config the `rubric` settings
 */
function serverOptions(config) {
  const command = String(config.get('server.path') || 'rubric');
  const args = ['lsp'];
  const lang = config.get('server.lang');
  if (lang === 'zh' || lang === 'en') {
    args.push('--lang', lang);
  }
  return { command, args, transport: TransportKind.stdio };
}

/** The client's options: every document in the `rubric` language, saved or not. */
function clientOptions() {
  return {
    documentSelector: [{ language: 'rubric' }],
    outputChannelName: 'Rubric (评分表)',
  };
}

async function start() {
  const config = vscode.workspace.getConfiguration('rubric');
  client = new LanguageClient('rubric', 'Rubric (评分表)', serverOptions(config), clientOptions());
  try {
    await client.start();
  } catch (error) {
    const command = serverOptions(config).command;
    vscode.window.showErrorMessage(
      `Cannot start the rubric language server (\`${command} lsp\`): ${error}. ` +
        'Set "rubric.server.path" to the rubric program. ' +
        `无法启动 rubric 语言服务器（\`${command} lsp\`）：请在设置 "rubric.server.path" 中填写 rubric 程序的路径。`
    );
  }
}

async function stop() {
  if (client) {
    const running = client;
    client = undefined;
    await running.stop();
  }
}

/** @param {vscode.ExtensionContext} context */
async function activate(context) {
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration('rubric.server')) {
        await stop();
        await start();
      }
    }),
    { dispose: () => stop() }
  );
  await start();
}

function deactivate() {
  return stop();
}

module.exports = { activate, deactivate, serverOptions, clientOptions };
