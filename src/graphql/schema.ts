import 'reflect-metadata';
import './enums';
import {
  DirectiveLocation,
  GraphQLDirective,
  GraphQLEnumType,
  GraphQLNonNull,
  GraphQLSchema,
  isObjectType,
} from 'graphql';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { buildSchema } from 'type-graphql';
import { Access, describeRule, readRule } from '../permissions/rules';
import { AccountResolver } from '../resolvers/account.resolver';
import { ApiKeyResolver } from '../resolvers/api-key.resolver';
import { AuditResolver } from '../resolvers/audit.resolver';
import { ExplainResolver } from '../resolvers/explain.resolver';
import {
  CurrencyAccountResolver,
  CustomerResolver,
  MerchantAccountResolver,
} from '../resolvers/merchant-resources.resolver';
import { MerchantResolver } from '../resolvers/merchant.resolver';
import {
  PaymentCommandResolver,
  PaymentCommitResolver,
  PaymentRequestResolver,
  PaymentRouteResolver,
  PaymentSchemeResolver,
  PaymentStatementResolver,
  PaymentTransactionResolver,
} from '../resolvers/payment-resources.resolver';
import { ReportResolver } from '../resolvers/report.resolver';
import { RequestLogResolver } from '../resolvers/request-log.resolver';
import { WebhookResolver } from '../resolvers/webhook.resolver';
import { validateInput } from './validation';

export const RESOLVERS = [
  AccountResolver,
  MerchantResolver,
  ApiKeyResolver,
  ExplainResolver,
  CustomerResolver,
  CurrencyAccountResolver,
  MerchantAccountResolver,
  PaymentSchemeResolver,
  PaymentRouteResolver,
  PaymentStatementResolver,
  PaymentTransactionResolver,
  PaymentCommitResolver,
  PaymentRequestResolver,
  PaymentCommandResolver,
  RequestLogResolver,
  AuditResolver,
  ReportResolver,
  WebhookResolver,
] as const;

function ruleDirectives(schema: GraphQLSchema): GraphQLDirective[] {
  const permission = schema.getType('Permission');
  if (!(permission instanceof GraphQLEnumType))
    throw new Error('Permission enum missing from schema');
  const accessLevel = new GraphQLEnumType({
    name: 'AccessLevel',
    description: 'Who may use a field, apart from permissions.',
    values: Object.fromEntries(Object.values(Access).map((a) => [a, { value: a }])),
  });
  return [
    new GraphQLDirective({
      name: 'requires',
      description: 'API keys need this permission to use the field, or any field of the type.',
      locations: [DirectiveLocation.FIELD_DEFINITION, DirectiveLocation.OBJECT],
      args: { permission: { type: new GraphQLNonNull(permission) } },
    }),
    new GraphQLDirective({
      name: 'access',
      description: 'Who may use the field or type: see AccessLevel.',
      locations: [DirectiveLocation.FIELD_DEFINITION, DirectiveLocation.OBJECT],
      args: { level: { type: new GraphQLNonNull(accessLevel) } },
    }),
  ];
}

function withRule(description: string | null | undefined, rule: string): string {
  return description ? `${description}\n\n${rule}` : rule;
}

/** Appends each rule to its field's or type's description, so the docs panel shows it. */
function describeRules(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const typeRule = readRule(type.extensions);
    if (typeRule) type.description = withRule(type.description, describeRule(typeRule));
    for (const field of Object.values(type.getFields())) {
      const rule = readRule(field.extensions);
      if (rule) field.description = withRule(field.description, describeRule(rule));
    }
  }
}

async function build(): Promise<GraphQLSchema> {
  const built = await buildSchema({
    resolvers: RESOLVERS,
    validateFn: validateInput,
    emitSchemaFile: false,
  });
  const config = built.toConfig();
  const schema = new GraphQLSchema({
    ...config,
    directives: [...config.directives, ...ruleDirectives(built)],
  });
  describeRules(schema);
  return schema;
}

let schemaPromise: Promise<GraphQLSchema> | undefined;

/** The service schema, built once per process (type-graphql metadata is global). */
export function getSchema(): Promise<GraphQLSchema> {
  schemaPromise ??= build();
  return schemaPromise;
}

/** The SDL committed as `schema/schema.graphql`, rule directives included. */
export function printServiceSchema(schema: GraphQLSchema): string {
  return printSchemaWithDirectives(schema) + '\n';
}
