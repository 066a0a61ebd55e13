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
import { createServer as createHttpServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { DataSource, Logger as TypeOrmLogger } from 'typeorm';
import { createDataSource, parseDatabaseUrl } from '../ormconfig';
import { ANONYMOUS, Caller } from './auth/caller';
import { createContextBuilder } from './auth/context';
import { AppConfig } from './config';
import { AppContext } from './graphql/context';
import { createErrorFormatter } from './graphql/errors';
import { operationGuardPlugin, responsePlugin } from './graphql/plugins';
import { getSchema } from './graphql/schema';
import { httpErrorHandler } from './http/errors';
import { graphqlHandler } from './http/graphql-handler';
import { healthCheck } from './http/health';
import { requestId } from './http/request-id';
import { createLogger } from './logger';
import { createServices, Services } from './services';
import { Workers } from './workers/workers';

export interface ServerOptions {
  config: AppConfig;
  logger?: Logger;
  /** Bench-only: switch off authentication and scope enforcement to measure their cost. */
  enforcement?: boolean;
  /**
   * Bench-only, with `enforcement: false`: every request runs as this key, looked up once at
   * start and never verified again (no header read, no rule check), so that resource queries
   * get the same data scope, resolvers and data as with enforcement. Without it the caller is
   * anonymous.
   */
  baselineKey?: string;
  /** Receives every SQL statement (tests count them). */
  queryLogger?: TypeOrmLogger;
}

export interface AppServer {
  app: Express;
  httpServer: Server;
  apollo: ApolloServer<AppContext>;
  dataSource: DataSource;
  services: Services;
  /** Request-log writer and lastUsedAt batcher: `workers.flush()` writes what is queued. */
  workers: Workers;
  logger: Logger;
  /** Starts listening; resolves to the GraphQL endpoint URL. Port 0 picks a free port. */
  listen(port?: number, host?: string): Promise<string>;
  /** Stops accepting, drains in-flight requests, flushes the workers, closes the database. */
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
  const services = createServices(dataSource, config);
  const workers = new Workers(services, logger, {
    flushIntervalMs: config.requestLogFlushMs,
    requestLogs: { maxQueue: config.requestLogQueueSize },
  });
  const schema = await getSchema();

  const app = express();
  const httpServer = createHttpServer(app);
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
    includeStacktraceInErrorResponses: development,
    formatError: createErrorFormatter({
      exposeInternals: development,
      onInternalError: (error) => logger.error({ err: error }, 'internal error'),
    }),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // No field sets cache hints: the default cache-control plugin only wrapped every field
      // resolver (about 1% of CPU on list queries) to answer `no-store`, which the handler sends.
      ApolloServerPluginCacheControlDisabled(),
      landingPage,
      operationGuardPlugin({ enabled: enforcement }),
      responsePlugin(logger, { onKeyRequest: (report) => workers.recordKeyRequest(report) }),
    ],
  });
  await apollo.start();

  const buildContext = createContextBuilder({
    services,
    onAuthFailure: (event) => {
      logger.info({ ...event, event: 'auth_failed' }, 'authentication failed');
      workers.recordAuthFailure(event);
    },
  });
  workers.start();
  const baselineCaller = await fixedCaller(services, enforcement ? undefined : options.baselineKey);
  const unenforcedContext = async ({ res }: { res: express.Response }): Promise<AppContext> => ({
    requestId: res.locals.requestId as string,
    clientIp: '',
    caller: baselineCaller,
    services,
  });

  app.disable('x-powered-by');
  app.set('trust proxy', process.env.TRUST_PROXY ?? false);
  app.use(requestId);
  app.get('/healthz', healthCheck(dataSource));
  app.use(
    '/graphql',
    // Browser checkouts call with PUBLIC keys from any origin; no cookies are used.
    cors({
      origin: true,
      credentials: false,
      exposedHeaders: ['X-Request-Id', 'Retry-After'],
      maxAge: 600,
    }),
    express.json({ limit: config.bodyLimitBytes }),
    graphqlHandler(apollo, enforcement ? buildContext : unenforcedContext),
  );
  app.use(httpErrorHandler(logger));

  return {
    app,
    httpServer,
    apollo,
    dataSource,
    services,
    workers,
    logger,
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
      await apollo.stop();
      if (httpServer.listening)
        await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      // Every request has been answered: write what they queued before closing the database.
      await workers.stop();
      if (dataSource.isInitialized) await dataSource.destroy();
    },
  };
}
