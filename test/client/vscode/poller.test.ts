// The editor's poller (vscode-free) against the simulator, for what the other doors rely on: it holds the poll
// lease only while it has batches to poll, so the CLI can poll what it submits next without waiting for it to age.
import * as assert from 'node:assert/strict';
import { Poller } from '../../../src/vscode/background/poller';
import { startSimulator, type Simulator } from '../../../tools/simulator/server';
import { simulatorService } from '../../helpers/simService';
import { tempDir } from '../../helpers/fakes';

describe('Poller and the poll lease (real SDK, simulator)', () => {
  let sim: Simulator;
  let tmp: ReturnType<typeof tempDir>;

  beforeEach(async () => {
    sim = await startSimulator({ processingMs: 60_000 });
    tmp = tempDir();
  });
  afterEach(async () => {
    await sim.close();
    tmp.cleanup();
  });

  it('keeps the lease while a batch runs and lets it go once nothing is left to poll', async () => {
    const service = simulatorService(tmp.dir, () => ({ baseURL: sim.url }));
    await service.store.load();
    await service.queue([
      { instruction: 'Explain it', folderUri: 'file:///ws', relPath: 'a.js', fileUri: 'file:///ws/a.js', text: 'a\n' },
    ]);
    const [record] = await service.submit({ model: 'claude-sonnet-5-5', maxTokens: 16_000, effort: 'low' });
    const calls: string[] = [];
    const lease = {
      tryAcquire: async () => (calls.push('acquire'), true),
      release: async () => void calls.push('release'),
    };
    const poller = new Poller(
      service,
      () => ({ initialSeconds: 60, maxSeconds: 60 }),
      () => undefined,
      Date.now,
      lease,
    );
    try {
      await poller.pollNow();
      assert.deepEqual(calls, ['acquire'], 'still running: the lease is kept');
      await fetch(`${sim.url}/_sim/finish`, { method: 'POST', body: '{}' });
      await poller.pollNow();
      assert.deepEqual(poller.tracked(), []);
      assert.equal(service.registry.get(record!.id)?.resultsIngested, true);
      assert.deepEqual(calls, ['acquire', 'acquire', 'release'], 'nothing left to poll: the lease is let go');
    } finally {
      poller.dispose();
    }
  });
});
