import { DataSource } from 'typeorm';
import { KeyHasher } from '../src/auth/keys/key-hash';
import { KeyVerifier } from '../src/auth/keys/key-verifier';
import { createDataSource } from '../ormconfig';
import { BenchFixture } from './common';

export interface LatencySummary {
  label: string;
  samples: number;
  p50Us: number;
  p99Us: number;
  maxUs: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Times `run` `samples` times (after `warmup` untimed runs); `before` runs untimed each time. */
async function time(
  label: string,
  samples: number,
  warmup: number,
  run: () => Promise<unknown>,
  before?: () => void,
): Promise<LatencySummary> {
  for (let i = 0; i < warmup; i++) {
    before?.();
    await run();
  }
  const micros: number[] = [];
  for (let i = 0; i < samples; i++) {
    before?.();
    const start = process.hrtime.bigint();
    await run();
    micros.push(Number(process.hrtime.bigint() - start) / 1000);
  }
  micros.sort((a, b) => a - b);
  return {
    label,
    samples,
    p50Us: percentile(micros, 50),
    p99Us: percentile(micros, 99),
    maxUs: micros[micros.length - 1],
  };
}

/**
 * `KeyVerifier.verify` alone, in this process, on the fixture's database: a cached key (HMAC and
 * an LRU lookup), a cache miss (HMAC, one indexed query with the merchant and owner, constant-time
 * compare; the entry is dropped untimed before each call) and a malformed key.
 */
export async function verifierMicroBench(
  fixture: BenchFixture,
  samples: number,
): Promise<LatencySummary[]> {
  const dataSource: DataSource = createDataSource({ url: fixture.databaseUrl, synchronize: false });
  await dataSource.initialize();
  try {
    const verifier = new KeyVerifier(dataSource, new KeyHasher(fixture.keyPepper), 10_000);
    const first = await verifier.verify(fixture.mainKey);
    if (!first.ok) throw new Error(`bench key refused: ${first.code}`);
    const id = first.key.id;
    const kind = dataSource.options.type === 'better-sqlite3' ? 'SQLite' : 'MariaDB';
    const malformed = fixture.mainKey.slice(0, -1) + (fixture.mainKey.endsWith('a') ? 'b' : 'a');
    return [
      await time('verify, cached key', samples * 10, 1000, () => verifier.verify(fixture.mainKey)),
      await time(
        `verify, cache miss (${kind})`,
        samples,
        100,
        () => verifier.verify(fixture.mainKey),
        () => verifier.keyChanged(id),
      ),
      await time('verify, malformed key', samples * 10, 1000, () => verifier.verify(malformed)),
    ];
  } finally {
    await dataSource.destroy();
  }
}
