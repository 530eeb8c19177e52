// How a long list of tasks is shown without listing thousands of rows at once: a few tasks as they are, more by
// folder, and a folder (or a list in one folder) past a page as pages. Plain data; no vscode types.
import { posix } from 'node:path';
import type { Task } from '../../core/model/records';

/** Lists longer than this are grouped by folder. */
export const GROUP_AT = 100;
/** At most this many task rows under one node; more are split into pages. */
export const PAGE_SIZE = 500;

/** Where in a queue or batch a group node stands: a folder, a page, or a page of a folder. */
export interface GroupScope {
  dir?: string;
  /** 0-based page index. */
  page?: number;
}

export type TaskChild =
  { type: 'task'; task: Task } | { type: 'group'; scope: GroupScope; label: string; tasks: readonly Task[] };

const folderOf = (task: Task): string => posix.dirname(task.relPath);

function pages(tasks: readonly Task[], dir: string | undefined): TaskChild[] {
  const children: TaskChild[] = [];
  for (let page = 0; page * PAGE_SIZE < tasks.length; page++) {
    const slice = tasks.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE);
    const first = page * PAGE_SIZE + 1;
    children.push({
      type: 'group',
      scope: { ...(dir !== undefined ? { dir } : {}), page },
      label: `${first.toLocaleString()}–${(first + slice.length - 1).toLocaleString()}`,
      tasks: slice,
    });
  }
  return children;
}

const asTasks = (tasks: readonly Task[]): TaskChild[] => tasks.map((task) => ({ type: 'task', task }));

/** The children of a queue or batch (no scope) or of one of its groups, in the list's own order. */
export function taskChildren(all: readonly Task[], scope: GroupScope = {}): TaskChild[] {
  const inDir = scope.dir === undefined ? all : all.filter((t) => folderOf(t) === scope.dir);
  if (scope.page !== undefined) return asTasks(inDir.slice(scope.page * PAGE_SIZE, (scope.page + 1) * PAGE_SIZE));
  if (scope.dir !== undefined) return inDir.length > PAGE_SIZE ? pages(inDir, scope.dir) : asTasks(inDir);
  if (all.length <= GROUP_AT) return asTasks(all);
  const byDir = new Map<string, Task[]>();
  for (const task of all) {
    const dir = folderOf(task);
    const list = byDir.get(dir);
    if (list) list.push(task);
    else byDir.set(dir, [task]);
  }
  if (byDir.size === 1) return all.length > PAGE_SIZE ? pages(all, undefined) : asTasks(all);
  return [...byDir.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([dir, tasks]) => ({ type: 'group', scope: { dir }, label: dir === '.' ? '(workspace root)' : dir, tasks }));
}

/**
 * The group a task is shown in, as `taskChildren` lays the list out: its folder, its page, or its page of its
 * folder; undefined when it is a row of the list itself (or not in it).
 */
export function groupOf(all: readonly Task[], taskId: string): GroupScope | undefined {
  const index = all.findIndex((t) => t.id === taskId);
  const task = all[index];
  if (!task) return undefined;
  const pageOf = (position: number, count: number): GroupScope | undefined =>
    count > PAGE_SIZE ? { page: Math.floor(position / PAGE_SIZE) } : undefined;
  if (all.length <= GROUP_AT) return undefined;
  const dir = folderOf(task);
  const sameDir = all.filter((t) => folderOf(t) === dir);
  if (sameDir.length === all.length) return pageOf(index, all.length);
  const page = pageOf(sameDir.indexOf(task), sameDir.length);
  return { dir, ...page };
}
