// One cold activation, in a process of its own (so that nothing is loaded yet): the shell evaluated and
// activate() called with just enough of the vscode API, the deferred start awaited, then the tree's first paint
// (its root rows, as the view asks for them). Prints the timings as JSON. argv[2]: the store home to open.
// The shell keeps V8's code cache in the home's global storage: the first process writes it, later ones use it.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../lib/harness.mjs';
import { Memento } from './memento.mjs';

const require = createRequire(import.meta.url);
const Module = require('node:module');
const ms = (start) => Number(process.hrtime.bigint() - start) / 1e6;
const noop = () => ({ dispose() {} });
const emitter = class {
  event = () => ({ dispose() {} });
  fire() {}
  dispose() {}
};
let provider;
const vscodeStub = {
  EventEmitter: emitter,
  l10n: { t: (s) => s },
  StatusBarAlignment: { Left: 1, Right: 2 },
  TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
  ThemeColor: class {},
  FileDecoration: class {},
  TreeItem: class {
    constructor(label, collapsibleState) {
      Object.assign(this, { label, collapsibleState });
    }
  },
  Uri: { parse: (value) => ({ toString: () => value }) },
  ThemeIcon: class {},
  MarkdownString: class {},
  OverviewRulerLane: { Full: 7 },
  window: {
    createTextEditorDecorationType: () => ({ dispose() {} }),
    onDidChangeVisibleTextEditors: noop,
    visibleTextEditors: [],
    createOutputChannel: () => ({ info() {}, warn() {}, error() {}, debug() {}, dispose() {} }),
    createStatusBarItem: () => ({ show() {}, hide() {}, dispose() {} }),
    createTreeView: (_id, options) => ((provider = options.treeDataProvider), { dispose() {} }),
    registerFileDecorationProvider: noop,
    showWarningMessage: async () => undefined,
    showErrorMessage: async () => undefined,
  },
  workspace: {
    getConfiguration: () => ({ get: () => undefined }),
    registerTextDocumentContentProvider: noop,
    onDidChangeTextDocument: noop,
    onDidChangeConfiguration: noop,
    onDidGrantWorkspaceTrust: noop,
    textDocuments: [],
    isTrusted: true,
  },
  commands: { registerCommand: noop, executeCommand: async () => undefined },
};
// The Node modules the extension host imports itself before it activates any extension (those of code-server
// 4.100's extensionHostProcess.js): loaded already in VS Code, so not part of what our start costs.
for (const builtin of ['child_process', 'events', 'fs', 'fs/promises', 'http', 'net', 'os', 'stream']) require(builtin);
for (const builtin of ['string_decoder', 'url', 'util', 'zlib']) require(builtin);
const original = Module._load;
Module._load = function (request, ...rest) {
  return request === 'vscode' ? vscodeStub : original.call(this, request, ...rest);
};
const home = process.argv[2];
process.env.CLAUDE_BATCH_HOME = home;
const context = {
  subscriptions: [],
  storageUri: { fsPath: home, toString: () => home },
  globalStorageUri: { fsPath: path.join(home, 'global') },
  globalState: new Memento(),
  workspaceState: new Memento(),
  secrets: { get: async () => undefined },
  extension: { packageJSON: JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) },
};
let start = process.hrtime.bigint();
const ext = require(path.join(repoRoot, 'dist/extension.js'));
const evaluate = ms(start);
start = process.hrtime.bigint();
const api = ext.activate(context);
const activate = ms(start);
start = process.hrtime.bigint();
await api.ready;
const deferred = ms(start);
start = process.hrtime.bigint();
const rows = (await provider.getChildren(undefined)) ?? [];
for (const row of rows) await provider.getTreeItem(row);
const firstPaint = ms(start);
console.log(JSON.stringify({ evaluate, activate, deferred, firstPaint, rows: rows.length }));
// --linger: stay until the shell has written V8's code cache (a second after the start), for the next process.
if (process.argv.includes('--linger')) await new Promise((resolve) => setTimeout(resolve, 1500));
process.exit(0);
