import 'reflect-metadata';
import { seedDemo } from '../seeds/demo.seed';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';
import { createServer } from './server';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(process.env.LOG_LEVEL ?? 'info');
  const server = await createServer({ config, logger });
  if (config.seedDemoData) {
    const seeded = await seedDemo(server.services, {
      adminEmail: config.seedAdminEmail,
      adminPassword: config.seedAdminPassword,
    });
    if (seeded) {
      // Printed once, to the operator's terminal only: these are not stored in clear anywhere.
      console.log('\nDemo data created. These credentials are shown once:\n');
      console.log(`  admin  ${seeded.admin.email}  password: ${seeded.admin.password}`);
      console.log(`  owner  ${seeded.owner.email}  password: ${seeded.owner.password}`);
      for (const key of seeded.keys) console.log(`  key    ${key.name}\n         ${key.secret}`);
      console.log('');
    }
  }
  const url = await server.listen(config.port);
  console.log(
    `Merchant key service ready at ${url}${config.introspection ? ' (Apollo Sandbox)' : ''}`,
  );

  let stopping = false;
  /**
   * Graceful shutdown: `/readyz` turns 503, the listener closes, in-flight requests finish (up to
   * the drain grace period), queued request logs and lastUsedAt updates are written, Redis and the
   * database are closed. Past `SHUTDOWN_TIMEOUT_MS` the process exits with status 1 regardless.
   */
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, timeoutMs: config.shutdownTimeoutMs }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown timed out');
      logger.flush();
      process.exit(1);
    }, config.shutdownTimeoutMs);
    timer.unref();
    server.close().then(
      () => {
        logger.info('shut down');
        logger.flush();
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        logger.flush();
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error('Failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
