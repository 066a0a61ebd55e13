import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { idColumn, timestampColumn } from '../db/columns';
import { ApiKeyStatus, CurrencyKind, Mode } from '../domain/enums';
import { KeyType, Permission, Scope, ScopePreset, summarize } from '../permissions/permissions';
import { Access, RequireAccess } from '../permissions/rules';
import { Merchant } from './merchant.entity';

@ObjectType({ description: "A key's permissions in one scope and the preset they match." })
@RequireAccess(Access.ANY_KEY)
export class ApiKeyScope {
  @Field(() => Scope)
  scope!: Scope;

  @Field(() => ScopePreset, { description: 'The preset the permissions match, or CUSTOM.' })
  preset!: ScopePreset;

  @Field(() => [Permission])
  permissions!: Permission[];
}

@Entity('api_keys')
@Index('ix_api_keys_merchant_created', ['merchantId', 'createdAt'])
@ObjectType({
  description: 'An API key. The secret is shown once, at creation; only a hash is kept.',
})
// A key may read its own description through `currentApiKey`.
@RequireAccess(Access.ANY_KEY)
export class ApiKey {
  @PrimaryColumn(idColumn)
  @Field(() => ID)
  id!: string;

  @Index('ix_api_keys_merchant')
  @Column(idColumn)
  @Field(() => ID)
  merchantId!: string;

  @ManyToOne(() => Merchant, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'merchantId' })
  merchant?: Merchant;

  @Column({ type: 'simple-enum', enum: KeyType })
  @Field(() => KeyType)
  type!: KeyType;

  @Column({ type: 'simple-enum', enum: Mode })
  @Field(() => Mode)
  mode!: Mode;

  @Column({ type: 'varchar', length: 100 })
  @Field()
  name!: string;

  @Column({ type: 'varchar', length: 500, nullable: true, default: null })
  @Field(() => String, { nullable: true })
  description!: string | null;

  /** The public id embedded in the key: the lookup index for verification. */
  @Index('uq_api_keys_key_id', { unique: true })
  @Column({ type: 'varchar', length: 16 })
  keyId!: string;

  @Column({ type: 'varchar', length: 32 })
  @Field({ description: 'The non-secret start of the key (type, mode, key id), for recognition.' })
  prefix!: string;

  /** HMAC-SHA256 of the whole key with the server pepper. Never exposed. */
  @Index('uq_api_keys_secret_hash', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  secretHash!: string;

  /** Fixed at creation: nothing updates this column. */
  @Column({ type: 'simple-array' })
  @Field(() => [Permission], { description: 'Fixed at creation.' })
  permissions!: Permission[];

  @Column({ type: 'simple-enum', enum: CurrencyKind, nullable: true, default: null })
  @Field(() => CurrencyKind, {
    nullable: true,
    description: 'When set, the key sees only currency accounts and transactions of this kind.',
  })
  currencyKind!: CurrencyKind | null;

  /** Fixed at creation (copied by rotation): nothing updates this column. */
  @Column({ type: 'simple-json', nullable: true })
  @Field(() => [String], {
    nullable: true,
    description: 'Client addresses (CIDRs) the key may be used from. Null: any address.',
  })
  allowedCidrs!: string[] | null;

  @Column({ ...timestampColumn, nullable: true, default: null })
  @Field(() => Date, { nullable: true, description: 'Null: the key never expires.' })
  expiresAt!: Date | null;

  /** When the key stops working; in the future while a rotation grace period runs. */
  @Column({ ...timestampColumn, nullable: true, default: null })
  @Field(() => Date, { nullable: true })
  deactivatedAt!: Date | null;

  @Column({ ...timestampColumn, nullable: true, default: null })
  deletedAt!: Date | null;

  @Column(timestampColumn)
  @Field()
  createdAt!: Date;

  @Column({ ...idColumn, nullable: true, default: null })
  @Field(() => ID, { nullable: true, description: 'The account that created the key.' })
  createdById!: string | null;

  @Column({ ...timestampColumn, nullable: true, default: null })
  @Field(() => Date, { nullable: true })
  lastUsedAt!: Date | null;

  @Column({ ...idColumn, nullable: true, default: null })
  @Field(() => ID, { nullable: true, description: 'The key this one replaced by rotation.' })
  rotatedFromId!: string | null;

  @Field(() => ApiKeyStatus)
  get status(): ApiKeyStatus {
    return isDeactivated(this, Date.now()) ? ApiKeyStatus.DEACTIVATED : ApiKeyStatus.ACTIVE;
  }

  @Field(() => [ApiKeyScope], {
    description: 'Per scope, the preset the permissions match (or CUSTOM) and the permissions.',
  })
  get scopes(): ApiKeyScope[] {
    return summarize(this.permissions);
  }
}

export function isDeactivated(
  key: Pick<ApiKey, 'deactivatedAt' | 'deletedAt'>,
  now: number,
): boolean {
  return (
    key.deletedAt !== null || (key.deactivatedAt !== null && key.deactivatedAt.getTime() <= now)
  );
}
