// Dates in tooltips, in the user's locale. `Date.toLocaleString()` builds a new formatter on every call (about
// 0.2 ms each): with two dates per batch row, that was most of the tree's first paint. One formatter serves all.
let formatter: Intl.DateTimeFormat | undefined;

/** The same text as `new Date(iso).toLocaleString()`; a string that is not a date is shown as it is. */
export function dateTimeText(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  formatter ??= new Intl.DateTimeFormat(undefined, {
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    second: '2-digit',
  });
  return formatter.format(date);
}
