// The layout of a request with context, and where its cache breakpoints go: what decides whether caching pays.
import * as assert from 'node:assert/strict';
import { SnapshotStore } from '../../../../src/core/store/snapshotStore';
import { requestsFor, type SizedRequest } from '../../../../src/core/requests/requestStream';
import { snapshotParts } from '../../../../src/core/context/contextSnapshot';
import { withPinned, type PinnedFile } from '../../../../src/core/context/pinnedContext';
import { contextSummary } from '../../../../src/core/context/contextSummary';
import type { ResolvedPart } from '../../../../src/core/context/contextParts';
import type { Task } from '../../../../src/core/model/records';
import { newTaskId } from '../../../../src/core/model/ids';
import { tempDir } from '../../../helpers/fakes';

const settings = { model: 'claude-sonnet-5-5', maxTokens: 64_000 };
const words = (n: number, word = 'token'): string => Array.from({ length: n }, () => word).join(' ');

describe('request layout with context', () => {
  let tmp: ReturnType<typeof tempDir>;
  let snapshots: SnapshotStore;
  beforeEach(() => {
    tmp = tempDir();
    snapshots = new SnapshotStore(tmp.dir);
  });
  afterEach(() => tmp.cleanup());

  async function task(
    relPath: string,
    fileText: string,
    context: ResolvedPart[],
    over: Partial<Task> = {},
  ): Promise<Task> {
    return {
      id: newTaskId(),
      createdAt: '2026-11-23T00:00:00Z',
      instruction: 'Write unit tests',
      folderUri: 'file:///ws',
      relPath,
      fileUri: `file:///ws/${relPath}`,
      snapshotHash: await snapshots.put(fileText),
      fingerprint: relPath,
      context: await snapshotParts(context, snapshots),
      ...over,
    };
  }
  const part = (role: ResolvedPart['role'], relPath: string, text: string): ResolvedPart => ({
    role,
    relPath,
    text,
    tokens: Math.ceil(text.length / 4),
    why: role === 'related' ? 'imported by src/a.ts' : role,
  });
  async function all(tasks: Task[], model = settings.model): Promise<SizedRequest[]> {
    const out: SizedRequest[] = [];
    for await (const r of requestsFor(tasks, { ...settings, model }, snapshots)) out.push(r);
    return out;
  }
  const marks = (r: SizedRequest): boolean[] =>
    r.request.params.messages[0]!.content.map((block) => block.cache_control !== undefined);

  it('orders system → project instructions → related files and the file → the instruction', async () => {
    const t = await task('src/a.ts', 'export const a = 1;', [
      part('instructions', 'CLAUDE.md', 'Use tabs.'),
      part('related', 'src/b.ts', 'export const b = 2;'),
      part('testExample', 'test/b.test.ts', 'it("b", () => {});'),
    ]);
    const request = (await all([t]))[0]!.request;
    const [shared, own, instruction] = request.params.messages[0]!.content.map((c) => c.text);
    assert.equal(
      shared,
      '<project_instructions path="CLAUDE.md" why="instructions">\nUse tabs.\n</project_instructions>',
    );
    assert.match(
      own!,
      /^<related_file path="src\/b\.ts" why="imported by src\/a\.ts">\nexport const b = 2;\n<\/related_file>/,
    );
    assert.match(
      own!,
      /<test_example path="test\/b\.test\.ts"[^>]*>[\s\S]*<file path="src\/a\.ts">\nexport const a = 1;\n<\/file>$/,
    );
    assert.match(instruction!, /<instruction>\nWrite unit tests\n<\/instruction>$/);
  });

  it('marks the shared prefix once many tasks share it and it reaches the model’s minimum, and the file prefix when tasks share the file', async () => {
    const guide = part('instructions', 'CLAUDE.md', words(700));
    const a1 = await task('src/a.ts', words(600, 'a'), [guide]);
    const a2 = await task('src/a.ts', words(600, 'a'), [guide], { instruction: 'Add doc comments' });
    const b = await task('src/b.ts', 'small', [guide]);
    const requests = await all([a1, b, a2]);
    assert.deepEqual(
      requests.map((r) => r.request.custom_id),
      [a1.id, a2.id, b.id],
      'tasks sharing a file go side by side',
    );
    assert.deepEqual(marks(requests[0]!), [true, true, false]);
    assert.deepEqual(marks(requests[2]!), [true, false, false], 'b shares only the project instructions');
    assert.ok(requests[0]!.size.cacheWriteTokens! > requests[2]!.size.cacheWriteTokens!);
  });

  it('marks nothing below the model’s minimum: Haiku 4.5 caches from 4,096 tokens, Sonnet 5.5 from 512', async () => {
    const guide = part('instructions', 'CLAUDE.md', words(1500));
    const tasks = [await task('src/a.ts', 'a', [guide]), await task('src/b.ts', 'b', [guide])];
    assert.deepEqual(marks((await all(tasks, 'claude-sonnet-5-5'))[0]!), [true, false, false]);
    assert.deepEqual(marks((await all(tasks, 'claude-haiku-4-5'))[0]!), [false, false, false]);
    const alone = [await task('src/c.ts', 'c', [guide])];
    assert.deepEqual(marks((await all(alone))[0]!), [false, false, false], 'a prefix nobody else shares is not marked');
  });

  it('puts pinned files after the project instructions, leaves out the task’s own file, and does not double them', async () => {
    const t = await task('src/a.ts', 'a', [part('instructions', 'CLAUDE.md', 'x'), part('related', 'src/b.ts', 'b')]);
    const pin = (relPath: string): PinnedFile => ({
      folderUri: 'file:///ws',
      relPath,
      fileUri: `file:///ws/${relPath}`,
      hash: t.snapshotHash,
      tokens: 1,
      pinnedAt: '2026-11-23T00:00:00Z',
    });
    const pinned = withPinned(withPinned(t, [pin('docs/style.md'), pin('src/a.ts')]), [pin('docs/style.md')]);
    assert.deepEqual(
      pinned.context!.map((p) => `${p.role}:${p.relPath}`),
      ['instructions:CLAUDE.md', 'pinned:docs/style.md', 'related:src/b.ts'],
    );
  });

  it('sums the context of a submission per file, with how many requests carry it', async () => {
    const guide = part('instructions', 'CLAUDE.md', words(100));
    const tasks = [await task('a.ts', 'a', [guide, part('related', 'b.ts', 'bb')]), await task('c.ts', 'c', [guide])];
    const summary = contextSummary(tasks);
    assert.deepEqual(
      summary.files.map((f) => [f.relPath, f.requests]),
      [
        ['CLAUDE.md', 2],
        ['b.ts', 1],
      ],
    );
    assert.equal(summary.tokens, 2 * guide.tokens + 1);
  });
});
