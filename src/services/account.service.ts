import { DataSource } from 'typeorm';
import { AccountPrincipal } from '../auth/caller';
import { KeyRevocations } from '../auth/keys/key-verifier';
import {
  hashPassword,
  MAX_PASSWORD_BYTES,
  MIN_PASSWORD_LENGTH,
  verifyPassword,
} from '../auth/passwords';
import { newSessionToken, sha256Hex } from '../auth/tokens';
import { AccountRole, AccountStatus, AuditActorType } from '../domain/enums';
import { badInput, DomainError, ErrorCode, notFound } from '../domain/errors';
import { newId } from '../domain/ids';
import { Account } from '../entities/account.entity';
import { Session } from '../entities/session.entity';
import { accountActor, AuditService, RequestMeta } from './audit.service';

export interface AccountSettings {
  bcryptRounds: number;
  sessionTtlSeconds: number;
}

export interface IssuedSession {
  token: string;
  expiresAt: Date;
  account: Account;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw badInput([
      { field: 'password', reason: `must be at least ${MIN_PASSWORD_LENGTH} characters` },
    ]);
  }
  if (Buffer.byteLength(password, 'utf8') > MAX_PASSWORD_BYTES) {
    throw badInput([{ field: 'password', reason: `must be at most ${MAX_PASSWORD_BYTES} bytes` }]);
  }
}

/** Accounts, passwords and sessions. */
export class AccountService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: AccountSettings,
    private readonly revocations: KeyRevocations,
    private readonly audit: AuditService,
  ) {}

  private get accounts() {
    return this.dataSource.getRepository(Account);
  }

  /** Creates an account; fails with CONFLICT when the email (case-insensitive) is taken. */
  async create(email: string, password: string, role: AccountRole): Promise<Account> {
    checkPassword(password);
    const normalized = normalizeEmail(email);
    if (await this.accounts.exists({ where: { email: normalized } })) {
      throw new DomainError(ErrorCode.CONFLICT, 'An account with this email already exists.', {
        fields: [{ field: 'email', reason: 'already registered' }],
      });
    }
    const account = this.accounts.create({
      id: newId('acct'),
      email: normalized,
      passwordHash: await hashPassword(password, this.settings.bcryptRounds),
      role,
      status: AccountStatus.ACTIVE,
      createdAt: new Date(),
    });
    return this.accounts.save(account);
  }

  register(email: string, password: string): Promise<Account> {
    return this.create(email, password, AccountRole.OWNER);
  }

  /**
   * Checks credentials and opens a session. Unknown email and wrong password fail alike
   * (UNAUTHENTICATED, same message, one bcrypt comparison each); a blocked account that gave the
   * right password fails with ACCOUNT_BLOCKED. Both outcomes are recorded in the audit trail
   * (`account.login`, `account.login_failed` with the account id when the email is known; the
   * attempted email is never stored).
   */
  async login(email: string, password: string, meta?: RequestMeta): Promise<IssuedSession> {
    const account = await this.accounts.findOne({ where: { email: normalizeEmail(email) } });
    const valid = await verifyPassword(password, account?.passwordHash, this.settings.bcryptRounds);
    const failed = (reason: string) =>
      this.audit.record({
        actorType: AuditActorType.ANONYMOUS,
        action: 'account.login_failed',
        targetType: account ? 'account' : null,
        targetId: account?.id ?? null,
        details: { reason },
        meta,
      });
    if (!account || !valid) {
      await failed(account ? 'wrong_password' : 'unknown_email');
      throw new DomainError(ErrorCode.UNAUTHENTICATED, 'Invalid email or password.');
    }
    if (account.status === AccountStatus.BLOCKED) {
      await failed('account_blocked');
      throw new DomainError(ErrorCode.ACCOUNT_BLOCKED);
    }
    const token = newSessionToken();
    const now = new Date();
    const expiresAt = new Date(now.getTime() + this.settings.sessionTtlSeconds * 1000);
    await this.dataSource.getRepository(Session).insert({
      id: newId('sess'),
      tokenHash: sha256Hex(token),
      accountId: account.id,
      createdAt: now,
      expiresAt,
    });
    await this.audit.record({
      ...accountActor(account),
      action: 'account.login',
      targetType: 'account',
      targetId: account.id,
      meta,
    });
    return { token, expiresAt, account };
  }

  async logout(sessionId: string): Promise<void> {
    await this.dataSource.getRepository(Session).delete({ id: sessionId });
  }

  async get(id: string): Promise<Account | null> {
    return this.accounts.findOne({ where: { id } });
  }

  /**
   * Blocks or unblocks an account. Blocking ends its sessions and revokes, at once, every cached
   * key of the merchants it owns (those keys then fail with OWNER_BLOCKED). Records
   * `account.status_changed`.
   */
  async setStatus(
    actor: AccountPrincipal,
    id: string,
    status: AccountStatus,
    meta?: RequestMeta,
  ): Promise<Account> {
    const account = await this.get(id);
    if (!account) throw notFound('Account');
    if (account.id === actor.id && status === AccountStatus.BLOCKED) {
      throw badInput([{ field: 'id', reason: 'an admin cannot block their own account' }]);
    }
    await this.dataSource.transaction(async (manager) => {
      await manager.update(Account, { id }, { status });
      if (status === AccountStatus.BLOCKED) await manager.delete(Session, { accountId: id });
      await this.audit.record(
        {
          ...accountActor(actor),
          action: 'account.status_changed',
          targetType: 'account',
          targetId: id,
          details: { from: account.status, to: status },
          meta,
        },
        manager,
      );
    });
    this.revocations.ownerChanged(id);
    account.status = status;
    return account;
  }
}
