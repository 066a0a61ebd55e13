import { randomBytes } from 'node:crypto';
import { createConnection } from 'mysql2/promise';

/** Helpers for scripts and tests that need a throw-away MySQL/MariaDB database. */

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** The server part of a mysql:// or mariadb:// URL, for the mysql2 client. */
function serverUrl(url: string): string {
  return withDatabase(url, '').replace(/^mariadb:/, 'mysql:');
}

export async function createDatabase(url: string, prefix: string): Promise<string> {
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const connection = await createConnection(serverUrl(url));
  try {
    await connection.query(
      `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
  } finally {
    await connection.end();
  }
  return name;
}

export async function dropDatabase(url: string, name: string): Promise<void> {
  const connection = await createConnection(serverUrl(url));
  try {
    await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
  } finally {
    await connection.end();
  }
}
