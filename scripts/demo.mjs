// `npm run demo`: the product in a real VS Code (code-server) in your browser, against the local Batches API
// simulator: no API key, no network. Builds and packages the extension, installs it, opens a sample workspace
// and prints the URL. Ctrl+C stops everything.
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { requireSystemDeps } from './lib/systemDeps.mjs';
import { makeWorkspace, repoRoot, startCodeServer, startSimulator, workbenchUrl } from './lib/harness.mjs';

requireSystemDeps('demo');
execFileSync('npm', ['run', '--silent', 'package'], { cwd: repoRoot, stdio: 'inherit' });
const sim = await startSimulator({ processingMs: Number(process.env.SIM_PROCESSING_MS ?? 8000), log: true });
const workspace = makeWorkspace();
const server = await startCodeServer({
  vsix: path.join(repoRoot, 'dist', 'claude-batch.vsix'),
  port: process.env.DEMO_PORT ? Number(process.env.DEMO_PORT) : undefined,
  settings: {
    'claudeBatch.apiBaseUrl': sim.url,
    'claudeBatch.poll.initialSeconds': 5,
    'claudeBatch.poll.maxSeconds': 10,
  },
  // The simulator accepts any key; this one only exists so the extension has something to send.
  env: { ANTHROPIC_API_KEY: 'sk-simulator-demo' },
});
console.log(`
  Claude Batch demo is running (VS Code ${'1.100.3'} in code-server, Batches API simulator at ${sim.url}).

  Open:  ${workbenchUrl(server, workspace)}

  Try: open src/greet.js, select a function, right-click → "Send Selection to Batch", type
  replace "Hello" with "Hi" and press Enter; then "Submit Queue" in the Claude Batch view.
  Press Ctrl+C to stop.
`);
const stop = () => {
  server.stop();
  sim.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
