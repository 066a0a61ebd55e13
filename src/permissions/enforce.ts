import {
  DocumentNode,
  FragmentDefinitionNode,
  getNamedType,
  GraphQLNamedType,
  GraphQLSchema,
  isInterfaceType,
  isObjectType,
  Kind,
  OperationDefinitionNode,
  OperationTypeNode,
  SelectionSetNode,
} from 'graphql';
import {
  Action,
  actionOf,
  bitOf,
  EMPTY_SET,
  KeyType,
  Permission,
  PermissionSet,
  toList,
  viewOf,
} from './permissions';
import { Access, readRule, Rule } from './rules';

/**
 * The operation check: walks an operation document once, before anything executes, and collects
 * what it needs from the rules declared on the schema (`@RequirePermission`, `@RequireAccess`).
 * Fragments, inline fragments, aliases and nesting are all followed, so none of them can hide a
 * field. The result depends only on the document, so it is computed once per parsed document and
 * the per-request decision is a few integer operations.
 */

export interface PermissionStep {
  permission: Permission;
  /** Dotted field path where the permission is first needed, e.g. `paymentTransaction.customer`. */
  path: string;
}

export type KeyRefusalReason = 'ACCOUNT_ONLY' | 'ADMIN_ONLY' | 'NO_RULE';

export interface OperationRequirements {
  operationType: OperationTypeNode;
  /** Every permission an API key needs for this operation. */
  required: PermissionSet;
  /** Each required permission with the first place it is needed, in document order. */
  steps: PermissionStep[];
  /** The first field no API key may use, if any. */
  keyRefusal?: { path: string; reason: KeyRefusalReason };
  /** The first field only admin accounts may use, if any. */
  adminPath?: string;
  /** The first field only API keys may use, if any. */
  keyOnlyPath?: string;
  /** What an anonymous caller lacks: nothing, an API key, or a session. */
  credentials: 'none' | 'key' | 'account';
}

interface Exemption {
  /** The VIEW permission that the mutation's EDIT permission stands in for. */
  view: Permission;
}

interface WalkState {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  required: number;
  steps: PermissionStep[];
  keyRefusal?: OperationRequirements['keyRefusal'];
  adminPath?: string;
  keyOnlyPath?: string;
}

type Composite = Extract<GraphQLNamedType, { getFields: unknown }>;

function applyRule(rule: Rule, path: string, state: WalkState): void {
  if ('permission' in rule) {
    const bit = bitOf(rule.permission);
    if ((state.required & bit) === 0) {
      state.required |= bit;
      state.steps.push({ permission: rule.permission, path });
    }
    return;
  }
  switch (rule.access) {
    case Access.ACCOUNT:
      state.keyRefusal ??= { path, reason: 'ACCOUNT_ONLY' };
      return;
    case Access.ADMIN:
      state.keyRefusal ??= { path, reason: 'ADMIN_ONLY' };
      state.adminPath ??= path;
      return;
    case Access.KEY_ONLY:
      state.keyOnlyPath ??= path;
      return;
    case Access.ANY_KEY:
    case Access.PUBLIC:
      return;
  }
}

function walk(
  selectionSet: SelectionSetNode,
  parentType: GraphQLNamedType,
  path: string,
  isRoot: boolean,
  exemption: Exemption | undefined,
  isMutationRoot: boolean,
  state: WalkState,
  visiting: Set<string>,
): void {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      const type = selection.typeCondition
        ? state.schema.getType(selection.typeCondition.name.value)
        : parentType;
      if (type) {
        walk(
          selection.selectionSet,
          type,
          path,
          isRoot,
          exemption,
          isMutationRoot,
          state,
          visiting,
        );
      }
      continue;
    }
    if (selection.kind === Kind.FRAGMENT_SPREAD) {
      const name = selection.name.value;
      const fragment = state.fragments.get(name);
      if (!fragment || visiting.has(name)) continue;
      const type = state.schema.getType(fragment.typeCondition.name.value);
      if (!type) continue;
      visiting.add(name);
      walk(fragment.selectionSet, type, path, isRoot, exemption, isMutationRoot, state, visiting);
      visiting.delete(name);
      continue;
    }
    const name = selection.name.value;
    if (name.startsWith('__')) continue;
    if (!isObjectType(parentType) && !isInterfaceType(parentType)) continue;
    const field = (parentType as Composite).getFields()[name];
    if (!field) continue;
    const fieldPath = path ? `${path}.${name}` : name;

    const typeRule = isRoot ? undefined : readRule(parentType.extensions);
    const fieldRule = readRule(field.extensions);
    const rules: Rule[] = [];
    if (typeRule && !('permission' in typeRule && typeRule.permission === exemption?.view)) {
      rules.push(typeRule);
    }
    if (fieldRule) rules.push(fieldRule);
    if (!typeRule && !fieldRule) state.keyRefusal ??= { path: fieldPath, reason: 'NO_RULE' };
    for (const rule of rules) applyRule(rule, fieldPath, state);

    if (!selection.selectionSet) continue;
    if (isRoot && fieldRule && 'access' in fieldRule && fieldRule.access === Access.PUBLIC)
      continue;
    const childExemption =
      isMutationRoot &&
      fieldRule &&
      'permission' in fieldRule &&
      actionOf(fieldRule.permission) === Action.EDIT
        ? { view: viewOf(fieldRule.permission) }
        : undefined;
    walk(
      selection.selectionSet,
      getNamedType(field.type),
      fieldPath,
      false,
      childExemption,
      false,
      state,
      visiting,
    );
  }
}

