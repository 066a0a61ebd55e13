import 'reflect-metadata';
import { ApolloServer, ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import cors from 'cors';
import express, { Express } from 'express';
import {
  createServer as createHttpServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { DataSource, Logger as TypeOrmLogger } from 'typeorm';
import { createDataSource, parseDatabaseUrl } from '../ormconfig';
import { ANONYMOUS, Caller } from './auth/caller';
import { createContextBuilder } from './auth/context';
import { RateLimiter } from './auth/rate-limiter';
import { RedisRateLimiter } from './auth/redis-rate-limiter';
import { AppConfig } from './config';
import { AppContext } from './graphql/context';
import { createErrorFormatter } from './graphql/errors';
import { loginGuardPlugin, operationGuardPlugin, responsePlugin } from './graphql/plugins';
import { queryLimitsPlugin } from './graphql/query-limits';
import { getSchema } from './graphql/schema';
import { httpErrorHandler } from './http/errors';
import { createGraphQLEndpoint } from './http/graphql-endpoint';
import { graphqlHandler, GraphQLRequestInfo } from './http/graphql-handler';
import { healthCheck, readinessCheck } from './http/health';
import { Metrics } from './http/metrics';
import { RevocationBus } from './auth/keys/revocation-bus';
import { requestId } from './http/request-id';
import { securityHeaders } from './http/security-headers';
import { createLogger } from './logger';
import { createServices, Services } from './services';
import { Workers } from './workers/workers';

export interface ServerOptions {
  config: AppConfig;
  logger?: Logger;
  /** Bench-only: switch off authentication and scope enforcement to measure their cost. */
  enforcement?: boolean;
  /** Bench-only: leave the query limits (depth, cost, aliases...) out to measure their cost. */
  queryLimits?: boolean;
  /**
   * Bench-only, with `enforcement: false`: every request runs as this key, looked up once at
   * start and never verified again (no header read, no rule check), so that resource queries
   * get the same data scope, resolvers and data as with enforcement. Without it the caller is
   * anonymous.
   */
  baselineKey?: string;
  /** Receives every SQL statement (tests count them). */
  queryLogger?: TypeOrmLogger;
  /** Counts requests for the rate limits; in-process by default. */
  rateLimiter?: RateLimiter;
}

export interface AppServer {
  app: Express;
  httpServer: Server;
  apollo: ApolloServer<AppContext>;
  dataSource: DataSource;
  services: Services;
  /**
   * Request-log writer and lastUsedAt batcher (`workers.flush()` writes what is queued) and the
   * webhook deliverer (`workers.webhooks.runOnce()`).
   */
  workers: Workers;
  logger: Logger;
  /** Prometheus metrics of this instance (`GET /metrics`). */
  metrics: Metrics;
  /** The Redis revocation broadcast, when `redisUrl` is configured. */
  revocationBus?: RevocationBus;
  /** Starts listening; resolves to the GraphQL endpoint URL. Port 0 picks a free port. */
  listen(port?: number, host?: string): Promise<string>;
  /**
   * Stops accepting, drains in-flight requests, flushes the workers, closes Redis and the
   * database. `/readyz` answers 503 from the moment it is called.
   */
  close(): Promise<void>;
}

const EXAMPLE_OPERATION = `# Send your key in the X-Api-Key header (Headers tab below).
query WhoAmI {
  currentApiKey {
    name
    type
    mode
    permissions
    scopes { scope preset }
    expiresAt
    merchant { name status }
  }
}
`;

/**
 * Opens the database (creating the schema on SQLite; running or checking migrations on MySQL).
 * Fails when MySQL has pending migrations and the configuration does not allow running them.
 */
export async function openDatabase(
  config: AppConfig,
  logger: Logger,
  queryLogger?: TypeOrmLogger,
): Promise<DataSource> {
  const kind = parseDatabaseUrl(config.databaseUrl).kind;
  const dataSource = createDataSource({
    url: config.databaseUrl,
    synchronize: kind === 'sqlite',
    logger: queryLogger,
  });
  await dataSource.initialize();
  if (kind === 'mysql') {
    if (config.runMigrations) {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      if (applied.length > 0)
        logger.info({ migrations: applied.map((m) => m.name) }, 'migrations applied');
    } else if (await dataSource.showMigrations()) {
      await dataSource.destroy();
      throw new Error('The database has pending migrations: run `npm run migration:run` first.');
    }
  }
  return dataSource;
}

/** The caller of every request when enforcement is off: `key` verified once, or anonymous. */
async function fixedCaller(services: Services, key: string | undefined): Promise<Caller> {
  if (key === undefined) return ANONYMOUS;
  const verification = await services.verifier.verify(key);
  if (!verification.ok) throw new Error(`baselineKey refused: ${verification.code}`);
  return { kind: 'apiKey', key: verification.key };
}

/** Builds the whole service (database, services, GraphQL, HTTP) without listening yet. */
export async function createServer(options: ServerOptions): Promise<AppServer> {
  const { config } = options;
  const logger = options.logger ?? createLogger(process.env.LOG_LEVEL ?? 'info');
  const enforcement = options.enforcement ?? true;
  const dataSource = await openDatabase(config, logger, options.queryLogger);
  const rateLimiter =
    options.rateLimiter ??
    (config.redisUrl ? new RedisRateLimiter({ url: config.redisUrl, logger }) : undefined);
  let revocationBus: RevocationBus | undefined;
  const redisUrl = config.redisUrl;
  const services = createServices(dataSource, { ...config, rateLimiter }, (verifier) => {
    if (!redisUrl) return verifier;
    revocationBus = new RevocationBus(verifier, {
      redisUrl,
      logger,
      channel: config.revocationChannel,
      fallbackMaxAgeMs: config.keyCacheFallbackMaxAgeMs,
    });
    return revocationBus;
  });
  // Narrowed once: TypeScript does not follow the assignment inside the callback.
  const bus = revocationBus as RevocationBus | undefined;
  await bus?.start();
  const workers = new Workers(services, logger, {
    flushIntervalMs: config.requestLogFlushMs,
    requestLogs: { maxQueue: config.requestLogQueueSize },
    webhooks: {
      intervalMs: config.webhookIntervalMs,
      timeoutMs: config.webhookTimeoutMs,
      retryBaseMs: config.webhookRetryBaseMs,
      retryMaxDelayMs: config.webhookRetryMaxDelayMs,
      maxAttempts: config.webhookMaxAttempts,
      disableAfterFailures: config.webhookDisableAfterFailures,
      expiringScanMs: config.webhookExpiringScanMs,
    },
  });
  const schema = await getSchema();
  const metrics = new Metrics({
    keyCacheHits: () => services.verifier.hits,
    keyCacheMisses: () => services.verifier.misses,
    keyCacheSize: () => services.verifier.size,
    requestLogQueueDepth: () => workers.requestLogs.depth,
    lastUsedQueueDepth: () => workers.lastUsed.depth,
    revocationBusUp: bus ? () => (bus.connected ? 1 : 0) : undefined,
  });
  let stopping = false;

  const app = express();
  // Requests are dispatched below, once the routes exist.
  const httpServer = createHttpServer();
  const development = config.env === 'development';

  const landingPage: ApolloServerPlugin = config.introspection
    ? ApolloServerPluginLandingPageLocalDefault({
        embed: true,
        document: EXAMPLE_OPERATION,
        headers: { 'X-Api-Key': '' },
        includeCookies: false,
      })
    : ApolloServerPluginLandingPageDisabled();

  const apollo = new ApolloServer<AppContext>({
    schema,
    introspection: config.introspection,
    // No "Did you mean ...?" hints that would leak field names when introspection is off.
    hideSchemaDetailsFromClientErrors: !development,
    // Token limit enforced while parsing, before the document is even built.
    parseOptions: { maxTokens: config.queryLimits.maxTokens },
    // A JSON array body (HTTP batching) would multiply every per-request limit: refused (400).
    allowBatchedHttpRequests: false,
    // src/index.ts owns SIGTERM/SIGINT: Apollo's own handler (on outside NODE_ENV=test) would
    // stop Apollo behind its back and hang the graceful shutdown.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: development,
    formatError: createErrorFormatter({
      exposeInternals: development,
      onInternalError: (error) => logger.error({ err: error }, 'internal error'),
    }),
    plugins: [
      ApolloServerPluginDrainHttpServer({
        httpServer,
        stopGracePeriodMillis: Math.max(0, config.shutdownTimeoutMs - 2000),
      }),
      // No field sets cache hints: the default cache-control plugin only wrapped every field
      // resolver (about 1% of CPU on list queries) to answer `no-store`, which the handler sends.
      ApolloServerPluginCacheControlDisabled(),
      landingPage,
      // Limits first: an oversized operation is refused before anything else looks at it.
      ...(options.queryLimits === false ? [] : [queryLimitsPlugin(config.queryLimits)]),
      loginGuardPlugin(config.rateLimits),
      operationGuardPlugin({ enabled: enforcement }),
      responsePlugin(logger, {
        onKeyRequest: (report) => workers.recordKeyRequest(report),
        onResponse: (report) => metrics.observeRequest(report),
      }),
    ],
  });
  await apollo.start();

  const buildContext = createContextBuilder({
    services,
    rateLimits: config.rateLimits,
    logger,
    onAuthFailure: (event) => {
      logger.info({ ...event, event: 'auth_failed' }, 'authentication failed');
      workers.recordAuthFailure(event);
      metrics.observeRequest({
        operationName: event.operationName,
        outcome: event.code,
        durationMs: event.durationMs,
      });
    },
  });
  workers.start();
  const baselineCaller = await fixedCaller(services, enforcement ? undefined : options.baselineKey);
  const unenforcedContext = async ({ requestId }: GraphQLRequestInfo): Promise<AppContext> => ({
    requestId,
    log: logger.child({ requestId }),
    clientIp: '',
    caller: baselineCaller,
    services,
  });
  const context = enforcement ? buildContext : unenforcedContext;
  const headerOptions = { hsts: config.env === 'production', landingPage: config.introspection };
  // Browser checkouts call with PUBLIC keys from any origin; no cookies are used.
  const exposedHeaders = ['X-Request-Id', 'Retry-After'];

  app.disable('x-powered-by');
  // No ETag: answers are `no-store`, and hashing every body cost about 2% of a small query.
  app.set('etag', false);
  app.set('trust proxy', config.trustProxy);
  app.use(requestId);
  app.use(securityHeaders(headerOptions));
  app.get('/healthz', healthCheck());
  app.get(
    '/readyz',
    readinessCheck({ dataSource, redis: bus && (() => bus.ping()), stopping: () => stopping }),
  );
  app.get('/metrics', metrics.handler());
  app.use(
    '/graphql',
    cors({ origin: true, credentials: false, exposedHeaders, maxAge: 600 }),
    express.json({ limit: config.bodyLimitBytes }),
    graphqlHandler(apollo, context),
  );
  app.use(httpErrorHandler(logger));
  // The GraphQL POST (nearly all traffic) skips Express; everything else is Express's.
  const graphqlEndpoint = createGraphQLEndpoint({
    apollo,
    context,
    logger,
    bodyLimitBytes: config.bodyLimitBytes,
    securityHeaders: headerOptions,
    trustProxy: app.get('trust proxy fn') as (address: string, hop: number) => boolean,
    exposedHeaders,
  });
  httpServer.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (!graphqlEndpoint(req, res)) app(req, res);
  });

  return {
    app,
    httpServer,
    apollo,
    dataSource,
    services,
    workers,
    logger,
    metrics,
    revocationBus: bus,
    listen(port = config.port, host?: string) {
      return new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          const address = httpServer.address() as AddressInfo;
          resolve(`http://${host ?? 'localhost'}:${address.port}/graphql`);
        });
      });
    },
    async close() {
      stopping = true;
      await apollo.stop();
      logger.debug('shutdown: HTTP drained');
      if (httpServer.listening)
        await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      // Every request has been answered: write what they queued before closing the database.
      await workers.stop();
      logger.debug('shutdown: workers flushed');
      await bus?.close();
      logger.debug('shutdown: Redis closed');
      if (dataSource.isInitialized) await dataSource.destroy();
      await services.rateLimiter.close?.();
    },
  };
}
