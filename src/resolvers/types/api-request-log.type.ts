import { IsOptional, MaxLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { ApiRequestLog } from '../../entities/api-request-log.entity';
import { Access } from '../../permissions/rules';
import { connectionType } from './connection.type';

@InputType({ description: 'Narrows a request log listing; every given condition must hold.' })
export class ApiRequestLogFilter {
  @Field(() => ID, { nullable: true, description: 'Only requests made with this API key.' })
  @IsOptional()
  @MaxLength(40, { message: 'must be at most 40 characters' })
  keyId?: string | null;

  @Field(() => String, { nullable: true, description: '`OK` or an error code.' })
  @IsOptional()
  @MaxLength(40, { message: 'must be at most 40 characters' })
  outcome?: string | null;

  @Field(() => Date, { nullable: true, description: 'Only requests at or after this time.' })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Only requests before this time.' })
  to?: Date | null;
}

export const ApiRequestLogConnection = connectionType(ApiRequestLog, {
  name: 'ApiRequestLog',
  rule: { access: Access.ACCOUNT },
});
