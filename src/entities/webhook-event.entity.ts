import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { idColumn, timestampColumn } from '../db/columns';
import { Mode } from '../domain/enums';
import { WebhookEventType } from '../domain/webhook-enums';

/**
 * The outbox: one row per event, written in the same transaction as the change that caused it.
 * `payload` is the exact JSON body sent to every endpoint (never a secret).
 */
@Entity('webhook_events')
@Index('ix_webhook_events_merchant', ['merchantId', 'mode', 'id'])
export class WebhookEvent {
  @PrimaryColumn(idColumn)
  id!: string;

  @Column(idColumn)
  merchantId!: string;

  @Column({ type: 'simple-enum', enum: Mode })
  mode!: Mode;

  @Column({ type: 'varchar', length: 64 })
  type!: WebhookEventType;

  @Column({ type: 'text' })
  payload!: string;

  /**
   * Set for events that must exist at most once (`api_key.expiring:<keyId>`); the unique index
   * makes two instances scanning at the same time emit one event.
   */
  @Index('uq_webhook_events_dedupe', { unique: true })
  @Column({ type: 'varchar', length: 100, nullable: true, default: null })
  dedupeKey!: string | null;

  @Column(timestampColumn)
  createdAt!: Date;
}
