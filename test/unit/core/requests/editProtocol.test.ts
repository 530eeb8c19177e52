import * as assert from 'node:assert/strict';
import { zodOutputFormat } from '@anthropic-ai/sdk/helpers/zod';
import { EditResponseSchema, editOutputFormat } from '../../../../src/core/requests/editProtocol';

describe('edit protocol', () => {
  it('sends the JSON schema of the zod schema that reads answers back (made at build time; run npm run build after changing it)', () => {
    assert.deepEqual(editOutputFormat(), { type: 'json_schema', schema: zodOutputFormat(EditResponseSchema).schema });
  });
});
