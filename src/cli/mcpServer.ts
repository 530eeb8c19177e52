// claude-batch mcp: the workspace's queue as an MCP server over stdio (the official MCP TypeScript SDK), for coding
// agents (Claude Code, VS Code, Cursor…). Queueing, status and results are local and free; only `submit` spends,
// and only what the queue holds then. The checks are the editor's: a file inside the workspace, text, not a
// secret-looking file, an instruction, a line range the file has.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import * as z from 'zod';
import { formatProblem, problemsOf } from '../core/errors';
import { awaitsReview, taskState, type Task } from '../core/model/records';
import { ImportedTaskSchema } from '../core/queue/taskImport';
import type { SubmitSettings } from '../core/serviceTypes';
import { addContext } from '../core/context/draftContext';
import { folderContextSource } from '../core/context/contextSource';
import { batchView } from './batchCommands';
import { checkBatches, DEFAULT_MAX_SECONDS, leaseFor } from './checkBatches';
import { exportRecord } from '../core/results/resultExport';
import { describeFailure } from './exitCodes';
import { draftForEntry } from './importCommand';
import { openWorkspace, type CliWorkspace } from './workspace';

const VERSION = '0.7.0';

type ToolResult = { content: Array<{ type: 'text'; text: string }>; isError?: boolean };
const answer = (value: unknown): ToolResult => ({
  content: [{ type: 'text', text: typeof value === 'string' ? value : JSON.stringify(value, null, 2) }],
});
const refusal = (text: string): ToolResult => ({ ...answer(text), isError: true });

/** What a task came to, for an agent: the export's record (edits or answer, state, usage), and what arrived of an
 * answer the model did not finish. */
function resultOf(task: Task): Record<string, unknown> {
  const outcome = task.outcome;
  return {
    ...exportRecord(task),
    ...(outcome?.type === 'stopped' ? { stopReason: outcome.stopReason, partial: outcome.text } : {}),
  };
}

