import * as assert from 'node:assert/strict';
import { applyEdits, minimalReplacement, planEdits, sortEditPaths } from '../../../../src/core/review/editApplier';

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
    assert.equal(
      result.text,
      file.replace('function add', 'export function add').replace('return a - b;', 'return a - b; // sub'),
    );
  });

  it('refuses a missing anchor and names the edit', () => {
    const result = applyEdits(file, [
      { old_text: 'return a + b;', new_text: 'x' },
      { old_text: 'return a * b;', new_text: 'y' },
    ]);
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
    const overlap = applyEdits(file, [
      { old_text: 'function add(a, b)', new_text: 'x' },
      { old_text: 'add(a, b) {', new_text: 'y' },
    ]);
    assert.match((overlap as { reason: string }).reason, /overlap/);
  });

  it('adapts LF edits to a CRLF file and keeps CRLF', () => {
    const crlf = file.replace(/\n/g, '\r\n');
    const result = applyEdits(crlf, [
      {
        old_text: 'function add(a, b) {\n  return a + b;',
        new_text: 'function add(a, b) {\n  // sum\n  return a + b;',
      },
    ]);
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
    assert.deepEqual(plan, {
      ok: true,
      text: current.replace('return a + b;', 'return b + a;'),
      reanchored: true,
      created: [],
    });
  });

  it('reports a conflict when the file now changes the very lines the result changes, with the merge between markers', () => {
    const current = file.replace('return a + b;', 'return sum(a, b);');
    const plan = planEdits('src/m.js', [{ old_text: 'return a + b;', new_text: 'return b + a;' }], file, current);
    assert.equal(plan.ok, false);
    assert.equal((plan as { kind: string }).kind, 'conflict');
    assert.match((plan as { detail: string }).detail, /^one change overlaps yours \(line 2 of the merge\)/);
    assert.match((plan as { reason: string }).reason, /changed since the task was queued/);
    // The conflict is shown as what the result intended: the queued file with the edits.
    assert.equal((plan as { intended?: string }).intended, file.replace('return a + b;', 'return b + a;'));
    const merge = (plan as { merge?: { text: string; conflicts: number } }).merge!;
    assert.equal(merge.conflicts, 1);
    assert.match(
      merge.text,
      /<<<<<<< yours \(the file now\)\n {2}return sum\(a, b\);\n=======\n {2}return b \+ a;\n>>>>>>> Claude Batch result/,
    );
  });

  it('merges three ways when the anchors no longer fit but the changes do not overlap', () => {
    const base = ['function a() {', '  return 1;', '}', '', 'function b() {', '  return 2;', '}', ''].join('\n');
    // Since queueing, the user added a function that also returns 2: the result's anchor is no longer unique.
    const current = `function c() {\n  return 2;\n}\n\n${base}`;
    const plan = planEdits('src/m.js', [{ old_text: '  return 2;', new_text: '  return 3;' }], base, current);
    assert.deepEqual(plan, {
      ok: true,
      text: `function c() {\n  return 2;\n}\n\n${base.replace('return 2', 'return 3')}`,
      reanchored: true,
      merged: true,
      created: [],
    });
  });

  it('keeps Windows line endings through a merge', () => {
    const base = 'one\r\ntwo\r\nthree\r\ntwo\r\n';
    const current = `${base}one\r\ntwo\r\n`; // the anchor is there twice now
    const plan = planEdits('m.txt', [{ old_text: 'one\ntwo', new_text: 'one\n2' }], base, current);
    assert.ok(plan.ok && plan.merged);
    assert.equal(plan.text, 'one\r\n2\r\nthree\r\ntwo\r\none\r\ntwo\r\n');
  });

  it('recognises edits that are already in the file and never inserts them twice', () => {
    // An insertion keeps its anchor: after a crash between saving and recording, applying again would double it.
    const edits = [{ old_text: 'function add', new_text: '/** Adds. */\nfunction add' }];
    const saved = applyEdits(file, edits);
    assert.ok(saved.ok);
    const plan = planEdits('src/m.js', edits, file, saved.text);
    assert.deepEqual(plan, {
      ok: false,
      kind: 'alreadyApplied',
      detail: '',
      reason: 'these edits are already in the file',
    });
  });

  it('edits only the task file, and creates new files only inside its workspace folder', () => {
    const sorted = (p: string, oldText = 'a') =>
      sortEditPaths('src/m.js', [{ path: p, old_text: oldText, new_text: 'b' }]);
    assert.deepEqual(sorted('./src/m.js'), {
      ok: true,
      own: [{ path: './src/m.js', old_text: 'a', new_text: 'b' }],
      created: [],
    });
    assert.deepEqual(sorted('test/./m.test.js', ''), {
      ok: true,
      own: [],
      created: [{ relPath: 'test/m.test.js', text: 'b' }],
    });
    const refusal = (p: string, oldText = '') => {
      const r = sorted(p, oldText);
      return r.ok ? 'accepted' : r.reason;
    };
    assert.match(refusal('../etc/passwd'), /leads outside the workspace folder/);
    assert.match(refusal('src/../../x.js'), /leads outside the workspace folder/);
    assert.match(refusal('/etc/passwd'), /absolute path/);
    assert.match(refusal('C:\\Windows\\x.txt'), /absolute path/);
    assert.match(refusal('src/other.js', 'a'), /not the task's file src\/m\.js; another file may only be created/);
    const twice = sortEditPaths('src/m.js', [
      { path: 'n.js', old_text: '', new_text: '1' },
      { path: './n.js', old_text: '', new_text: '2' },
    ]);
    assert.match(twice.ok ? '' : twice.reason, /created twice/);
  });

  it('plans a new file alongside an edit of the task file', () => {
    const plan = planEdits(
      'src/m.js',
      [
        { old_text: 'return a + b;', new_text: 'return b + a;' },
        { path: 'src/m.test.js', old_text: '', new_text: 'test("add", () => {});\n' },
      ],
      file,
      file,
    );
    assert.deepEqual(plan, {
      ok: true,
      text: file.replace('return a + b;', 'return b + a;'),
      reanchored: false,
      created: [{ relPath: 'src/m.test.js', text: 'test("add", () => {});\n' }],
    });
  });

  it('computes the smallest replacement without splitting surrogate pairs', () => {
    assert.deepEqual(minimalReplacement('abcdef', 'abXdef'), { start: 2, end: 3, text: 'X' });
    assert.deepEqual(minimalReplacement('same', 'same'), { start: 4, end: 4, text: '' });
    const r = minimalReplacement('a😀b', 'a😃b');
    assert.equal('a😀b'.slice(0, r.start) + r.text + 'a😀b'.slice(r.end), 'a😃b');
    assert.equal(r.start, 1);
  });
});
