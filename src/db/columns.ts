import { ValueTransformer } from 'typeorm';
import { ID_LENGTH } from '../domain/ids';

/** Column options shared by every entity, so SQLite and MySQL store the same shapes. */

export const idColumn = { type: 'varchar', length: ID_LENGTH } as const;

/** Millisecond precision timestamps (MySQL `datetime(3)`, SQLite text), always UTC. */
export const timestampColumn = { type: 'datetime', precision: 3 } as const;

/**
 * Money and balances in minor units. Stored as BIGINT; mysql2 returns it as a string and
 * better-sqlite3 as a number, so both are normalised to a JavaScript number (safe up to 2^53).
 */
export const minorUnitsTransformer: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null ? null : Number(value)),
};

export const minorUnitsColumn = {
  type: 'bigint',
  transformer: minorUnitsTransformer,
} as const;
