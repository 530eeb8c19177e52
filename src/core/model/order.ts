// Orders by creation time. Timestamps are ISO 8601 strings of one format, so text order is time order: compared
// as plain strings, not with localeCompare, which asks ICU's collator each time (the tree sorted every batch kept,
// that way, on every refresh).
interface Created {
  createdAt: string;
}

export function oldestFirst(a: Created, b: Created): number {
  return a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0;
}

export function newestFirst(a: Created, b: Created): number {
  return oldestFirst(b, a);
}
