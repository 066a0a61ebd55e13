import { Caller } from '../auth/caller';
import { Services } from '../services';

/** What every resolver and plugin receives for one request. Built by `src/auth/context.ts`. */
export interface AppContext {
  requestId: string;
  clientIp: string;
  caller: Caller;
  services: Services;
  /** `performance.now()` when the context builder started: request durations count from here. */
  startedAt?: number;
}
