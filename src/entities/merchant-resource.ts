import { Field, ID, ObjectType } from 'type-graphql';
import { Column, PrimaryColumn } from 'typeorm';
import { idColumn, timestampColumn } from '../db/columns';
import { Mode } from '../domain/enums';

/**
 * Columns every merchant resource has: it belongs to one merchant and one mode, and every query
 * on it is scoped by both (see `src/db/scoped-repository.ts`). Ids are time-ordered, so ordering
 * by id is ordering by creation.
 */
@ObjectType()
export abstract class MerchantResource {
  @PrimaryColumn(idColumn)
  @Field(() => ID)
  id!: string;

  @Column(idColumn)
  merchantId!: string;

  @Column({ type: 'simple-enum', enum: Mode })
  @Field(() => Mode)
  mode!: Mode;

  @Column(timestampColumn)
  @Field()
  createdAt!: Date;

  @Column(timestampColumn)
  @Field()
  updatedAt!: Date;
}
