import { Arg, Args, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { MerchantResource } from '../entities/merchant-resource';
import { AppContext } from '../graphql/context';
import { Action, Entity, permissionOf } from '../permissions/permissions';
import { RequirePermission } from '../permissions/rules';
import { Services } from '../services';
import { ResourceService } from '../services/resource.service';
import { scopeOf } from './context-helpers';
import { Connection, connectionType, toConnection } from './types/connection.type';
import { ListArgs, ScopeArgs } from './types/scope.args';

type ClassType<T> = new (...args: never[]) => T;

export interface ResourceDefinition<
  T extends MerchantResource,
  C extends object,
  U extends object,
> {
  /** The entity class; its name is the GraphQL type name, e.g. `PaymentTransaction`. */
  type: ClassType<T>;
  /** The matrix entity: its VIEW permission guards the queries, its EDIT the mutations. */
  entity: Entity;
  createInput: ClassType<C>;
  updateInput: ClassType<U>;
  service: (services: Services) => ResourceService<T, C, U>;
}

/**
 * The four root fields of a merchant resource (`customers`, `customer`, `createCustomer`,
 * `updateCustomer` for `Customer`): a cursor-paged list and a by-id read (VIEW), a
 * create and an update (EDIT), each with its rule declared here, where the field is declared.
 * Every one runs inside the caller's data scope; an id of another merchant or mode answers like
 * one that does not exist (null for the read, NOT_FOUND for the update).
 */
export function ResourceResolver<T extends MerchantResource, C extends object, U extends object>(
  definition: ResourceDefinition<T, C, U>,
) {
  const typeName = definition.type.name;
  const singular = typeName[0].toLowerCase() + typeName.slice(1);
  const def = {
    ...definition,
    typeName,
    singular,
    plural: `${singular}s`,
    view: permissionOf(definition.entity, Action.VIEW),
    edit: permissionOf(definition.entity, Action.EDIT),
  };
  const ConnectionType = connectionType(def.type, {
    name: def.typeName,
    rule: { permission: def.view },
  });

  @Resolver()
  abstract class BaseResourceResolver {
    @Query(() => ConnectionType, {
      name: def.plural,
      description: `${def.typeName} items, newest first.`,
    })
    @RequirePermission(def.view)
    async list(@Args() args: ListArgs, @Ctx() ctx: AppContext): Promise<Connection<T>> {
      const scope = await scopeOf(ctx, args);
      return toConnection(await def.service(ctx.services).list(scope, args));
    }

    @Query(() => def.type, {
      name: def.singular,
      nullable: true,
      description: `One ${def.typeName} by id; null when it does not exist in your scope.`,
    })
    @RequirePermission(def.view)
    async get(
      @Arg('id', () => ID) id: string,
      @Args() args: ScopeArgs,
      @Ctx() ctx: AppContext,
    ): Promise<T | null> {
      return def.service(ctx.services).get(await scopeOf(ctx, args), id);
    }

    @Mutation(() => def.type, { name: `create${def.typeName}` })
    @RequirePermission(def.edit)
    async create(
      @Arg('input', () => def.createInput) input: C,
      @Args() args: ScopeArgs,
      @Ctx() ctx: AppContext,
    ): Promise<T> {
      return def.service(ctx.services).create(await scopeOf(ctx, args), input);
    }

    @Mutation(() => def.type, {
      name: `update${def.typeName}`,
      description: 'Only the fields given change. NOT_FOUND when the id is not in your scope.',
    })
    @RequirePermission(def.edit)
    async update(
      @Arg('id', () => ID) id: string,
      @Arg('input', () => def.updateInput) input: U,
      @Args() args: ScopeArgs,
      @Ctx() ctx: AppContext,
    ): Promise<T> {
      return def.service(ctx.services).update(await scopeOf(ctx, args), id, input);
    }
  }
  return BaseResourceResolver;
}
