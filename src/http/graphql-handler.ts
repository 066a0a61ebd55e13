import { ApolloServer, HeaderMap, HTTPGraphQLRequest } from '@apollo/server';
import type { Request, Response } from 'express';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { AppContext } from '../graphql/context';

/** What the context builder gets to know of one GraphQL HTTP request. */
export interface GraphQLRequestInfo {
  requestId: string;
  /** The client address (`trust proxy` applied). */
  clientIp: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body (undefined for GET). */
  body: unknown;
}

export type GraphQLContextFunction = (request: GraphQLRequestInfo) => Promise<AppContext>;

/** Adds the request id to errors Apollo answers before a context exists (bad request, CSRF). */
function withRequestId(body: string, requestId: string): string {
  try {
    const parsed = JSON.parse(body) as { errors?: Array<{ extensions?: Record<string, unknown> }> };
    if (!Array.isArray(parsed.errors)) return body;
    for (const error of parsed.errors) error.extensions = { ...error.extensions, requestId };
    return JSON.stringify(parsed);
  } catch {
    return body;
  }
}

/**
 * Runs one GraphQL HTTP request through `executeHTTPGraphQLRequest`, the way Apollo's own
 * integrations do, and writes the answer with plain `node:http` calls (so both the Express route
 * and the direct endpoint of `./graphql-endpoint.ts` use it). Every error response carries the
 * request id; no response is cacheable.
 */
export async function respondGraphQL(
  apollo: ApolloServer<AppContext>,
  context: GraphQLContextFunction,
  request: GraphQLRequestInfo & { method: string; search: string },
  res: ServerResponse,
): Promise<void> {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  const httpGraphQLRequest: HTTPGraphQLRequest = {
    method: request.method.toUpperCase(),
    headers,
    search: request.search,
    body: request.body,
  };
  const response = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest,
    context: () => context(request),
  });
  for (const [key, value] of response.headers) res.setHeader(key, value);
  // Responses carry keys, secrets and merchant data: never cacheable.
  if (!res.hasHeader('cache-control')) res.setHeader('Cache-Control', 'no-store');
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    const body = response.body.string;
    const text =
      res.statusCode >= 400 && !body.includes('"requestId"')
        ? withRequestId(body, request.requestId)
        : body;
    res.setHeader('Content-Length', Buffer.byteLength(text));
    res.end(text);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

/** The Express route of `/graphql`: GET, preflight and any POST the direct endpoint passed on. */
export function graphqlHandler(apollo: ApolloServer<AppContext>, context: GraphQLContextFunction) {
  return async (req: Request, res: Response): Promise<void> => {
    const queryStart = req.originalUrl.indexOf('?');
    await respondGraphQL(
      apollo,
      context,
      {
        requestId: res.locals.requestId as string,
        clientIp: req.ip ?? req.socket.remoteAddress ?? '',
        headers: req.headers,
        body: req.body,
        method: req.method,
        search: queryStart >= 0 ? req.originalUrl.slice(queryStart) : '',
      },
      res,
    );
  };
}
