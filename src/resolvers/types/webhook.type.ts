import { Field, ObjectType } from 'type-graphql';
import { WebhookDelivery } from '../../entities/webhook-delivery.entity';
import { WebhookEndpoint } from '../../entities/webhook-endpoint.entity';
import { Access, RequireAccess } from '../../permissions/rules';
import { connectionType } from './connection.type';

@ObjectType({
  description:
    'An endpoint just created or whose secret was just rotated: the only time its secret shows.',
})
@RequireAccess(Access.ACCOUNT)
export class CreatedWebhookEndpoint {
  @Field({
    description:
      'The signing secret (`whsec_...`). Store it now: it is never shown again. Verify each ' +
      'request with it (see the README, Webhooks).',
  })
  secret!: string;

  @Field(() => WebhookEndpoint)
  endpoint!: WebhookEndpoint;
}

export const WebhookDeliveryConnection = connectionType(WebhookDelivery, {
  name: 'WebhookDelivery',
  rule: { access: Access.ACCOUNT },
});
