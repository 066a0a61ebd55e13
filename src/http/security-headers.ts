import type { NextFunction, Request, Response } from 'express';
import type { ServerResponse } from 'node:http';

export interface SecurityHeaderOptions {
  /** Send Strict-Transport-Security (production: the service sits behind TLS). */
  hsts: boolean;
  /** The Sandbox landing page is served: leave its HTML without the API's strict CSP. */
  landingPage: boolean;
}

function wantsHtml(req: Request): boolean {
  return req.method === 'GET' && (req.headers.accept ?? '').includes('text/html');
}

/**
 * Response headers fit for a JSON API (OWASP REST/GraphQL cheat sheets): no MIME sniffing, no
 * framing, no referrer, no caching of GraphQL answers (they may hold key metadata), HSTS in
 * production and a CSP that allows nothing, since no response is meant to be rendered. The one
 * HTML page, the development Sandbox, keeps Apollo's own page untouched (its scripts and iframe
 * come from Apollo's CDN), so the strict CSP is not sent on it.
 */
export function securityHeaders(options: SecurityHeaderOptions) {
  return (req: Request, res: Response, next: NextFunction): void => {
    applySecurityHeaders(res, options, wantsHtml(req));
    next();
  };
}

/** Sets the headers above on `res`; `html`: the response may be the Sandbox page. */
export function applySecurityHeaders(
  res: ServerResponse,
  options: SecurityHeaderOptions,
  html: boolean,
): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cache-Control', 'no-store');
  if (options.hsts) {
    res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  }
  if (!(options.landingPage && html)) {
    res.setHeader('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  }
}
