import { Field, ObjectType } from 'type-graphql';
import { ApiKey } from '../../entities/api-key.entity';
import { Access, RequireAccess } from '../../permissions/rules';

@ObjectType({ description: 'A key just created or rotated: the only time its secret is shown.' })
@RequireAccess(Access.ACCOUNT)
export class CreatedApiKey {
  @Field({ description: 'The whole key. Store it now: it is never shown again.' })
  secret!: string;

  @Field(() => ApiKey)
  apiKey!: ApiKey;
}
