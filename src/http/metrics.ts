import type { Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Most distinct operation names kept as label values; later names are counted as `other`. */
export const MAX_OPERATION_LABELS = 200;
/** Most distinct outcome codes kept as label values. */
const MAX_OUTCOME_LABELS = 50;
const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,99}$/;

/**
 * Keeps the label values of one label bounded: at most `max` distinct values, then `other`.
 * Values that are not GraphQL-name-like (client-chosen text) are `other` too.
 */
export class LabelBound {
  private readonly seen = new Set<string>();

  constructor(
    private readonly max: number,
    private readonly empty: string,
  ) {}

  label(value: string | null | undefined): string {
    if (value === null || value === undefined || value === '') return this.empty;
    if (this.seen.has(value)) return value;
    if (!GRAPHQL_NAME.test(value) || this.seen.size >= this.max) return 'other';
    this.seen.add(value);
    return value;
  }
}

/** Numbers read at scrape time from the parts of the server that own them. */
export interface MetricSources {
  keyCacheHits: () => number;
  keyCacheMisses: () => number;
  keyCacheSize: () => number;
  requestLogQueueDepth: () => number;
  lastUsedQueueDepth: () => number;
  /** 1 while the revocation bus is subscribed, 0 while down; absent without Redis. */
  revocationBusUp?: () => number;
}

/** One completed GraphQL request, as the response plugin or the context builder saw it. */
export interface RequestObservation {
  operationName: string | null | undefined;
  outcome: string;
  durationMs: number;
}

/**
 * The Prometheus metrics of one server instance, in a registry of its own (several servers in
 * one process, as in the tests, do not share or clash).
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly operations = new LabelBound(MAX_OPERATION_LABELS, 'anonymous');
  private readonly outcomes = new LabelBound(MAX_OUTCOME_LABELS, 'unknown');
  private readonly requests: Counter<'operation' | 'outcome'>;
  private readonly duration: Histogram<'operation' | 'outcome'>;
  private webhookBacklog: () => number = () => 0;

  constructor(sources: MetricSources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.requests = new Counter({
      name: 'graphql_requests_total',
      help: 'GraphQL requests by operation name and outcome code (OK or the first error code).',
      labelNames: ['operation', 'outcome'],
      registers,
    });
    this.duration = new Histogram({
      name: 'graphql_request_duration_seconds',
      help: 'GraphQL request duration from context building to response, in seconds.',
      labelNames: ['operation', 'outcome'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    const counterFrom = (name: string, help: string, read: () => number) =>
      new Counter({
        name,
        help,
        registers,
        collect() {
          this.reset();
          this.inc(read());
        },
      });
    const gaugeFrom = (name: string, help: string, read: () => number) =>
      new Gauge({
        name,
        help,
        registers,
        collect() {
          this.set(read());
        },
      });
    counterFrom('key_cache_hits_total', 'API key verifications answered from the cache.', () =>
      sources.keyCacheHits(),
    );
    counterFrom('key_cache_misses_total', 'API key verifications that queried the database.', () =>
      sources.keyCacheMisses(),
    );
    gaugeFrom('key_cache_entries', 'Verified keys held in the cache.', () =>
      sources.keyCacheSize(),
    );
    gaugeFrom('request_log_queue_depth', 'Request log rows waiting to be written.', () =>
      sources.requestLogQueueDepth(),
    );
    gaugeFrom('last_used_queue_depth', 'Keys waiting for their lastUsedAt update.', () =>
      sources.lastUsedQueueDepth(),
    );
    gaugeFrom('webhook_backlog', 'Webhook deliveries waiting (0 until webhooks exist).', () =>
      this.webhookBacklog(),
    );
    const busUp = sources.revocationBusUp;
    if (busUp) {
      gaugeFrom('revocation_bus_up', '1 while key revocations arrive over Redis, else 0.', busUp);
    }
  }

  /** Feeds the webhook backlog gauge (the webhook deliverer registers itself here). */
  setWebhookBacklog(read: () => number): void {
    this.webhookBacklog = read;
  }

  observeRequest(observation: RequestObservation): void {
    const labels = {
      operation: this.operations.label(observation.operationName),
      outcome: this.outcomes.label(observation.outcome),
    };
    this.requests.inc(labels);
    this.duration.observe(labels, observation.durationMs / 1000);
  }

  /** `GET /metrics` in the Prometheus text format. */
  handler() {
    return async (_req: Request, res: Response): Promise<void> => {
      res.setHeader('Content-Type', this.registry.contentType);
      res.send(await this.registry.metrics());
    };
  }
}
