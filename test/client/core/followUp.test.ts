// Follow-ups through the real SDK against the strict simulator: the follow-up's request carries the earlier
// request and the model's answer as they were, then the file as it reads now and the feedback; the simulator
// answers the feedback against that file, and refuses a conversation the API would refuse.
import * as assert from 'node:assert/strict';
import type { BatchService, SubmitSettings, TaskDraft } from '../../../src/core/batchService';
import { taskState, type BatchRecord } from '../../../src/core/model/records';
import { startSimulator, type Simulator } from '../../../tools/simulator/server';
import { simulatorService } from '../../helpers/simService';
import { tempDir, firstOf } from '../../helpers/fakes';

const settings: SubmitSettings = { model: 'claude-sonnet-5-5', maxTokens: 16_000, effort: 'low' };
const first = 'const colour = "red";\nexport const size = 1;\n';
const draft: TaskDraft = {
  instruction: 'Replace "red" with "blue"',
  folderUri: 'file:///ws',
  relPath: 'src/paint.ts',
  fileUri: 'file:///ws/src/paint.ts',
  text: first,
};

interface SentRequest {
  custom_id: string;
  params: { messages: Array<{ role: string; content: Array<{ text: string }> }> };
}

describe('Follow-ups (real SDK, simulator)', () => {
  let sim: Simulator;
  let tmp: ReturnType<typeof tempDir>;
  let service: BatchService;

  beforeEach(async () => {
    sim = await startSimulator({ processingMs: 30 });
    tmp = tempDir();
    service = simulatorService(tmp.dir, () => ({ baseURL: sim.url }));
  });
  afterEach(async () => {
    await sim.close();
    tmp.cleanup();
  });

  const ended = async (record: BatchRecord) => {
    for (;;) {
      const result = await service.poll(record.id);
      if (result.record.status === 'ended' && result.record.resultsIngested) return result.record;
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const sentTo = async (id: string): Promise<SentRequest[]> =>
    (await (await fetch(`${sim.url}/_sim/batches/${id}/requests`)).json()) as SentRequest[];

  it('sends the earlier request and answer, then the file now and the feedback; the answer anchors to the file now', async () => {
    const { queued } = await service.queue([draft]);
    const batch = await ended(firstOf(await service.submit(settings)));
    const task = service.store.tasksOf(batch.id)[0]!;
    assert.equal(taskState(task), 'ready');
    await service.review.markReviewed(task, 'applied');
    const applied = first.replace('red', 'blue');

    const followUp = await service.review.followUp(
      queued[0]!.id,
      { ...draft, instruction: 'Almost: replace "blue" with "navy" too', text: applied },
      settings,
    );
    assert.equal(followUp.followUp?.of, task.id);
    assert.equal(followUp.followUp?.applied, true);
    assert.deepEqual(
      service.review.followUpsOf(task.id).map((t) => t.id),
      [followUp.id],
    );

    const second = await ended(firstOf(await service.submit(settings)));
    const [request] = await sentTo(second.id);
    const [original] = await sentTo(batch.id);
    const messages = request!.params.messages;
    assert.deepEqual(
      messages.map((m) => m.role),
      ['user', 'assistant', 'user'],
    );
    assert.deepEqual(
      messages[0]!.content.map((c) => c.text),
      original!.params.messages[0]!.content.map((c) => c.text),
      'the earlier request, as it was sent',
    );
    const answer = JSON.parse(messages[1]!.content[0]!.text) as { summary: string; edits: unknown[] };
    assert.deepEqual(answer.edits, [{ old_text: 'red', new_text: 'blue' }]);
    const now = messages[2]!.content.map((c) => c.text).join('\n');
    assert.match(now, /<file path="src\/paint.ts">\nconst colour = "blue";/);
    assert.match(now, /were applied/);
    assert.match(now, /<feedback>\nAlmost: replace "blue" with "navy" too\n<\/feedback>/);

    const result = service.store.tasksOf(second.id)[0]!;
    assert.equal(result.outcome?.type, 'edits');
    const plan = await service.review.plan(result, applied);
    assert.ok(plan.ok);
    assert.equal(plan.text, 'const colour = "navy";\nexport const size = 1;\n');
  });

  it('a follow-up of a follow-up carries the whole thread', async () => {
    await service.queue([draft]);
    const batch = await ended(firstOf(await service.submit(settings)));
    const task = service.store.tasksOf(batch.id)[0]!;
    const one = await service.review.followUp(
      task.id,
      { ...draft, instruction: 'Replace "red" with "green"' },
      settings,
    );
    const second = await ended(firstOf(await service.submit(settings)));
    assert.equal(service.store.tasksOf(second.id)[0]!.id, one.id);
    const two = await service.review.followUp(one.id, { ...draft, instruction: 'Explain the change' }, settings);
    assert.equal(two.followUp?.conversation.length, 4, 'user, assistant, user, assistant');
    const third = await ended(firstOf(await service.submit(settings)));
    const [request] = await sentTo(third.id);
    assert.deepEqual(
      request!.params.messages.map((m) => m.role),
      ['user', 'assistant', 'user', 'assistant', 'user'],
    );
    assert.equal(taskState(service.store.tasksOf(third.id)[0]!), 'answer');
  });

  it('refuses a result with no answer to continue', async () => {
    await service.queue([{ ...draft, instruction: 'Fail [sim:errored]' }]);
    const batch = await ended(firstOf(await service.submit(settings)));
    const task = service.store.tasksOf(batch.id)[0]!;
    await assert.rejects(service.review.followUp(task.id, { ...draft, instruction: 'Try again' }, settings), {
      kind: 'noAnswer',
    });
  });

  it('the simulator refuses what the API refuses: an assistant turn first, or last under a JSON schema', async () => {
    const body = (messages: unknown[]) => ({
      model: settings.model,
      messages,
      output_config: { format: { type: 'json_schema', schema: { type: 'object' } } },
    });
    const count = (messages: unknown[]) =>
      fetch(`${sim.url}/v1/messages/count_tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': 'k', 'anthropic-version': '2023-06-01' },
        body: JSON.stringify(body(messages)),
      });
    const said = (role: string, text: string) => ({ role, content: [{ type: 'text', text }] });
    const refused = async (messages: unknown[], pattern: RegExp) => {
      const response = await count(messages);
      assert.equal(response.status, 400);
      assert.match(((await response.json()) as { error: { message: string } }).error.message, pattern);
    };
    await refused([said('assistant', 'hi'), said('user', 'hi')], /first message must use the "user" role/);
    await refused([said('user', 'hi'), said('assistant', '{"summary":')], /Prefilling/);
    await refused([said('user', ' ')], /non-whitespace/);
    assert.equal((await count([said('user', 'a'), said('assistant', 'b'), said('user', 'c')])).status, 200);
  });
});
