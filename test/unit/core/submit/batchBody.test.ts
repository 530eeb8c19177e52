import * as assert from 'node:assert/strict';
import { encodeBatches } from '../../../../src/core/submit/batchBody';
import { RequestTooLargeError } from '../../../../src/core/errors';
import { buildRequest, type BatchRequest } from '../../../../src/core/requests/requestBuilder';
import type { Task } from '../../../../src/core/model/records';

const task = (id: string, text = 'x'): Task => ({
  id,
  createdAt: '2026-11-23T00:00:00Z',
  instruction: `Add doc comments ${text}`,
  folderUri: 'file:///ws',
  relPath: 'src/a.ts',
  fileUri: 'file:///ws/src/a.ts',
  snapshotHash: 'x',
  fingerprint: 'f',
});
const request = (id: string, text = 'x'): BatchRequest =>
  buildRequest(task(id, text), `const a = "${text}";\n`, { model: 'claude-sonnet-5-5', maxTokens: 1024 });
const parse = async (blob: Blob): Promise<BatchRequest[]> =>
  (JSON.parse(await blob.text()) as { requests: BatchRequest[] }).requests;

describe('batchBody', () => {
  it('serialises every request, in order, into one valid create body with its byte size', async () => {
    const requests = ['t1', 't2', 't3'].map((id) => request(id, 'grüß 🌍'));
    const [body, ...rest] = await encodeBatches(requests);
    assert.equal(rest.length, 0);
    assert.deepEqual(body!.customIds, ['t1', 't2', 't3']);
    assert.deepEqual(await parse(body!.blob), requests);
    assert.equal(body!.bytes, body!.blob.size, 'the size counts UTF-8 bytes');
    assert.equal(body!.blob.type, 'application/json');
  });

  it('splits a queue over the request limit into several bodies', async () => {
    const requests = Array.from({ length: 5 }, (_, i) => request(`t${i}`));
    const bodies = await encodeBatches(requests, { maxRequests: 2, maxBytes: 1e9 });
    assert.deepEqual(
      bodies.map((b) => b.customIds),
      [['t0', 't1'], ['t2', 't3'], ['t4']],
    );
    for (const body of bodies)
      assert.deepEqual(
        (await parse(body.blob)).map((r) => r.custom_id),
        body.customIds,
      );
  });

  it('splits by bytes, never past the limit, and takes requests from an async generator', async () => {
    const one = Buffer.byteLength(JSON.stringify(request('t0', 'aaaa')));
    async function* lazily(): AsyncGenerator<BatchRequest> {
      for (let i = 0; i < 7; i++) yield request(`t${i}`, 'aaaa');
    }
    const limit = 15 + 3 * one + 2; // three requests and their commas fit, a fourth does not
    const bodies = await encodeBatches(lazily(), { maxRequests: 100, maxBytes: limit });
    assert.deepEqual(
      bodies.map((b) => b.customIds.length),
      [3, 3, 1],
    );
    for (const body of bodies) assert.ok(body.blob.size <= limit, `${body.blob.size} ≤ ${limit}`);
  });

  it('refuses a request that alone is over the byte limit, naming its task', async () => {
    await assert.rejects(
      encodeBatches([request('small'), request('huge', 'y'.repeat(5000))], { maxRequests: 10, maxBytes: 4000 }),
      (error: unknown) => error instanceof RequestTooLargeError && error.customId === 'huge',
    );
  });
});
