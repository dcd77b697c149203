/**
 * GET /events — the one SSE stream a tab group holds open (architecture §6).
 *
 * Wire format: every event is an unnamed SSE message (`onmessage` sees it), so the leader tab can
 * relay all of them without knowing the types in advance:
 *   id: <hub id>
 *   data: {"type":"<type>","data":<payload>}
 * A `{"type":"resync"}` message without an id says events may have been missed (buffer overrun,
 * BFF restart): re-fetch the session and whatever is on screen.
 *
 * Resume: after the id in `Last-Event-ID` (the browser's own reconnect) or `?last_event_id=`
 * (a page-made reconnect: EventSource cannot set headers), buffered events are replayed first.
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import type { EventHub, HubEvent } from './hub.js';

export interface EventRouteOptions {
  /** Identity hook: the user key of the stream's session, or undefined for an anonymous stream. */
  resolveUserKey?: (c: Context) => string | undefined | Promise<string | undefined>;
  /** Comment line sent when nothing else was, so proxies keep the connection open. */
  heartbeatMs?: number;
  /** `retry:` hint: how long the browser waits before reconnecting. */
  retryMs?: number;
  /** Undelivered events a slow client may have queued before we drop it (it resumes on reconnect). */
  maxQueue?: number;
}

/** A user's events go only to that user's streams; events without a userKey go to everyone. */
export function isVisibleTo(event: HubEvent, streamUserKey: string | undefined): boolean {
  return event.userKey === undefined || event.userKey === streamUserKey;
}

function parseLastEventId(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d{1,16}$/.test(value.trim())) return undefined;
  const id = Number(value.trim());
  return Number.isSafeInteger(id) ? id : undefined;
}

function sendEvent(stream: SSEStreamingApi, event: HubEvent): Promise<void> {
  return stream.writeSSE({ id: String(event.id), data: JSON.stringify({ type: event.type, data: event.data }) });
}

export function eventRoutes(hub: EventHub, options: EventRouteOptions = {}): Hono {
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const retryMs = options.retryMs ?? 5_000;
  const maxQueue = options.maxQueue ?? 1_000;
  const resolveUserKey = options.resolveUserKey ?? (() => undefined);

  const app = new Hono();
  app.get('/', async (c) => {
    const userKey = await resolveUserKey(c);
    const lastId = parseLastEventId(c.req.header('Last-Event-ID') ?? c.req.query('last_event_id'));

    const response = streamSSE(c, async (stream) => {
      const pending: HubEvent[] = [];
      let overflowed = false;
      let wake: (() => void) | undefined;
      const wakeUp = (): void => {
        const resolve = wake;
        wake = undefined;
        resolve?.();
      };
      // Subscribe before replaying, so nothing published during the replay falls in between.
      const unsubscribe = hub.subscribe((event) => {
        if (!isVisibleTo(event, userKey)) return;
        if (pending.length >= maxQueue) overflowed = true;
        else pending.push(event);
        wakeUp();
      });
      stream.onAbort(wakeUp);

      try {
        await stream.write(`retry: ${retryMs}\n\n`);
        let lastSent = lastId ?? -1;
        if (lastId !== undefined) {
          const replay = await hub.since(lastId);
          if (!replay.complete) await stream.writeSSE({ data: JSON.stringify({ type: 'resync', data: null }) });
          for (const event of replay.events) {
            if (!isVisibleTo(event, userKey) || event.id <= lastSent) continue;
            await sendEvent(stream, event);
            lastSent = event.id;
          }
        }
        while (!stream.aborted && !stream.closed && !overflowed) {
          const event = pending.shift();
          if (event) {
            if (event.id > lastSent) {
              await sendEvent(stream, event);
              lastSent = event.id;
            }
            continue;
          }
          const idle = await new Promise<boolean>((resolve) => {
            const timer = setTimeout(() => {
              wake = undefined;
              resolve(true);
            }, heartbeatMs);
            wake = () => {
              clearTimeout(timer);
              resolve(false);
            };
          });
          if (idle) await stream.write(': heartbeat\n\n');
        }
      } finally {
        unsubscribe();
      }
    });
    // no-transform: a compressing proxy would buffer the stream (anchors §11.9); nginx likewise.
    response.headers.set('Cache-Control', 'no-cache, no-transform');
    response.headers.set('X-Accel-Buffering', 'no');
    return response;
  });
  return app;
}
