import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { idColumn, timestampColumn } from '../db/columns';
import { AccountRole, AccountStatus } from '../domain/enums';
import { Access, RequireAccess } from '../permissions/rules';

@Entity('accounts')
@ObjectType({ description: 'A person who logs in to the dashboard.' })
// Account data is for dashboard sessions; API keys never see accounts.
@RequireAccess(Access.ACCOUNT)
export class Account {
  @PrimaryColumn(idColumn)
  @Field(() => ID)
  id!: string;

  /** Stored lower-cased, so uniqueness is case-insensitive on every database. */
  @Index('uq_accounts_email', { unique: true })
  @Column({ type: 'varchar', length: 254 })
  @Field()
  email!: string;

  @Column({ type: 'varchar', length: 72 })
  passwordHash!: string;

  @Column({ type: 'simple-enum', enum: AccountRole })
  @Field(() => AccountRole)
  role!: AccountRole;

  @Column({ type: 'simple-enum', enum: AccountStatus })
  @Field(() => AccountStatus)
  status!: AccountStatus;

  @Column(timestampColumn)
  @Field()
  createdAt!: Date;
}
