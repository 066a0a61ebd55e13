import { EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/*
 * Plain INSERT and SELECT statements for the request path, written from TypeORM's entity metadata
 * and run with `manager.query` (inside the caller's transaction when `manager` is one).
 *
 * Why not the query builder here: on this machine TypeORM spends about 100 µs building each
 * statement, and its `insert` reads defaulted columns back with one more SELECT, while the
 * statement itself runs in a few microseconds (better-sqlite3 and mysql2 both cache prepared
 * statements). A key request writes or reads only a handful of rows, so that overhead was most of
 * the cost of a mutation (see BENCHMARKS.md). Values still go through the driver's own
 * conversions (`preparePersistentValue`, `prepareHydratedValue`: dates, booleans, enums,
 * simple arrays, transformers), so rows read and written here equal TypeORM's.
 */

interface TableStatements {
  metadata: EntityMetadata;
  columns: ColumnMetadata[];
  /** `INSERT INTO t (a, b) VALUES ` */
  insertHead: string;
  /** `(?, ?)` */
  tuple: string;
  /** `SELECT a, b FROM t` */
  selectHead: string;
  /** Every column under its own name in a result row. */
  fields: Field[];
}

/** A raw result row, by column label. */
type Row = Record<string, unknown>;

/** A selected column and the name it has in a result row. */
interface Field {
  column: ColumnMetadata;
  label: string;
}

/** An entity instance with the `fields` of a raw result row, through the driver's conversions. */
function hydrate<T>(
  manager: EntityManager,
  metadata: EntityMetadata,
  fields: Field[],
  raw: Row,
): T {
  const { driver } = manager.connection;
  const row = metadata.create() as T;
  for (const { column, label } of fields) {
    column.setEntityValue(row as ObjectLiteral, driver.prepareHydratedValue(raw[label], column));
  }
  return row;
}

const cache = new WeakMap<EntityMetadata, TableStatements>();

function statementsFor(manager: EntityManager, entity: EntityTarget<ObjectLiteral>) {
  const metadata = manager.connection.getMetadata(entity);
  let statements = cache.get(metadata);
  if (!statements) {
    const { driver } = manager.connection;
    const columns = metadata.columns.filter((column) => !column.isVirtual);
    const names = columns.map((column) => driver.escape(column.databaseName)).join(', ');
    const table = driver.escape(metadata.tableName);
    statements = {
      metadata,
      columns,
      insertHead: `INSERT INTO ${table} (${names}) VALUES `,
      tuple: `(${columns.map(() => '?').join(', ')})`,
      selectHead: `SELECT ${names} FROM ${table}`,
      fields: columns.map((column) => ({ column, label: column.databaseName })),
    };
    cache.set(metadata, statements);
  }
  return statements;
}

/** The column of `property`; a property that is not a column is a programming error. */
function columnOf(metadata: EntityMetadata, property: string): ColumnMetadata {
  const column = metadata.findColumnWithPropertyName(property);
  if (!column) throw new Error(`${metadata.name} has no column ${property}`);
  return column;
}

/** What an INSERT that leaves `column` out would store; a SQL-expression default is not supported. */
function defaultOf(column: ColumnMetadata): unknown {
  if (typeof column.default === 'function') {
    throw new Error(`insertRows: give ${column.propertyName} a value (its default is SQL)`);
  }
  return column.default ?? null;
}

/** Inserts `rows` with one multi-row INSERT; every column is written as the row holds it. */
export async function insertRows<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  rows: readonly T[],
): Promise<void> {
  if (rows.length === 0) return;
  const { columns, insertHead, tuple } = statementsFor(manager, entity);
  const { driver } = manager.connection;
  const parameters: unknown[] = [];
  for (const row of rows) {
    for (const column of columns) {
      let value: unknown = column.getEntityValue(row);
      if (value === undefined) value = defaultOf(column);
      parameters.push(driver.preparePersistentValue(value, column));
    }
  }
  await manager.query(
    insertHead + new Array<string>(rows.length).fill(tuple).join(', '),
    parameters,
  );
}

/** A property and the value it must equal, or (array) the values it may be one of. */
export type Where<T> = { [K in keyof T]?: T[K] | readonly T[K][] };

/**
 * The rows whose properties equal every entry of `where` (an array value means IN), as entity
 * instances. An empty array in `where` matches nothing and runs no SQL.
 */
export async function selectRows<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  where: Where<T>,
): Promise<T[]> {
  const { metadata, fields, selectHead } = statementsFor(manager, entity);
  const { driver } = manager.connection;
  const conditions: string[] = [];
  const parameters: unknown[] = [];
  for (const [property, value] of Object.entries(where)) {
    if (value === undefined) continue;
    const column = columnOf(metadata, property);
    const name = driver.escape(column.databaseName);
    if (Array.isArray(value)) {
      if (value.length === 0) return [];
      conditions.push(`${name} IN (${value.map(() => '?').join(', ')})`);
      for (const item of value) parameters.push(driver.preparePersistentValue(item, column));
    } else {
      conditions.push(`${name} = ?`);
      parameters.push(driver.preparePersistentValue(value, column));
    }
  }
  const sql = conditions.length ? `${selectHead} WHERE ${conditions.join(' AND ')}` : selectHead;
  const raws = (await manager.query(sql, parameters)) as Row[];
  return raws.map((raw) => hydrate<T>(manager, metadata, fields, raw));
}

/** A part of a SELECT list for one table alias, and how to read it back. */
export interface Selection<T> {
  /** `alias.col AS alias__col, ...` */
  sql: string;
  /** The table name, escaped. */
  table: string;
  /** Escapes a column of this entity for a join or WHERE condition: `alias.col`. */
  column(property: keyof T & string): string;
  /** The entity instance (only the selected properties set) from a raw result row. */
  read(raw: Row): T;
}

/**
 * The columns `properties` of `entity` under `alias`, for hand-written joins on the request path
 * (the API key lookup): column names and conversions come from the metadata, as above.
 */
export function selection<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  alias: string,
  properties: readonly (keyof T & string)[],
): Selection<T> {
  const metadata = manager.connection.getMetadata(entity);
  const { driver } = manager.connection;
  const columns = properties.map((property) => ({
    column: columnOf(metadata, property),
    label: `${alias}__${property}`,
  }));
  const qualified = (column: ColumnMetadata) =>
    `${driver.escape(alias)}.${driver.escape(column.databaseName)}`;
  return {
    sql: columns
      .map(({ column, label }) => `${qualified(column)} AS ${driver.escape(label)}`)
      .join(', '),
    table: driver.escape(metadata.tableName),
    column: (property) => qualified(columnOf(metadata, property)),
    read: (raw) => hydrate<T>(manager, metadata, columns, raw),
  };
}
