import { ClassType, Field, ObjectType } from 'type-graphql';
import { encodeCursor, Page } from '../../db/pagination';
import { Access, RequireAccess, RequirePermission, Rule } from '../../permissions/rules';

/**
 * Relay-style connection types for cursor pagination. `PageInfo` is shared by every connection and
 * carries nothing but cursors, so any caller may read it; each connection and edge type carries
 * the rule of its nodes.
 */
@ObjectType({ description: 'Where a page ends and whether another one follows.' })
@RequireAccess(Access.ANY_KEY)
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'Pass as `after` for the next page; null on an empty page.',
  })
  endCursor!: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  nodes: T[];
  pageInfo: PageInfo;
}

function ruleDecorator(rule: Rule): ClassDecorator {
  return 'permission' in rule ? RequirePermission(rule.permission) : RequireAccess(rule.access);
}

/**
 * Makes the GraphQL types `<name>Connection` (`edges`, `nodes`, `pageInfo`) and `<name>Edge`
 * (`cursor`, `node`) for a node type, both carrying `rule` (the same rule as the node type, so
 * that the operation check treats the wrapper like the nodes). Call once per node type:
 *
 *   export const CustomerConnection = connectionType(Customer, {
 *     name: 'Customer', rule: { permission: Permission.CUSTOMER_VIEW } });
 */
export function connectionType<T extends object>(
  nodeType: ClassType<T>,
  options: { name: string; rule: Rule },
): ClassType<Connection<T>> {
  @ObjectType(`${options.name}Edge`)
  @ruleDecorator(options.rule)
  class EdgeType implements Edge<T> {
    @Field({ description: 'Pass as `after` to continue after this node.' })
    cursor!: string;

    @Field(() => nodeType)
    node!: T;
  }

  @ObjectType(`${options.name}Connection`, { description: `A page of ${options.name} nodes.` })
  @ruleDecorator(options.rule)
  class ConnectionType implements Connection<T> {
    @Field(() => [EdgeType])
    edges!: EdgeType[];

    @Field(() => [nodeType])
    nodes!: T[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;
  }

  return ConnectionType;
}

/** Turns a page of rows into a connection (cursor = `encodeCursor(id)`). */
export function toConnection<T extends { id: string }>(page: Page<T>): Connection<T> {
  return {
    edges: page.nodes.map((node) => ({ cursor: encodeCursor(node.id), node })),
    nodes: page.nodes,
    pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
  };
}
