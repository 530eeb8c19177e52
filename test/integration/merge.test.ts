// Late results merged three ways in the real extension host: a result whose file was edited since queueing
// merges with those edits and applies; one that overlaps them becomes a conflict the user resolves in the editor.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ClaudeBatchApi } from '../../src/vscode/api';
import type { ApplyOutcome } from '../../src/vscode/review/reviewer';
import {
  discardAllResults,
  extensionApi,
  readDisk,
  run,
  startClean,
  submitAndWait,
  until,
  workspaceUri,
  writeAndReload,
  writeDisk,
} from './helpers';
import { firstOf } from '../helpers/fakes';

const CALC = 'src/calc.js';
const SOURCE = [
  'function add(a, b) {',
  '  return a + b;',
  '}',
  '',
  'function sub(a, b) {',
  '  return a - b;',
  '}',
  '',
].join('\n');

describe('Late results merged three ways (real VS Code + simulator)', function () {
  let api: ClaudeBatchApi;
  /** Queues "Add doc comments" on calc.js, lets `meanwhile` change the file, and returns the ready task's id. */
  const write = (text: string): Promise<void> => writeAndReload(CALC, text);
  const resultAfter = async (meanwhile: (text: string) => string): Promise<string> => {
    await write(SOURCE);
    await run('claudeBatch.sendFile', workspaceUri(CALC), [workspaceUri(CALC)], {
      instruction: 'Add doc comments',
      allowDuplicate: true,
    });
    await write(meanwhile(SOURCE));
    const record = await submitAndWait(api);
    return firstOf(api.tasksOf(record.id), 'task').id;
  };

  before(async () => {
    api = await extensionApi();
  });
  beforeEach(startClean);
  afterEach(() => discardAllResults(api));
  after(() => vscode.workspace.fs.delete(workspaceUri(CALC)).then(undefined, () => undefined));

  it('a result whose file was edited elsewhere since queueing merges with those edits and applies', async () => {
    // The user's new line repeats an anchor of the result, so the edits cannot simply be re-anchored.
    const taskId = await resultAfter((text) => `${text}// was: function add(a, b) {\n`);
    const outcome = await run<ApplyOutcome>('claudeBatch.applyResult', taskId);
    assert.equal(outcome.applied, true, outcome.reason);
    assert.equal(
      await readDisk(CALC),
      [
        '/** add: documented by the simulator. */',
        'function add(a, b) {',
        '  return a + b;',
        '}',
        '',
        '/** sub: documented by the simulator. */',
        'function sub(a, b) {',
        '  return a - b;',
        '}',
        '// was: function add(a, b) {',
        '',
      ].join('\n'),
    );
  });

  it('an overlapping one is a conflict, never dropped: written with markers for the user to resolve in the editor', async () => {
    const taskId = await resultAfter((text) => text.replace('function add(a, b) {', 'function add(x, y) {'));
    const refused = await run<ApplyOutcome>('claudeBatch.applyResult', taskId);
    assert.equal(refused.applied, false);
    assert.equal(refused.resolvable, true, refused.reason);
    assert.match(refused.reason ?? '', /changed since the task was queued.*overlaps yours/);
    assert.equal(
      await readDisk(CALC),
      SOURCE.replace('function add(a, b) {', 'function add(x, y) {'),
      'nothing written',
    );

    const resolved = await run<ApplyOutcome & { conflicts?: number }>('claudeBatch.resolveInEditor', taskId);
    assert.deepEqual([resolved.applied, resolved.conflicts], [true, 1]);
    const editor = await until('the file to open at the conflict', () =>
      vscode.window.activeTextEditor?.document.uri.toString() === workspaceUri(CALC).toString()
        ? vscode.window.activeTextEditor
        : undefined,
    );
    const text = editor.document.getText();
    assert.match(text, /<<<<<<< yours \(the file now\)\nfunction add\(x, y\) \{\n=======\n/);
    assert.match(text, /\/\*\* sub: documented by the simulator\. \*\/\nfunction sub/, 'the rest merged by itself');
    // The user keeps their own signature, and the result's comment above it.
    const resolvedText = text.replace(
      /<<<<<<< [^\n]*\n([^\n]*)\n=======\n([^\n]*)\n[^\n]*\n>>>>>>> [^\n]*\n/,
      '$2\n$1\n',
    );
    await editor.edit((b) => b.replace(new vscode.Range(0, 0, editor.document.lineCount, 0), resolvedText));
    await editor.document.save();
    assert.match(await readDisk(CALC), /^\/\*\* add: documented by the simulator\. \*\/\nfunction add\(x, y\) \{/);
    assert.equal(api.tasksOf(api.batches().find((b) => b.taskIds.includes(taskId))!.id)[0]!.review?.state, 'applied');
  });
});

describe('Accepting a result edit by edit (real VS Code + simulator)', function () {
  let api: ClaudeBatchApi;
  const FILE = 'src/three.js';
  const THREE = ['function one() {}', '', 'function two() {}', '', 'function three() {}', ''].join('\n');

  before(async () => {
    api = await extensionApi();
  });
  beforeEach(startClean);
  afterEach(() => discardAllResults(api));
  after(() => vscode.workspace.fs.delete(workspaceUri(FILE)).then(undefined, () => undefined));

  it('accepting two of three edits writes exactly those two, and records the third as rejected', async () => {
    await writeDisk(FILE, THREE);
    await run('claudeBatch.sendFile', workspaceUri(FILE), [workspaceUri(FILE)], {
      instruction: 'Add doc comments',
      allowDuplicate: true,
    });
    const record = await submitAndWait(api);
    const task = firstOf(api.tasksOf(record.id), 'task');
    assert.equal(task.outcome?.type === 'edits' && task.outcome.edits.length, 3);
    const outcome = await run<ApplyOutcome>('claudeBatch.applySomeEdits', task.id, { edits: [0, 2] });
    assert.equal(outcome.applied, true, outcome.reason);
    assert.equal(
      await readDisk(FILE),
      [
        '/** one: documented by the simulator. */',
        'function one() {}',
        '',
        'function two() {}',
        '',
        '/** three: documented by the simulator. */',
        'function three() {}',
        '',
      ].join('\n'),
    );
    const reviewed = api.tasksOf(record.id).find((t) => t.id === task.id)!;
    assert.deepEqual([reviewed.review?.state, reviewed.review?.rejected], ['applied', [1]]);
  });
});
