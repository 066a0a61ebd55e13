import { Directive, Extensions } from 'type-graphql';
import { Permission } from './permissions';

/**
 * Who may use a field, apart from permission rules. Accounts (dashboard sessions) are allowed on
 * every field that is not ADMIN or KEY_ONLY; their reach is limited by ownership in the data layer.
 */
export enum Access {
  /** Anyone, no credentials: log in, register, report a leaked key. */
  PUBLIC = 'PUBLIC',
  /** Any valid API key, whatever its permissions (and any account). */
  ANY_KEY = 'ANY_KEY',
  /** Only API keys: fields about the calling key itself. */
  KEY_ONLY = 'KEY_ONLY',
  /** Accounts only; API keys are refused. */
  ACCOUNT = 'ACCOUNT',
  /** Admin accounts only. */
  ADMIN = 'ADMIN',
}

/** The rule a field or object type carries: a permission API keys need, or an access level. */
export type Rule = { readonly permission: Permission } | { readonly access: Access };

/** Key under which the rule is stored in GraphQL `extensions` of fields and object types. */
export const RULE_EXTENSION = 'rule';

type FieldOrTypeDecorator = MethodDecorator & PropertyDecorator & ClassDecorator;

function ruleDecorator(rule: Rule, sdl: string): FieldOrTypeDecorator {
  const directive = Directive(sdl);
  const extensions = Extensions({ [RULE_EXTENSION]: rule });
  return ((target: object, propertyKey?: string | symbol, descriptor?: PropertyDescriptor) => {
    if (propertyKey === undefined) {
      (directive as ClassDecorator)(target as () => void);
      (extensions as ClassDecorator)(target as () => void);
    } else if (descriptor) {
      (directive as MethodDecorator)(target, propertyKey, descriptor);
      (extensions as MethodDecorator)(target, propertyKey, descriptor);
    } else {
      (directive as PropertyDecorator)(target, propertyKey);
      (extensions as PropertyDecorator)(target, propertyKey);
    }
  }) as FieldOrTypeDecorator;
}

/**
 * API keys need `permission` to use this field (on a field or root operation) or any field of this
 * type (on an object type). Shows as `@requires(permission: X)` in the SDL and "Requires X" in the
 * field's description. Only records metadata: the operation check enforces it before execution.
 */
export function RequirePermission(permission: Permission): FieldOrTypeDecorator {
  return ruleDecorator({ permission }, `@requires(permission: ${permission})`);
}

/** Sets who may use the field or type (see `Access`). Shows as `@access(level: X)` in the SDL. */
export function RequireAccess(access: Access): FieldOrTypeDecorator {
  return ruleDecorator({ access }, `@access(level: ${access})`);
}

export function readRule(
  extensions: Readonly<Record<string, unknown>> | null | undefined,
): Rule | undefined {
  return extensions?.[RULE_EXTENSION] as Rule | undefined;
}

export function describeRule(rule: Rule): string {
  if ('permission' in rule) return `Requires ${rule.permission}.`;
  switch (rule.access) {
    case Access.PUBLIC:
      return 'Open: no credentials needed.';
    case Access.ANY_KEY:
      return 'Open to any valid API key.';
    case Access.KEY_ONLY:
      return 'Only with an API key (X-Api-Key).';
    case Access.ACCOUNT:
      return 'Accounts only (Authorization: Bearer); API keys are refused.';
    case Access.ADMIN:
      return 'Admin accounts only.';
  }
}
