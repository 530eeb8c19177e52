// Bundles the extension (one minified file, `vscode` external), the CLI and the local Batches API simulator.
import * as esbuild from 'esbuild';
import { emitEditOutputSchema } from './scripts/lib/editOutputSchema.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'info',
};

if (production) await import('node:fs').then((fs) => fs.rmSync('dist', { recursive: true, force: true }));
await emitEditOutputSchema(esbuild);

const contexts = await Promise.all([
  // The shell VS Code activates, and the rest it loads right after: dist/main.js (core, SDK, zod).
  esbuild.context({
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    external: ['vscode', './main.js'],
  }),
  esbuild.context({ ...common, entryPoints: ['src/vscode/main.ts'], outfile: 'dist/main.js', external: ['vscode'] }),
  esbuild.context({ ...common, entryPoints: ['tools/simulator/main.ts'], outfile: 'dist/simulator.js', minify: false }),
  // The headless front door (`claude-batch`): a small launcher (dist/cli.js, the bin) and the CLI itself, with
  // the core, the SDK and zod, no VS Code (dist/cliMain.js, loaded with V8's code cache).
  esbuild.context({ ...common, entryPoints: ['src/cli/launcher.ts'], outfile: 'dist/cli.js' }),
  esbuild.context({
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cliMain.js',
    external: ['./mcpServer.js'],
  }),
  // `claude-batch mcp`: the MCP SDK is loaded only for it, from its own file next to dist/cli.js.
  esbuild.context({ ...common, entryPoints: ['src/cli/mcpServer.ts'], outfile: 'dist/mcpServer.js' }),
]);

if (watch) {
  await Promise.all(contexts.map((ctx) => ctx.watch()));
} else {
  await Promise.all(contexts.map((ctx) => ctx.rebuild()));
  await Promise.all(contexts.map((ctx) => ctx.dispose()));
}