export function createMcpServer(ws: CliWorkspace, settings: SubmitSettings, contextTokens: number): McpServer {
  const server = new McpServer({ name: 'claude-batch', version: VERSION });
  const safely =
    <A>(run: (args: A) => Promise<ToolResult>) =>
    async (args: A): Promise<ToolResult> => {
      try {
        return await run(args);
      } catch (error) {
        return refusal(describeFailure(error).message);
      }
    };

  server.registerTool(
    'queue_task',
    {
      title: 'Queue a Claude Batch task',
      description:
        'Queues a code task (a file and an instruction, optionally lines) for the next Message Batch, at half the price of a direct request. Free: nothing is sent until submit. Results come back within 24 hours, usually minutes.',
      inputSchema: {
        file: z.string().describe('Path of the file, relative to the workspace folder'),
        instruction: z.string().describe('What to do, e.g. "Add doc comments" or "Write unit tests"'),
        label: z.string().optional().describe('A word to group tasks by, e.g. "docs"'),
        startLine: z.number().int().optional().describe('First line (1-based) of the part to work on'),
        endLine: z.number().int().optional().describe('Last line (1-based, inclusive)'),
      },
    },
    safely(async ({ file, instruction, label, startLine, endLine }) => {
      const entry = ImportedTaskSchema.safeParse({
        file,
        instruction,
        ...(label ? { label } : {}),
        ...(startLine !== undefined ? { range: { startLine, endLine: endLine ?? startLine } } : {}),
      });
      if (!entry.success) return refusal(`Not queued: ${formatProblem(problemsOf(entry.error)[0]!)}`);
      const draft = await draftForEntry(ws, { line: 1, task: entry.data }, false);
      if ('message' in draft) return refusal(`Not queued: ${draft.message}`);
      const withContext = await addContext([draft], {
        sourceFor: () => folderContextSource(ws.folder),
        budget: contextTokens,
      });
      const { queued } = await ws.service.queue(withContext.drafts);
      if (!queued.length) return refusal('Not queued: the same task is already queued or running.');
      return answer({ queued: queued[0]!.id, file: draft.relPath, queueSize: ws.service.store.pending().length });
    }),
  );

  server.registerTool(
    'submit',
    {
      title: 'Submit the Claude Batch queue',
      description:
        'Sends every queued task as one Message Batch. This spends money (half the usual price). Returns the batch id; results arrive when it ends (use collect_results, then read_result).',
      inputSchema: { name: z.string().optional().describe('A name for the batch') },
      annotations: { destructiveHint: false, openWorldHint: true },
    },
    safely(async ({ name }) => {
      const records = await ws.service.submit(settings, name);
      return answer({ submitted: records.map((r) => ({ id: r.id, name: r.name, tasks: r.taskIds.length })) });
    }),
  );

  server.registerTool(
    'batch_status',
    {
      title: 'Claude Batch status',
      description: 'What is queued, and every batch of the workspace with its tasks’ states. Local; sends nothing.',
      annotations: { readOnlyHint: true },
    },
    safely(async () =>
      answer({
        queued: ws.service.store.pending().map((t) => ({ id: t.id, file: t.relPath, instruction: t.instruction })),
        batches: ws.service.registry.list().map((r) => batchView(ws, r)),
      }),
    ),
  );

  server.registerTool(
    'collect_results',
    {
      title: 'Collect Claude Batch results',
      description: 'Checks the running batches once and downloads the results of those that ended (free).',
    },
    safely(async () => {
      const ids = ws.service.registry.inFlight().map((r) => r.id);
      // Under the editor's poll lease, released at once: a long-lived server must not keep a window from polling.
      const lease = leaseFor(ws, DEFAULT_MAX_SECONDS);
      const check = ids.length ? await checkBatches(ws, lease, ids).finally(() => lease.release()) : undefined;
      if (check?.polled) for (const [, result] of check.results) if ('error' in result) throw result.error;
      const ready = ws.service.registry.list().flatMap((r) => ws.service.store.tasksOf(r.id).filter(awaitsReview));
      return answer({
        ...(check && !check.polled
          ? { checkedBy: 'another process (a VS Code window or the CLI); results as it recorded them' }
          : {}),
        running: ws.service.registry.inFlight().length,
        ready: ready.map((t) => ({ id: t.id, file: t.relPath, state: taskState(t) })),
      });
    }),
  );

  server.registerTool(
    'read_result',
    {
      title: 'Read a Claude Batch result',
      description: 'A task’s result: its summary and edits (old_text → new_text), or its answer, or its state.',
      inputSchema: { taskId: z.string().describe('The task id, from queue_task or collect_results') },
      annotations: { readOnlyHint: true },
    },
    safely(async ({ taskId }) => {
      const task = ws.service.store.find(taskId);
      return task ? answer(resultOf(task)) : refusal(`No task ${taskId} in this workspace.`);
    }),
  );

  server.registerTool(
    'list_batches',
    {
      title: 'List Claude Batch batches',
      description: 'Every batch of the workspace, newest first, with its status and tasks’ states.',
      annotations: { readOnlyHint: true },
    },
    safely(async () => answer(ws.service.registry.list().map((r) => batchView(ws, r)))),
  );
  return server;
}

/** Opens the workspace and serves it over stdio until the client goes away. Notes go to stderr, never stdout. */
export async function runMcp(folder: string, settings: SubmitSettings, contextTokens: number): Promise<number> {
  const ws = await openWorkspace(folder);
  for (const problem of ws.problems) process.stderr.write(`claude-batch mcp: set aside: ${problem}\n`);
  const server = createMcpServer(ws, settings, contextTokens);
  const transport = new StdioServerTransport();
  await server.connect(transport);
  // Until the client closes the connection, or its end of stdin.
  await new Promise<void>((resolve) => {
    server.server.onclose = resolve;
    process.stdin.once('end', resolve);
  });
  await server.close();
  return 0;
}
