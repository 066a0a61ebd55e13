import { GraphQLJSON } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { idColumn, timestampColumn } from '../db/columns';
import { AuditActorType } from '../domain/enums';
import { Access, RequireAccess } from '../permissions/rules';

/** Non-secret facts about an event: flat values only. */
export type AuditDetails = Record<string, string | number | boolean | null>;

/**
 * One security-relevant change or attempt: who (actor), what (action, target), for which merchant,
 * from where (client address, request id). Append-only; `details` never holds secrets.
 */
@Entity('audit_events')
@Index('ix_audit_events_merchant_occurred', ['merchantId', 'occurredAt'])
@Index('ix_audit_events_actor', ['actorId'])
@ObjectType({ description: 'An entry of the audit trail, newest first.' })
// Dashboard data: accounts only, never API keys.
@RequireAccess(Access.ACCOUNT)
export class AuditEvent {
  /** A time-ordered id (`aud_<ULID>`): ordering by id is ordering by time. */
  @PrimaryColumn(idColumn)
  @Field(() => ID)
  id!: string;

  @Column(timestampColumn)
  @Field()
  occurredAt!: Date;

  @Column({ type: 'simple-enum', enum: AuditActorType })
  @Field(() => AuditActorType)
  actorType!: AuditActorType;

  @Column({ ...idColumn, nullable: true, default: null })
  @Field(() => ID, { nullable: true, description: 'Account or API key id; null when anonymous.' })
  actorId!: string | null;

  @Column({ type: 'varchar', length: 64 })
  @Field({ description: 'What happened, e.g. `api_key.rotated` or `account.login_failed`.' })
  action!: string;

  @Column({ type: 'varchar', length: 32, nullable: true, default: null })
  @Field(() => String, { nullable: true })
  targetType!: string | null;

  @Column({ ...idColumn, nullable: true, default: null })
  @Field(() => ID, { nullable: true })
  targetId!: string | null;

  @Column({ ...idColumn, nullable: true, default: null })
  @Field(() => ID, { nullable: true })
  merchantId!: string | null;

  @Column({ type: 'varchar', length: 64, default: '' })
  @Field({ description: 'The client address the request came from.' })
  clientIp!: string;

  @Column({ ...idColumn, nullable: true, default: null })
  @Field(() => ID, { nullable: true })
  requestId!: string | null;

  @Column({ type: 'simple-json', nullable: true })
  @Field(() => GraphQLJSON, { nullable: true, description: 'Non-secret facts about the event.' })
  details!: AuditDetails | null;
}
