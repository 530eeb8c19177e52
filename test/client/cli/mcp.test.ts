// The MCP server as an agent meets it: the SDK's own client starts `claude-batch mcp` over stdio, lists the
// tools, queues a task (and is refused one outside the workspace), submits, collects and reads the result.
import * as assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { CLI, cliProject, type CliProject } from '../../helpers/cliProcess';

describe('claude-batch mcp (the MCP SDK client over stdio, simulator)', function () {
  let project: CliProject;
  let client: Client;

  beforeEach(async () => {
    project = await cliProject({ 'project/src/paint.js': 'export const colour = "red";\n' }, { processingMs: 50 });
    client = new Client({ name: 'test-agent', version: '1.0.0' });
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [CLI, 'mcp', '-w', project.ws],
        env: { ...project.env, PATH: process.env['PATH'] ?? '' },
        stderr: 'pipe',
      }),
    );
  });
  afterEach(async () => {
    await client.close();
    await project.close();
  });

  const call = async <T>(name: string, args: Record<string, unknown> = {}): Promise<{ value: T; isError: boolean }> => {
    const result = (await client.callTool({ name, arguments: args })) as {
      content: Array<{ type: string; text: string }>;
      isError?: boolean;
    };
    const text = result.content[0]!.text;
    let value: T;
    try {
      value = JSON.parse(text) as T;
    } catch {
      value = text as T;
    }
    return { value, isError: result.isError === true };
  };

  it('lists its tools, queues, submits, collects and reads a result; refuses what the editor refuses', async () => {
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((t) => t.name).sort(), [
      'batch_status',
      'collect_results',
      'list_batches',
      'queue_task',
      'read_result',
      'submit',
    ]);
    const outside = await call<string>('queue_task', { file: '../outside.js', instruction: 'x' });
    assert.equal(outside.isError, true);
    assert.match(outside.value, /must be a path inside the workspace/);
    const missing = await call<string>('queue_task', { file: 'src/nope.js', instruction: 'x' });
    assert.match(missing.value, /no such file/);

    const queued = await call<{ queued: string; queueSize: number }>('queue_task', {
      file: 'src/paint.js',
      instruction: 'Replace "red" with "blue"',
    });
    assert.equal(queued.isError, false, JSON.stringify(queued.value));
    assert.equal(queued.value.queueSize, 1);
    const created = (await (await fetch(`${project.sim.url}/_sim/batches`)).json()) as unknown[];
    assert.equal(created.length, 0, 'queueing sends nothing');

    const submitted = await call<{ submitted: Array<{ id: string }> }>('submit', { name: 'from an agent' });
    assert.equal(submitted.isError, false, JSON.stringify(submitted.value));
    for (;;) {
      const collected = await call<{ running: number; ready: Array<{ id: string }> }>('collect_results');
      if (collected.value.running === 0) {
        assert.deepEqual(
          collected.value.ready.map((t) => t.id),
          [queued.value.queued],
        );
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const result = await call<{ state: string; edits: unknown[] }>('read_result', { taskId: queued.value.queued });
    assert.equal(result.value.state, 'ready');
    assert.deepEqual(result.value.edits, [{ old_text: 'red', new_text: 'blue' }]);
    const batches = await call<Array<{ name: string; status: string }>>('list_batches');
    assert.deepEqual(
      batches.value.map((b) => [b.name, b.status]),
      [['from an agent', 'ended']],
    );
  });
});
