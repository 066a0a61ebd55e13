import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getSchema, printServiceSchema } from '../src/graphql/schema';

/** Writes schema/schema.graphql. `--check` exits 1 when the committed file is stale. */
async function main(): Promise<void> {
  const sdl = printServiceSchema(await getSchema());
  const file = join(__dirname, '..', '..', 'schema', 'schema.graphql');
  if (process.argv.includes('--check')) {
    const { readFileSync, existsSync } = await import('node:fs');
    const current = existsSync(file) ? readFileSync(file, 'utf8') : '';
    if (current !== sdl) {
      console.error(
        'schema/schema.graphql is out of date: run `npm run schema:emit` and commit it.',
      );
      process.exit(1);
    }
    console.log('schema/schema.graphql is up to date.');
    return;
  }
  writeFileSync(file, sdl);
  console.log(`Wrote ${file}`);
}

void main();
