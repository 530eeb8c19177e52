// Ingesting 100,000 results: each line parsed and validated, and the model's answer in it parsed and validated,
// against plain JSON.parse of the same lines — and against parsing both (line and answer) with no validation.
import { createReadStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import * as os from 'node:os';
import * as path from 'node:path';
import { mb, ms, now, out, row } from './common.mjs';

const { parseResultLine } = out('src/core/results/resultParser.js');

export async function ingestRows() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cb-bench-r-'));
  const file = path.join(dir, 'results.jsonl');
  const usage = { input_tokens: 900, output_tokens: 120, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
  const lines = [];
  for (let i = 0; i < 100_000; i++) {
    const text = JSON.stringify({
      summary: `Task ${i}`,
      edits: [{ old_text: `return a + b + ${i};`, new_text: `return b + a + ${i};` }],
    });
    lines.push(
      JSON.stringify({
        custom_id: `t${i}`,
        result: { type: 'succeeded', message: { content: [{ type: 'text', text }], stop_reason: 'end_turn', usage } },
      }),
    );
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
  lines.length = 0;
  const size = statSync(file).size;
  const readAll = async (perLine) => {
    const rl = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
    for await (const line of rl) perLine(line);
  };
  const sides = {
    plain: (line) => JSON.parse(line),
    both: (line) => JSON.parse(JSON.parse(line).result.message.content[0].text),
    ours: (line) => parseResultLine(JSON.parse(line)),
  };
  const fastest = { plain: Infinity, both: Infinity, ours: Infinity };
  let rssGrowth = 0;
  // Best of three runs each, alternating, so that no side is measured cold or in a noisy moment alone.
  for (let run = 0; run < 3; run++) {
    for (const [side, perLine] of Object.entries(sides)) {
      global.gc?.();
      const rssBefore = process.memoryUsage().rss;
      const start = now();
      await readAll(perLine);
      fastest[side] = Math.min(fastest[side], ms(start));
      if (side === 'ours') rssGrowth = Math.max(rssGrowth, process.memoryUsage().rss - rssBefore);
    }
  }
  const rate = (t) => size / 1024 / 1024 / (t / 1000);
  row({
    what: 'ingest 100,000 results (parse + validate)',
    value: rate(fastest.ours),
    unit: 'MB/s',
    limit: rate(fastest.plain),
    limitWhat: 'JSON.parse of each line',
    higherIsBetter: true,
    target: '≥ 80% of limit',
    note: `file ${mb(size)}, read line by line; best of 3`,
  });
  row({
    what: '  the same, against parsing the answers too',
    value: rate(fastest.ours),
    unit: 'MB/s',
    limit: rate(fastest.both),
    limitWhat: 'JSON.parse of each line and of its answer',
    higherIsBetter: true,
    note: 'each line carries the model’s answer as JSON text, which must be parsed to be used',
  });
  row({
    what: 'ingest RSS growth',
    value: Math.max(0, rssGrowth) / 1024 / 1024,
    unit: 'MB',
    target: '< 100 MB',
    note: 'streamed line by line',
  });
  rmSync(dir, { recursive: true, force: true });
}
