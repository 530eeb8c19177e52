import * as assert from 'node:assert/strict';
import { applyEdits, checkEditPaths, minimalReplacement, planEdits } from '../../src/core/editApplier';

describe('editApplier', () => {
  const file = 'function add(a, b) {\n  return a + b;\n}\n\nfunction sub(a, b) {\n  return a - b;\n}\n';

  it('applies an edit whose anchor is unique', () => {
    const result = applyEdits(file, [{ old_text: 'return a + b;', new_text: 'return b + a;' }]);
    assert.deepEqual(result, { ok: true, text: file.replace('return a + b;', 'return b + a;') });
  });

  it('applies several edits at once, in any order', () => {
    const result = applyEdits(file, [
      { old_text: 'return a - b;', new_text: 'return a - b; // sub' },
      { old_text: 'function add', new_text: 'export function add' },
    ]);
    assert.ok(result.ok);
    assert.equal(result.text, file.replace('function add', 'export function add').replace('return a - b;', 'return a - b; // sub'));
  });

  it('refuses a missing anchor and names the edit', () => {
    const result = applyEdits(file, [{ old_text: 'return a + b;', new_text: 'x' }, { old_text: 'return a * b;', new_text: 'y' }]);
    assert.equal(result.ok, false);
    assert.match((result as { reason: string }).reason, /^edit 2: old_text "return a \* b;" was not found/);
  });

  it('refuses an ambiguous anchor, counting occurrences', () => {
    const result = applyEdits(file, [{ old_text: '(a, b) {', new_text: '(x, y) {' }]);
    assert.equal(result.ok, false);
    assert.match((result as { reason: string }).reason, /occurs 2 times; it must be unique/);
  });

  it('refuses an empty anchor and overlapping edits', () => {
    assert.equal(applyEdits(file, [{ old_text: '', new_text: 'x' }]).ok, false);
    const overlap = applyEdits(file, [{ old_text: 'function add(a, b)', new_text: 'x' }, { old_text: 'add(a, b) {', new_text: 'y' }]);
    assert.match((overlap as { reason: string }).reason, /overlap/);
  });

  it('adapts LF edits to a CRLF file and keeps CRLF', () => {
    const crlf = file.replace(/\n/g, '\r\n');
    const result = applyEdits(crlf, [{ old_text: 'function add(a, b) {\n  return a + b;', new_text: 'function add(a, b) {\n  // sum\n  return a + b;' }]);
    assert.ok(result.ok);
    assert.ok(result.text.includes('{\r\n  // sum\r\n  return a + b;'));
    assert.ok(!/[^\r]\n/.test(result.text), 'no bare LF introduced');
  });

  it('keeps a BOM and handles non-ASCII text', () => {
    const text = '\uFEFFconst greeting = "héllo wörld 👋";\n';
    const result = applyEdits(text, [{ old_text: 'héllo wörld 👋', new_text: 'grüß dich 🌍' }]);
    assert.deepEqual(result, { ok: true, text: '\uFEFFconst greeting = "grüß dich 🌍";\n' });
  });

  it('plans against a file that changed since queueing by re-anchoring', () => {
    const current = `// header added later\n${file}`;
    const plan = planEdits('src/m.js', [{ old_text: 'return a + b;', new_text: 'return b + a;' }], file, current);
    assert.deepEqual(plan, { ok: true, text: current.replace('return a + b;', 'return b + a;'), reanchored: true });
  });

  it('reports a conflict when the changed file no longer holds the anchor', () => {
    const current = file.replace('return a + b;', 'return sum(a, b);');
    const plan = planEdits('src/m.js', [{ old_text: 'return a + b;', new_text: 'return b + a;' }], file, current);
    assert.equal(plan.ok, false);
    assert.equal((plan as { conflict: boolean }).conflict, true);
    assert.match((plan as { reason: string }).reason, /changed since the task was queued/);
  });

  it('recognises edits that are already in the file and never inserts them twice', () => {
    // An insertion keeps its anchor: after a crash between saving and recording, applying again would double it.
    const edits = [{ old_text: 'function add', new_text: '/** Adds. */\nfunction add' }];
    const saved = applyEdits(file, edits);
    assert.ok(saved.ok);
    const plan = planEdits('src/m.js', edits, file, saved.text);
    assert.deepEqual(plan, { ok: false, reason: 'these edits are already in the file', conflict: false, alreadyApplied: true });
  });

  it('accepts only the task file as an edit path', () => {
    assert.equal(checkEditPaths('src/m.js', [{ path: './src/m.js', old_text: 'a', new_text: 'b' }]), undefined);
    assert.match(checkEditPaths('src/m.js', [{ path: '../etc/passwd', old_text: 'a', new_text: 'b' }]) ?? '', /not the task's file/);
    assert.match(checkEditPaths('src/m.js', [{ path: '/etc/passwd', old_text: 'a', new_text: 'b' }]) ?? '', /absolute path/);
  });

  it('computes the smallest replacement without splitting surrogate pairs', () => {
    assert.deepEqual(minimalReplacement('abcdef', 'abXdef'), { start: 2, end: 3, text: 'X' });
    assert.deepEqual(minimalReplacement('same', 'same'), { start: 4, end: 4, text: '' });
    const r = minimalReplacement('a😀b', 'a😃b');
    assert.equal('a😀b'.slice(0, r.start) + r.text + 'a😀b'.slice(r.end), 'a😃b');
    assert.equal(r.start, 1);
  });
});
