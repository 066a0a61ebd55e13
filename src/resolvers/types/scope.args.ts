import { Max, Min } from 'class-validator';
import { ArgsType, Field, ID, Int } from 'type-graphql';
import { MAX_PAGE_SIZE } from '../../db/pagination';
import { Mode } from '../../domain/enums';

@ArgsType()
export class ScopeArgs {
  @Field(() => ID, {
    nullable: true,
    description: "Dashboard sessions: the merchant to act on. API keys: omit (the key's own).",
  })
  merchantId?: string | null;

  @Field(() => Mode, {
    nullable: true,
    description: "Dashboard sessions: LIVE or TEST data. API keys: omit (the key's own mode).",
  })
  mode?: Mode | null;
}

@ArgsType()
export class ListArgs extends ScopeArgs {
  @Field(() => Int, { defaultValue: 20, description: `Page size, 1 to ${MAX_PAGE_SIZE}.` })
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first!: number;

  @Field(() => String, { nullable: true, description: '`endCursor` of the previous page.' })
  after?: string | null;
}
