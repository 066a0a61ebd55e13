import { badInput } from '../domain/errors';

export const DEFAULT_PAGE_SIZE = 20;
/** Hard maximum of `first` on every list. */
export const MAX_PAGE_SIZE = 100;

export interface PageRequest {
  first?: number | null;
  after?: string | null;
}

export interface Page<T> {
  rows: T[];
  hasNextPage: boolean;
}

const CURSOR_PREFIX = 'c1:';

/** Opaque cursor for a row id. */
export function encodeCursor(id: string): string {
  return Buffer.from(CURSOR_PREFIX + id, 'utf8').toString('base64url');
}

/** The id inside a cursor; BAD_USER_INPUT (field `after`) for anything this service did not issue. */
export function decodeCursor(cursor: string): string {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!decoded.startsWith(CURSOR_PREFIX) || !/^[a-z]+_[0-9A-Z]{26}$/.test(decoded.slice(3))) {
    throw badInput([{ field: 'after', reason: 'is not a cursor returned by this API' }]);
  }
  return decoded.slice(CURSOR_PREFIX.length);
}

/** Validates `first` (1..MAX_PAGE_SIZE, default DEFAULT_PAGE_SIZE); BAD_USER_INPUT otherwise. */
export function pageSize(first: number | null | undefined): number {
  if (first === null || first === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw badInput([{ field: 'first', reason: `must be between 1 and ${MAX_PAGE_SIZE}` }]);
  }
  return first;
}
