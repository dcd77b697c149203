/**
 * Provincial gateways read a parameter from the query or the form body alike (Java
 * `request.getParameter`); the test platforms do the same so they accept what the real ones do.
 */
import type { Context } from 'hono';

export async function allParams(c: Context): Promise<Record<string, string>> {
  const merged: Record<string, string> = { ...c.req.query() };
  if (c.req.method === 'POST') {
    const type = c.req.header('content-type') ?? '';
    if (type.startsWith('application/x-www-form-urlencoded')) {
      for (const [name, value] of new URLSearchParams(await c.req.text())) merged[name] = value;
    } else if (type.startsWith('application/json')) {
      Object.assign(merged, (await c.req.json()) as Record<string, string>);
    }
  }
  return merged;
}

export function randomToken(prefix: string): string {
  return `${prefix}-${crypto.randomUUID().replace(/-/g, '')}`;
}
