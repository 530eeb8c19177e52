// `npm run simulator`: starts the local Batches API simulator and prints its URL.
// Environment: SIM_PORT (default 8765), SIM_PROCESSING_MS (default 3000), SIM_API_KEY (accept only this key),
// SIM_SCENARIO (a scenario file), SIM_QUIET=1 to silence the request log.
import { startSimulator } from './server';

async function main(): Promise<void> {
  const env = process.env;
  const sim = await startSimulator({
    port: Number(env['SIM_PORT'] ?? 8765),
    processingMs: Number(env['SIM_PROCESSING_MS'] ?? 3000),
    ...(env['SIM_API_KEY'] ? { apiKey: env['SIM_API_KEY'] } : {}),
    ...(env['SIM_SCENARIO'] ? { scenarioFile: env['SIM_SCENARIO'] } : {}),
    ...(env['SIM_QUIET'] ? {} : { log: (line: string) => console.log(`[simulator] ${line}`) }),
  });
  console.log(`Batches API simulator listening on ${sim.url}`);
  console.log(`Point the extension at it: "claudeBatch.apiBaseUrl": "${sim.url}" (any API key works).`);
  const stop = (): void => void sim.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
