// `rubric lsp` spoken to with the JSON-RPC library the extension itself uses
// (vscode-jsonrpc, under vscode-languageclient): the framing and the messages the client sends
// work with the server. Needs the binary: RUBRIC_BIN, or the repository's target/debug/rubric
// (`cargo build`); skipped when neither is there.
'use strict';

const assert = require('node:assert');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const test = require('node:test');
const rpc = require('vscode-jsonrpc/node');

const binary = process.env.RUBRIC_BIN || path.join(__dirname, '..', '..', '..', 'target', 'debug', 'rubric');

test('diagnostics, hover and completion through vscode-jsonrpc', { skip: !fs.existsSync(binary) && `no ${binary}` }, async () => {
  const server = spawn(binary, ['lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = rpc.createMessageConnection(
    new rpc.StreamMessageReader(server.stdout),
    new rpc.StreamMessageWriter(server.stdin)
  );
  const published = new Promise((resolve) => {
    connection.onNotification('textDocument/publishDiagnostics', (params) => resolve(params));
  });
  connection.listen();

  const initialized = await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    locale: 'zh-cn',
    capabilities: {},
  });
  assert.strictEqual(initialized.capabilities.positionEncoding, 'utf-16');
  await connection.sendNotification('initialized', {});

  const uri = 'file:///tmp/extension-test.rubric';
  const text = '评分表 "t" 满分 2\n输入 次数：计数\n部分 一 "一" 2\n  指标 1 "a" 2\n    得分 每 次数数 1 分，最多 2 分\n';
  await connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'rubric', version: 1, text },
  });
  const { diagnostics } = await published;
  assert.strictEqual(diagnostics.length, 1);
  assert.strictEqual(diagnostics[0].code, 'rubric::undefined-name');
  assert.deepStrictEqual(diagnostics[0].range, { start: { line: 4, character: 9 }, end: { line: 4, character: 12 } });
  assert.match(diagnostics[0].message, /提示：是不是要写 `次数`？/);

  const hover = await connection.sendRequest('textDocument/hover', {
    textDocument: { uri },
    position: { line: 1, character: 4 },
  });
  assert.match(hover.contents.value, /^\*\*输入项 `次数`\*\* · 计数/);

  const completion = await connection.sendRequest('textDocument/completion', {
    textDocument: { uri },
    position: { line: 4, character: 7 },
  });
  assert.ok(completion.some((item) => item.label === '次数'));

  await connection.sendRequest('shutdown');
  await connection.sendNotification('exit');
  const code = await new Promise((resolve) => server.on('exit', resolve));
  assert.strictEqual(code, 0);
  connection.dispose();
});
