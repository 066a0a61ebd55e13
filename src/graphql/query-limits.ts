import type { ApolloServerPlugin } from '@apollo/server';
import {
  DocumentNode,
  FragmentDefinitionNode,
  getNamedType,
  getNullableType,
  GraphQLCompositeType,
  GraphQLError,
  GraphQLSchema,
  GraphQLOutputType,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  OperationDefinitionNode,
  SchemaMetaFieldDef,
  SelectionSetNode,
  TypeMetaFieldDef,
  TypeNameMetaFieldDef,
  visit,
} from 'graphql';
import { ErrorCode } from '../domain/errors';
import { AppContext } from './context';

/** What one operation may ask for. Defaults follow the OWASP GraphQL cheat sheet. */
export interface QueryLimits {
  /** Deepest field nesting, counted through fragment spreads and inline fragments. */
  maxDepth: number;
  /** Highest estimated cost (see `measureOperation`). */
  maxCost: number;
  /** Most aliased fields in one document. */
  maxAliases: number;
  /** Most directive uses in one document. */
  maxDirectives: number;
  /** Most lexical tokens in one document (enforced by the parser: `parseOptions.maxTokens`). */
  maxTokens: number;
}

/**
 * Depth 8: a connection already nests 4 deep (`customers { edges { node { id } } }`), and one or
 * two relations below a node (`node { merchant { owner { id } } }`) must still fit.
 */
export const DEFAULT_QUERY_LIMITS: Readonly<QueryLimits> = {
  maxDepth: 8,
  maxCost: 5000,
  maxAliases: 15,
  maxDirectives: 50,
  maxTokens: 1000,
};

/** Cost weights: a leaf costs 1, an object 2, and everything below a list field counts 10 times. */
export const SCALAR_COST = 1;
export const OBJECT_COST = 2;
export const LIST_FACTOR = 10;

export interface OperationMeasure {
  depth: number;
  cost: number;
  aliases: number;
  directives: number;
}

/** The output type of `parent.name`, introspection fields included; undefined when unknown. */
function fieldTypeOf(
  schema: GraphQLSchema,
  parent: GraphQLCompositeType | undefined,
  name: string,
): GraphQLOutputType | undefined {
  if (name === SchemaMetaFieldDef.name && parent === schema.getQueryType()) {
    return SchemaMetaFieldDef.type;
  }
  if (name === TypeMetaFieldDef.name && parent === schema.getQueryType()) {
    return TypeMetaFieldDef.type;
  }
  if (name === TypeNameMetaFieldDef.name) return TypeNameMetaFieldDef.type;
  if (parent && (isObjectType(parent) || isInterfaceType(parent))) {
    return parent.getFields()[name]?.type;
  }
  return undefined;
}

interface SelectionMeasure {
  depth: number;
  cost: number;
}

/**
 * Measures one operation of a validated document. Fragment spreads are expanded at every place
 * they are used (memoised per fragment and parent type), so reusing a fragment cannot hide depth
 * or cost: the "fragment reuse" bypass of naive depth limits counts each fragment only once.
 * Aliases and directives are counted over the whole document text, fragments included.
 */
export function measureOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
): OperationMeasure {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) {
      fragments.set(definition.name.value, definition);
    }
  }
  const memo = new Map<string, SelectionMeasure>();
  const expanding = new Set<string>();

  const selectionSet = (
    set: SelectionSetNode,
    parent: GraphQLCompositeType | undefined,
  ): SelectionMeasure => {
    let depth = 0;
    let cost = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const fieldType = fieldTypeOf(schema, parent, selection.name.value);
        const named = fieldType ? getNamedType(fieldType) : undefined;
        const isList = fieldType ? isListType(getNullableType(fieldType)) : false;
        if (selection.selectionSet) {
          const child = selectionSet(
            selection.selectionSet,
            named && isCompositeType(named) ? named : undefined,
          );
          depth = Math.max(depth, 1 + child.depth);
          cost += OBJECT_COST + (isList ? LIST_FACTOR : 1) * child.cost;
        } else {
          depth = Math.max(depth, 1);
          cost += SCALAR_COST;
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const typeName = selection.typeCondition?.name.value;
        const type = typeName ? schema.getType(typeName) : parent;
        const child = selectionSet(
          selection.selectionSet,
          type && isCompositeType(type) ? type : parent,
        );
        depth = Math.max(depth, child.depth);
        cost += child.cost;
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        // Unknown or cyclic spreads are refused by validation; measure them as empty here.
        if (!fragment || expanding.has(name)) continue;
        const key = `${name}@${parent?.name ?? ''}`;
        let measured = memo.get(key);
        if (!measured) {
          expanding.add(name);
          const type = schema.getType(fragment.typeCondition.name.value);
          measured = selectionSet(
            fragment.selectionSet,
            type && isCompositeType(type) ? type : parent,
          );
          expanding.delete(name);
          memo.set(key, measured);
        }
        depth = Math.max(depth, measured.depth);
        cost += measured.cost;
      }
    }
    return { depth, cost };
  };

  const root = schema.getRootType(operation.operation) ?? undefined;
  const measured = selectionSet(operation.selectionSet, root);
  let aliases = 0;
  let directives = 0;
  visit(document, {
    Field(node) {
      if (node.alias) aliases++;
    },
    Directive() {
      directives++;
    },
  });
  return { ...measured, aliases, directives };
}

function limitError(limit: string, max: number, found: number): GraphQLError {
  return new GraphQLError(
    `The operation exceeds the ${limit} limit: at most ${max} allowed, found ${found}.`,
    {
      extensions: {
        code: ErrorCode.BAD_REQUEST,
        limit,
        max,
        found,
        http: { status: 400 },
      },
    },
  );
}

/** The first limit the operation breaks, as a BAD_REQUEST error; undefined when it fits. */
export function checkLimits(
  measure: OperationMeasure,
  limits: QueryLimits,
): GraphQLError | undefined {
  if (measure.aliases > limits.maxAliases) {
    return limitError('aliases', limits.maxAliases, measure.aliases);
  }
  if (measure.directives > limits.maxDirectives) {
    return limitError('directives', limits.maxDirectives, measure.directives);
  }
  if (measure.depth > limits.maxDepth) return limitError('depth', limits.maxDepth, measure.depth);
  if (measure.cost > limits.maxCost) return limitError('cost', limits.maxCost, measure.cost);
  return undefined;
}

/**
 * Refuses operations over the depth, cost, alias or directive limits with BAD_REQUEST (HTTP 400,
 * `extensions.limit` names the limit) after validation and before any resolver runs, so a refused
 * operation has no effect and runs no SQL. Must come before the operation check in the plugin
 * list. The verdict is cached per parsed document (Apollo caches parsed documents).
 */
export function queryLimitsPlugin(limits: QueryLimits): ApolloServerPlugin<AppContext> {
  const cache = new WeakMap<OperationDefinitionNode, OperationMeasure>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, schema }) {
          if (!operation) return;
          // graphql-js validates `subscription { x }` against a schema without subscriptions and
          // only fails at execution, as an internal error: refuse it here as a bad request.
          if (!schema.getRootType(operation.operation)) {
            throw new GraphQLError(`This API has no ${operation.operation} operations.`, {
              extensions: { code: ErrorCode.BAD_REQUEST, http: { status: 400 } },
            });
          }
          let measure = cache.get(operation);
          if (!measure) {
            measure = measureOperation(schema, document, operation);
            cache.set(operation, measure);
          }
          const refusal = checkLimits(measure, limits);
          if (refusal) throw refusal;
        },
      };
    },
  };
}
