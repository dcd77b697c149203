/**
 * The SSE route over a real socket: what a browser's EventSource sees, including reconnects and
 * what happens to the subscription when the client goes away.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServer, type RunningServer } from '../../../bff/server.js';
import { makeTestApp, type TestApp } from '../http/test-app.js';

interface SseMessage {
  id?: string;
  data?: string;
  retry?: string;
  comment?: string;
}

/** Reads an SSE response body and yields parsed blocks (enough of the format for these tests). */
class SseReader {
  private buffer = '';
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();

  constructor(body: ReadableStream<Uint8Array>) {
    this.reader = body.getReader();
  }

  async next(timeoutMs = 3000): Promise<SseMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const end = this.buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        const message: SseMessage = {};
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) message.comment = line.slice(1).trim();
          else {
            const colon = line.indexOf(':');
            const field = line.slice(0, colon) as keyof SseMessage;
            message[field] = line.slice(colon + 1).replace(/^ /, '');
          }
        }
        return message;
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error('no SSE message in time; buffer: ' + JSON.stringify(this.buffer));
      let timer: NodeJS.Timeout | undefined;
      const chunk = await Promise.race([
        this.reader.read(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('SSE read timed out')), remaining);
        }),
      ]).finally(() => clearTimeout(timer));
      if (chunk.done) throw new Error('stream ended');
      this.buffer += this.decoder.decode(chunk.value, { stream: true });
    }
  }

  /** Next message that carries data (skips retry hints and heartbeats). */
  async nextData(timeoutMs?: number): Promise<{ id?: string; type: string; data: unknown }> {
    for (;;) {
      const message = await this.next(timeoutMs);
      if (message.data !== undefined) {
        const parsed = JSON.parse(message.data) as { type: string; data: unknown };
        return { id: message.id, ...parsed };
      }
    }
  }

  cancel(): Promise<void> {
    return this.reader.cancel();
  }
}

