// What real models and the real API do, met by the service through the real SDK and the strict simulator: the
// model is checked before anything is sent, thinking is priced, and a cut-off answer is retried with more room.
import * as assert from 'node:assert/strict';
import type { BatchService, SubmitSettings, TaskDraft } from '../../../src/core/batchService';
import { isClaudeBatchError } from '../../../src/core/errors';
import { ModelRefused } from '../../../src/core/models/modelCheck';
import { taskState } from '../../../src/core/model/records';
import { startSimulator, type Simulator } from '../../../tools/simulator/server';
import { simulatorService } from '../../helpers/simService';
import { tempDir, firstOf } from '../../helpers/fakes';
import { fortyFunctions } from '../../helpers/fixtures';

const settings: SubmitSettings = { model: 'claude-sonnet-5-5', maxTokens: 64_000, effort: 'medium' };

function draft(instruction: string, text: string, relPath = 'src/steps.js'): TaskDraft {
  return { instruction, folderUri: 'file:///ws', relPath, fileUri: `file:///ws/${relPath}`, text };
}

describe('BatchService with real models (strict simulator, real SDK)', () => {
  let sim: Simulator;
  let tmp: ReturnType<typeof tempDir>;
  let service: BatchService;
  let timeoutMs: number;

  const stats = async (): Promise<Record<string, number>> =>
    (await (await fetch(`${sim.url}/_sim/stats`)).json()) as Record<string, number>;
  const ended = async (batchId: string) => {
    for (;;) {
      const { justEnded } = await service.poll(batchId);
      if (justEnded) return justEnded;
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  beforeEach(async () => {
    sim = await startSimulator({ processingMs: 100 });
    tmp = tempDir();
    timeoutMs = 60_000;
    service = simulatorService(tmp.dir, () => ({ baseURL: sim.url, timeoutMs }));
  });
  afterEach(async () => {
    await sim.close();
    tmp.cleanup();
  });

  const refusal = (kind: string, field: string) => (error: unknown) =>
    error instanceof ModelRefused && error.problem.kind === kind && error.problem.field === field;

  it('refuses a misspelt model, an over-limit max_tokens, an unsupported effort and a model without access before any batch is created', async () => {
    await service.queue([draft('Add doc comments', fortyFunctions())]);
    await assert.rejects(
      service.submit({ ...settings, model: 'claude-sonet-5-5' }),
      (e: unknown) => refusal('unknownModel', 'claudeBatch.model')(e) && /claude-sonet-5-5/.test((e as Error).message),
    );
    await assert.rejects(
      service.submit({ ...settings, model: 'claude-haiku-4-5', effort: undefined, maxTokens: 100_000 }),
      refusal('maxTokensOverLimit', 'claudeBatch.maxTokens'),
    );
    await assert.rejects(
      service.submit({ ...settings, model: 'claude-haiku-4-5', maxTokens: 32_000 }),
      refusal('effortUnsupported', 'claudeBatch.effort'),
    );
    await assert.rejects(
      service.submit({ ...settings, model: 'claude-mythos-5-2' }),
      refusal('noAccess', 'claudeBatch.model'),
    );
    assert.equal((await stats())['POST /v1/messages/batches'], undefined, 'no batch was created');
    assert.equal(service.store.pending().length, 1, 'nothing left the queue');
  });

  it('asks the Models API once per model and session, and warns of a deprecated model', async () => {
    await service.queue([draft('Explain', 'const a = 1;\n')]);
    const { warnings } = await service.checkModel({ ...settings, model: 'claude-opus-4-5' }, service.submittable());
    assert.match(warnings.join(), /deprecated and retires on 2026-11-24/);
    await service.submit(settings);
    await service.queue([draft('Explain again', 'const a = 1;\n')]);
    await service.submit(settings);
    assert.equal((await stats())['GET /v1/models/claude-sonnet-5-5'], 1);
  });

  it('takes a 404 or 403 from count_tokens as a refusal, not as "cannot count"', async () => {
    await service.queue([draft('Explain', 'const a = 1;\n')]);
    for (const model of ['claude-sonet-5-5', 'claude-mythos-5-2'])
      await assert.rejects(service.estimate(service.submittable(), { ...settings, model }, true), (e: unknown) =>
        isClaudeBatchError(e, 'dryRunRejected'),
      );
  });

  it('doc comments on a 400-line file of 40 functions: cut off at the old 4,096 max_tokens, whole after Retry with More Room, and applied', async () => {
    const text = fortyFunctions();
    await service.queue([draft('Add doc comments', text)]);
    const old = { model: 'claude-sonnet-5-5', maxTokens: 4096, effort: undefined };
    const first = firstOf(await service.submit(old), 'batch');
    assert.equal((await ended(first.id)).cutOff, 1);
    const cut = firstOf(service.store.tasksOf(first.id), 'task');
    assert.equal(taskState(cut), 'cutOff');
    assert.ok(cut.outcome?.type === 'stopped' && cut.outcome.usage.output_tokens === 4096, 'billed up to max_tokens');

    const report = await service.retryWithMoreRoom([cut.id], old);
    assert.deepEqual([report.retried, report.moreRoom], [1, 1]);
    const retried = firstOf(service.store.pending(), 'retried task');
    assert.equal(retried.maxTokens, 8192, 'twice the room it had');
    const second = firstOf(await service.submit(old), 'batch');
    assert.equal((await ended(second.id)).ready, 1);
    const done = firstOf(service.store.tasksOf(second.id), 'task');
    assert.ok(done.outcome?.type === 'edits' && done.outcome.edits.length === 40, 'every function documented');
    const plan = await service.review.plan(done, text);
    assert.ok(plan.ok && (plan.text.match(/documented by the simulator/g) ?? []).length === 40);

    const costs = service.costReport(old);
    assert.ok(costs.total.usage.thinking > 0, 'thinking tokens are counted in the cost');
    assert.ok(costs.total.usage.thinking < costs.total.usage.output);
  });

  it('with the defaults for real models, the same task comes back whole the first time', async () => {
    const text = fortyFunctions();
    await service.queue([draft('Add doc comments', text)]);
    const record = firstOf(await service.submit(settings), 'batch');
    assert.equal((await ended(record.id)).ready, 1);
    assert.equal(record.maxTokens, 64_000);
    assert.equal(record.effort, 'medium');
  });

  it('a cut-off task already at the model limit is not retried', async () => {
    await service.queue([draft('Add doc comments', fortyFunctions())]);
    const atLimit = { model: 'claude-haiku-4-5', maxTokens: 64_000, effort: undefined };
    const record = firstOf(await service.submit({ ...atLimit, maxTokens: 300 }), 'batch');
    await ended(record.id);
    const cut = firstOf(service.store.tasksOf(record.id), 'task');
    assert.equal(taskState(cut), 'cutOff');
    await service.store.updateBatchTasks(record.id, (t) => ({ ...t, maxTokens: 64_000 }));
    const report = await service.retryFailed(record.id, atLimit);
    assert.deepEqual([report.retried, report.atLimit.length], [0, 1]);
  });

  it('creates a large body once under a throttled upload: the timeout grows with the body', async () => {
    timeoutMs = 1000;
    await fetch(`${sim.url}/_sim/settings`, { method: 'POST', body: JSON.stringify({ uploadBytesPerSec: 300_000 }) });
    const big = `${'// padding that makes the body large\n'.repeat(22_000)}export function a() {}\n`;
    await service.queue([draft('Explain', big)]);
    const started = Date.now();
    const record = firstOf(await service.submit(settings), 'batch');
    assert.ok(Date.now() - started > 2000, 'the upload took longer than the base timeout');
    assert.match(record.id, /^msgbatch_/);
    assert.equal((await stats())['POST /v1/messages/batches'], 1, 'created once, never retried');
  });
});
