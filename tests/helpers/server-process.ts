import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createDatabase, dropDatabase, withDatabase } from '../../scripts/mysql-admin';

const ROOT = join(__dirname, '..', '..');

/** The MariaDB server the multi-process tests use, whichever database the suite runs on. */
export function mysqlBaseUrl(): string {
  const fromSuite = process.env.TEST_DATABASE_URL ?? '';
  if (/^(mysql|mariadb):/.test(fromSuite)) return fromSuite;
  return process.env.MYSQL_BASE_URL || 'mariadb://root@127.0.0.1:3306/test';
}

/** A fresh MariaDB database of its own, dropped by `drop()`. */
export async function freshMysqlDatabase(
  prefix: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = mysqlBaseUrl();
  const name = await createDatabase(base, prefix);
  return { url: withDatabase(base, name), drop: () => dropDatabase(base, name) };
}

export interface ServerProcess {
  /** The GraphQL endpoint, e.g. http://localhost:41234/graphql. */
  url: string;
  /** `url` without `/graphql`. */
  base: string;
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr, line by line. */
  output: string[];
  /** Sends `signal` and resolves to the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts `src/index.ts` in a separate Node process (TypeScript compiled on the fly by
 * `swc-register.js`), exactly as `npm start` runs it, with `env` on top of a test baseline.
 * Resolves once the process printed its URL.
 */
export function startServerProcess(
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    ['-r', join(ROOT, 'tests/helpers/swc-register.js'), join(ROOT, 'src/index.ts')],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'test',
        PORT: '0',
        SEED_DEMO_DATA: 'false',
        INTROSPECTION: 'false',
        LOG_LEVEL: 'info',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const output: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server process did not start:\n${output.join('\n')}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line === '') continue;
        output.push(line);
        const match = /ready at (http:\/\/\S+\/graphql)/.exec(line);
        if (match) {
          clearTimeout(timer);
          const url = match[1].replace('localhost', '127.0.0.1');
          resolve({
            url,
            base: url.replace(/\/graphql$/, ''),
            child,
            output,
            stop(signal = 'SIGTERM') {
              if (child.exitCode !== null || child.signalCode !== null) return exited;
              child.kill(signal);
              return exited;
            },
          });
        }
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server process exited with ${code}:\n${output.join('\n')}`));
    });
  });
}
