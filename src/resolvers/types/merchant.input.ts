import { IsNotEmpty, MaxLength } from 'class-validator';
import { Field, InputType } from 'type-graphql';

@InputType()
export class CreateMerchantInput {
  @Field()
  @IsNotEmpty({ message: 'must not be empty' })
  @MaxLength(120, { message: 'must be at most 120 characters' })
  name!: string;
}
