import { Field, ObjectType } from 'type-graphql';
import { encodeCursor, Page } from '../../db/pagination';
import { Access, RequireAccess } from '../../permissions/rules';

type ClassType<T> = new (...args: never[]) => T;

@ObjectType({ description: 'Where a page ends and whether more follow.' })
// Cursors only: whoever may list the items may page through them.
@RequireAccess(Access.ANY_KEY)
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Pass as `after` to get the next page.' })
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

/**
 * `<Name>Connection` and `<Name>Edge` types for a node type. The wrappers carry `access` (any key
 * by default): reading the nodes themselves still needs the node type's own permission, and the
 * list field that returns the connection carries the VIEW permission.
 */
export function connectionType<T extends object>(
  node: ClassType<T>,
  name: string,
  access: Access = Access.ANY_KEY,
): ClassType<Connection<T>> {
  @ObjectType(`${name}Edge`)
  @RequireAccess(access)
  class EdgeType {
    @Field()
    cursor!: string;

    @Field(() => node)
    node!: T;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${name} items, newest first.` })
  @RequireAccess(access)
  class ConnectionType {
    @Field(() => [EdgeType])
    edges!: EdgeType[];

    @Field(() => [node], { description: 'The nodes of `edges`, for clients that need no cursor.' })
    nodes!: T[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;
  }
  return ConnectionType as ClassType<Connection<T>>;
}

export function toConnection<T extends { id: string }>(page: Page<T>): Connection<T> {
  const edges = page.rows.map((node) => ({ cursor: encodeCursor(node.id), node }));
  return {
    edges,
    nodes: page.rows,
    pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null },
  };
}
