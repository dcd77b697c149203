/**
 * A stand-in for the BFF, for the widget RUNTIME's browser unit tests only: SSE with ids and resume,
 * `/auth/session` with a state the test sets, and a few endpoints that answer chosen statuses. The
 * real BFF (bff/) is tested end to end elsewhere; this copies only its wire formats
 * (bff/events/routes.ts, bff/auth/routes.ts) so the runtime is tested against the same shapes.
 *
 * Everything lives under `/test-bff/<scope>/…`. Each test picks a fresh scope, so test files that
 * run in parallel pages never see each other's events, connections or session state.
 *
 *   GET  events            SSE in the BFF's format (`data: {type, data}`, with ids); resumes after
 *                          the `Last-Event-ID` header, else `?last_event_id=`
 *   POST publish           { type, data, withoutId? } → { id }: sends to open streams, keeps it for resume
 *   GET  stats             { open, opened, resumedFrom, sessionRequests }
 *   PUT  session           { status?, body?, delayMs? }: what auth/session answers next
 *   GET  auth/session      that answer (403 without X-CSRF, like the BFF)
 *   *    echo              { method, headers, body } as received
 *   GET  status/<code>     that status; `?code=&message=` add an `{ error }` body
 *   GET  slow?ms=          answers after a delay
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The part of Koa's context this middleware uses (Koa itself is only a transitive dependency). */
interface Context {
  path: string;
  method: string;
  query: Record<string, string | string[] | undefined>;
  req: IncomingMessage;
  res: ServerResponse;
  respond?: boolean;
  status: number;
  body: unknown;
}

interface StoredEvent {
  id: number;
  type: string;
  data: unknown;
}

interface Scope {
  events: StoredEvent[];
  streams: Set<ServerResponse>;
  opened: number;
  resumedFrom: string[];
  session: { status: number; body: unknown; delayMs: number };
  sessionRequests: number;
}

const scopes = new Map<string, Scope>();

function scopeFor(name: string): Scope {
  let scope = scopes.get(name);
  if (!scope) {
    scope = {
      events: [],
      streams: new Set(),
      opened: 0,
      resumedFrom: [],
      session: { status: 200, body: { authenticated: false }, delayMs: 0 },
      sessionRequests: 0,
    };
    scopes.set(name, scope);
  }
  return scope;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return text ? JSON.parse(text) : undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The real BFF's wire format: unnamed messages, `{ type, data }` as the data. */
function frame(event: StoredEvent): string {
  return `${event.id ? `id: ${event.id}\n` : ''}data: ${JSON.stringify({ type: event.type, data: event.data })}\n\n`;
}

function openStream(ctx: Context, scope: Scope): void {
  const header = ctx.req.headers['last-event-id'];
  const from = String(header ?? ctx.query.last_event_id ?? '');
  scope.opened += 1;
  scope.resumedFrom.push(from);
  ctx.respond = false;
  ctx.res.writeHead(200, {
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
  });
  ctx.res.write(': open\n\n');
  for (const event of scope.events) if (event.id > Number(from || 0)) ctx.res.write(frame(event));
  scope.streams.add(ctx.res);
  ctx.req.on('close', () => scope.streams.delete(ctx.res));
}

async function handle(ctx: Context, scope: Scope, route: string): Promise<void> {
  const csrf = ctx.req.headers['x-csrf'];
  if (route === 'events') return openStream(ctx, scope);
  if (route === 'publish') {
    const { type, data, withoutId } = (await readJson(ctx.req)) as { type: string; data: unknown; withoutId?: boolean };
    // Without an id (like the BFF's resync notice): sent to open streams only, never replayed.
    const event = { id: withoutId ? 0 : scope.events.length + 1, type, data };
    if (!withoutId) scope.events.push(event);
    for (const stream of scope.streams) stream.write(frame(event));
    ctx.body = { id: event.id };
  } else if (route === 'stats') {
    ctx.body = {
      open: scope.streams.size,
      opened: scope.opened,
      resumedFrom: scope.resumedFrom,
      sessionRequests: scope.sessionRequests,
    };
  } else if (route === 'session') {
    scope.session = { ...scope.session, ...((await readJson(ctx.req)) as object) };
    ctx.body = scope.session;
  } else if (route === 'auth/session') {
    scope.sessionRequests += 1;
    await sleep(scope.session.delayMs);
    ctx.status = csrf === '1' ? scope.session.status : 403;
    ctx.body = csrf === '1' ? scope.session.body : { error: { code: 'csrf', message: '请求缺少安全标头' } };
  } else if (route === 'echo') {
    const { accept, 'content-type': contentType } = ctx.req.headers;
    ctx.body = {
      method: ctx.method,
      headers: { 'x-csrf': csrf, accept, 'content-type': contentType },
      body: await readJson(ctx.req),
    };
  } else if (route.startsWith('status/')) {
    ctx.status = Number(route.slice(7));
    const { code, message } = ctx.query;
    ctx.body = code ? { error: { code, message } } : '';
  } else if (route === 'slow') {
    await sleep(Number(ctx.query.ms ?? 1000));
    ctx.body = { ok: true };
  } else ctx.status = 404;
}

/** Koa middleware for `@web/test-runner`'s `middleware` option. */
export function testBffMiddleware() {
  return async (ctx: Context, next: () => Promise<unknown>): Promise<void> => {
    const match = /^\/test-bff\/([\w-]+)\/(.+)$/.exec(ctx.path);
    if (!match) {
      await next();
      return;
    }
    await handle(ctx, scopeFor(match[1] as string), match[2] as string);
  };
}
