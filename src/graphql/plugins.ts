import type { ApolloServerPlugin } from '@apollo/server';
import { DocumentNode, GraphQLSchema } from 'graphql';
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
import { toGraphQLError } from './errors';

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
