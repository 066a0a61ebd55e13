import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { idColumn, timestampColumn } from '../db/columns';
import { Mode } from '../domain/enums';
import { WebhookEventType } from '../domain/webhook-enums';
import { Access, RequireAccess } from '../permissions/rules';
import { Merchant } from './merchant.entity';

export const WEBHOOK_URL_LENGTH = 2048;
export const WEBHOOK_DISABLED_REASON_LENGTH = 200;

/**
 * Where a merchant wants events of one mode delivered. The signing secret is stored encrypted
 * (AES-256-GCM, see `src/webhooks/secret-box.ts`): the server must sign with it, so it cannot be a
 * hash, but the clear secret is only ever shown once, at creation or rotation.
 */
@Entity('webhook_endpoints')
@Index('ix_webhook_endpoints_merchant_mode', ['merchantId', 'mode', 'id'])
@ObjectType({ description: 'A URL that receives signed webhook events of one merchant and mode.' })
@RequireAccess(Access.ACCOUNT)
export class WebhookEndpoint {
  @PrimaryColumn(idColumn)
  @Field(() => ID)
  id!: string;

  @Column(idColumn)
  @Field(() => ID)
  merchantId!: string;

  @ManyToOne(() => Merchant, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'merchantId' })
  merchant?: Merchant;

  @Column({ type: 'simple-enum', enum: Mode })
  @Field(() => Mode)
  mode!: Mode;

  @Column({ type: 'varchar', length: WEBHOOK_URL_LENGTH })
  @Field()
  url!: string;

  @Column({ type: 'simple-array' })
  @Field(() => [WebhookEventType])
  eventTypes!: WebhookEventType[];

  @Column({ type: 'varchar', length: 500, nullable: true, default: null })
  @Field(() => String, { nullable: true })
  description!: string | null;

  @Column({ type: 'boolean' })
  @Field({ description: 'Disabled endpoints get no new deliveries.' })
  enabled!: boolean;

  /** `v1.<iv>.<tag>.<ciphertext>`, bound to this endpoint id. Never exposed, never logged. */
  @Column({ type: 'varchar', length: 200 })
  secretCiphertext!: string;

  /** The secret replaced by the last rotation, still signing until `previousSecretExpiresAt`. */
  @Column({ type: 'varchar', length: 200, nullable: true, default: null })
  previousSecretCiphertext!: string | null;

  @Column({ ...timestampColumn, nullable: true, default: null })
  @Field(() => Date, {
    nullable: true,
    description: 'Until then the previous secret signs too (a second `v1=` entry).',
  })
  previousSecretExpiresAt!: Date | null;

  @Column({ type: 'int', default: 0 })
  @Field(() => Int, { description: 'Deliveries failed in a row (reset by a success).' })
  consecutiveFailures!: number;

  @Column({
    type: 'varchar',
    length: WEBHOOK_DISABLED_REASON_LENGTH,
    nullable: true,
    default: null,
  })
  @Field(() => String, {
    nullable: true,
    description: 'Why the service disabled the endpoint (cleared when it is enabled again).',
  })
  disabledReason!: string | null;

  @Column({ ...timestampColumn, nullable: true, default: null })
  @Field(() => Date, { nullable: true })
  disabledAt!: Date | null;

  @Column({ ...idColumn, nullable: true, default: null })
  @Field(() => ID, { nullable: true })
  createdById!: string | null;

  @Column(timestampColumn)
  @Field()
  createdAt!: Date;

  @Column(timestampColumn)
  @Field()
  updatedAt!: Date;
}
