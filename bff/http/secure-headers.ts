/**
 * Security headers for everything the BFF serves. The CSP is for our own pages (the gallery, the
 * sample host pages, the "not built yet" page); JSON and SSE answers carry it harmlessly.
 * No inline script and no eval anywhere, matching the widget contract (architecture §5 CSP).
 */
import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

export interface GovSecureHeadersOptions {
  /** Origins our pages may also fetch from, besides their own (e.g. the development platform). */
  connectSrc?: readonly string[];
}

export function govSecureHeaders(options: GovSecureHeadersOptions = {}): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      // Lit uses constructable stylesheets; 'unsafe-inline' styles cover the gallery's style
      // attributes and older engines' <style> fallback. Inline styles cannot run code.
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'", ...(options.connectSrc ?? [])],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'self'"],
    },
    // Widget files set their own Cross-Origin-Resource-Policy (cross-origin); keep it.
    overwrite: false,
  });
}
