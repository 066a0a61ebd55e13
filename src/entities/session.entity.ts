import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { idColumn, timestampColumn } from '../db/columns';
import { Account } from './account.entity';

/** A dashboard login. Only the SHA-256 of the bearer token is stored. */
@Entity('sessions')
export class Session {
  @PrimaryColumn(idColumn)
  id!: string;

  @Index('uq_sessions_token_hash', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  tokenHash!: string;

  @Index('ix_sessions_account')
  @Column(idColumn)
  accountId!: string;

  @ManyToOne(() => Account, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'accountId' })
  account?: Account;

  @Column(timestampColumn)
  createdAt!: Date;

  @Column(timestampColumn)
  expiresAt!: Date;
}
