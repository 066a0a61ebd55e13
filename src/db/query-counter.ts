import type { Logger as TypeOrmLogger } from 'typeorm';

/**
 * A TypeORM logger that counts (and optionally keeps) the SQL statements run. Used by tests that
 * bound the queries per operation, and to prove that refused requests touch no table.
 */
export class QueryCounter implements TypeOrmLogger {
  count = 0;
  readonly statements: string[] = [];

  constructor(private readonly keep = false) {}

  logQuery(query: string): void {
    this.count++;
    if (this.keep) this.statements.push(query);
  }

  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}

  reset(): void {
    this.count = 0;
    this.statements.length = 0;
  }
}
