import * as assert from 'node:assert/strict';
import {
  ContextResolver,
  type ContextRequest,
  type ResolvedContext,
} from '../../../../src/core/context/contextResolver';
import { folderContextSource } from '../../../../src/core/context/contextSource';
import { addContext, PROMPT_CEILING_TOKENS } from '../../../../src/core/context/draftContext';
import { writeTree } from './fixtureTree';

async function resolveIn(
  files: Record<string, string | Uint8Array>,
  request: Partial<ContextRequest> & { relPath: string },
): Promise<ResolvedContext> {
  const tree = writeTree(files);
  try {
    const text = typeof files[request.relPath] === 'string' ? (files[request.relPath] as string) : '';
    return await new ContextResolver(folderContextSource(tree.root)).resolve({
      text,
      instruction: 'Refactor',
      budget: 20_000,
      ...request,
    });
  } finally {
    tree.dispose();
  }
}

const paths = (context: ResolvedContext, role?: string): string[] =>
  context.parts.filter((p) => !role || p.role === role).map((p) => p.relPath);

describe('ContextResolver', () => {
  it('follows TypeScript relative imports: extension left off, .js naming a .ts source, index files', async () => {
    const context = await resolveIn(
      {
        'src/app.ts': [
          "import { a } from './a';",
          "import { b } from './lib/b.js';",
          "import * as util from './util';",
          "import type { T } from '../types/t';",
          "import express from 'express';",
          "const c = require('./c');",
        ].join('\n'),
        'src/a.ts': 'export const a = 1;',
        'src/lib/b.ts': 'export const b = 2;',
        'src/util/index.ts': 'export const u = 3;',
        'types/t.d.ts': 'export type T = string;',
        'src/c.js': 'module.exports = {};',
        'src/unrelated.ts': 'export {};',
      },
      { relPath: 'src/app.ts' },
    );
    assert.deepEqual(paths(context, 'related'), [
      'src/a.ts',
      'src/lib/b.ts',
      'src/util/index.ts',
      'types/t.d.ts',
      'src/c.js',
    ]);
    assert.deepEqual(context.notes, [], 'a package import (express) is not a problem');
    assert.match(context.parts[0]!.why!, /imported by src\/app\.ts/);
  });

  it('resolves tsconfig paths aliases from the nearest config, comments and trailing commas allowed', async () => {
    const context = await resolveIn(
      {
        'tsconfig.json':
          '{\n  // aliases\n  "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["src/*"], "#config": ["config/index.ts"], }, },\n}',
        'src/app.ts': "import { x } from '@/model/x';\nimport cfg from '#config';\nimport { y } from '@/missing';",
        'src/model/x.ts': 'export const x = 1;',
        'config/index.ts': 'export default {};',
      },
      { relPath: 'src/app.ts' },
    );
    assert.deepEqual(paths(context, 'related'), ['src/model/x.ts', 'config/index.ts']);
    assert.deepEqual(
      context.notes.map((n) => [n.kind, n.path]),
      [['unresolved', '@/missing']],
    );
  });

  it('follows Python relative and package imports, and package modules named in from-imports', async () => {
    const context = await resolveIn(
      {
        'src/shop/cart.py': [
          'import os',
          'from .pricing import price_of',
          'from . import tax',
          'from shop.models import Item',
          'from shop.util import strings, numbers',
          'import requests',
        ].join('\n'),
        'src/shop/__init__.py': '',
        'src/shop/pricing.py': 'def price_of(item): ...',
        'src/shop/tax.py': 'RATE = 0.2',
        'src/shop/models/__init__.py': 'class Item: ...',
        'src/shop/util/__init__.py': '',
        'src/shop/util/strings.py': 'def slug(s): ...',
        'src/shop/util/numbers.py': 'def rnd(n): ...',
      },
      { relPath: 'src/shop/cart.py' },
    );
    assert.deepEqual(paths(context, 'related'), [
      'src/shop/pricing.py',
      'src/shop/tax.py',
      'src/shop/models/__init__.py',
      'src/shop/util/strings.py',
      'src/shop/util/numbers.py',
    ]);
    assert.deepEqual(context.notes, []);
  });

  it('follows imports of imports once, and says so when they come back round (a cycle)', async () => {
    const context = await resolveIn(
      {
        'a.ts': "import { b } from './b';",
        'b.ts': "import { a } from './a';\nimport { c } from './c';",
        'c.ts': "import { b } from './b';\nimport { d } from './d';",
        'd.ts': 'export const d = 1;',
      },
      { relPath: 'a.ts' },
    );
    assert.deepEqual(paths(context), ['b.ts', 'c.ts'], 'two levels deep: d.ts is three imports away');
    assert.ok(context.notes.some((n) => n.kind === 'cycle' && n.path === 'a.ts' && n.from === 'b.ts'));
  });

  it('notes an import that names no file, or a file outside the folder, and carries on', async () => {
    const context = await resolveIn(
      {
        'src/a.ts': "import { x } from './gone';\nimport { y } from '../../elsewhere';\nimport { z } from './z';",
        'src/z.ts': 'x',
      },
      { relPath: 'src/a.ts' },
    );
    assert.deepEqual(paths(context), ['src/z.ts']);
    assert.deepEqual(
      context.notes.map((n) => [n.kind, n.path, n.from]),
      [
        ['unresolved', './gone', 'src/a.ts'],
        ['outsideFolder', '../../elsewhere', 'src/a.ts'],
      ],
    );
  });

  it('puts project instructions first, the folder root’s before the nearest folder’s', async () => {
    const context = await resolveIn(
      {
        'CLAUDE.md': 'Use tabs.',
        'AGENTS.md': 'Run npm test.',
        '.github/copilot-instructions.md': 'Be brief.',
        'packages/web/CLAUDE.md': 'This package is React.',
        'packages/api/CLAUDE.md': 'Not on the path.',
        'packages/web/src/app.ts': "import { a } from './a';",
        'packages/web/src/a.ts': 'export const a = 1;',
      },
      { relPath: 'packages/web/src/app.ts' },
    );
    assert.deepEqual(paths(context), [
      'CLAUDE.md',
      'AGENTS.md',
      '.github/copilot-instructions.md',
      'packages/web/CLAUDE.md',
      'packages/web/src/a.ts',
    ]);
  });

  it('adds the test setup and the nearest existing test for a test-writing task only', async () => {
    const files = {
      'package.json': JSON.stringify({
        name: 'shop',
        type: 'module',
        scripts: { build: 'tsc', test: 'mocha' },
        dependencies: { express: '5' },
        devDependencies: { mocha: '11', chai: '5', typescript: '5' },
      }),
      'src/cart/cart.ts': "import { price } from './price';",
      'src/cart/price.ts': 'export const price = 1;',
      'test/cart/price.test.ts': "import { expect } from 'chai';",
      'test/other.test.ts': 'x',
      'test/fixtures/data.json': '{}',
      'tests/helpers.py': 'x',
    };
    const plain = await resolveIn(files, { relPath: 'src/cart/cart.ts', instruction: 'Add doc comments' });
    assert.deepEqual(paths(plain), ['src/cart/price.ts']);
    const tests = await resolveIn(files, { relPath: 'src/cart/cart.ts', instruction: 'Write unit tests for this' });
    assert.deepEqual(paths(tests), ['src/cart/price.ts', 'package.json', 'test/cart/price.test.ts']);
    const setup = JSON.parse(tests.parts.find((p) => p.role === 'testSetup')!.text);
    assert.deepEqual(setup, {
      type: 'module',
      scripts: { test: 'mocha' },
      devDependencies: { mocha: '11', chai: '5' },
    });
  });

  it('reads the test sections of a pyproject.toml', async () => {
    const tests = await resolveIn(
      {
        'pyproject.toml':
          '[project]\nname = "shop"\nrequires-python = ">=3.11"\n\n[tool.pytest.ini_options]\ntestpaths = ["tests"]\n\n[tool.black]\nline-length = 100\n',
        'shop/cart.py': 'x = 1',
        'tests/test_cart.py': 'def test_x(): ...',
      },
      { relPath: 'shop/cart.py', instruction: 'add pytest tests' },
    );
    const setup = tests.parts.find((p) => p.role === 'testSetup')!.text;
    assert.match(setup, /requires-python = ">=3.11"/);
    assert.match(setup, /\[tool\.pytest\.ini_options\]\ntestpaths/);
    assert.doesNotMatch(setup, /black/);
    assert.deepEqual(paths(tests, 'testExample'), ['tests/test_cart.py']);
  });

  it('keeps within the budget: cuts the first part that does not fit and marks it, leaves out the rest', async () => {
    const big = Array.from({ length: 400 }, (_, i) => `export const value${i} = ${i}; // ${'x'.repeat(20)}`).join('\n');
    const context = await resolveIn(
      {
        'a.ts': "import './small';\nimport './big';\nimport './after';",
        'small.ts': 'export {};',
        'big.ts': big,
        'after.ts': 'y'.repeat(4000),
      },
      { relPath: 'a.ts', budget: 1000 },
    );
    const total = context.parts.reduce((sum, p) => sum + p.tokens, 0);
    assert.ok(total <= 1000, `context took ${total} tokens of 1000`);
    const cut = context.parts.find((p) => p.relPath === 'big.ts')!;
    assert.equal(cut.cut, true);
    assert.match(cut.text, /value0 = 0;/);
    assert.match(cut.text, /cut here to fit the context budget/);
    assert.deepEqual(
      context.notes.map((n) => [n.kind, n.path]),
      [
        ['cut', 'big.ts'],
        ['overBudget', 'after.ts'],
      ],
    );
  });

  it('turns context off at a budget of 0', async () => {
    const context = await resolveIn(
      { 'CLAUDE.md': 'x', 'a.ts': "import './b';", 'b.ts': 'x' },
      { relPath: 'a.ts', budget: 0 },
    );
    assert.deepEqual(context, { parts: [], notes: [] });
  });

  it('leaves out binary, non-UTF-8 and secret-looking files with a note, never their bytes', async () => {
    const context = await resolveIn(
      {
        'CLAUDE.md': Buffer.from([0x55, 0x73, 0x65, 0xe9, 0x20, 0x74, 0x61, 0x62, 0x73]), // Latin-1 "Usé tabs"
        'a.js': "import data from './data.bin';\nimport k from './server.pem';\nimport { b } from './b';",
        'data.bin': Buffer.from([1, 2, 0, 3]),
        'server.pem': '-----BEGIN PRIVATE KEY-----',
        'b.js': 'export const b = 1;',
      },
      { relPath: 'a.js' },
    );
    assert.deepEqual(paths(context), ['b.js']);
    assert.deepEqual(context.notes.map((n) => [n.kind, n.path]).sort(), [
      ['binary', 'data.bin'],
      ['notUtf8', 'CLAUDE.md'],
      ['secret', 'server.pem'],
    ]);
  });

  it('asks the editor’s language features about languages it does not read itself', async () => {
    const tree = writeTree({
      'main.go': 'package main\nimport "example.com/shop/util"',
      'util/util.go': 'package util',
      'x.go': '',
    });
    try {
      const asked: string[] = [];
      const resolver = new ContextResolver(folderContextSource(tree.root), {
        relatedFiles: async (relPath) => {
          asked.push(relPath);
          return ['util/util.go', 'not/in/workspace.go', 'main.go'];
        },
      });
      const context = await resolver.resolve({ relPath: 'main.go', text: '', instruction: 'x', budget: 1000 });
      assert.deepEqual(paths(context), ['util/util.go']);
      assert.deepEqual(asked, ['main.go', 'util/util.go'], 'and once more for the second level');
    } finally {
      tree.dispose();
    }
  });
});

describe('addContext', () => {
  it('gives each draft its context, and never takes a request past the smallest context window', async () => {
    const tree = writeTree({ 'CLAUDE.md': 'Use tabs.', 'b.ts': 'export const b = 1;' });
    try {
      const draft = (relPath: string, text: string) => ({
        instruction: 'Refactor',
        folderUri: 'file:///ws',
        relPath,
        fileUri: `file:///ws/${relPath}`,
        text,
      });
      const { drafts } = await addContext(
        [
          draft('a.ts', "import { b } from './b';"),
          draft('huge.ts', `import { b } from './b';\n${'x'.repeat(4 * PROMPT_CEILING_TOKENS)}`),
        ],
        { budget: 20_000, sourceFor: () => folderContextSource(tree.root) },
      );
      assert.deepEqual(
        drafts.map((d) => d.context?.map((p) => p.relPath)),
        [['CLAUDE.md', 'b.ts'], []],
      );
    } finally {
      tree.dispose();
    }
  });
});
