import type { ApolloServer } from '@apollo/server';
import type { IncomingMessage, ServerResponse } from 'node:http';
import proxyaddr from 'proxy-addr';
import type { Logger } from 'pino';
import { AppContext } from '../graphql/context';
import { HTTP_ERRORS, sendHttpError } from './errors';
import { GraphQLContextFunction, respondGraphQL } from './graphql-handler';
import { newRequestId, REQUEST_ID_HEADER } from './request-id';
import { applySecurityHeaders, SecurityHeaderOptions } from './security-headers';

export interface GraphQLEndpointOptions {
  apollo: ApolloServer<AppContext>;
  context: GraphQLContextFunction;
  logger: Logger;
  bodyLimitBytes: number;
  securityHeaders: SecurityHeaderOptions;
  /** Express's compiled `trust proxy` function, so that client addresses agree with Express. */
  trustProxy: (address: string, hop: number) => boolean;
  /** Headers a browser may read (CORS), as the Express route exposes them. */
  exposedHeaders: readonly string[];
}

/** Paths the endpoint answers; anything else (`/graphql/`, other paths) stays with Express. */
const GRAPHQL_PATH = '/graphql';

/**
 * The request shapes the direct endpoint takes: a POST of an uncompressed UTF-8 JSON body, which
 * is what every client sends. Anything else (GET, preflight, other types or encodings) goes
 * through the Express route, which answers it exactly as before.
 */
function isPlainJsonPost(req: IncomingMessage, path: string): boolean {
  if (req.method !== 'POST' || path !== GRAPHQL_PATH) return false;
  const encoding = req.headers['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return false;
  const type = (req.headers['content-type'] ?? '').toLowerCase().split(';');
  if (type[0].trim() !== 'application/json') return false;
  return type
    .slice(1)
    .every((param) => !/^\s*charset\s*=/.test(param) || /=\s*"?utf-8"?\s*$/.test(param));
}

/**
 * POST /graphql straight on `node:http`, ahead of Express. Express 5 re-prototypes every request
 * and response object, which made a trivial request about three times dearer than the same
 * request on `node:http` (BENCHMARKS.md); the GraphQL POST is nearly all the traffic, so it is
 * served here with the same steps as the Express route: request id, security headers, CORS,
 * body limit (413 PAYLOAD_TOO_LARGE), strict JSON (400 BAD_REQUEST), then Apollo.
 *
 * Returns false, having touched nothing, for a request it does not take.
 */
export function createGraphQLEndpoint(options: GraphQLEndpointOptions) {
  const { apollo, context, logger, bodyLimitBytes } = options;
  const exposed = options.exposedHeaders.join(',');

  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const url = req.url ?? '';
    const queryStart = url.indexOf('?');
    const path = queryStart < 0 ? url : url.slice(0, queryStart);
    if (!isPlainJsonPost(req, path)) return false;
    const search = queryStart < 0 ? '' : url.slice(queryStart);
    const requestId = newRequestId();
    res.setHeader(REQUEST_ID_HEADER, requestId);
    applySecurityHeaders(res, options.securityHeaders, false);
    // CORS as the Express route's `cors({ origin: true })`: any origin, reflected; no cookies.
    const origin = req.headers.origin;
    if (origin) res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Vary', 'Origin');
    res.setHeader('Access-Control-Expose-Headers', exposed);

    const declared = Number(req.headers['content-length']);
    if (declared > bodyLimitBytes) {
      req.resume();
      sendHttpError(res, 413, HTTP_ERRORS.tooLarge, requestId);
      return true;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > bodyLimitBytes) {
        refused = true;
        sendHttpError(res, 413, HTTP_ERRORS.tooLarge, requestId);
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', () => {
      refused = true;
    });
    req.on('end', () => {
      if (refused) return;
      const text = (chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)).toString('utf8');
      let body: unknown = {};
      // Strict JSON, as express.json(): an object or an array; an empty body is `{}`.
      const first = /\S/.exec(text)?.[0];
      if (first !== undefined) {
        try {
          if (first !== '{' && first !== '[') throw new SyntaxError('not an object');
          body = JSON.parse(text);
        } catch {
          sendHttpError(res, 400, HTTP_ERRORS.notJson, requestId);
          return;
        }
      }
      const clientIp = proxyaddr(req, options.trustProxy);
      respondGraphQL(
        apollo,
        context,
        { requestId, clientIp, headers: req.headers, body, method: 'POST', search },
        res,
      ).catch((error: unknown) => {
        logger.error({ requestId, err: error }, 'unhandled HTTP error');
        if (res.headersSent) res.destroy();
        else sendHttpError(res, 500, HTTP_ERRORS.internal, requestId);
      });
    });
    return true;
  };
}
