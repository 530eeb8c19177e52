// The anchored-edit protocol: every request asks for structured output of this shape, and every answer is
// read back through the same zod schema, so what we ask for and what we accept cannot drift apart. The JSON
// schema sent is made from this zod schema at build time (esbuild.mjs → editOutputSchema.json), so the converter
// is not shipped; a unit test fails if the two differ.
import * as z from 'zod';
import schema from './editOutputSchema.json';

export const EditResponseSchema = z.object({
  summary: z
    .string()
    .describe('What was changed and why, or the full answer when no edit is needed (reviews, explanations).'),
  edits: z
    .array(
      z.object({
        // describe() before optional(): the description must sit on the string itself to reach the JSON schema.
        path: z
          .string()
          .describe('Omit for the task file. A new file to create: its path relative to the workspace folder.')
          .optional(),
        old_text: z
          .string()
          .describe('Exact text from the file, occurring exactly once in it; empty when creating a new file.'),
        new_text: z.string().describe('The text that replaces old_text.'),
      }),
    )
    .describe('Replacements to make; empty when the answer is only text.'),
});
export type EditResponse = z.infer<typeof EditResponseSchema>;

const FORMAT = { type: 'json_schema' as const, schema: schema as Record<string, unknown> };

/** The `output_config.format` sent with every request. */
export function editOutputFormat(): { type: 'json_schema'; schema: Record<string, unknown> } {
  return FORMAT;
}
