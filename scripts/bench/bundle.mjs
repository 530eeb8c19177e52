// Bundle sizes (the production build in dist/), and what each dependency adds to the editor's main bundle
// (esbuild's metafile of the same build, in memory).
import { statSync } from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { repoRoot, row } from './common.mjs';

const kb = (file) => statSync(path.join(repoRoot, file)).size / 1024;

export async function bundleRows() {
  row({
    what: 'bundle size (minified, shell + main)',
    value: kb('dist/extension.js') + kb('dist/main.js'),
    unit: 'KB',
    target: '< 500 KB',
    note: `shell ${kb('dist/extension.js').toFixed(0)} KB, evaluated at activation`,
  });
  const built = await esbuild.build({
    entryPoints: [path.join(repoRoot, 'src/vscode/main.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    external: ['vscode'],
    write: false,
    metafile: true,
    outfile: 'main.js',
    logLevel: 'silent',
  });
  const inputs = Object.values(built.metafile.outputs)[0].inputs;
  const cost = new Map();
  for (const [file, { bytesInOutput }] of Object.entries(inputs)) {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1] ?? 'our code (src/)';
    cost.set(pkg, (cost.get(pkg) ?? 0) + bytesInOutput);
  }
  const parts = [...cost].sort((a, b) => b[1] - a[1]);
  for (const [pkg, bytes] of parts.slice(0, 4)) row({ what: `  main bundle: ${pkg}`, value: bytes / 1024, unit: 'KB' });
  const rest = parts.slice(4);
  row({
    what: `  main bundle: ${rest.length} more packages`,
    value: rest.reduce((sum, [, b]) => sum + b, 0) / 1024,
    unit: 'KB',
    note: rest.map(([pkg, b]) => `${pkg} ${(b / 1024).toFixed(0)}`).join(', '),
  });
  row({
    what: 'CLI bundle size (minified)',
    value: kb('dist/cli.js') + kb('dist/cliMain.js'),
    unit: 'KB',
    target: '< 1 MB',
    note: `launcher ${kb('dist/cli.js').toFixed(0)} KB + the CLI: core, SDK and zod; no VS Code`,
  });
  row({
    what: 'MCP server bundle size (minified)',
    value: kb('dist/mcpServer.js'),
    unit: 'KB',
    target: '< 1.5 MB',
    note: 'loaded only by claude-batch mcp; adds the MCP SDK',
  });
}
