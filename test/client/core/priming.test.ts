// Context and cache priming through the real SDK against the simulator's best-effort cache: a submission whose
// tasks share 20k tokens of context pays the cache write in nearly every request of a cold batch; a warm-up
// batch first makes the main batch read it. The warm-up's end submits the main batch exactly once.
import * as assert from 'node:assert/strict';
import type { BatchService, SubmitSettings, TaskDraft } from '../../../src/core/batchService';
import { costOfUsage, priceFor } from '../../../src/core/cost/prices';
import type { BatchRecord, Usage } from '../../../src/core/model/records';
import { startSimulator, type Simulator } from '../../../tools/simulator/server';
import { simulatorService } from '../../helpers/simService';
import { tempDir, firstOf } from '../../helpers/fakes';

const base: SubmitSettings = { model: 'claude-sonnet-5-5', maxTokens: 16_000, effort: 'low' };
/** About 20k tokens of project instructions, as the context resolver would have snapshotted them. */
const guide = Array.from({ length: 2000 }, (_, i) => `Rule ${i}: keep functions small and named.`).join('\n');

function draft(i: number): TaskDraft {
  const relPath = `src/m${i}.js`;
  return {
    instruction: 'Explain it',
    folderUri: 'file:///ws',
    relPath,
    fileUri: `file:///ws/${relPath}`,
    text: `export const m${i} = ${i};\n`,
    context: [{ role: 'instructions', relPath: 'CLAUDE.md', text: guide, tokens: Math.ceil(guide.length / 4) }],
  };
}

describe('Cache priming against the best-effort cache (real SDK, simulator)', () => {
  let sim: Simulator;
  let tmp: ReturnType<typeof tempDir>;
  let service: BatchService;

  beforeEach(async () => {
    sim = await startSimulator({ processingMs: 60 });
    tmp = tempDir();
    service = simulatorService(tmp.dir, () => ({ baseURL: sim.url }));
  });
  afterEach(async () => {
    await sim.close();
    tmp.cleanup();
  });

  const ended = async (batchId: string) => {
    for (;;) {
      const result = await service.poll(batchId);
      if (result.record.status === 'ended' && result.record.resultsIngested) return result;
      await new Promise((r) => setTimeout(r, 30));
    }
  };
  const requestsOf = async (id: string): Promise<unknown[]> =>
    (await (await fetch(`${sim.url}/_sim/batches/${id}/requests`)).json()) as unknown[];
  const usages = (record: BatchRecord): Usage[] =>
    service.store.tasksOf(record.id).map((t) => {
      const outcome = t.outcome;
      assert.ok(outcome && 'usage' in outcome && outcome.usage, `task ${t.id} has usage`);
      return outcome.usage;
    });
  const cost = (list: Usage[]): number =>
    list.reduce((sum, u) => sum + costOfUsage(u, priceFor(base.model)!, 'batch', '1h'), 0);

  it('a cold batch of 50 tasks sharing 20k tokens writes the prefix in most requests; with a warm-up first, every one reads it, for less', async () => {
    await service.queue(Array.from({ length: 50 }, (_, i) => draft(i)));
    const [cold] = await service.submit({ ...base, cachePriming: 'never' });
    await ended(cold!.id);
    const coldUsage = usages(cold!);
    const writes = coldUsage.filter((u) => (u.cache_creation_input_tokens ?? 0) > 0).length;
    assert.ok(writes > 25, `most requests of a cold batch write (${writes} of 50)`);

    await sim.close();
    sim = await startSimulator({ processingMs: 60 }); // a cold cache again
    await service.queue(
      Array.from({ length: 50 }, (_, i) => draft(i)),
      true,
    );
    const estimate = await service.estimate(service.submittable(), { ...base, cachePriming: 'auto' });
    assert.ok(estimate.priced && estimate.priming.warmups === 1 && estimate.priming.clear, 'auto would prime');
    assert.ok(estimate.priced && estimate.priming.withUsd < estimate.priming.withoutUsd);

    const [warmup] = await service.submit({ ...base, cachePriming: 'auto' });
    assert.equal(warmup!.warmup?.taskIds.length, 50);
    assert.equal((await requestsOf(warmup!.id)).length, 1, 'one warm-up request for the one shared prefix');
    assert.equal(service.submittable().length, 0, 'the tasks wait for their warm-up');
    const { followOn } = await ended(warmup!.id);
    assert.ok(followOn && 'records' in followOn && followOn.records.length === 1, 'the main batch went out');
    const main = followOn.records[0]!;
    await ended(main.id);
    const warmUsage = usages(main);
    assert.equal(warmUsage.length, 50);
    assert.ok(warmUsage.every((u) => (u.cache_read_input_tokens ?? 0) > 15_000 && !u.cache_creation_input_tokens));
    assert.ok(cost(warmUsage) < cost(coldUsage) / 2, `${cost(warmUsage)} primed against ${cost(coldUsage)} cold`);

    // Polled again (another window, a restart): nothing more is sent.
    assert.equal((await service.poll(warmup!.id)).followOn, undefined);
    assert.equal(service.registry.list().length, 3);
  });

  it('does not prime by itself when there is nothing to share, or the saving is not clear', async () => {
    await service.queue([draft(1)]);
    const estimate = await service.estimate(service.submittable(), { ...base, cachePriming: 'auto' });
    assert.ok(estimate.priced && estimate.priming.warmups === 0);
    const [record] = await service.submit({ ...base, cachePriming: 'auto' });
    assert.equal(record!.warmup, undefined);
  });

  it('when the main batch cannot be sent after the warm-up, says why and puts its tasks back in the queue', async () => {
    await service.queue([draft(1), draft(2), draft(3)]);
    const [warmup] = await service.submit({ ...base, cachePriming: 'always' });
    await fetch(`${sim.url}/_sim/faults`, {
      method: 'POST',
      body: JSON.stringify({ status: 400, match: 'POST /v1/messages/batches', count: 1 }),
    });
    const { followOn, record } = await ended(warmup!.id);
    assert.ok(followOn && 'problem' in followOn, 'the follow-on failed');
    assert.ok(record.warmup?.problem);
    assert.equal(service.submittable().length, 3, 'the tasks are back, submittable');
    const [again] = await service.submit({ ...base, cachePriming: 'never' });
    assert.equal(firstOf(service.store.tasksOf(again!.id), 'task').batchId, again!.id);
  });
});
