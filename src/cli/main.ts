#!/usr/bin/env node
// claude-batch: the headless front door. Queues, submits and collects with the same core and the same store as
// the VS Code extension, so that work queued in one shows in the other. `claude-batch help` lists the commands.
import { parseArgs } from 'node:util';
import { EFFORTS, type Effort } from '../core/models/modelInfo';
import type { SubmitSettings } from '../core/serviceTypes';
import { collectCommand, statusCommand, submitCommand } from './batchCommands';
import { CliError, describeFailure, EXIT } from './exitCodes';
import { makeOutput, type Output } from './output';
import { queueCommand } from './queueCommand';
import { applyCommand } from './applyCommand';
import { openWorkspace } from './workspace';

const HELP: Record<string, string> = {
  '': `claude-batch — queue code work for Anthropic's Message Batches API at half the price

Usage: claude-batch <command> [options]

Commands:
  queue <files…> -i <instruction>   queue a task per file (--lines a-b, --label <word>)
  submit [--dry-run] [--name <n>]    send the queue as one Message Batch (--dry-run: the cost, nothing sent)
  status                             the queue and the workspace's batches
  collect [--watch] [--batch <id>]   check running batches and download the results of those that ended
  apply (--batch <id> | --all)       write ready results to the files, merged with changes made since

Options for every command:
  -w, --workspace <dir>   the workspace folder (default: the current directory)
  --json                  the result as JSON on stdout
  -h, --help              help for a command

The API key comes from ANTHROPIC_API_KEY (ANTHROPIC_BASE_URL points elsewhere, e.g. the local simulator).
Exit codes: 0 ok, 1 unexpected, 2 usage, 3 no or refused API key, 4 bad input, 5 API unreachable or failing,
6 unknown batch or task, 7 some results not applied, 130 interrupted.`,
  queue: `claude-batch queue <files…> -i <instruction> [--lines a-b] [--label <word>] [--allow-secret-files]
  [--context-tokens <n>]

Queues one task per file, with the project context the editor adds (instructions, imports, tests) within
--context-tokens (default 20000; 0: none). Files must lie inside the workspace and be text.`,
  submit: `claude-batch submit [--dry-run] [--name <name>] [--model <id>] [--max-tokens <n>] [--effort <level>]

Sends every queued task as one Message Batch (several past the API's limits). The model is checked first and the
requests are scanned for keys, as in the editor. --dry-run counts tokens with the API and prints the cost.`,
  status: `claude-batch status [--json]

The queued tasks and every batch of the workspace, with their tasks' states.`,
  collect: `claude-batch collect [--watch] [--batch <id>] [--max-seconds <n>]

Checks the running batches once (or, with --watch, until all have ended, at most --max-seconds between checks,
default 300) and downloads the results of those that ended. Ctrl+C stops waiting; nothing is lost.`,
  apply: `claude-batch apply (--batch <id> | --all)

Writes the ready results of a batch (or of every batch) to the files on disk, as Apply does in the editor: merged
three ways with changes made since queueing; new files only inside the workspace, never over an existing one.
A result that conflicts is listed with why and stays ready (exit code 7); review it in VS Code.`,
};

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
    const ws = await openWorkspace(values.workspace ?? process.cwd());
    for (const problem of ws.problems) output.note(`set aside: ${problem}`);
    if (command !== 'queue' && command !== 'apply') {
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
          { name: values.name, dryRun: values['dry-run'] === true },
          output,
        );
      case 'status':
        return statusCommand(ws, output);
      case 'apply':
        return await applyCommand(ws, { batchId: values.batch, all: values.all === true }, output);
      default:
        return await collectCommand(
          ws,
          {
            watch: values.watch === true,
            batchId: values.batch,
            maxSeconds: numberOption('max-seconds', values['max-seconds'], 300),
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

if (require.main === module) void run(process.argv.slice(2)).then((code) => process.exit(code));
