// Context in the real extension host, against the strict simulator: a task on a file that imports two local
// modules sends both, the folder's CLAUDE.md once and, for "Write unit tests", an existing test, within the
// budget; Show Request and the confirmation's list agree; pinned files go with the next submission; the
// privacy guard stops a planted key and asks before a secret-looking file; Send Files Matching… respects
// .gitignore.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ClaudeBatchApi } from '../../src/vscode/api';
import type { BatchRecord } from '../../src/core/model/records';
import type { QueueResult } from '../../src/vscode/commands/queueCommands';
import {
  discardAllResults,
  extensionApi,
  noticeSince,
  run,
  simulator,
  simulatorBatches,
  startClean,
  submitAndWait,
  until,
  workspaceUri,
  writeDisk,
} from './helpers';
import { firstOf } from '../helpers/fakes';
import { definitionHelper } from '../../src/vscode/context/workspaceContext';

type SentRequest = { custom_id: string; params: { messages: Array<{ content: Array<{ text: string }> }> } };
const textOf = (request: SentRequest): string => request.params.messages[0]!.content.map((c) => c.text).join('\n');
/** The paths of the context parts in a request's text, in order. */
const contextPaths = (text: string): string[] =>
  [...text.matchAll(/<(project_instructions|pinned_file|related_file|test_setup|test_example) path="([^"]+)"/g)].map(
    (m) => m[2]!,
  );

const FILES: Record<string, string> = {
  'CLAUDE.md': '# House rules\nUse named exports. Tests use node:test and node:assert.\n',
  'src/shop/cart.ts': [
    "import { priceOf } from './price';",
    "import { money } from '../util/money';",
    "import express from 'express';",
    '',
    'export function total(items: string[]): string {',
    '  return money(items.reduce((sum, item) => sum + priceOf(item), 0));',
    '}',
    '',
  ].join('\n'),
  'src/shop/price.ts': 'export function priceOf(item: string): number {\n  return item.length;\n}\n',
  'src/util/money.ts': 'export function money(cents: number): string {\n  return `$${(cents / 100).toFixed(2)}`;\n}\n',
  'test/shop/price.test.ts':
    "import { test } from 'node:test';\nimport assert from 'node:assert';\nimport { priceOf } from '../../src/shop/price';\n\ntest('priceOf', () => assert.equal(priceOf('ab'), 2));\n",
  'docs/style.md': '# Style\nPrefer small pure functions.\n',
  'gen/one.ts': 'export const one = 1;\n',
  'gen/two.ts': 'export const two = 2;\n',
  'gen/skipped.ts': 'export const skipped = 0;\n',
  '.gitignore': 'gen/skipped.ts\n',
  'src/config.js': `export const config = {\n  apiKey: 'sk-ant-api03-${'Zq7'.repeat(30)}',\n};\n`,
  '.env': 'DATABASE_PASSWORD=hunter2\n',
};

