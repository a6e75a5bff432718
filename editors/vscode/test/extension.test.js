// Loads extension.js outside VS Code, with a stand-in for the `vscode` module, and checks how it
// would start the server and which documents it would give it.
'use strict';

const assert = require('node:assert');
const Module = require('node:module');
const path = require('node:path');
const test = require('node:test');

// The `vscode` module exists only inside VS Code: answer `require('vscode')` with a stand-in.
// vscode-languageclient extends its classes and reads its enums when it is loaded, so anything
// not named here is a class whose every property is another such class.
function anything() {
  return new Proxy(class {}, { get: (target, key) => (key in target ? target[key] : anything()) });
}
const named = {
  workspace: { getConfiguration: () => ({ get: () => undefined }), onDidChangeConfiguration: () => ({}) },
  window: { showErrorMessage: () => undefined },
};
const stub = new Proxy(named, { get: (target, key) => (key in target ? target[key] : anything()) });
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest);
};
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: stub };

const extension = require(path.join(__dirname, '..', 'extension.js'));

test('the extension loads and exports activate and deactivate', () => {
  assert.strictEqual(typeof extension.activate, 'function');
  assert.strictEqual(typeof extension.deactivate, 'function');
});

test('the server is `rubric lsp` on stdio, its path and language from the settings', () => {
  const settings = (values) => ({ get: (key) => values[key] });
  const plain = extension.serverOptions(settings({}));
  assert.deepStrictEqual([plain.command, plain.args], ['rubric', ['lsp']]);
  assert.strictEqual(plain.transport, require('vscode-languageclient/node').TransportKind.stdio);
  const chosen = extension.serverOptions(settings({ 'server.path': '/opt/rubric/bin/rubric', 'server.lang': 'zh' }));
  assert.deepStrictEqual([chosen.command, chosen.args], ['/opt/rubric/bin/rubric', ['lsp', '--lang', 'zh']]);
  assert.deepStrictEqual(extension.serverOptions(settings({ 'server.lang': 'fr' })).args, ['lsp']);
});

test('every rubric document goes to the server', () => {
  assert.deepStrictEqual(extension.clientOptions().documentSelector, [{ language: 'rubric' }]);
});
