import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { badInput } from '../domain/errors';

/**
 * Cursor pagination over time-ordered ids (`newId`): newest first, `id < cursor` for the next
 * page. Ids never change and are strictly increasing, so pages are stable while rows are added
 * and a walk through every page sees every row exactly once.
 */

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

const ID_SHAPE = /^[a-z]{2,5}_[0-9A-HJKMNP-TV-Z]{26}$/;

/** An opaque cursor for a row: base64url of its id. */
export function encodeCursor(id: string): string {
  return Buffer.from(id, 'utf8').toString('base64url');
}

/** The id inside a cursor; BAD_USER_INPUT on `field` for anything `encodeCursor` did not make. */
export function decodeCursor(cursor: string, field = 'after'): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!ID_SHAPE.test(id) || encodeCursor(id) !== cursor) {
    throw badInput([{ field, reason: 'is not a cursor from this API' }]);
  }
  return id;
}

/** Checks a page size: an integer from 1 to `max`, else BAD_USER_INPUT on `field`. */
export function validatePageSize(first: number, field = 'first', max = MAX_PAGE_SIZE): number {
  if (!Number.isInteger(first) || first < 1 || first > max) {
    throw badInput([{ field, reason: `must be between 1 and ${max}` }]);
  }
  return first;
}

export interface PageRequest {
  first: number;
  /** A cursor from a previous page's `endCursor`. */
  after?: string | null;
}

export interface Page<T> {
  nodes: T[];
  hasNextPage: boolean;
  endCursor: string | null;
}

/**
 * Validates a page request (size, cursor) without touching the database: call it before any
 * query so that bad input is refused first.
 */
export function parsePageRequest(
  request: PageRequest,
  maxPageSize = MAX_PAGE_SIZE,
): { first: number; afterId?: string } {
  const first = validatePageSize(request.first, 'first', maxPageSize);
  const afterId =
    request.after === undefined || request.after === null ? undefined : decodeCursor(request.after);
  return { first, afterId };
}

/**
 * Runs one page of `query` ordered by `<alias>.id` DESC (one query, `first + 1` rows to learn
 * whether another page follows). The query must not join to-many relations.
 */
export async function fetchPage<T extends ObjectLiteral & { id: string }>(
  query: SelectQueryBuilder<T>,
  alias: string,
  page: { first: number; afterId?: string },
): Promise<Page<T>> {
  if (page.afterId !== undefined) {
    query.andWhere(`${alias}.id < :pageAfterId`, { pageAfterId: page.afterId });
  }
  const rows = await query
    .orderBy(`${alias}.id`, 'DESC')
    .limit(page.first + 1)
    .getMany();
  const hasNextPage = rows.length > page.first;
  const nodes = hasNextPage ? rows.slice(0, page.first) : rows;
  const last = nodes[nodes.length - 1];
  return { nodes, hasNextPage, endCursor: last ? encodeCursor(last.id) : null };
}
