// Two doors on one store (the editor and the CLI, or two windows) submitting at once: one at a time, and each
// re-reads the queue first, so a task the other has just sent is never sent again.
import * as assert from 'node:assert/strict';
import type { BatchService, SubmitSettings } from '../../../src/core/batchService';
import { BatchClient } from '../../../src/core/api/batchClient';
import { tryLock } from '../../../src/core/store/fileLock';
import { workspaceFiles } from '../../../src/core/store/storageLayout';
import { createWorkspaceService } from '../../../src/core/workspaceService';
import { startSimulator, type Simulator } from '../../../tools/simulator/server';
import { InMemoryMemento, tempDir } from '../../helpers/fakes';

const settings: SubmitSettings = { model: 'claude-sonnet-5-5', maxTokens: 16_000, effort: 'low' };

describe('Two doors on one store (real SDK, simulator)', () => {
  let sim: Simulator;
  let tmp: ReturnType<typeof tempDir>;
  const door = (): BatchService =>
    createWorkspaceService({
      files: workspaceFiles(tmp.dir),
      state: new InMemoryMemento(),
      workspaceKey: 'ws',
      api: async () => new BatchClient({ apiKey: 'k', baseURL: sim.url, maxRetries: 0 }),
    });
  const created = async (): Promise<number> => ((await (await fetch(`${sim.url}/_sim/batches`)).json()) as []).length;

  beforeEach(async () => {
    sim = await startSimulator({ processingMs: 30 });
    tmp = tempDir();
  });
  afterEach(async () => {
    await sim.close();
    tmp.cleanup();
  });

  it('a door whose view of the queue is stale sends nothing the other door has sent', async () => {
    const editor = door();
    const cli = door();
    await editor.store.load();
    await cli.store.load();
    await editor.queue([
      { instruction: 'Explain it', folderUri: 'file:///ws', relPath: 'a.js', fileUri: 'file:///ws/a.js', text: 'a\n' },
    ]);
    await cli.store.refresh();
    assert.equal(cli.store.pending().length, 1, 'both doors see the task');
    await editor.submit(settings);
    await assert.rejects(cli.submit(settings), { kind: 'emptyQueue' });
    assert.equal(await created(), 1, 'one batch, not two');
  });

  it('while one door submits, the other is told so and sends nothing', async () => {
    const cli = door();
    await cli.store.load();
    await cli.queue([
      { instruction: 'Explain it', folderUri: 'file:///ws', relPath: 'a.js', fileUri: 'file:///ws/a.js', text: 'a\n' },
    ]);
    const held = await tryLock(workspaceFiles(tmp.dir).submitLock, 60_000);
    assert.ok(held);
    await assert.rejects(cli.submit(settings), { kind: 'submitBusy' });
    assert.equal(await created(), 0);
    await held.release();
    assert.equal((await cli.submit(settings)).length, 1);
  });

  it('two doors that both see a cache warm-up end send its main batch once, and both record it', async () => {
    const editor = door();
    const cli = door();
    await editor.store.load();
    await cli.store.load();
    const guide = Array.from({ length: 2000 }, (_, i) => `Rule ${i}: keep functions small and named.`).join('\n');
    await editor.queue(
      ['a', 'b'].map((name) => ({
        instruction: 'Explain it',
        folderUri: 'file:///ws',
        relPath: `${name}.js`,
        fileUri: `file:///ws/${name}.js`,
        text: `${name}\n`,
        context: [
          { role: 'instructions' as const, relPath: 'CLAUDE.md', text: guide, tokens: Math.ceil(guide.length / 4) },
        ],
      })),
    );
    const [warmup] = await editor.submit({ ...settings, cachePriming: 'always' });
    assert.ok(warmup?.warmup, 'a warm-up was sent first');
    await fetch(`${sim.url}/_sim/finish`, { method: 'POST' });

    // Both doors ask about the ended warm-up at once (the editor's poller and `claude-batch collect`).
    await cli.store.refresh();
    await Promise.all([editor.poll(warmup.id), cli.poll(warmup.id)]);
    const done = async (d: BatchService) => {
      for (;;) {
        await d.store.refresh();
        const { record } = await d.poll(warmup.id);
        if (record.resultsIngested) return record;
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const [seenByEditor, seenByCli] = await Promise.all([done(editor), done(cli)]);
    assert.equal(await created(), 2, 'the warm-up and one main batch');
    const main = seenByEditor.warmup?.followedBy;
    assert.equal(main?.length, 1);
    assert.deepEqual(seenByCli.warmup?.followedBy, main, 'both doors know which batch followed it');
    assert.deepEqual(
      cli.store
        .tasksOf(main![0]!)
        .map((t) => t.relPath)
        .sort(),
      ['a.js', 'b.js'],
      'every task went once, in that batch',
    );
  });
});
