import { DataSource } from 'typeorm';
import { AccountPrincipal } from '../auth/caller';
import { KeyRevocations } from '../auth/keys/key-verifier';
import { AccountRole, MerchantStatus } from '../domain/enums';
import { badInput, notFound } from '../domain/errors';
import { newId } from '../domain/ids';
import { Merchant } from '../entities/merchant.entity';
import { accountActor, AuditService, RequestMeta } from './audit.service';

export function isAdmin(actor: AccountPrincipal): boolean {
  return actor.role === AccountRole.ADMIN;
}

/** Merchants and who may see them: owners their own, admins all. */
export class MerchantService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly revocations: KeyRevocations,
    private readonly audit: AuditService,
  ) {}

  private get merchants() {
    return this.dataSource.getRepository(Merchant);
  }

  async create(actor: AccountPrincipal, name: string): Promise<Merchant> {
    if (!name.trim()) throw badInput([{ field: 'name', reason: 'must not be blank' }]);
    const now = new Date();
    const merchant = this.merchants.create({
      id: newId('mer'),
      name: name.trim(),
      status: MerchantStatus.PENDING,
      ownerId: actor.id,
      createdAt: now,
      updatedAt: now,
    });
    return this.merchants.save(merchant);
  }

  list(actor: AccountPrincipal): Promise<Merchant[]> {
    return this.merchants.find({
      where: isAdmin(actor) ? {} : { ownerId: actor.id },
      order: { createdAt: 'DESC', id: 'DESC' },
    });
  }

  /** The merchant if the actor may see it; null for a missing one and for another owner's alike. */
  async findVisible(actor: AccountPrincipal, id: string): Promise<Merchant | null> {
    const merchant = await this.merchants.findOne({ where: { id } });
    if (!merchant || (!isAdmin(actor) && merchant.ownerId !== actor.id)) return null;
    return merchant;
  }

  /** Like `findVisible`, but fails with NOT_FOUND (the same for missing and not owned). */
  async requireVisible(actor: AccountPrincipal, id: string): Promise<Merchant> {
    const merchant = await this.findVisible(actor, id);
    if (!merchant) throw notFound('Merchant');
    return merchant;
  }

  findById(id: string): Promise<Merchant | null> {
    return this.merchants.findOne({ where: { id } });
  }

  /**
   * Admin only (checked by the operation rules). Revokes the merchant's cached keys at once and
   * records `merchant.status_changed`. Fails with NOT_FOUND for a missing merchant.
   */
  async setStatus(
    actor: AccountPrincipal,
    id: string,
    status: MerchantStatus,
    meta?: RequestMeta,
  ): Promise<Merchant> {
    const merchant = await this.findById(id);
    if (!merchant) throw notFound('Merchant');
    const previous = merchant.status;
    merchant.status = status;
    merchant.updatedAt = new Date();
    await this.dataSource.transaction(async (manager) => {
      await manager.update(Merchant, { id }, { status, updatedAt: merchant.updatedAt });
      await this.audit.record(
        {
          ...accountActor(actor),
          action: 'merchant.status_changed',
          targetType: 'merchant',
          targetId: id,
          merchantId: id,
          details: { from: previous, to: status },
          meta,
        },
        manager,
      );
    });
    this.revocations.merchantChanged(id);
    return merchant;
  }
}
