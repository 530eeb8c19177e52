// The shortest prompt prefix each model caches (../shared/notes/batches-api.md). A shorter prefix marked with
// cache_control is silently not cached, so marking it buys nothing; the Models API does not say, hence a table.

const MINIMUMS: ReadonlyArray<[RegExp, number]> = [
  [/^claude-(opus-5-5|sonnet-5-5|fable-)/, 512],
  [/^claude-haiku-5-5/, 2048],
  [/^claude-(opus-4-6|opus-4-5|haiku-4-5)/, 4096],
];

/** Tokens below which a prefix is not cached; 1,024 for a model this table does not name. */
export function minCacheableTokens(model: string): number {
  return MINIMUMS.find(([pattern]) => pattern.test(model))?.[1] ?? 1024;
}
