import { ApolloServer, HeaderMap, HTTPGraphQLRequest } from '@apollo/server';
import type { Request, Response } from 'express';
import { AppContext } from '../graphql/context';

type ContextFunction = (args: { req: Request; res: Response }) => Promise<AppContext>;

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
 * Serves GraphQL over Express 5 by handing the request to `executeHTTPGraphQLRequest`, the way
 * Apollo's own integrations do, and guarantees a request id in every error response.
 */
export function graphqlHandler(apollo: ApolloServer<AppContext>, context: ContextFunction) {
  return async (req: Request, res: Response): Promise<void> => {
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const queryStart = req.originalUrl.indexOf('?');
    const httpGraphQLRequest: HTTPGraphQLRequest = {
      method: req.method.toUpperCase(),
      headers,
      search: queryStart >= 0 ? req.originalUrl.slice(queryStart) : '',
      body: req.body,
    };
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest,
      context: () => context({ req, res }),
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    // Responses carry keys, secrets and merchant data: never cacheable.
    if (!res.hasHeader('cache-control')) res.setHeader('Cache-Control', 'no-store');
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      const body = response.body.string;
      const requestId = res.locals.requestId as string;
      res.send(
        res.statusCode >= 400 && !body.includes('"requestId"')
          ? withRequestId(body, requestId)
          : body,
      );
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
}
