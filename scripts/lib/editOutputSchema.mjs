// Made at build time: the JSON schema of the edit protocol's answers, from the zod schema that reads them back
// (through the SDK's own converter, as a request would have sent it). Shipping the JSON keeps the converter out of
// the bundles; test/unit/core/requests/editProtocol.test.ts fails if the file is not current.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
export const EDIT_OUTPUT_SCHEMA_FILE = 'src/core/requests/editOutputSchema.json';

export async function emitEditOutputSchema(esbuild) {
  const built = await esbuild.build({
    stdin: {
      contents: `import { zodOutputFormat } from '@anthropic-ai/sdk/helpers/zod';
        import { EditResponseSchema } from './src/core/requests/editProtocol';
        export const schema = zodOutputFormat(EditResponseSchema).schema;`,
      resolveDir: process.cwd(),
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
    logLevel: 'silent',
  });
  const module = { exports: {} };
  new Function('module', 'exports', 'require', built.outputFiles[0].text)(module, module.exports, require);
  const text = `${JSON.stringify(module.exports.schema, null, 2)}\n`;
  const current = (() => {
    try {
      return readFileSync(EDIT_OUTPUT_SCHEMA_FILE, 'utf8');
    } catch {
      return undefined;
    }
  })();
  if (current !== text) writeFileSync(EDIT_OUTPUT_SCHEMA_FILE, text);
}
