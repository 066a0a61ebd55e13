import 'reflect-metadata';
import autocannon from 'autocannon';
import { ChildProcess, execFileSync, fork } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseDatabaseUrl } from '../ormconfig';
import { issueKey } from '../src/auth/keys/key-format';
import { Mode } from '../src/domain/enums';
import { KeyType } from '../src/permissions/permissions';
import { BenchFixture, BenchQuery, QUERIES, ServerKind, ServerMessage } from './common';
import { prepareFixture } from './fixture';
import { LatencySummary, verifierMicroBench } from './verify-micro';

/*
 * `npm run bench` (or `bench:quick`): every scenario against its own server process, the load
 * generator (autocannon) in this process, a fixed warm-up, then several interleaved rounds; prints
 * medians and the target ratios. Settings (environment):
 *   BENCH_ROUNDS (7; quick 2), BENCH_DURATION seconds per round (3; quick 2), BENCH_WARMUP seconds
 *   (8; quick 1), BENCH_CONNECTIONS (10), BENCH_ONLY (a regex on "scenario query"),
 *   DATABASE_URL (a mysql:// or mariadb:// server URL: a throwaway database is created there;
 *   default: a SQLite file in a temp dir), BENCH_MYSQL_URL (for the cache-miss micro-benchmark on
 *   MariaDB when the run is on SQLite; default mariadb://root@127.0.0.1:3306/test),
 *   BENCH_PROFILE (a directory: every server writes a V8 CPU profile there when it stops),
 *   BENCH_PIN=0 (do not pin the load generator and the servers to separate CPUs).
 * To add a scenario, add a server kind in `server-process.ts` and a cell in `cells()`.
 */

interface Settings {
  rounds: number;
  durationS: number;
  warmupS: number;
  connections: number;
  only?: RegExp;
}

function settings(): Settings {
  const quick = process.argv.includes('--quick');
  const num = (name: string, fallback: number) => {
    const value = Number(process.env[name]);
    return Number.isFinite(value) && value > 0 ? value : fallback;
  };
  return {
    rounds: num('BENCH_ROUNDS', quick ? 2 : 7),
    durationS: num('BENCH_DURATION', quick ? 2 : 3),
    warmupS: num('BENCH_WARMUP', quick ? 1 : 8),
    connections: num('BENCH_CONNECTIONS', 10),
    only: process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : undefined,
  };
}

/** One measured combination: a scenario, a query, the server that answers it and its headers. */
interface Cell {
  scenario: string;
  query: BenchQuery;
  server: ServerKind;
  apiKey?: string;
  /** Keys used round-robin, one per request (autocannon `setupRequest`). */
  rotate?: readonly string[];
  /** The status every response must have. */
  status: number;
}

interface Measurement {
  rps: number;
  p99Ms: number;
  unexpected: number;
}

function cells(fixture: BenchFixture): Cell[] {
  const list: Cell[] = [];
  for (const query of QUERIES) {
    list.push({ scenario: 'baseline', query, server: 'baseline', status: 200 });
    list.push({
      scenario: 'service',
      query,
      server: 'service',
      apiKey: fixture.mainKey,
      status: 200,
    });
    list.push({ scenario: 'peer', query, server: 'peer', apiKey: fixture.mainKey, status: 200 });
    // An identical second service process: the A/A control of every ratio (see BENCHMARKS.md).
    list.push({
      scenario: 'service, second process',
      query,
      server: 'service2',
      apiKey: fixture.mainKey,
      status: 200,
    });
    // Every query, the mutation included, so that its database grows like the service's.
    list.push({
      scenario: 'service, no query limits',
      query,
      server: 'unlimited',
      apiKey: fixture.mainKey,
      status: 200,
    });
    list.push({ scenario: 'bare', query, server: 'bare', status: 200 });
  }
  const customers = QUERIES[0];
  list.push(
    {
      scenario: 'service, 1 key rr',
      query: customers,
      server: 'service',
      rotate: [fixture.mainKey],
      status: 200,
    },
    {
      scenario: 'service, 1000 keys rr',
      query: customers,
      server: 'service',
      rotate: fixture.keys,
      status: 200,
    },
  );
  const key = fixture.mainKey;
  const malformed = key.slice(0, -1) + (key.endsWith('a') ? 'b' : 'a');
  const unknown = issueKey(KeyType.PRIVATE, Mode.LIVE).secret;
  list.push(
    {
      scenario: 'invalid: malformed key',
      query: customers,
      server: 'service',
      apiKey: malformed,
      status: 403,
    },
    {
      scenario: 'invalid: unknown key',
      query: customers,
      server: 'service',
      apiKey: unknown,
      status: 403,
    },
  );
  return list;
}

