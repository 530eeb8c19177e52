// A workspace's BatchService in a temporary folder, talking to a simulator through the real SDK.
import * as path from 'node:path';
import { BatchClient } from '../../src/core/api/batchClient';
import type { BatchService } from '../../src/core/batchService';
import { createWorkspaceService } from '../../src/core/workspaceService';
import { InMemoryMemento } from './fakes';

/** `client` options are read on every API call, so a test may change them (a shorter timeout) as it goes. */
export function simulatorService(dir: string, client: () => { baseURL: string; timeoutMs?: number }): BatchService {
  return createWorkspaceService({
    files: {
      tasks: path.join(dir, 'store'),
      snapshots: path.join(dir, 'snapshots'),
      results: path.join(dir, 'results'),
    },
    state: new InMemoryMemento(),
    workspaceKey: 'ws',
    api: async () => new BatchClient({ apiKey: 'k', maxRetries: 2, ...client() }),
  });
}
