import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { DEFAULT_PAGE_SIZE } from '../db/pagination';
import { Mode } from '../domain/enums';
import { WebhookDelivery } from '../entities/webhook-delivery.entity';
import { WebhookEndpoint } from '../entities/webhook-endpoint.entity';
import { AppContext } from '../graphql/context';
import { Access, RequireAccess } from '../permissions/rules';
import { accountOf } from './context-helpers';
import { Connection, toConnection } from './types/connection.type';
import {
  CreateWebhookEndpointInput,
  UpdateWebhookEndpointInput,
  WebhookDeliveryFilter,
} from './types/webhook.input';
import { CreatedWebhookEndpoint, WebhookDeliveryConnection } from './types/webhook.type';

/** Webhook management: dashboard accounts only (owners their own merchants, admins any). */
@Resolver(() => WebhookEndpoint)
export class WebhookResolver {
  @Mutation(() => CreatedWebhookEndpoint, {
    description:
      'Registers an endpoint for events of one merchant and mode. The signing secret is in this ' +
      'response only.',
  })
  @RequireAccess(Access.ACCOUNT)
  createWebhookEndpoint(
    @Arg('input') input: CreateWebhookEndpointInput,
    @Ctx() ctx: AppContext,
  ): Promise<CreatedWebhookEndpoint> {
    return ctx.services.webhooks.createEndpoint(accountOf(ctx), input);
  }

  @Query(() => [WebhookEndpoint], {
    description: "A merchant's endpoints of one mode, newest first.",
  })
  @RequireAccess(Access.ACCOUNT)
  webhookEndpoints(
    @Arg('merchantId', () => ID) merchantId: string,
    @Arg('mode', () => Mode) mode: Mode,
    @Ctx() ctx: AppContext,
  ): Promise<WebhookEndpoint[]> {
    return ctx.services.webhooks.listEndpoints(accountOf(ctx), merchantId, mode);
  }

  @Mutation(() => WebhookEndpoint)
  @RequireAccess(Access.ACCOUNT)
  updateWebhookEndpoint(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: UpdateWebhookEndpointInput,
    @Ctx() ctx: AppContext,
  ): Promise<WebhookEndpoint> {
    return ctx.services.webhooks.updateEndpoint(accountOf(ctx), id, input);
  }

  @Mutation(() => CreatedWebhookEndpoint, {
    description:
      'Issues a new signing secret (shown once). During `overlapSeconds` (at most 604800, 7 days) ' +
      'requests carry a signature with the old secret too.',
  })
  @RequireAccess(Access.ACCOUNT)
  rotateWebhookSecret(
    @Arg('id', () => ID) id: string,
    @Arg('overlapSeconds', () => Int, { defaultValue: 0 }) overlapSeconds: number,
    @Ctx() ctx: AppContext,
  ): Promise<CreatedWebhookEndpoint> {
    return ctx.services.webhooks.rotateSecret(accountOf(ctx), id, overlapSeconds);
  }

  @Mutation(() => Boolean, { description: 'Deletes the endpoint and its delivery logs.' })
  @RequireAccess(Access.ACCOUNT)
  deleteWebhookEndpoint(@Arg('id', () => ID) id: string, @Ctx() ctx: AppContext): Promise<boolean> {
    return ctx.services.webhooks.deleteEndpoint(accountOf(ctx), id);
  }

  @Query(() => WebhookDeliveryConnection, {
    description:
      "An endpoint's deliveries with their attempts, newest first, by cursor pages (`first` " +
      '1..100, `after` an `endCursor`).',
  })
  @RequireAccess(Access.ACCOUNT)
  async webhookDeliveries(
    @Arg('endpointId', () => ID) endpointId: string,
    @Arg('filter', () => WebhookDeliveryFilter, { nullable: true })
    filter: WebhookDeliveryFilter | null,
    @Arg('first', () => Int, { defaultValue: DEFAULT_PAGE_SIZE }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: AppContext,
  ): Promise<Connection<WebhookDelivery>> {
    const page = await ctx.services.webhooks.listDeliveries(
      accountOf(ctx),
      endpointId,
      filter ?? {},
      { first, after },
    );
    return toConnection(page);
  }

  @Mutation(() => WebhookDelivery, {
    description: 'Sends an event to an endpoint again (a new delivery, due now).',
  })
  @RequireAccess(Access.ACCOUNT)
  redeliverWebhookEvent(
    @Arg('eventId', () => ID) eventId: string,
    @Arg('endpointId', () => ID) endpointId: string,
    @Ctx() ctx: AppContext,
  ): Promise<WebhookDelivery> {
    return ctx.services.webhooks.redeliver(accountOf(ctx), eventId, endpointId);
  }
}
