import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { idColumn, timestampColumn } from '../db/columns';
import { Mode } from '../domain/enums';
import { Access, RequireAccess } from '../permissions/rules';

/** Longest stored operation name; longer names are cut (the writer truncates, never fails). */
export const OPERATION_NAME_LENGTH = 100;
/** Room for an IPv6 address with an IPv4 tail. */
export const CLIENT_IP_LENGTH = 45;
export const OUTCOME_LENGTH = 40;
export const KEY_PREFIX_LENGTH = 32;

/**
 * One request made with an API key, written off the request path by the `RequestLogWriter`. The
 * id is time-ordered (`log_<ULID>`), so ordering by id is ordering by time and cursor pages are
 * stable. There is no foreign key: logs must never slow down or block key and merchant changes.
 */
@Entity('api_request_logs')
@Index('ix_api_request_logs_merchant_id', ['merchantId', 'id'])
@Index('ix_api_request_logs_key_id', ['keyId', 'id'])
@ObjectType({ description: 'One request made with an API key. Never contains the secret.' })
@RequireAccess(Access.ACCOUNT)
export class ApiRequestLog {
  @PrimaryColumn(idColumn)
  @Field(() => ID)
  id!: string;

  /** The API key (`ApiKey.id`); null when the presented key matched no key. */
  @Column({ ...idColumn, nullable: true, default: null })
  @Field(() => ID, { nullable: true, description: 'The API key id; null for an unknown key.' })
  keyId!: string | null;

  @Column({ type: 'varchar', length: KEY_PREFIX_LENGTH, nullable: true, default: null })
  @Field(() => String, {
    nullable: true,
    description: 'The non-secret start of the presented key (type, mode, key id).',
  })
  keyPrefix!: string | null;

  @Column({ ...idColumn, nullable: true, default: null })
  @Field(() => ID, { nullable: true })
  merchantId!: string | null;

  @Column({ type: 'simple-enum', enum: Mode, nullable: true, default: null })
  @Field(() => Mode, { nullable: true })
  mode!: Mode | null;

  @Column({ type: 'varchar', length: OPERATION_NAME_LENGTH, nullable: true, default: null })
  @Field(() => String, { nullable: true })
  operationName!: string | null;

  @Column({ type: 'varchar', length: OUTCOME_LENGTH })
  @Field({ description: '`OK`, or the error code the request was answered with.' })
  outcome!: string;

  @Column(idColumn)
  @Field({ description: 'The `X-Request-Id` of the response.' })
  requestId!: string;

  @Column({ type: 'int' })
  @Field(() => Int, { description: 'Time spent serving the request, in milliseconds.' })
  durationMs!: number;

  @Column({ type: 'int' })
  @Field(() => Int)
  httpStatus!: number;

  @Column({ type: 'varchar', length: CLIENT_IP_LENGTH })
  @Field()
  clientIp!: string;

  @Column(timestampColumn)
  @Field({ description: 'When the response was sent.' })
  createdAt!: Date;
}
