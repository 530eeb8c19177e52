// An in-memory Memento (globalState, workspaceState) for the bench's services and its stubbed activation.
export class Memento {
  data = new Map();
  get(k) {
    return this.data.get(k);
  }
  update(k, v) {
    this.data.set(k, v);
    return Promise.resolve();
  }
}