describe('Context: what each request carries (real VS Code + strict simulator)', function () {
  let api: ClaudeBatchApi;
  const queue = (relPath: string, instruction: string, more: Record<string, unknown> = {}) =>
    run<QueueResult>('claudeBatch.sendFile', workspaceUri(relPath), [workspaceUri(relPath)], {
      instruction,
      allowDuplicate: true,
      ...more,
    });
  const sentRequests = async (record: BatchRecord): Promise<SentRequest[]> =>
    (await simulator(`/_sim/batches/${record.id}/requests`)) as SentRequest[];

  before(async () => {
    api = await extensionApi();
    for (const [file, text] of Object.entries(FILES)) await writeDisk(file, text);
  });
  beforeEach(startClean);
  afterEach(() => discardAllResults(api));
  after(async () => {
    for (const file of Object.keys(FILES))
      await vscode.workspace.fs.delete(workspaceUri(file)).then(undefined, () => undefined);
    for (const dir of ['src/shop', 'src/util', 'test', 'docs', 'gen'])
      await vscode.workspace.fs.delete(workspaceUri(dir), { recursive: true }).then(undefined, () => undefined);
  });

  it('"Write unit tests" on a file importing two local modules sends both, CLAUDE.md once and an existing test, within the budget; Show Request and the confirmation list the same files', async () => {
    const { queued } = await queue('src/shop/cart.ts', 'Write unit tests');
    const taskId = firstOf(queued, 'queued task');
    const task = firstOf(api.pendingTasks(), 'pending task');
    assert.deepEqual(
      task.context?.map((p) => `${p.role}:${p.relPath}`),
      [
        'instructions:CLAUDE.md',
        'related:src/shop/price.ts',
        'related:src/util/money.ts',
        'testExample:test/shop/price.test.ts',
      ],
    );
    const budget = vscode.workspace.getConfiguration('claudeBatch').get<number>('context.maxTokens')!;
    assert.ok(
      (task.context ?? []).reduce((sum, p) => sum + p.tokens, 0) <= budget,
      'within claudeBatch.context.maxTokens',
    );

    // Show Request opens the exact request; the confirmation's list names the same files.
    const uri = await run<vscode.Uri>('claudeBatch.showRequest', taskId);
    const shown = JSON.parse((await vscode.workspace.openTextDocument(uri)).getText()) as SentRequest;
    assert.equal(shown.custom_id, taskId);
    const shownPaths = contextPaths(textOf(shown));
    assert.deepEqual(
      [...shownPaths].sort(),
      api
        .contextOf([taskId])
        .files.map((f) => f.relPath)
        .sort(),
    );
    assert.equal(shownPaths.filter((p) => p === 'CLAUDE.md').length, 1, 'the project instructions go once');

    // What the simulator received is what Show Request showed.
    const record = await submitAndWait(api);
    const [sent] = await sentRequests(record);
    assert.equal(textOf(sent!), textOf(shown));
    assert.match(textOf(sent!), /<file path="src\/shop\/cart\.ts">/);
  });

  it('asks the language’s definition provider which files a file refers to (here TypeScript’s, as any language’s)', async () => {
    const folder = vscode.workspace.workspaceFolders![0]!;
    // The language server loads the project in the background: the first answers may come back empty.
    const related = await until(
      'the definition provider to answer',
      async () => {
        const files = await definitionHelper(folder).relatedFiles('src/shop/cart.ts', FILES['src/shop/cart.ts']!);
        return files.length ? files : undefined;
      },
      45_000,
    );
    assert.deepEqual(related, ['src/shop/price.ts', 'src/util/money.ts']);
  });

  it('a pinned file goes with every task of the next submission, shows under Context with its tokens, and is released by it', async () => {
    const pinned = await run<string[]>('claudeBatch.addToContext', workspaceUri('docs/style.md'), [
      workspaceUri('docs/style.md'),
    ]);
    assert.deepEqual(pinned, ['docs/style.md']);
    const contextRow = await until('the Context row', () => api.tree().find((n) => n.kind === 'context'));
    assert.match(contextRow.description, /1 pinned · \d+ tokens/);
    assert.deepEqual(
      contextRow.children?.map((c) => c.label),
      ['style.md'],
    );
    await queue('src/shop/price.ts', 'Add doc comments');
    await queue('src/util/money.ts', 'Add doc comments');
    const record = await submitAndWait(api);
    const sent = await sentRequests(record);
    assert.equal(sent.length, 2);
    for (const request of sent)
      assert.ok(contextPaths(textOf(request)).includes('docs/style.md'), 'every task carries it');
    await until(
      'the pins to be released',
      () => api.pinned().length === 0 && !api.tree().some((n) => n.kind === 'context'),
    );
  });

  it('with claudeBatch.cachePriming "always", a warm-up batch goes first, the tasks wait for it, then go as one batch that reads the cache', async () => {
    const config = vscode.workspace.getConfiguration('claudeBatch');
    await config.update('cachePriming', 'always', vscode.ConfigurationTarget.Global);
    try {
      await writeDisk(
        'docs/handbook.md',
        Array.from({ length: 400 }, (_, i) => `Rule ${i}: name things plainly.`).join('\n'),
      );
      await run('claudeBatch.addToContext', workspaceUri('docs/handbook.md'), [workspaceUri('docs/handbook.md')]);
      await queue('src/shop/price.ts', 'Add doc comments');
      await queue('src/util/money.ts', 'Add doc comments');
      const [warmup] =
        (await run<BatchRecord[] | undefined>('claudeBatch.submitQueue', { skipConfirmation: true })) ?? [];
      assert.ok(warmup?.warmup, 'a warm-up batch was submitted first');
      assert.equal(((await sentRequests(warmup)) as unknown[]).length, 1);
      const main = await until('the main batch after the warm-up', () =>
        api.batches().find((b) => b.id !== warmup.id && warmup.warmup!.taskIds.every((id) => b.taskIds.includes(id))),
      );
      await until('the main batch to finish', () => api.batches().find((b) => b.id === main.id && b.resultsIngested));
      const warmRow = api.tree().find((n) => n.batchId === warmup.id);
      assert.match(warmRow?.description ?? '', /cache warmed; tasks submitted/);
      for (const task of api.tasksOf(main.id)) {
        const usage = task.outcome && 'usage' in task.outcome ? task.outcome.usage : undefined;
        assert.ok((usage?.cache_read_input_tokens ?? 0) > 0, 'each request read the primed prefix');
      }
    } finally {
      await config.update('cachePriming', undefined, vscode.ConfigurationTarget.Global);
      await vscode.workspace.fs.delete(workspaceUri('docs/handbook.md')).then(undefined, () => undefined);
    }
  });

  it('Remove from Batch Context takes a pinned file off the next submission', async () => {
    await run('claudeBatch.addToContext', workspaceUri('docs/style.md'), [workspaceUri('docs/style.md')]);
    const row = await until('the pinned row', () =>
      api
        .tree()
        .find((n) => n.kind === 'context')
        ?.children?.find((c) => c.kind === 'pinned'),
    );
    assert.equal(await run<number>('claudeBatch.removeFromContext', row), 1);
    await until('the Context row to go', () => !api.tree().some((n) => n.kind === 'context'));
  });

  it('the privacy guard stops a submit carrying a planted key, naming file and line, and sends it only when told to', async () => {
    await queue('src/config.js', 'Explain it');
    const created = (await simulatorBatches()).length;
    const since = Date.now();
    const records = await run<BatchRecord[] | undefined>('claudeBatch.submitQueue', { skipConfirmation: true });
    assert.equal(records, undefined);
    const notice = await until('the privacy guard to speak', () => noticeSince(api, since));
    assert.match(notice, /src\/config\.js, line 2, holds an Anthropic API key; nothing was sent/);
    assert.deepEqual(api.notices().at(-1)?.actions, ['Open File', 'Send Anyway']);
    assert.equal((await simulatorBatches()).length, created, 'no batch was created');
    assert.equal(api.pendingTasks().length, 1, 'the task stays queued');

    const [sent] =
      (await run<BatchRecord[] | undefined>('claudeBatch.submitQueue', {
        skipConfirmation: true,
        sendKeysAnyway: true,
      })) ?? [];
    assert.ok(sent, 'sent on the user’s explicit say');
    await until('the batch to finish', () => api.batches().find((b) => b.id === sent.id && b.resultsIngested));
  });

  it('a file that looks like a secret is queued only on the user’s say', async () => {
    const refused = await queue('.env', 'Explain it', { allowSecretFiles: false });
    assert.deepEqual(refused.queued, []);
    assert.match(refused.refused.join(' '), /\.env looks like it holds secrets/);
    const allowed = await queue('.env', 'Explain it', { allowSecretFiles: true });
    assert.equal(allowed.queued.length, 1);
  });

  it('Send Files Matching… queues the files a glob names, leaving out what .gitignore ignores; a glob matching nothing queues nothing', async () => {
    const result = await run<QueueResult>('claudeBatch.sendFilesMatching', {
      glob: 'gen/**/*.ts',
      instruction: 'Add doc comments',
      skipConfirmation: true,
    });
    assert.equal(result.queued.length, 2);
    assert.deepEqual(
      api
        .pendingTasks()
        .map((t) => t.relPath)
        .sort(),
      ['gen/one.ts', 'gen/two.ts'],
    );
    const none = await run<QueueResult | undefined>('claudeBatch.sendFilesMatching', {
      glob: 'nothing/**/*.xyz',
      instruction: 'Add doc comments',
      skipConfirmation: true,
    });
    assert.equal(none, undefined);
    assert.equal(api.pendingTasks().length, 2);
  });
});