async function waitFor(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('GET /events (SSE)', () => {
  let testApp: TestApp;
  let server: RunningServer;
  const open: SseReader[] = [];

  async function connect(query = '', headers: Record<string, string> = {}): Promise<SseReader> {
    const response = await fetch(`${server.url}/events${query}`, { headers });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('Content-Type') ?? '', /text\/event-stream/);
    assert.ok(response.body);
    const reader = new SseReader(response.body);
    open.push(reader);
    return reader;
  }

  before(async () => {
    testApp = makeTestApp({ events: { heartbeatMs: 200, retryMs: 2500 } });
    server = await startServer(testApp.app, { host: '127.0.0.1', port: 0 });
  });
  after(async () => {
    await Promise.all(open.map((reader) => reader.cancel().catch(() => undefined)));
    await server.close();
  });

  it('starts with a retry hint and needs no CSRF header (EventSource cannot send one)', async () => {
    const stream = await connect();
    assert.deepEqual(await stream.next(), { retry: '2500' });
    await stream.cancel();
  });

  it('delivers published events with their ids', async () => {
    const stream = await connect();
    await stream.next(); // retry hint
    await waitFor(() => testApp.hub.listenerCount() > 0);
    const first = await testApp.hub.publish({ type: 'notice', data: { title: '系统维护通知' } });
    const second = await testApp.hub.publish({ type: 'case-progress', data: { caseNo: 'HLJ-1' } });
    assert.deepEqual(await stream.nextData(), {
      id: String(first.id),
      type: 'notice',
      data: { title: '系统维护通知' },
    });
    assert.deepEqual(await stream.nextData(), {
      id: String(second.id),
      type: 'case-progress',
      data: { caseNo: 'HLJ-1' },
    });
    await stream.cancel();
  });

  it('sends heartbeat comments while idle', async () => {
    const stream = await connect();
    await stream.next();
    assert.deepEqual(await stream.next(1000), { comment: 'heartbeat' });
    await stream.cancel();
  });

  it('resumes after the Last-Event-ID header by replaying buffered events', async () => {
    const a = await testApp.hub.publish({ type: 'n', data: 'a' });
    const b = await testApp.hub.publish({ type: 'n', data: 'b' });
    const c = await testApp.hub.publish({ type: 'n', data: 'c' });
    const stream = await connect('', { 'Last-Event-ID': String(a.id) });
    assert.deepEqual(await stream.nextData(), { id: String(b.id), type: 'n', data: 'b' });
    assert.deepEqual(await stream.nextData(), { id: String(c.id), type: 'n', data: 'c' });
    // …and continues live without repeating anything.
    const d = await testApp.hub.publish({ type: 'n', data: 'd' });
    assert.deepEqual(await stream.nextData(), { id: String(d.id), type: 'n', data: 'd' });
    await stream.cancel();
  });

  it('resumes after the last_event_id query parameter (a manual reconnect)', async () => {
    const a = await testApp.hub.publish({ type: 'n', data: 'q1' });
    const b = await testApp.hub.publish({ type: 'n', data: 'q2' });
    const stream = await connect(`?last_event_id=${a.id}`);
    assert.deepEqual(await stream.nextData(), { id: String(b.id), type: 'n', data: 'q2' });
    await stream.cancel();
  });

  it('asks the client to resync when the requested id can no longer be replayed', async () => {
    const stream = await connect('', { 'Last-Event-ID': '999999999' });
    assert.deepEqual(await stream.nextData(), { id: undefined, type: 'resync', data: null });
    await stream.cancel();
  });

  it('keeps user-addressed events away from anonymous streams', async () => {
    const stream = await connect();
    await stream.next();
    await waitFor(() => testApp.hub.listenerCount() > 0);
    await testApp.hub.publish({ type: 'logout', data: { reason: 'backchannel' }, userKey: 'user-1' });
    const broadcast = await testApp.hub.publish({ type: 'notice', data: 'all' });
    assert.deepEqual(await stream.nextData(), { id: String(broadcast.id), type: 'notice', data: 'all' });
    await stream.cancel();
  });

  it('delivers user-addressed events to that user through the identity hook', async () => {
    const scoped = makeTestApp({ events: { resolveUserKey: (c) => c.req.header('X-Test-User') } });
    const scopedServer = await startServer(scoped.app, { host: '127.0.0.1', port: 0 });
    try {
      const response = await fetch(`${scopedServer.url}/events`, { headers: { 'X-Test-User': 'user-1' } });
      assert.ok(response.body);
      const stream = new SseReader(response.body);
      await stream.next();
      await waitFor(() => scoped.hub.listenerCount() > 0);
      await scoped.hub.publish({ type: 'logout', data: null, userKey: 'user-2' });
      const mine = await scoped.hub.publish({ type: 'logout', data: null, userKey: 'user-1' });
      assert.deepEqual(await stream.nextData(), { id: String(mine.id), type: 'logout', data: null });
      await stream.cancel();
    } finally {
      await scopedServer.close();
    }
  });

  it('unsubscribes from the hub when the client disconnects', async () => {
    await waitFor(() => testApp.hub.listenerCount() === 0);
    const streams = [await connect(), await connect()];
    await waitFor(() => testApp.hub.listenerCount() === 2);
    for (const stream of streams) await stream.cancel();
    await waitFor(() => testApp.hub.listenerCount() === 0);
  });

  it('closes the server promptly while streams are open, ending them', async () => {
    const local = makeTestApp();
    const localServer = await startServer(local.app, { host: '127.0.0.1', port: 0 });
    const response = await fetch(`${localServer.url}/events`);
    assert.ok(response.body);
    const stream = new SseReader(response.body);
    await stream.next();
    await waitFor(() => local.hub.listenerCount() === 1);
    const started = Date.now();
    await localServer.close();
    assert.ok(Date.now() - started < 1000, 'close() should not wait for the stream');
    await assert.rejects(stream.next(1000));
    await waitFor(() => local.hub.listenerCount() === 0);
  });
});
