import * as assert from 'node:assert/strict';
import { makeTask } from '../../../helpers/fakes';
import { labelProblem, labelsIn, matchesFilter, splitLabel } from '../../../../src/core/model/taskLabels';
import { defaultBatchName } from '../../../../src/core/model/words';

const task = makeTask;

describe('labels', () => {
  it('reads "#label instruction", and leaves text without a valid tag alone', () => {
    assert.deepEqual(splitLabel('#docs Add doc comments'), { label: 'docs', instruction: 'Add doc comments' });
    assert.deepEqual(splitLabel('  #sprint-12   Write unit tests '), {
      label: 'sprint-12',
      instruction: 'Write unit tests',
    });
    assert.deepEqual(splitLabel('#docs'), { instruction: '#docs' }, 'a tag alone is not an instruction');
    assert.deepEqual(splitLabel('Fix issue #12 please'), { instruction: 'Fix issue #12 please' });
    assert.deepEqual(splitLabel('#a/b do it'), { instruction: '#a/b do it' }, 'a slash is not in a label');
  });

  it('names what is wrong with a label, counts labels in use, and filters', () => {
    assert.equal(labelProblem('docs'), undefined);
    assert.match(labelProblem('two words')!, /one word/);
    assert.match(labelProblem('x'.repeat(41))!, /at most 40/);
    const tasks = [
      task('a', { label: 'docs' }),
      task('b', { label: 'tests' }),
      task('c', { label: 'docs' }),
      task('d'),
    ];
    assert.deepEqual(labelsIn(tasks), [
      { label: 'docs', count: 2 },
      { label: 'tests', count: 1 },
    ]);
    assert.deepEqual(
      tasks.filter((t) => matchesFilter(t, new Set(['docs']))).map((t) => t.id),
      ['a', 'c'],
    );
    assert.equal(tasks.filter((t) => matchesFilter(t, new Set())).length, 4, 'no filter shows all');
  });

  it('names a batch after the label its tasks share', () => {
    const when = new Date(2026, 10, 23, 14, 5);
    assert.equal(
      defaultBatchName([task('a', { label: 'docs' }), task('b', { label: 'docs' })], when),
      'docs · 2 tasks · 2026-11-23 14:05',
    );
    assert.equal(defaultBatchName([task('a', { label: 'docs' }), task('b')], when), '2 tasks · 2026-11-23 14:05');
  });
});
