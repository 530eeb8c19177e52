// A minimal event emitter so the core can announce changes without knowing about vscode.EventEmitter.
export type Listener<T> = (value: T) => void;

/** What a change touched, so a view can redraw only that: the queue, some batches, or everything. */
export interface StateChange {
  all?: boolean;
  queue?: boolean;
  batchIds?: string[];
}

export interface Disposable {
  dispose(): void;
}

export class Emitter<T> {
  private listeners = new Set<Listener<T>>();

  readonly event = (listener: Listener<T>): Disposable => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  fire(value: T): void {
    for (const listener of [...this.listeners]) listener(value);
  }

  dispose(): void {
    this.listeners.clear();
  }
}
