import * as assert from 'node:assert/strict';
import { BatchRegistry, type RecordMirror } from '../../../../src/core/store/batchRegistry';
import type { BatchRecord } from '../../../../src/core/model/records';
import { InMemoryMemento } from '../../../helpers/fakes';
import { GLOBAL_KEYS } from '../../../../src/core/store/storageLayout';

const record = (id: string, workspaceKey = 'ws1', over: Partial<BatchRecord> = {}): BatchRecord => ({
  id,
  workspaceKey,
  name: id,
  createdAt: `2026-11-23T00:00:0${id.length % 10}Z`,
  expiresAt: '2026-11-24T00:00:00Z',
  status: 'in_progress',
  counts: { processing: 1, succeeded: 0, errored: 0, canceled: 0, expired: 0 },
  taskIds: ['t1'],
  resultsIngested: false,
  ...over,
});

describe('BatchRegistry', () => {
  it('keeps batch ids across instances (a reload) and lists only this workspace', async () => {
    const memento = new InMemoryMemento();
    await new BatchRegistry(memento, 'ws1').add(record('b1'));
    await new BatchRegistry(memento, 'ws2').add(record('b2', 'ws2'));
    const again = new BatchRegistry(memento, 'ws1');
    assert.deepEqual(
      again.list().map((r) => r.id),
      ['b1'],
    );
    assert.deepEqual(
      again.inFlight().map((r) => r.id),
      ['b1'],
    );
  });

  it('stops counting a batch as in flight once its results are in, or when the API lost it', async () => {
    const registry = new BatchRegistry(new InMemoryMemento(), 'ws1');
    await registry.add(record('b1'));
    await registry.update('b1', (r) => ({ ...r, status: 'ended' }));
    assert.equal(registry.inFlight().length, 1, 'ended but not yet downloaded is still in flight');
    await registry.update('b1', (r) => ({ ...r, resultsIngested: true }));
    assert.equal(registry.inFlight().length, 0);
    await registry.add(record('b2'));
    await registry.update('b2', (r) => ({ ...r, missing: true }));
    assert.equal(registry.inFlight().length, 0);
  });

  it('sets aside records from an unknown or older shape, keeping the good ones', async () => {
    const memento = new InMemoryMemento();
    await memento.update(GLOBAL_KEYS.batches, [record('good'), { id: 'old', status: 'weird' }]);
    const registry = new BatchRegistry(memento, 'ws1');
    const problems = await registry.validate();
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /batch record 1: workspaceKey/);
    assert.deepEqual(
      registry.list().map((r) => r.id),
      ['good'],
    );
    assert.deepEqual(memento.get<unknown[]>(GLOBAL_KEYS.batchesSetAside), [{ id: 'old', status: 'weird' }]);
  });

  it('reads records saved before batches had a name (it was their "label") without losing one', async () => {
    const memento = new InMemoryMemento();
    const { name, ...old } = record('b1');
    await memento.update(GLOBAL_KEYS.batches, [{ ...old, label: name }]);
    const registry = new BatchRegistry(memento, 'ws1');
    assert.deepEqual(await registry.validate(), []);
    assert.equal(registry.get('b1')?.name, 'b1');
  });

  it('shares records through the workspace mirror with a window whose globalState lacks them (another browser)', async () => {
    const mirrored = new Map<string, BatchRecord>();
    const mirror: RecordMirror = {
      records: () => [...mirrored.values()],
      saveRecord: async (r) => void mirrored.set(r.id, r),
    };
    const browserA = new BatchRegistry(new InMemoryMemento(), 'ws1', mirror);
    const browserB = new BatchRegistry(new InMemoryMemento(), 'ws1', mirror);
    await browserA.add(record('b1'));
    assert.deepEqual(
      browserB.inFlight().map((r) => r.id),
      ['b1'],
      'B sees the batch A submitted',
    );
    await browserB.update('b1', (r) => ({ ...r, status: 'ended', resultsIngested: true }));
    assert.equal(browserA.get('b1')?.resultsIngested, true, 'the further-along copy wins for A too');
    assert.equal(browserA.inFlight().length, 0);
  });
});
