// Follow Up… in the real extension host: feedback on an applied result becomes a queued task whose request
// carries the earlier turn (the request as sent and the model's answer), then the file as it reads now; its
// result applies to that file; the tree shows the thread under the task it started from.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ClaudeBatchApi } from '../../src/vscode/api';
import type { ApplyOutcome } from '../../src/vscode/review/reviewer';
import type { Task } from '../../src/core/model/records';
import type { TreeSnapshotNode } from '../../src/vscode/views/treeProvider';
import {
  discardAllResults,
  extensionApi,
  readDisk,
  resultFor,
  run,
  simulator,
  startClean,
  submitAndWait,
  until,
  workspaceUri,
  writeAndReload,
} from './helpers';
import { firstOf } from '../helpers/fakes';

const PAINT = 'src/paint.js';

interface SentRequest {
  params: { messages: Array<{ role: string; content: Array<{ text: string }> }> };
}

function findRow(nodes: readonly TreeSnapshotNode[], id: string): TreeSnapshotNode | undefined {
  for (const node of nodes) {
    if (node.id === id) return node;
    const found = findRow(node.children ?? [], id);
    if (found) return found;
  }
  return undefined;
}

describe('Follow Up… (real VS Code + simulator)', function () {
  let api: ClaudeBatchApi;

  before(async () => {
    api = await extensionApi();
  });
  beforeEach(startClean);
  afterEach(() => discardAllResults(api));
  after(() => vscode.workspace.fs.delete(workspaceUri(PAINT)).then(undefined, () => undefined));

  it("a follow-up's request carries the prior turn; its result applies to the file as it reads now", async () => {
    await writeAndReload(PAINT, 'const colour = "red";\nexport const size = 1;\n');
    const task = await resultFor(api, PAINT, 'Replace "red" with "blue"');
    const applied = await run<ApplyOutcome>('claudeBatch.applyResult', task.id);
    assert.equal(applied.applied, true, applied.reason);

    const followUp = await run<Task | undefined>('claudeBatch.followUp', task.id, {
      instruction: 'Almost: replace "blue" with "navy"',
    });
    assert.ok(followUp, 'the follow-up was queued');
    assert.deepEqual(
      api.pendingTasks().map((t) => t.id),
      [followUp.id],
    );
    const thread = await until('the thread under the task', () => {
      const row = findRow(api.tree(), `task:${task.id}`);
      return row?.children?.length ? row : undefined;
    });
    assert.match(thread.description, /1 follow-up/);
    assert.equal(thread.children![0]!.id, `followUp:${followUp.id}`);
    assert.match(thread.children![0]!.description, /follow-up: Almost: replace "blue" with "navy" — queued/);

    const second = await submitAndWait(api);
    const [sent] = (await simulator(`/_sim/batches/${second.id}/requests`)) as SentRequest[];
    const messages = sent!.params.messages;
    assert.deepEqual(
      messages.map((m) => m.role),
      ['user', 'assistant', 'user'],
    );
    assert.match(messages[0]!.content.map((c) => c.text).join('\n'), /<instruction>\nReplace "red" with "blue"/);
    assert.match(messages[1]!.content[0]!.text, /"old_text":"red","new_text":"blue"/);
    assert.match(messages[2]!.content[0]!.text, /const colour = "blue";/, 'the file as it reads now');

    const result = firstOf(api.tasksOf(second.id), 'follow-up');
    const outcome = await run<ApplyOutcome>('claudeBatch.applyResult', result.id);
    assert.equal(outcome.applied, true, outcome.reason);
    assert.equal(await readDisk(PAINT), 'const colour = "navy";\nexport const size = 1;\n');
    await until('the thread row to say applied', () =>
      /applied/.test(findRow(api.tree(), `followUp:${followUp.id}`)?.description ?? ''),
    );
  });

  it('a result that only created a file is followed up on that file', async () => {
    await writeAndReload(PAINT, 'export function mix(a, b) {\n  return a + b;\n}\n');
    const task = await resultFor(api, PAINT, 'Write unit tests');
    const created = await run<ApplyOutcome>('claudeBatch.applyResult', task.id);
    assert.equal(created.applied, true, created.reason);
    try {
      const followUp = await run<Task | undefined>('claudeBatch.followUp', task.id, {
        instruction: 'Replace "is a function" with "is callable"',
      });
      assert.equal(followUp?.relPath, 'src/paint.test.js', 'the file the result created');
      const second = await submitAndWait(api);
      const result = firstOf(api.tasksOf(second.id), 'follow-up');
      assert.equal((await run<ApplyOutcome>('claudeBatch.applyResult', result.id)).applied, true);
      assert.match(await readDisk('src/paint.test.js'), /test\('mix is callable'/);
    } finally {
      await vscode.workspace.fs.delete(workspaceUri('src/paint.test.js')).then(undefined, () => undefined);
    }
  });
});
