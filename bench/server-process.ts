import 'reflect-metadata';
import { createWriteStream, readFileSync } from 'node:fs';
import { startBareServer } from './bare/bare-server';
import { benchConfig, BenchFixture, ServerKind, ServerMessage } from './common';
import { startShieldServer } from './peer/shield-server';
import { createLogger } from '../src/logger';
import { createServer } from '../src/server';

/*
 * One benchmarked server in a process of its own, forked by `bench/run.ts`:
 *   node dist/bench/server-process.js <kind> <fixture file (JSON)> <log file>
 * Sends `{ ready, url }` to the parent once listening; stops cleanly on SIGTERM.
 */

async function start(
  kind: ServerKind,
  fixture: BenchFixture,
  logFile: string,
): Promise<{ url: string; close(): Promise<void> }> {
  const config = benchConfig(fixture);
  // Logs go to a file at the production level: their cost is measured, not the terminal's.
  const logger = createLogger(process.env.LOG_LEVEL ?? 'info', createWriteStream(logFile));
  switch (kind) {
    case 'bare':
      return startBareServer(fixture.databaseUrl, fixture.merchantId);
    case 'peer':
      return startShieldServer(config, logger);
    case 'baseline':
    case 'service':
    case 'service2':
    case 'unlimited': {
      const server = await createServer({
        config,
        logger,
        enforcement: kind !== 'baseline',
        queryLimits: kind !== 'unlimited',
        baselineKey: kind === 'baseline' ? fixture.mainKey : undefined,
      });
      const url = await server.listen(0, '127.0.0.1');
      return { url: url.replace('localhost', '127.0.0.1'), close: () => server.close() };
    }
  }
}

async function main(): Promise<void> {
  const [kind, fixtureFile, logFile] = process.argv.slice(2);
  const send = (message: ServerMessage) => process.send?.(message);
  try {
    const fixture = JSON.parse(readFileSync(fixtureFile, 'utf8')) as BenchFixture;
    const server = await start(kind as ServerKind, fixture, logFile);
    process.once('SIGTERM', () => {
      server.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
    send({ ready: true, url: server.url });
  } catch (error) {
    send({
      ready: false,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
    process.exit(1);
  }
}

void main();
