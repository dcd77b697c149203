/**
 * A minimal SSE reader for many streams at once: node:http on one keep-alive agent without a
 * socket cap (each open stream holds its own connection), parsing the BFF's wire format
 * (bff/events/routes.ts: unnamed messages, `data: {"type","data"}`). Lighter than EventSource or
 * fetch per stream, so a thousand of them cost the process little besides sockets.
 */
import { Agent, request, type ClientRequest } from 'node:http';

export interface SseMessage {
  id?: string;
  type: string;
  data: unknown;
}

export interface SseStream {
  /** Resolves once the response headers and the first `retry:` block have arrived. */
  ready: Promise<void>;
  close(): void;
}

export function sseAgent(): Agent {
  return new Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 16 });
}

export function openSse(
  url: string,
  headers: Record<string, string>,
  agent: Agent,
  onMessage: (message: SseMessage, at: number) => void,
): SseStream {
  let req: ClientRequest | undefined;
  const ready = new Promise<void>((resolve, reject) => {
    req = request(url, { agent, headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`GET ${url} answered ${String(res.statusCode)}`));
        res.resume();
        return;
      }
      res.setEncoding('utf8');
      let buffer = '';
      let opened = false;
      res.on('data', (chunk: string) => {
        const at = performance.now();
        buffer += chunk;
        for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let id: string | undefined;
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith('id:')) id = line.slice(3).trim();
            else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
            else if (line.startsWith('retry:') && !opened) {
              opened = true;
              resolve();
            }
          }
          if (data.length === 0) continue;
          const parsed = JSON.parse(data.join('\n')) as { type: string; data: unknown };
          onMessage({ ...(id === undefined ? {} : { id }), type: parsed.type, data: parsed.data }, at);
        }
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
  return {
    ready,
    close: () => req?.destroy(),
  };
}
