import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { applyMiddleware } from 'graphql-middleware';
import { createServer as createHttpServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { createContextBuilder } from '../../src/auth/context';
import { AppConfig } from '../../src/config';
import { AppContext } from '../../src/graphql/context';
import { createErrorFormatter } from '../../src/graphql/errors';
import { responsePlugin } from '../../src/graphql/plugins';
import { getSchema } from '../../src/graphql/schema';
import { createGraphQLEndpoint } from '../../src/http/graphql-endpoint';
import { openDatabase } from '../../src/server';
import { createServices } from '../../src/services';
import { Workers } from '../../src/workers/workers';
import { shieldFromRuleTable } from './shield-rules';

/**
 * The peer: the same type-graphql schema, resolvers, services, key verification (per request,
 * through the same cached verifier) and request logging as the service, with the permission rules
 * enforced the common way, by graphql-shield resolver middleware instead of the operation check.
 * Returns the URL and a function that stops it.
 */
export async function startShieldServer(
  config: AppConfig,
  logger: Logger,
): Promise<{ url: string; close(): Promise<void> }> {
  const dataSource = await openDatabase(config, logger);
  const services = createServices(dataSource, config);
  const workers = new Workers(services, logger, {
    flushIntervalMs: config.requestLogFlushMs,
    requestLogs: { maxQueue: config.requestLogQueueSize },
  });
  const base = await getSchema();
  const schema = applyMiddleware(base, shieldFromRuleTable(base));
  const apollo = new ApolloServer<AppContext>({
    schema,
    introspection: false,
    formatError: createErrorFormatter({
      exposeInternals: false,
      onInternalError: (error) => logger.error({ err: error }, 'internal error'),
    }),
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      responsePlugin(logger, { onKeyRequest: (report) => workers.recordKeyRequest(report) }),
    ],
  });
  await apollo.start();
  workers.start();
  const buildContext = createContextBuilder({
    services,
    rateLimits: config.rateLimits,
    onAuthFailure: (event) => workers.recordAuthFailure(event),
  });
  // The same transport as the service (src/http/graphql-endpoint.ts): only the rules differ.
  const endpoint = createGraphQLEndpoint({
    apollo,
    context: buildContext,
    logger,
    bodyLimitBytes: config.bodyLimitBytes,
    securityHeaders: { hsts: false, landingPage: false },
    trustProxy: () => false,
    exposedHeaders: ['X-Request-Id', 'Retry-After'],
  });
  const httpServer: Server = createHttpServer((req, res) => {
    if (endpoint(req, res)) return;
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = httpServer.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    async close() {
      await apollo.stop();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      await workers.stop();
      await dataSource.destroy();
    },
  };
}
