import { ArrayMaxSize, IsNotEmpty, IsOptional, MaxLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { Mode } from '../../domain/enums';
import { WebhookDeliveryStatus, WebhookEventType } from '../../domain/webhook-enums';
import { WEBHOOK_URL_LENGTH } from '../../entities/webhook-endpoint.entity';

@InputType()
export class CreateWebhookEndpointInput {
  @Field(() => ID)
  @IsNotEmpty()
  @MaxLength(40)
  merchantId!: string;

  @Field(() => Mode)
  mode!: Mode;

  @Field({
    description: 'https; http only to localhost or 127.0.0.1, and not in production.',
  })
  @IsNotEmpty({ message: 'must not be empty' })
  @MaxLength(WEBHOOK_URL_LENGTH, { message: `must be at most ${WEBHOOK_URL_LENGTH} characters` })
  url!: string;

  @Field(() => [WebhookEventType], { description: 'The events to receive: at least one.' })
  @ArrayMaxSize(20)
  eventTypes!: WebhookEventType[];

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(500, { message: 'must be at most 500 characters' })
  description?: string | null;

  @Field({ defaultValue: true })
  enabled!: boolean;
}

@InputType({ description: 'The fields to change; omitted fields stay as they are.' })
export class UpdateWebhookEndpointInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(WEBHOOK_URL_LENGTH, { message: `must be at most ${WEBHOOK_URL_LENGTH} characters` })
  url?: string | null;

  @Field(() => [WebhookEventType], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(20)
  eventTypes?: WebhookEventType[] | null;

  @Field(() => String, { nullable: true, description: 'An empty string clears it.' })
  @IsOptional()
  @MaxLength(500, { message: 'must be at most 500 characters' })
  description?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Enabling clears the failure count and `disabledReason`.',
  })
  @IsOptional()
  enabled?: boolean | null;
}

@InputType({ description: 'Narrows a delivery listing; every given condition must hold.' })
export class WebhookDeliveryFilter {
  @Field(() => WebhookEventType, { nullable: true })
  eventType?: WebhookEventType | null;

  @Field(() => WebhookDeliveryStatus, { nullable: true })
  status?: WebhookDeliveryStatus | null;
}
