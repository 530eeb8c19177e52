// claude-batch: the headless front door (dist/cliMain.js, started by src/cli/launcher.ts). Queues, submits and
// collects with the same core and the same store as the VS Code extension, so that work queued in one shows in
// the other. `claude-batch help` lists the commands.
import { parseArgs } from 'node:util';
import { EFFORTS, type Effort } from '../core/models/modelInfo';
import type { SubmitSettings } from '../core/serviceTypes';
import { collectCommand, statusCommand, submitCommand } from './batchCommands';
import { DEFAULT_MAX_SECONDS } from './checkBatches';
import { CliError, describeFailure, EXIT } from './exitCodes';
import { makeOutput, type Output } from './output';
import { queueCommand } from './queueCommand';
import { applyCommand } from './applyCommand';
import { importCommand } from './importCommand';
import { cancelCommand, exportCommand, retryCommand } from './manageCommands';
import type * as McpModule from './mcpServer';
import { openWorkspace } from './workspace';
import { HELP } from './help';

const OPTIONS = {
  workspace: { type: 'string', short: 'w' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  instruction: { type: 'string', short: 'i' },
  lines: { type: 'string' },
  label: { type: 'string' },
  'allow-secret-files': { type: 'boolean' },
  'context-tokens': { type: 'string' },
  'dry-run': { type: 'boolean' },
  name: { type: 'string' },
  model: { type: 'string' },
  'max-tokens': { type: 'string' },
  effort: { type: 'string' },
  watch: { type: 'boolean' },
  batch: { type: 'string' },
  'max-seconds': { type: 'string' },
  all: { type: 'boolean' },
  validate: { type: 'boolean' },
  format: { type: 'string' },
  at: { type: 'string' },
  out: { type: 'string', short: 'o' },
} as const;

function numberOption(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new CliError(EXIT.usage, `--${name} ${value}: expected a whole number.`);
  return n;
}

function settingsFrom(values: { model?: string; 'max-tokens'?: string; effort?: string }): SubmitSettings {
  const effort = values.effort ?? 'medium';
  if (effort !== 'default' && !EFFORTS.includes(effort as Effort))
    throw new CliError(EXIT.usage, `--effort ${effort}: expected one of ${EFFORTS.join(', ')}, or default.`);
  return {
    model: values.model ?? 'claude-sonnet-5-5',
    maxTokens: numberOption('max-tokens', values['max-tokens'], 64_000),
    effort: effort === 'default' ? undefined : (effort as Effort),
    cachePriming: 'never',
  };
}

export async function run(argv: string[], out: (json: boolean) => Output = makeOutput): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    process.stderr.write(`claude-batch: ${(error as Error).message}. See claude-batch --help.\n`);
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  const [command = 'help', ...rest] = positionals;
  const output = out(values.json === true);
  if (command === 'help' || values.help) {
    const topic = command === 'help' ? (rest[0] ?? '') : command;
    process.stdout.write(`${HELP[topic] ?? HELP['']}\n`);
    return HELP[topic] === undefined && topic !== '' ? EXIT.usage : EXIT.ok;
  }
  if (!(command in HELP)) {
    process.stderr.write(`claude-batch: unknown command "${command}". See claude-batch --help.\n`);
    return EXIT.usage;
  }
  const controller = new AbortController();
  const onInterrupt = (): void => {
    if (command === 'collect' && !controller.signal.aborted) return controller.abort();
    // A submit stopped midway is reconciled by the next run, from its journal: never sent twice.
    process.stderr.write(
      '\nclaude-batch: interrupted; nothing is lost (an interrupted submit is checked on the next run).\n',
    );
    process.exit(EXIT.interrupted);
  };
  process.on('SIGINT', onInterrupt);
  try {
    if (command === 'mcp') {
      // Its own bundle (dist/mcpServer.js, with the MCP SDK), loaded only for this command; it opens the workspace
      // itself, so nothing but plain values crosses between the two files.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mcp = require('./mcpServer.js') as typeof McpModule;
      const contextTokens = numberOption('context-tokens', values['context-tokens'], 20_000);
      return await mcp.runMcp(values.workspace ?? process.cwd(), settingsFrom(values), contextTokens);
    }
    const ws = await openWorkspace(values.workspace ?? process.cwd());
    for (const problem of ws.problems) output.note(`set aside: ${problem}`);
    if (!['queue', 'import', 'apply', 'export'].includes(command)) {
      // As the editor does at start: a submission cut short is settled before anything else is sent or shown.
      try {
        for (const settled of await ws.service.submitter.reconcile())
          output.note(
            `an interrupted submission was settled: ${settled.outcome}${settled.batchId ? ` (${settled.batchId})` : ''}`,
          );
      } catch (error) {
        if (command !== 'status') throw error;
        output.note(`an interrupted submission could not be checked yet: ${describeFailure(error).message}`);
      }
    }
    switch (command) {
      case 'queue':
        return await queueCommand(
          ws,
          {
            files: rest,
            instruction: values.instruction,
            lines: values.lines,
            label: values.label,
            allowSecretFiles: values['allow-secret-files'] === true,
            contextTokens: numberOption('context-tokens', values['context-tokens'], 20_000),
          },
          output,
        );
      case 'submit':
        return await submitCommand(
          ws,
          settingsFrom(values),
          { name: values.name, dryRun: values['dry-run'] === true, at: values.at },
          output,
        );
      case 'import':
        return await importCommand(
          ws,
          {
            file: rest[0],
            validate: values.validate === true,
            allowSecretFiles: values['allow-secret-files'] === true,
            contextTokens: numberOption('context-tokens', values['context-tokens'], 20_000),
          },
          output,
        );
      case 'status':
        return statusCommand(ws, output);
      case 'export':
        return await exportCommand(ws, { batchId: values.batch, format: values.format, to: values.out }, output);
      case 'cancel':
        return await cancelCommand(ws, values.batch, output);
      case 'retry':
        return await retryCommand(ws, values.batch, settingsFrom(values), output);
      case 'apply':
        return await applyCommand(ws, { batchId: values.batch, all: values.all === true }, output);
      default:
        return await collectCommand(
          ws,
          {
            watch: values.watch === true,
            batchId: values.batch,
            maxSeconds: numberOption('max-seconds', values['max-seconds'], DEFAULT_MAX_SECONDS),
            signal: controller.signal,
          },
          output,
        );
    }
  } catch (error) {
    const { exit, message } = describeFailure(error);
    output.done();
    process.stderr.write(`claude-batch: ${message}\n`);
    if (exit === EXIT.failure && process.env['CLAUDE_BATCH_DEBUG']) process.stderr.write(`${(error as Error).stack}\n`);
    return exit;
  } finally {
    process.off('SIGINT', onInterrupt);
    output.done();
  }
}

// Run directly (the compiled tests run out/src/cli/main.js); the bin starts it through src/cli/launcher.ts.
if (require.main === module) void run(process.argv.slice(2)).then((code) => process.exit(code));
