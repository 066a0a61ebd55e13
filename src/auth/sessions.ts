import { DataSource, MoreThan } from 'typeorm';
import { AccountStatus } from '../domain/enums';
import { Session } from '../entities/session.entity';
import { AccountPrincipal } from './caller';
import { sha256Hex, SESSION_TOKEN_PREFIX } from './tokens';

export type SessionCheck =
  | { ok: true; account: AccountPrincipal; sessionId: string }
  | { ok: false; code: 'UNAUTHENTICATED' | 'ACCOUNT_BLOCKED' };

/**
 * Finds the account behind a bearer token. Fails with UNAUTHENTICATED for a malformed, unknown or
 * expired token, ACCOUNT_BLOCKED when the account has been blocked since the login.
 */
export async function checkSession(
  dataSource: DataSource,
  token: string,
  now: Date = new Date(),
): Promise<SessionCheck> {
  if (!token.startsWith(SESSION_TOKEN_PREFIX) || token.length > 100) {
    return { ok: false, code: 'UNAUTHENTICATED' };
  }
  const session = await dataSource.getRepository(Session).findOne({
    where: { tokenHash: sha256Hex(token), expiresAt: MoreThan(now) },
    relations: { account: true },
  });
  if (!session?.account) return { ok: false, code: 'UNAUTHENTICATED' };
  const { id, email, role, status } = session.account;
  if (status === AccountStatus.BLOCKED) return { ok: false, code: 'ACCOUNT_BLOCKED' };
  return { ok: true, account: { id, email, role, status }, sessionId: session.id };
}
