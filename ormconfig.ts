import 'reflect-metadata';
import { DataSource, DataSourceOptions } from 'typeorm';
import { ENTITIES } from './src/entities';
import { MIGRATIONS } from './src/db/migrations';

export type DatabaseKind = 'sqlite' | 'mysql';

export interface DatabaseTarget {
  kind: DatabaseKind;
  /** For MySQL: which server. `mariadb://` URLs select TypeORM's MariaDB dialect. */
  flavor?: 'mysql' | 'mariadb';
  /** SQLite file path or `:memory:`; the MySQL URL otherwise. */
  location: string;
}

/**
 * Reads `DATABASE_URL`: `sqlite:<path>`, `sqlite::memory:`, `mysql://user:pass@host:port/db` or
 * `mariadb://...` (same, with TypeORM's MariaDB dialect: use it for MariaDB servers so that schema
 * comparisons read MariaDB's column defaults right). Throws with a clear message for anything else.
 */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (url.startsWith('sqlite:')) {
    const location = url.slice('sqlite:'.length).replace(/^\/\//, '');
    if (!location)
      throw new Error('DATABASE_URL sqlite: needs a path, e.g. sqlite:data/dev.sqlite');
    return { kind: 'sqlite', location };
  }
  if (/^(mysql|mariadb):\/\//.test(url)) {
    return {
      kind: 'mysql',
      flavor: url.startsWith('mariadb:') ? 'mariadb' : 'mysql',
      location: url.replace(/^mariadb:/, 'mysql:'),
    };
  }
  throw new Error(
    'DATABASE_URL must be sqlite:<path>, sqlite::memory:, mysql://user:pass@host:port/db or mariadb://...',
  );
}

export interface DataSourceSettings {
  url: string;
  /** Create tables from the entities (SQLite, embedded use). MySQL uses migrations. */
  synchronize?: boolean;
  logger?: DataSourceOptions['logger'];
  logging?: DataSourceOptions['logging'];
  poolSize?: number;
}

/** The one DataSource definition of the service, for SQLite and MySQL/MariaDB alike. */
export function createDataSource(settings: DataSourceSettings): DataSource {
  const target = parseDatabaseUrl(settings.url);
  const common = {
    entities: ENTITIES,
    logger: settings.logger,
    logging: settings.logging ?? false,
  };
  if (target.kind === 'sqlite') {
    return new DataSource({
      ...common,
      type: 'better-sqlite3',
      database: target.location,
      synchronize: settings.synchronize ?? true,
      enableWAL: target.location !== ':memory:',
      prepareDatabase: (db: { pragma(sql: string): unknown }) => {
        db.pragma('foreign_keys = ON');
        db.pragma('busy_timeout = 5000');
      },
    });
  }
  return new DataSource({
    ...common,
    type: target.flavor ?? 'mysql',
    url: target.location,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    supportBigNumbers: true,
    bigNumberStrings: true,
    poolSize: settings.poolSize ?? 10,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    synchronize: false,
  });
}

/** For the TypeORM CLI: the database named by DATABASE_URL. */
export default createDataSource({
  url: process.env.DATABASE_URL ?? 'sqlite:data/dev.sqlite',
  synchronize: false,
});
