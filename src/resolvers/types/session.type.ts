import { Field, ObjectType } from 'type-graphql';
import { Account } from '../../entities/account.entity';
import { Access, RequireAccess } from '../../permissions/rules';

@ObjectType('Session', {
  description: 'A dashboard login. Send the token as Authorization: Bearer.',
})
@RequireAccess(Access.ACCOUNT)
export class SessionType {
  @Field({ description: 'Shown once. Send as `Authorization: Bearer <token>`.' })
  token!: string;

  @Field()
  expiresAt!: Date;

  @Field(() => Account)
  account!: Account;
}
