import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { idColumn, timestampColumn } from '../db/columns';
import { WebhookDeliveryStatus, WebhookEventType } from '../domain/webhook-enums';
import { Access, RequireAccess } from '../permissions/rules';

export const WEBHOOK_ERROR_LENGTH = 300;

@ObjectType({ description: 'One HTTP attempt of a delivery.' })
@RequireAccess(Access.ACCOUNT)
@Entity('webhook_delivery_attempts')
@Index('ix_webhook_delivery_attempts_delivery', ['deliveryId', 'id'])
export class WebhookDeliveryAttempt {
  @PrimaryColumn(idColumn)
  @Field(() => ID)
  id!: string;

  @Column(idColumn)
  deliveryId!: string;

  @Column({ type: 'int' })
  @Field(() => Int, { description: '1 for the first attempt.' })
  attempt!: number;

  @Column({ type: 'int', nullable: true, default: null })
  @Field(() => Int, {
    nullable: true,
    description: 'Null when no HTTP answer came (timeout, ...).',
  })
  statusCode!: number | null;

  @Column({ type: 'int' })
  @Field(() => Int)
  durationMs!: number;

  @Column({ type: 'varchar', length: WEBHOOK_ERROR_LENGTH, nullable: true, default: null })
  @Field(() => String, { nullable: true, description: 'What went wrong, truncated.' })
  error!: string | null;

  @Column(timestampColumn)
  @Field()
  createdAt!: Date;
}

/**
 * One event to one endpoint. Created PENDING with the event (same transaction); the deliverer
 * claims due rows by moving `nextAttemptAt` forward (a lease), so two instances never send the
 * same delivery at the same time, and a crashed instance's claims come due again by themselves.
 */
@Entity('webhook_deliveries')
@Index('ix_webhook_deliveries_due', ['status', 'nextAttemptAt'])
@Index('ix_webhook_deliveries_endpoint', ['endpointId', 'id'])
@ObjectType({ description: 'One event sent (or to be sent) to one endpoint, with its attempts.' })
@RequireAccess(Access.ACCOUNT)
export class WebhookDelivery {
  @PrimaryColumn(idColumn)
  @Field(() => ID)
  id!: string;

  @Column(idColumn)
  @Field(() => ID)
  eventId!: string;

  @Column(idColumn)
  @Field(() => ID)
  endpointId!: string;

  @Column({ type: 'varchar', length: 64 })
  @Field(() => WebhookEventType)
  eventType!: WebhookEventType;

  @Column({ type: 'simple-enum', enum: WebhookDeliveryStatus })
  @Field(() => WebhookDeliveryStatus)
  status!: WebhookDeliveryStatus;

  @Column({ type: 'int', default: 0 })
  @Field(() => Int)
  attemptCount!: number;

  /** When the next attempt is due; for a claimed row, when its lease ends. */
  @Column({ ...timestampColumn, nullable: true, default: null })
  @Field(() => Date, { nullable: true })
  nextAttemptAt!: Date | null;

  /** Which claim owns the row right now (random per claim). */
  @Column({ type: 'varchar', length: 32, nullable: true, default: null })
  claimToken!: string | null;

  @Column({ type: 'int', nullable: true, default: null })
  @Field(() => Int, { nullable: true })
  lastStatusCode!: number | null;

  @Column({ type: 'varchar', length: WEBHOOK_ERROR_LENGTH, nullable: true, default: null })
  @Field(() => String, { nullable: true })
  lastError!: string | null;

  @Column({ ...timestampColumn, nullable: true, default: null })
  @Field(() => Date, { nullable: true })
  completedAt!: Date | null;

  @Column(timestampColumn)
  @Field()
  createdAt!: Date;

  /** Filled by the listing (one query per page), newest last. */
  @Field(() => [WebhookDeliveryAttempt])
  attempts?: WebhookDeliveryAttempt[];
}
