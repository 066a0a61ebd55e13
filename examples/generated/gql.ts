/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "query ApiRequestLogs($merchantId: ID!, $filter: ApiRequestLogFilter, $first: Int = 20, $after: String) {\n  apiRequestLogs(\n    merchantId: $merchantId\n    filter: $filter\n    first: $first\n    after: $after\n  ) {\n    nodes {\n      id\n      createdAt\n      keyId\n      keyPrefix\n      mode\n      operationName\n      outcome\n      httpStatus\n      durationMs\n      clientIp\n      requestId\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}": typeof types.ApiRequestLogsDocument,
    "query PaymentReport($from: DateTimeISO!, $to: DateTimeISO!, $groupBy: [ReportDimension!]!) {\n  paymentReport(from: $from, to: $to, groupBy: $groupBy) {\n    from\n    to\n    groupBy\n    count\n    rows {\n      day\n      currency\n      status\n      count\n      totalAmount\n    }\n  }\n}": typeof types.PaymentReportDocument,
    "query PaymentTransactionExport($from: DateTimeISO!, $to: DateTimeISO!, $first: Int = 500, $after: String) {\n  paymentTransactionExport(from: $from, to: $to, first: $first, after: $after) {\n    nodes {\n      id\n      createdAt\n      amount\n      currency\n      currencyKind\n      status\n      customerId\n      description\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}": typeof types.PaymentTransactionExportDocument,
    "query WebhookDeliveries($endpointId: ID!, $filter: WebhookDeliveryFilter, $first: Int = 20, $after: String) {\n  webhookDeliveries(\n    endpointId: $endpointId\n    filter: $filter\n    first: $first\n    after: $after\n  ) {\n    nodes {\n      id\n      eventId\n      eventType\n      status\n      attemptCount\n      nextAttemptAt\n      lastStatusCode\n      lastError\n      attempts {\n        attempt\n        statusCode\n        durationMs\n        error\n        createdAt\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}": typeof types.WebhookDeliveriesDocument,
    "query WhoAmI {\n  currentApiKey {\n    id\n    name\n    type\n    mode\n    permissions\n    scopes {\n      scope\n      preset\n    }\n    expiresAt\n    merchant {\n      id\n      name\n      status\n    }\n  }\n}\n\nquery RequiredPermissions($document: String!, $operationName: String) {\n  requiredPermissions(document: $document, operationName: $operationName)\n}": typeof types.WhoAmIDocument,
};
const documents: Documents = {
    "query ApiRequestLogs($merchantId: ID!, $filter: ApiRequestLogFilter, $first: Int = 20, $after: String) {\n  apiRequestLogs(\n    merchantId: $merchantId\n    filter: $filter\n    first: $first\n    after: $after\n  ) {\n    nodes {\n      id\n      createdAt\n      keyId\n      keyPrefix\n      mode\n      operationName\n      outcome\n      httpStatus\n      durationMs\n      clientIp\n      requestId\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}": types.ApiRequestLogsDocument,
    "query PaymentReport($from: DateTimeISO!, $to: DateTimeISO!, $groupBy: [ReportDimension!]!) {\n  paymentReport(from: $from, to: $to, groupBy: $groupBy) {\n    from\n    to\n    groupBy\n    count\n    rows {\n      day\n      currency\n      status\n      count\n      totalAmount\n    }\n  }\n}": types.PaymentReportDocument,
    "query PaymentTransactionExport($from: DateTimeISO!, $to: DateTimeISO!, $first: Int = 500, $after: String) {\n  paymentTransactionExport(from: $from, to: $to, first: $first, after: $after) {\n    nodes {\n      id\n      createdAt\n      amount\n      currency\n      currencyKind\n      status\n      customerId\n      description\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}": types.PaymentTransactionExportDocument,
    "query WebhookDeliveries($endpointId: ID!, $filter: WebhookDeliveryFilter, $first: Int = 20, $after: String) {\n  webhookDeliveries(\n    endpointId: $endpointId\n    filter: $filter\n    first: $first\n    after: $after\n  ) {\n    nodes {\n      id\n      eventId\n      eventType\n      status\n      attemptCount\n      nextAttemptAt\n      lastStatusCode\n      lastError\n      attempts {\n        attempt\n        statusCode\n        durationMs\n        error\n        createdAt\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}": types.WebhookDeliveriesDocument,
    "query WhoAmI {\n  currentApiKey {\n    id\n    name\n    type\n    mode\n    permissions\n    scopes {\n      scope\n      preset\n    }\n    expiresAt\n    merchant {\n      id\n      name\n      status\n    }\n  }\n}\n\nquery RequiredPermissions($document: String!, $operationName: String) {\n  requiredPermissions(document: $document, operationName: $operationName)\n}": types.WhoAmIDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ApiRequestLogs($merchantId: ID!, $filter: ApiRequestLogFilter, $first: Int = 20, $after: String) {\n  apiRequestLogs(\n    merchantId: $merchantId\n    filter: $filter\n    first: $first\n    after: $after\n  ) {\n    nodes {\n      id\n      createdAt\n      keyId\n      keyPrefix\n      mode\n      operationName\n      outcome\n      httpStatus\n      durationMs\n      clientIp\n      requestId\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}"): (typeof documents)["query ApiRequestLogs($merchantId: ID!, $filter: ApiRequestLogFilter, $first: Int = 20, $after: String) {\n  apiRequestLogs(\n    merchantId: $merchantId\n    filter: $filter\n    first: $first\n    after: $after\n  ) {\n    nodes {\n      id\n      createdAt\n      keyId\n      keyPrefix\n      mode\n      operationName\n      outcome\n      httpStatus\n      durationMs\n      clientIp\n      requestId\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query PaymentReport($from: DateTimeISO!, $to: DateTimeISO!, $groupBy: [ReportDimension!]!) {\n  paymentReport(from: $from, to: $to, groupBy: $groupBy) {\n    from\n    to\n    groupBy\n    count\n    rows {\n      day\n      currency\n      status\n      count\n      totalAmount\n    }\n  }\n}"): (typeof documents)["query PaymentReport($from: DateTimeISO!, $to: DateTimeISO!, $groupBy: [ReportDimension!]!) {\n  paymentReport(from: $from, to: $to, groupBy: $groupBy) {\n    from\n    to\n    groupBy\n    count\n    rows {\n      day\n      currency\n      status\n      count\n      totalAmount\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query PaymentTransactionExport($from: DateTimeISO!, $to: DateTimeISO!, $first: Int = 500, $after: String) {\n  paymentTransactionExport(from: $from, to: $to, first: $first, after: $after) {\n    nodes {\n      id\n      createdAt\n      amount\n      currency\n      currencyKind\n      status\n      customerId\n      description\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}"): (typeof documents)["query PaymentTransactionExport($from: DateTimeISO!, $to: DateTimeISO!, $first: Int = 500, $after: String) {\n  paymentTransactionExport(from: $from, to: $to, first: $first, after: $after) {\n    nodes {\n      id\n      createdAt\n      amount\n      currency\n      currencyKind\n      status\n      customerId\n      description\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query WebhookDeliveries($endpointId: ID!, $filter: WebhookDeliveryFilter, $first: Int = 20, $after: String) {\n  webhookDeliveries(\n    endpointId: $endpointId\n    filter: $filter\n    first: $first\n    after: $after\n  ) {\n    nodes {\n      id\n      eventId\n      eventType\n      status\n      attemptCount\n      nextAttemptAt\n      lastStatusCode\n      lastError\n      attempts {\n        attempt\n        statusCode\n        durationMs\n        error\n        createdAt\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}"): (typeof documents)["query WebhookDeliveries($endpointId: ID!, $filter: WebhookDeliveryFilter, $first: Int = 20, $after: String) {\n  webhookDeliveries(\n    endpointId: $endpointId\n    filter: $filter\n    first: $first\n    after: $after\n  ) {\n    nodes {\n      id\n      eventId\n      eventType\n      status\n      attemptCount\n      nextAttemptAt\n      lastStatusCode\n      lastError\n      attempts {\n        attempt\n        statusCode\n        durationMs\n        error\n        createdAt\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query WhoAmI {\n  currentApiKey {\n    id\n    name\n    type\n    mode\n    permissions\n    scopes {\n      scope\n      preset\n    }\n    expiresAt\n    merchant {\n      id\n      name\n      status\n    }\n  }\n}\n\nquery RequiredPermissions($document: String!, $operationName: String) {\n  requiredPermissions(document: $document, operationName: $operationName)\n}"): (typeof documents)["query WhoAmI {\n  currentApiKey {\n    id\n    name\n    type\n    mode\n    permissions\n    scopes {\n      scope\n      preset\n    }\n    expiresAt\n    merchant {\n      id\n      name\n      status\n    }\n  }\n}\n\nquery RequiredPermissions($document: String!, $operationName: String) {\n  requiredPermissions(document: $document, operationName: $operationName)\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;