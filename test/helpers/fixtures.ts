// Source files of a realistic size for tests that must see what real models do with real files.

/** A 400-line JavaScript module of 40 exported functions (10 lines each), none of them documented. */
export function fortyFunctions(): string {
  const functions = Array.from({ length: 40 }, (_, i) =>
    [
      `export function step${i + 1}(input, options = {}) {`,
      `  const factor = options.factor ?? ${i + 2};`,
      '  const values = Array.isArray(input) ? input : [input];',
      '  const scaled = values.map((value) => value * factor);',
      `  if (scaled.length > ${i + 10}) {`,
      `    return scaled.slice(0, ${i + 10});`,
      '  }',
      '  const total = scaled.reduce((sum, value) => sum + value, 0);',
      `  return { total, count: scaled.length, label: 'step ${i + 1}' };`,
      '}',
    ].join('\n'),
  );
  return `${functions.join('\n')}\n`;
}
