/** Small node:http helpers for the platform's own routes (the rest is oidc-provider's Koa app). */
import type { IncomingMessage, ServerResponse } from 'node:http';

const MAX_FORM_BYTES = 16 * 1024;

export class FormTooLargeError extends Error {}

/** Reads an `application/x-www-form-urlencoded` body; any other type yields no fields. */
export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_FORM_BYTES) throw new FormTooLargeError('form body too large');
    chunks.push(buffer);
  }
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') return new URLSearchParams();
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/**
 * Headers for every HTML page. `form-action` must list the clients' origins: browsers apply it to
 * the redirects that follow a form post, and login ends in a redirect to the client.
 */
export function pageSecurityHeaders(formOrigins: readonly string[]): Record<string, string> {
  const formAction = ["'self'", ...formOrigins].join(' ');
  return {
    'Content-Security-Policy': `default-src 'none'; style-src 'self'; img-src 'self'; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  };
}

export function sendHtml(res: ServerResponse, status: number, body: string, headers: Record<string, string>): void {
  res.writeHead(status, { ...headers, 'Content-Type': 'text/html; charset=utf-8' });
  res.end(body);
}
