import type { ApolloServerPlugin } from '@apollo/server';
import {
  DocumentNode,
  GraphQLError,
  GraphQLSchema,
  Kind,
  OperationDefinitionNode,
  SelectionSetNode,
} from 'graphql';
import { MINUTE_MS, RateLimitSettings, rateBuckets } from '../auth/rate-limiter';
import type { Logger } from 'pino';
import { VerifiedKey } from '../auth/caller';
import { AccountRole } from '../domain/enums';
import { ErrorCode } from '../domain/errors';
import {
  analyzeOperation,
  CallerFacts,
  decide,
  OperationRequirements,
} from '../permissions/enforce';
import { AppContext } from './context';
import { rateLimitedError, toGraphQLError } from './errors';

function callerFacts(ctx: AppContext): CallerFacts {
  const caller = ctx.caller;
  switch (caller.kind) {
    case 'anonymous':
      return caller;
    case 'account':
      return { kind: 'account', admin: caller.account.role === AccountRole.ADMIN };
    case 'apiKey':
      return { kind: 'apiKey', type: caller.key.type, grants: caller.key.grants };
  }
}

/**
 * The operation check as an Apollo plugin: after the document is parsed and validated and before
 * any resolver runs, it decides from the rules whether this caller may run the operation, and
 * refuses the whole operation otherwise (API_KEY_MISSING 401, UNAUTHENTICATED 401, FORBIDDEN 403
 * with `requiredPermission` or `requiredRole`). A refused operation has no side effects. The
 * analysis is cached per parsed document, so a repeated query costs a map lookup and a bit test.
 */
export function operationGuardPlugin(options: {
  enabled: boolean;
}): ApolloServerPlugin<AppContext> {
  const cache = new WeakMap<DocumentNode, Map<string, OperationRequirements | undefined>>();
  const analyze = (schema: GraphQLSchema, document: DocumentNode, name: string | undefined) => {
    let byName = cache.get(document);
    if (!byName) {
      byName = new Map();
      cache.set(document, byName);
    }
    const key = name ?? '';
    if (!byName.has(key)) byName.set(key, analyzeOperation(schema, document, name));
    return byName.get(key);
  };
  return {
    async requestDidStart() {
      if (!options.enabled) return;
      return {
        async didResolveOperation({ document, request, contextValue, schema }) {
          const requirements = analyze(schema, document, request.operationName);
          if (!requirements) return;
          const verdict = decide(requirements, callerFacts(contextValue));
          if (verdict.ok) return;
          if (verdict.code !== 'FORBIDDEN') {
            throw toGraphQLError(ErrorCode[verdict.code]);
          }
          throw toGraphQLError(ErrorCode.FORBIDDEN, verdict.reason, {
            ...(verdict.requiredPermission
              ? { requiredPermission: verdict.requiredPermission }
              : {}),
            ...(verdict.requiredRole ? { requiredRole: verdict.requiredRole } : {}),
            field: verdict.path,
          });
        },
      };
    },
  };
}

/** What the response plugin reports about a request made with a verified API key. */
export interface KeyRequestReport {
  key: VerifiedKey;
  requestId: string;
  operationName: string | null;
  /** `OK` or the code of the first error. */
  outcome: string;
  httpStatus: number;
  durationMs: number;
  clientIp: string;
}

export interface ResponsePluginOptions {
  /**
   * Called for every response to a verified API key (success or refusal), just before it is sent.
   * Must not do I/O: the request log writer only queues.
   */
  onKeyRequest?: (report: KeyRequestReport) => void;
  /** Called for every response (metrics). Must not do I/O. */
  onResponse?: (report: {
    operationName: string | null;
    outcome: string;
    durationMs: number;
  }) => void;
}

/**
 * Puts the request id in every error of every response, logs the request's outcome, and reports
 * each API-key request to `onKeyRequest` (request log, lastUsedAt).
 */