/**
 * With two cores or more, the load generator (this process) runs on CPU 0 and every server on
 * CPU 1 (`taskset`), so that they never take turns on one core; `BENCH_PIN=0` turns it off.
 * Returns what was done, for the report.
 */
function pin(pid: number, cpu: number | string): boolean {
  if (process.env.BENCH_PIN === '0' || cpus().length < 2) return false;
  try {
    execFileSync('taskset', ['-apc', String(cpu), String(pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const label = (cell: Cell) => `${cell.scenario} ${cell.query.name}`;

/** Cells of one group are measured back to back in each round (see `main`). */
const groupOf = (cell: Cell) => (cell.rotate ? 'rotation' : cell.query.name);

function startServer(kind: ServerKind, fixtureFile: string, logFile: string) {
  return new Promise<{ child: ChildProcess; url: string }>((resolve, reject) => {
    const profileDir = process.env.BENCH_PROFILE;
    const child = fork(join(__dirname, 'server-process.js'), [kind, fixtureFile, logFile], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      // A V8 CPU profile per server, written on exit (open it in Chrome DevTools).
      execArgv: profileDir
        ? ['--cpu-prof', '--cpu-prof-interval=200', `--cpu-prof-dir=${profileDir}`]
        : [],
    });
    if (child.pid !== undefined) pin(child.pid, 1);
    child.once('message', (message: ServerMessage) => {
      if (message.ready) resolve({ child, url: message.url });
      else reject(new Error(`${kind} server failed: ${message.error}`));
    });
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
}

async function post(url: string, body: string, apiKey?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (apiKey) headers['x-api-key'] = apiKey;
  const response = await fetch(url, { method: 'POST', headers, body });
  return {
    status: response.status,
    json: (await response.json()) as { data?: unknown; errors?: unknown },
  };
}

/** Every cell answers with its expected status; reads answer the same data on every server. */
async function sanityCheck(list: Cell[], urls: Map<ServerKind, string>): Promise<void> {
  const reference = new Map<string, string>();
  for (const cell of list) {
    const url = urls.get(cell.server) as string;
    const res = await post(url, cell.query.body, cell.apiKey ?? cell.rotate?.[0]);
    if (res.status !== cell.status || (cell.status === 200 && res.json.errors)) {
      throw new Error(`${label(cell)}: ${res.status} ${JSON.stringify(res.json).slice(0, 300)}`);
    }
    if (cell.status !== 200 || !cell.query.deterministic) continue;
    const data = JSON.stringify(res.json.data);
    const seen = reference.get(cell.query.name);
    if (seen === undefined) reference.set(cell.query.name, data);
    else if (seen !== data) throw new Error(`${label(cell)} answered other data than the others`);
  }
}

async function measure(cell: Cell, url: string, seconds: number, connections: number) {
  let next = 0;
  const rotate = cell.rotate;
  const result = await autocannon({
    url,
    method: 'POST',
    connections,
    duration: seconds,
    headers: {
      'content-type': 'application/json',
      ...(cell.apiKey ? { 'x-api-key': cell.apiKey } : {}),
    },
    body: cell.query.body,
    requests: rotate
      ? [
          {
            setupRequest: (request) => {
              request.headers = { ...request.headers, 'x-api-key': rotate[next++ % rotate.length] };
              return request;
            },
          },
        ]
      : undefined,
  });
  const expected = cell.status === 200 ? result['2xx'] : result.non2xx;
  return {
    rps: result.requests.total / result.duration,
    p99Ms: result.latency.p99,
    unexpected: result.requests.total - expected + result.errors + result.timeouts,
  } satisfies Measurement;
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cols: string[]) =>
    `| ${cols.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  return [
    line(headers),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.map(line),
  ].join('\n');
}

async function mysqlMicroBench(samples: number): Promise<LatencySummary[] | string> {
  const url = process.env.BENCH_MYSQL_URL ?? 'mariadb://root@127.0.0.1:3306/test';
  let prepared;
  try {
    prepared = await prepareFixture(url, 0, false);
  } catch (error) {
    return `MariaDB not reachable at ${url}: ${(error as Error).message}`;
  }
  try {
    return await verifierMicroBench(prepared.fixture, samples);
  } finally {
    await prepared.cleanup();
  }
}

async function main(): Promise<void> {
  const s = settings();
  const pinned = pin(process.pid, 0);
  const serverUrl = process.env.DATABASE_URL;
  const onMysql = serverUrl !== undefined && parseDatabaseUrl(serverUrl).kind === 'mysql';
  console.log(
    `bench: ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version}, ` +
      `${onMysql ? 'MariaDB/MySQL' : 'SQLite file'}; ${s.rounds} rounds x ${s.durationS} s, ` +
      `warm-up ${s.warmupS} s, ${s.connections} connections; ` +
      `${pinned ? 'load generator on CPU 0, servers on CPU 1' : 'not pinned'}; ` +
      `load average ${loadavg()[0].toFixed(2)}`,
  );
  const started = Date.now();
  const prepared = await prepareFixture(onMysql ? serverUrl : undefined);
  const { fixture, dir } = prepared;
  console.log(`seeded in ${((Date.now() - started) / 1000).toFixed(1)} s (${dir})`);
  const list = cells(fixture).filter((cell) => !s.only || s.only.test(label(cell)));
  const kinds = [...new Set(list.map((cell) => cell.server))];
  const children: ChildProcess[] = [];
  const urls = new Map<ServerKind, string>();
  const results = new Map<Cell, Measurement[]>();
  let micro: LatencySummary[] = [];
  let mysqlMicro: LatencySummary[] | string = [];
  try {
    for (const kind of kinds) {
      // SQLite: a copy of the seeded file per server, so that no server waits on another's writes.
      let databaseUrl = fixture.databaseUrl;
      if (!onMysql) {
        const file = join(dir, `${kind}.sqlite`);
        copyFileSync(parseDatabaseUrl(fixture.databaseUrl).location, file);
        databaseUrl = `sqlite:${file}`;
      }
      const fixtureFile = join(dir, `${kind}.json`);
      writeFileSync(fixtureFile, JSON.stringify({ ...fixture, databaseUrl }));
      const server = await startServer(kind, fixtureFile, join(dir, `${kind}.log`));
      children.push(server.child);
      urls.set(kind, server.url);
    }
    await sanityCheck(list, urls);
    const url = (cell: Cell) => urls.get(cell.server) as string;

    console.log(`warm-up: ${s.warmupS} s per cell (${list.length} cells)`);
    for (const cell of list) {
      if (cell.rotate && cell.rotate.length > 1) {
        // Every key of the rotation verified (and cached) once: the steady state is measured.
        for (let i = 0; i < cell.rotate.length; i += 20) {
          await Promise.all(
            cell.rotate.slice(i, i + 20).map((k) => post(url(cell), cell.query.body, k)),
          );
        }
      }
      await measure(cell, url(cell), s.warmupS, s.connections);
    }
    // Cells compared with each other run back to back (one group per query, the key rotation
    // apart); the group order and the order inside each group shift by one every round.
    const groups = [...new Set(list.map(groupOf))].map((g) => list.filter((c) => groupOf(c) === g));
    for (let round = 0; round < s.rounds; round++) {
      for (let g = 0; g < groups.length; g++) {
        const group = groups[(g + round) % groups.length];
        for (let i = 0; i < group.length; i++) {
          const cell = group[(i + round) % group.length];
          const m = await measure(cell, url(cell), s.durationS, s.connections);
          results.set(cell, [...(results.get(cell) ?? []), m]);
        }
      }
      console.log(`round ${round + 1}/${s.rounds} done`);
    }
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(
      children.map(
        (child) =>
          new Promise((resolve) =>
            child.exitCode !== null ? resolve(null) : child.once('exit', resolve),
          ),
      ),
    );
  }
  // The micro-benchmarks run in this process: give it every CPU again (MariaDB needs one too).
  if (pinned) pin(process.pid, `0-${cpus().length - 1}`);
  micro = await verifierMicroBench(fixture, 2000);
  if (!onMysql) mysqlMicro = await mysqlMicroBench(2000);
  await prepared.cleanup();

  const summary = new Map<string, { rps: number; p99Ms: number }>();
  const rows = list.map((cell) => {
    const ms = results.get(cell) ?? [];
    const rps = median(ms.map((m) => m.rps));
    const p99Ms = median(ms.map((m) => m.p99Ms));
    summary.set(label(cell), { rps, p99Ms });
    const unexpected = ms.reduce((sum, m) => sum + m.unexpected, 0);
    return [
      cell.scenario,
      cell.query.name,
      rps.toFixed(0),
      p99Ms.toFixed(1),
      ms.map((m) => m.rps.toFixed(0)).join(' / '),
      String(unexpected),
    ];
  });
  console.log(
    `\nThroughput (median of rounds; p99 latency median of rounds); load average now ` +
      loadavg()
        .map((x) => x.toFixed(2))
        .join(' '),
  );
  console.log('');
  console.log(table(['scenario', 'query', 'req/s', 'p99 ms', 'rounds req/s', 'unexpected'], rows));

  const ratioRows: string[][] = [];
  const perRound = new Map<string, number[]>();
  for (const [cell, ms] of results)
    perRound.set(
      label(cell),
      ms.map((m) => m.rps),
    );
  /** A target ratio, or (target null) a control that shows the noise between identical servers. */
  const ratio = (name: string, a: string, b: string, target: number | null) => {
    const x = summary.get(a);
    const y = summary.get(b);
    if (!x || !y) return;
    const value = x.rps / y.rps;
    const xs = perRound.get(a) ?? [];
    const ys = perRound.get(b) ?? [];
    const paired = median(xs.map((v, i) => v / ys[i]));
    const verdict = (v: number) => (target === null ? 'noise' : v >= target ? 'PASS' : 'MISS');
    ratioRows.push([
      name,
      target === null ? '(control)' : `>= ${target.toFixed(2)}`,
      value.toFixed(2),
      verdict(value),
      paired.toFixed(2),
      verdict(paired),
    ]);
  };
  for (const query of QUERIES) {
    ratio(
      `service / second service process, ${query.name}`,
      `service ${query.name}`,
      `service, second process ${query.name}`,
      null,
    );
  }
  for (const query of QUERIES) {
    ratio(
      `service / baseline, ${query.name}`,
      `service ${query.name}`,
      `baseline ${query.name}`,
      0.9,
    );
  }
  for (const query of QUERIES) {
    ratio(`service / bare, ${query.name}`, `service ${query.name}`, `bare ${query.name}`, 0.8);
  }
  for (const query of QUERIES) {
    ratio(`service / peer, ${query.name}`, `service ${query.name}`, `peer ${query.name}`, 1.2);
  }
  for (const query of QUERIES) {
    ratio(
      `service / no query limits, ${query.name}`,
      `service ${query.name}`,
      `service, no query limits ${query.name}`,
      0.95,
    );
  }
  const c = QUERIES[0].name;
  ratio('1000 keys / 1 key', `service, 1000 keys rr ${c}`, `service, 1 key rr ${c}`, 0.95);
  ratio('malformed key / baseline', `invalid: malformed key ${c}`, `baseline ${c}`, 1.0);
  ratio('unknown key / baseline', `invalid: unknown key ${c}`, `baseline ${c}`, 1.0);
  console.log(
    '\nTargets: ratio of the medians, and median of the per-round ratios (same round, cells ' +
      'measured back to back: less sensitive to drift in the machine load)\n',
  );
  console.log(table(['ratio', 'target', 'of medians', '', 'per-round median', ''], ratioRows));

  const microRows = [...micro, ...(typeof mysqlMicro === 'string' ? [] : mysqlMicro)].map((m) => [
    m.label,
    String(m.samples),
    m.p50Us.toFixed(1),
    m.p99Us.toFixed(1),
    m.maxUs.toFixed(1),
  ]);
  console.log('\nKeyVerifier.verify (in process, microseconds)\n');
  console.log(table(['case', 'samples', 'p50 µs', 'p99 µs', 'max µs'], microRows));
  const check = (name: string, value: number | undefined, limitUs: number) =>
    value === undefined
      ? `${name}: not measured`
      : `${name}: p99 ${value.toFixed(1)} µs (target < ${limitUs} µs) ${value < limitUs ? 'PASS' : 'MISS'}`;
  console.log(check('cached key', micro[0]?.p99Us, 50));
  const mariaMiss = onMysql ? micro[1] : typeof mysqlMicro === 'string' ? undefined : mysqlMicro[1];
  console.log(check('cache miss on MariaDB', mariaMiss?.p99Us, 5000));
  if (typeof mysqlMicro === 'string') console.log(mysqlMicro);

  const out = join(__dirname, '..', '..', 'bench', 'results');
  mkdirSync(out, { recursive: true });
  const file = join(out, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      {
        settings: { ...s, only: s.only?.source },
        summary: Object.fromEntries(summary),
        ratios: ratioRows,
        micro,
        mysqlMicro,
      },
      null,
      2,
    ),
  );
  console.log(`\nresults written to ${file} (git-ignored)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
