import * as assert from 'node:assert/strict';
import { GROUP_AT, groupOf, PAGE_SIZE, taskChildren, type GroupScope } from '../../../../src/vscode/views/treeGroups';
import type { Task } from '../../../../src/core/model/records';

const task = (relPath: string, i: number): Task => ({
  id: `t${i}`,
  createdAt: '2026-11-23T00:00:00Z',
  instruction: 'Add doc comments',
  folderUri: 'file:///ws',
  relPath,
  fileUri: `file:///ws/${relPath}`,
  snapshotHash: 'x',
  fingerprint: `f${i}`,
});
const labels = (children: ReturnType<typeof taskChildren>): string[] =>
  children.map((c) => (c.type === 'group' ? `${c.label} (${c.tasks.length})` : c.task.id));

describe('treeGroups', () => {
  it('lists a short queue as it is', () => {
    const tasks = Array.from({ length: GROUP_AT }, (_, i) => task(`src/f${i}.ts`, i));
    assert.equal(
      taskChildren(tasks).every((c) => c.type === 'task'),
      true,
    );
  });

  it('groups a long list by folder, sorted, keeping queue order inside a folder', () => {
    const folders = ['src/b/', 'src/a/', ''];
    const tasks = Array.from({ length: 300 }, (_, i) => task(`${folders[i % 3]}f${i}.ts`, i));
    const top = taskChildren(tasks);
    assert.deepEqual(labels(top), ['(workspace root) (100)', 'src/a (100)', 'src/b (100)']);
    const srcA = top[1]!;
    assert.ok(srcA.type === 'group');
    assert.deepEqual(labels(taskChildren(tasks, srcA.scope)).slice(0, 3), ['t1', 't4', 't7']);
  });

  it('pages 10,000 tasks of one folder, 500 rows at a time, and pages a big folder inside a grouped list', () => {
    const tasks = Array.from({ length: 10_000 }, (_, i) => task(`src/f${i}.ts`, i));
    const top = taskChildren(tasks);
    assert.equal(top.length, 10_000 / PAGE_SIZE);
    assert.deepEqual(labels(top).slice(0, 2), ['1–500 (500)', '501–1,000 (500)']);
    const second = top[1]!;
    assert.ok(second.type === 'group');
    const rows = taskChildren(tasks, second.scope);
    assert.deepEqual([rows.length, labels(rows)[0]], [500, 't500']);

    const mixed = [...tasks, task('docs/x.md', 10_001)];
    const src = taskChildren(mixed).find((c) => c.type === 'group' && c.label === 'src')!;
    assert.ok(src.type === 'group');
    assert.equal(taskChildren(mixed, src.scope).length, 20, 'the src folder is paged');
  });

  it('finds the group a task is shown in without opening the groups, for every layout', () => {
    /** Where each task is shown, by walking the layout as the tree does. */
    const placed = (tasks: readonly Task[]): Map<string, GroupScope | undefined> => {
      const where = new Map<string, GroupScope | undefined>();
      const walk = (scope: GroupScope | undefined): void => {
        for (const child of taskChildren(tasks, scope ?? {})) {
          if (child.type === 'task') where.set(child.task.id, scope);
          else walk(child.scope);
        }
      };
      walk(undefined);
      return where;
    };
    const layouts = {
      short: Array.from({ length: 10 }, (_, i) => task(`src/f${i}.ts`, i)),
      folders: Array.from({ length: 300 }, (_, i) => task(`${['a/', 'b/', ''][i % 3]}f${i}.ts`, i)),
      onePagedFolder: Array.from({ length: PAGE_SIZE * 2 + 5 }, (_, i) => task(`src/f${i}.ts`, i)),
      pagedFolders: Array.from({ length: PAGE_SIZE * 3 }, (_, i) => task(`${i % 6 ? 'big/' : 'small/'}f${i}.ts`, i)),
    };
    for (const [name, tasks] of Object.entries(layouts)) {
      for (const [id, scope] of placed(tasks)) {
        assert.deepEqual(groupOf(tasks, id), scope, `${name}: ${id}`);
      }
    }
    assert.equal(groupOf(layouts.short, 'no-such-task'), undefined);
  });
});
