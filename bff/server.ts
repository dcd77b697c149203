/**
 * Runs a Hono app on Node's HTTP server. `close()` must end promptly even with SSE streams open
 * (they never finish on their own), so Ctrl-C stops `npm start` at once: stop accepting, then
 * drop idle keep-alive sockets and the open streams.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface ListenOptions {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
}

/** Only `fetch` matters to the server, so any Hono app fits whatever its Env type. */
export interface FetchApp {
  fetch(request: Request, env?: unknown): Response | Promise<Response>;
}

export function startServer(app: FetchApp, { host, port }: ListenOptions): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: (request, env) => app.fetch(request, env), hostname: host, port }) as Server;
    server.once('error', reject);
    server.once('listening', () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      // IPv6 literals need brackets in a URL.
      const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      let closing: Promise<void> | undefined;
      resolve({
        url: `http://${urlHost}:${address.port}`,
        port: address.port,
        close: () =>
          (closing ??= new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
            // After close(): no new connections; end the ones that would keep close() waiting.
            server.closeAllConnections();
          })),
      });
    });
  });
}
