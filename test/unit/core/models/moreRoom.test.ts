import * as assert from 'node:assert/strict';
import { moreRoomFor } from '../../../../src/core/models/moreRoom';
import type { ModelInfo } from '../../../../src/core/models/modelInfo';

const model = (maxTokens: number | null): ModelInfo => ({
  id: 'm',
  display_name: 'M',
  created_at: '2026-01-01T00:00:00Z',
  max_tokens: maxTokens,
});

describe('moreRoomFor', () => {
  it('doubles the room a cut-off answer had, up to the model limit', () => {
    assert.equal(moreRoomFor(4096, 4096, model(128_000)), 8192);
    assert.equal(moreRoomFor(100_000, 64_000, model(128_000)), 128_000);
  });

  it('takes the setting when it is now larger than twice the room', () => {
    assert.equal(moreRoomFor(4096, 64_000, model(128_000)), 64_000);
  });

  it('has nothing more to give at the limit; without a known limit, assumes the current models’ 128K', () => {
    assert.equal(moreRoomFor(64_000, 64_000, model(64_000)), undefined);
    assert.equal(moreRoomFor(100_000, 1000, model(null)), 128_000);
  });
});
