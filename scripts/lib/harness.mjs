// Shared by the integration tests, the browser journey and the demo: start the simulator and code-server
// (real VS Code 1.100.3) on free loopback ports, with throwaway profile folders.
import { spawn, execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { requireSystemDeps } from './systemDeps.mjs';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export async function waitFor(what, probe, timeoutMs = 60_000, intervalMs = 200) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Installs code-server if needed (scripts/install-code-server.sh) and returns its binary. */
export function codeServerBinary() {
  const out = execFileSync('bash', [path.join(repoRoot, 'scripts/install-code-server.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return out.trim().split('\n').pop();
}

/** Starts the simulator from the built bundle; resolves with its URL. */
export async function startSimulator({ processingMs = 1500, log = false, apiKey } = {}) {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(repoRoot, 'dist/simulator.js')], {
    env: {
      ...process.env,
      SIM_PORT: String(port),
      SIM_PROCESSING_MS: String(processingMs),
      ...(log ? {} : { SIM_QUIET: '1' }),
      ...(apiKey ? { SIM_API_KEY: apiKey } : {}),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child.stdout.on('data', (d) => log && process.stdout.write(d));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    'the simulator',
    async () => {
      try {
        return (await fetch(`${url}/_sim/stats`)).ok;
      } catch {
        return false;
      }
    },
    15_000,
  );
  return { url, stop: () => child.kill() };
}

/** A temporary copy of the sample workspace. */
export function makeWorkspace(source = path.join(repoRoot, 'test/fixtures/workspace')) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'claude-batch-ws-'));
  cpSync(source, dir, { recursive: true });
  return dir;
}

/**
 * Starts code-server on a free port with fresh user-data and extensions folders and the given user settings.
 * `env` reaches the extension host (e.g. ANTHROPIC_API_KEY for the simulator). With `workspaceTrust`, VS Code asks
 * whether to trust an opened folder (Restricted Mode when refused); otherwise every folder is trusted.
 */
export async function startCodeServer({
  settings = {},
  env = {},
  vsix,
  log = false,
  port: wantedPort,
  workspaceTrust = false,
} = {}) {
  const bin = codeServerBinary();
  const port = wantedPort ?? (await freePort());
  const profile = mkdtempSync(path.join(os.tmpdir(), 'claude-batch-cs-'));
  const userDataDir = path.join(profile, 'user-data');
  const extensionsDir = path.join(profile, 'extensions');
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(
    path.join(userDataDir, 'User/settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'workbench.enableExperiments': false,
        'telemetry.telemetryLevel': 'off',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'update.mode': 'none',
        'security.workspace.trust.enabled': workspaceTrust,
        'security.workspace.trust.startupPrompt': 'always',
        'chat.disableAIFeatures': true,
        ...settings,
      },
      null,
      2,
    ),
  );
  const common = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  if (vsix) execFileSync(bin, [...common, '--install-extension', vsix], { stdio: log ? 'inherit' : 'ignore' });
  const child = spawn(
    bin,
    [
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
      '--disable-getting-started-override',
      ...common,
    ],
    {
      // The extension's store goes in the throwaway profile, never in the user's data directory.
      env: { ...process.env, CLAUDE_BATCH_HOME: path.join(profile, 'claude-batch-home'), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: false,
    },
  );
  const output = [];
  const keep = (d) => {
    output.push(String(d));
    if (log) process.stdout.write(`[code-server] ${d}`);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    'code-server',
    async () => {
      try {
        return (await fetch(`${url}/healthz`)).ok;
      } catch {
        return false;
      }
    },
    60_000,
  );
  return { url, port, profile, output, stop: () => child.kill() };
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-default-apps',
];

export async function launchBrowser() {
  if (!process.env.CHROMIUM_PATH) requireSystemDeps('test');
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

export function workbenchUrl(server, folder, payload) {
  const base = `${server.url}/?folder=${encodeURIComponent(folder)}`;
  return payload ? `${base}&payload=${encodeURIComponent(JSON.stringify(payload))}` : base;
}
