import 'reflect-metadata';
import { createDataSource, parseDatabaseUrl } from '../ormconfig';

/** Runs pending MySQL/MariaDB migrations on DATABASE_URL (SQLite creates its schema itself). */
async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url || parseDatabaseUrl(url).kind !== 'mysql') {
    throw new Error(
      'Set DATABASE_URL=mysql://user:pass@host:3306/db (SQLite needs no migrations).',
    );
  }
  const dataSource = createDataSource({ url });
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    console.log(
      applied.length
        ? `Applied: ${applied.map((m) => m.name).join(', ')}`
        : 'No pending migrations.',
    );
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
