import type DataLoader from 'dataloader';
import type { Logger } from 'pino';
import { Caller } from '../auth/caller';
import { DataScope } from '../db/scope';
import { Services } from '../services';

/** What every resolver and plugin receives for one request. Built by `src/auth/context.ts`. */
export interface AppContext {
  requestId: string;
  /** The server logger bound to this request: every line carries `requestId`. */
  log?: Logger;
  clientIp: string;
  caller: Caller;
  services: Services;
  /** Per-request DataLoaders for relations, created on first use. */
  loaders?: Map<string, DataLoader<string, unknown>>;
  /** The data scope of an API-key caller, computed on first use. */
  keyScope?: DataScope;
  /** `performance.now()` when the context builder started: request durations count from here. */
  startedAt?: number;
}