export function responsePlugin(
  logger: Logger,
  options: ResponsePluginOptions = {},
): ApolloServerPlugin<AppContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = contextValue.startedAt ?? performance.now();
      return {
        async willSendResponse({ response, request, operationName: resolvedName }) {
          const operationName = resolvedName ?? request.operationName ?? null;
          const body = response.body;
          const errors = body.kind === 'single' ? body.singleResult.errors : undefined;
          if (body.kind === 'single' && errors) {
            body.singleResult.errors = errors.map((error) => ({
              ...error,
              extensions: { ...error.extensions, requestId: contextValue.requestId },
            }));
          }
          const code = errors?.[0]?.extensions?.code;
          const outcome = typeof code === 'string' ? code : errors ? 'INTERNAL_SERVER_ERROR' : 'OK';
          const status = response.http.status ?? 200;
          const durationMs = performance.now() - started;
          const caller = contextValue.caller;
          if (caller.kind === 'apiKey' && options.onKeyRequest) {
            options.onKeyRequest({
              key: caller.key,
              requestId: contextValue.requestId,
              operationName,
              outcome,
              httpStatus: status,
              durationMs,
              clientIp: contextValue.clientIp,
            });
          }
          options.onResponse?.({ operationName, outcome, durationMs });
          const log = contextValue.log ?? logger.child({ requestId: contextValue.requestId });
          if (log.isLevelEnabled('debug')) {
            log.debug({
              operationName,
              caller: caller.kind,
              keyPrefix: caller.kind === 'apiKey' ? caller.key.prefix : undefined,
              outcome,
              status,
              durationMs,
            });
          }
        },
      };
    },
  };
}

/** Root mutation fields that test a secret: at most one per document, counted per client address. */
export const GUESS_FIELDS = ['login', 'reportLeakedApiKey'] as const;

/** How often each guess field occurs in the operation's root selection, fragments expanded. */
export function countRootFields(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  names: readonly string[],
): Map<string, number> {
  const counts = new Map<string, number>();
  const fragments = new Map<string, SelectionSetNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) {
      fragments.set(definition.name.value, definition.selectionSet);
    }
  }
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (names.includes(name)) counts.set(name, (counts.get(name) ?? 0) + 1);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet);
      } else {
        // Every spread counts again; a cycle is refused by validation, guard anyway.
        const fragment = fragments.get(selection.name.value);
        if (fragment && !seen.has(selection.name.value)) {
          seen.add(selection.name.value);
          walk(fragment);
          seen.delete(selection.name.value);
        }
      }
    }
  };
  walk(operation.selectionSet);
  return counts;
}

/**
 * Stops password and key guessing from being multiplied inside one request: a mutation with more
 * than one `login` (or `reportLeakedApiKey`) field, aliased or through fragments, is refused with
 * BAD_REQUEST; a client address out of failed-authentication budget is refused with RATE_LIMITED
 * (429, Retry-After) before the resolver runs. The login resolver itself counts each attempt
 * (and takes a successful one back), so concurrent requests cannot overrun the budget either.
 */
export function loginGuardPlugin(limits: RateLimitSettings): ApolloServerPlugin<AppContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, contextValue }) {
          if (!operation || operation.operation !== 'mutation') return;
          const counts = countRootFields(document, operation, GUESS_FIELDS);
          for (const [field, count] of counts) {
            if (count > 1) {
              throw new GraphQLError(`At most one ${field} field per request; found ${count}.`, {
                extensions: {
                  code: ErrorCode.BAD_REQUEST,
                  limit: field,
                  max: 1,
                  found: count,
                  http: { status: 400 },
                },
              });
            }
          }
          if (counts.has('login')) {
            const budget = await contextValue.services.rateLimiter.peek(
              rateBuckets.authFailures(contextValue.clientIp),
              limits.authFailuresPerMinute,
              MINUTE_MS,
            );
            if (!budget.allowed) {
              throw rateLimitedError(budget.retryAfterSeconds, 'failed authentications');
            }
          }
        },
      };
    },
  };
}
