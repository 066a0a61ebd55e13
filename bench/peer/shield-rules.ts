import { GraphQLSchema, isIntrospectionType, isObjectType } from 'graphql';
import { allow, and, IRule, rule, shield } from 'graphql-shield';
import { AccountRole } from '../../src/domain/enums';
import { ErrorCode } from '../../src/domain/errors';
import { AppContext } from '../../src/graphql/context';
import { toGraphQLError } from '../../src/graphql/errors';
import { Access, readRule, Rule } from '../../src/permissions/rules';
import { KeyType, matches } from '../../src/permissions/permissions';

/**
 * What one rule of the rule table decides for a caller, the way a graphql-shield rule does it:
 * true, or the error to answer with. Accounts pass permission rules (their reach is limited by
 * ownership in the data layer), as in `src/permissions/enforce.ts`.
 */
function allows(spec: Rule, ctx: AppContext): true | Error {
  const caller = ctx.caller;
  if ('permission' in spec) {
    if (caller.kind === 'anonymous') return toGraphQLError(ErrorCode.API_KEY_MISSING);
    if (caller.kind === 'account' || matches(caller.key.grants, spec.permission)) return true;
    return toGraphQLError(ErrorCode.FORBIDDEN, `This API key lacks ${spec.permission}.`, {
      requiredPermission: spec.permission,
    });
  }
  switch (spec.access) {
    case Access.PUBLIC:
      return true;
    case Access.ANY_KEY:
      return caller.kind === 'anonymous' ? toGraphQLError(ErrorCode.API_KEY_MISSING) : true;
    case Access.KEY_ONLY:
      return caller.kind === 'apiKey' ? true : toGraphQLError(ErrorCode.API_KEY_MISSING);
    case Access.ACCOUNT:
    case Access.ADMIN:
      if (caller.kind === 'anonymous') return toGraphQLError(ErrorCode.UNAUTHENTICATED);
      if (caller.kind === 'apiKey') return toGraphQLError(ErrorCode.FORBIDDEN);
      if (spec.access === Access.ADMIN && caller.account.role !== AccountRole.ADMIN) {
        return toGraphQLError(ErrorCode.FORBIDDEN);
      }
      return true;
  }
}

/**
 * The peer of the operation check: the same rule table (the `rule` extensions type-graphql put on
 * fields and object types) turned into graphql-shield rules, one per field, evaluated by
 * graphql-middleware around every resolver. Field rules are AND-ed with their type's rule;
 * REPORTING keys are refused on every mutation field.
 */
export function shieldFromRuleTable(schema: GraphQLSchema) {
  const shieldRules = new Map<string, IRule>();
  const toShield = (spec: Rule): IRule => {
    const name = 'permission' in spec ? `permission:${spec.permission}` : `access:${spec.access}`;
    let made = shieldRules.get(name);
    if (!made) {
      made = rule(name, { cache: 'contextual' })(
        (_parent: unknown, _args: unknown, ctx: AppContext) => allows(spec, ctx),
      );
      shieldRules.set(name, made);
    }
    return made;
  };
  const notReporting = rule('not-reporting', { cache: 'contextual' })(
    (_parent: unknown, _args: unknown, ctx: AppContext) =>
      ctx.caller.kind === 'apiKey' && ctx.caller.key.type === KeyType.REPORTING
        ? toGraphQLError(ErrorCode.FORBIDDEN, 'Reporting keys are read-only.')
        : true,
  );
  const mutationType = schema.getMutationType();
  type ShieldRule = IRule | ReturnType<typeof and>;
  const tree: Record<string, Record<string, ShieldRule>> = {};
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || isIntrospectionType(type)) continue;
    const typeRule = readRule(type.extensions);
    const fields: Record<string, ShieldRule> = {};
    for (const field of Object.values(type.getFields())) {
      const rules: IRule[] = [];
      if (typeRule) rules.push(toShield(typeRule));
      const fieldRule = readRule(field.extensions);
      if (fieldRule) rules.push(toShield(fieldRule));
      if (type === mutationType) rules.push(notReporting);
      if (rules.length > 0) fields[field.name] = rules.length === 1 ? rules[0] : and(...rules);
    }
    if (Object.keys(fields).length > 0) tree[type.name] = fields;
  }
  return shield(tree, { fallbackRule: allow, allowExternalErrors: true });
}