function rootCredentials(
  operation: OperationDefinitionNode,
  rootType: Composite,
): OperationRequirements['credentials'] {
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD || selection.name.value.startsWith('__')) continue;
    const rule = readRule(rootType.getFields()[selection.name.value]?.extensions);
    if (rule && 'access' in rule && rule.access === Access.PUBLIC) continue;
    if (!rule) return 'account';
    if ('permission' in rule) return 'key';
    return rule.access === Access.ANY_KEY || rule.access === Access.KEY_ONLY ? 'key' : 'account';
  }
  return 'none';
}

export function findOperation(
  document: DocumentNode,
  operationName?: string | null,
): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  if (operationName) return operations.find((o) => o.name?.value === operationName);
  return operations.length === 1 ? operations[0] : undefined;
}

/**
 * Collects what one operation of `document` needs. The document must already be valid against
 * `schema`. Returns undefined when the named operation is not in the document.
 */
export function analyzeOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName?: string | null,
): OperationRequirements | undefined {
  const operation = findOperation(document, operationName);
  if (!operation) return undefined;
  const rootType = schema.getRootType(operation.operation);
  if (!rootType) return undefined;
  const state: WalkState = {
    schema,
    fragments: new Map(
      document.definitions
        .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
        .map((d) => [d.name.value, d]),
    ),
    required: EMPTY_SET,
    steps: [],
  };
  walk(
    operation.selectionSet,
    rootType,
    '',
    true,
    undefined,
    operation.operation === OperationTypeNode.MUTATION,
    state,
    new Set(),
  );
  return {
    operationType: operation.operation,
    required: state.required as PermissionSet,
    steps: state.steps,
    keyRefusal: state.keyRefusal,
    adminPath: state.adminPath,
    keyOnlyPath: state.keyOnlyPath,
    credentials: rootCredentials(operation, rootType),
  };
}

/** What the decision needs to know about the caller. */
export type CallerFacts =
  | { kind: 'anonymous' }
  | { kind: 'account'; admin: boolean }
  | { kind: 'apiKey'; type: KeyType; grants: PermissionSet };

export type Verdict =
  | { ok: true }
  | { ok: false; code: 'API_KEY_MISSING' | 'UNAUTHENTICATED'; path?: string }
  | {
      ok: false;
      code: 'FORBIDDEN';
      reason: string;
      path: string;
      requiredPermission?: Permission;
      requiredRole?: 'ADMIN';
    };

/**
 * Decides whether a caller may run an analysed operation. Fails closed: an API key is refused on
 * any field without a rule, on account-only fields, on any mutation if it is a REPORTING key, and
 * on the first permission it lacks (in document order).
 */
export function decide(requirements: OperationRequirements, caller: CallerFacts): Verdict {
  switch (caller.kind) {
    case 'anonymous':
      if (requirements.credentials === 'none') return { ok: true };
      return {
        ok: false,
        code: requirements.credentials === 'key' ? 'API_KEY_MISSING' : 'UNAUTHENTICATED',
      };
    case 'account':
      if (requirements.keyOnlyPath) {
        return { ok: false, code: 'API_KEY_MISSING', path: requirements.keyOnlyPath };
      }
      if (requirements.adminPath && !caller.admin) {
        return {
          ok: false,
          code: 'FORBIDDEN',
          reason: `${requirements.adminPath} is for admin accounts only.`,
          path: requirements.adminPath,
          requiredRole: 'ADMIN',
        };
      }
      return { ok: true };
    case 'apiKey': {
      const refusal = requirements.keyRefusal;
      if (refusal) {
        return {
          ok: false,
          code: 'FORBIDDEN',
          reason: `${refusal.path} is not available to API keys.`,
          path: refusal.path,
        };
      }
      if (
        caller.type === KeyType.REPORTING &&
        requirements.operationType !== OperationTypeNode.QUERY
      ) {
        return {
          ok: false,
          code: 'FORBIDDEN',
          reason: 'Reporting keys are read-only: they cannot run mutations.',
          path: requirements.steps[0]?.path ?? '',
        };
      }
      const lacking = requirements.required & ~caller.grants;
      if (lacking === 0) return { ok: true };
      const step = requirements.steps.find((s) => (lacking & bitOf(s.permission)) !== 0);
      const permission = step?.permission ?? toList(lacking as PermissionSet)[0];
      return {
        ok: false,
        code: 'FORBIDDEN',
        reason: `This API key lacks ${permission} (needed by ${step?.path ?? 'the operation'}).`,
        path: step?.path ?? '',
        requiredPermission: permission,
      };
    }
  }
}
