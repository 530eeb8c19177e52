import * as assert from 'node:assert/strict';
import { summariseEdit } from '../../../../src/core/review/editSummary';

describe('summariseEdit', () => {
  it('says what an edit adds, removes or changes, by its first changed line', () => {
    assert.equal(
      summariseEdit({ old_text: 'function add(a, b) {', new_text: '/** Adds. */\nfunction add(a, b) {' }),
      '+ /** Adds. */',
    );
    assert.equal(summariseEdit({ old_text: 'a\n// gone\nb', new_text: 'a\nb' }), '− // gone');
    assert.equal(
      summariseEdit({ old_text: '  return a + b;', new_text: '  return b + a;\n  // swapped' }),
      'return a + b; → return b + a; (+1 more lines)',
    );
    assert.equal(summariseEdit({ path: 'test/a.test.js', old_text: '', new_text: 'x\ny' }), 'new file: 2 lines');
  });
});
