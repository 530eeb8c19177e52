// What the CLI prints: a result as text or JSON on stdout, problems on stderr, and a progress line that only a
// terminal sees (none in a pipe or a CI log).
export interface Output {
  json: boolean;
  /** The command's result: JSON when --json, else the text. */
  result(value: unknown, text: string): void;
  /** A line on stderr: a warning or a note, never part of the result. */
  note(line: string): void;
  /** Rewrites the progress line on a terminal; nothing elsewhere. */
  progress(line: string): void;
  done(): void;
}

export function makeOutput(json: boolean, out = process.stdout, err = process.stderr): Output {
  let shown = false;
  const clear = (): void => {
    if (shown) err.write('\r\x1b[2K');
    shown = false;
  };
  return {
    json,
    result(value, text) {
      clear();
      out.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${text}\n`);
    },
    note(line) {
      clear();
      err.write(`${line}\n`);
    },
    progress(line) {
      if (!err.isTTY) return;
      err.write(`\r\x1b[2K${line}`);
      shown = true;
    },
    done: clear,
  };
}
