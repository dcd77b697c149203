/**
 * A site-group gateway in miniature (architecture §4, same-origin mode): one listening origin per
 * site, `/govdock/…` forwarded to a BFF with the browser's Host kept (nginx's
 * `proxy_set_header Host $host`), the mount prefix stripped or not as a gateway may choose, and
 * everything else answered by the site itself. Responses stream through, so SSE works.
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GatewayOptions {
  /** A loopback address: 127.0.0.1, 127.0.0.2 … (different hosts keep the sites' cookies apart). */
  host: string;
  port?: number;
  /** Default `/govdock`. */
  mountPath?: string;
  /** Forward `/govdock/x` as `/x` (true) or as is (false, default). */
  stripPrefix?: boolean;
  /** The site's own pages (anything outside the mount); default 404. */
  page?: (req: IncomingMessage, res: ServerResponse) => void;
}

export interface Gateway {
  /** `http://127.0.0.2:40123` */
  origin: string;
  /** `${origin}${mountPath}`: the site's publicBaseUrl. */
  baseUrl: string;
  /** Where `/govdock/…` goes (a BFF's `http://host:port`); 503 until set. */
  upstream: string | undefined;
  /** Requests forwarded to the BFF, as the gateway received them (path and Host). */
  forwarded: { path: string; host: string | undefined }[];
  close(): Promise<void>;
}

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const mountPath = options.mountPath ?? '/govdock';
  const state: Pick<Gateway, 'upstream' | 'forwarded'> = { upstream: undefined, forwarded: [] };

  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    const mounted = path === mountPath || path.startsWith(`${mountPath}/`) || path.startsWith(`${mountPath}?`);
    if (!mounted) {
      if (options.page) options.page(req, res);
      else res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found');
      return;
    }
    if (!state.upstream) {
      res.writeHead(503).end();
      return;
    }
    state.forwarded.push({ path, host: req.headers.host });
    const target = new URL(state.upstream);
    const forwardedPath = options.stripPrefix ? path.slice(mountPath.length) || '/' : path;
    const upstream = request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: forwardedPath,
        // Host included: the BFF chooses the site by it.
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502).end();
      else res.destroy();
    });
    // A browser closing an SSE stream must close the upstream one too.
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://${options.host}:${port}`;
  const gateway: Gateway = {
    origin,
    baseUrl: `${origin}${mountPath}`,
    get upstream() {
      return state.upstream;
    },
    set upstream(value) {
      state.upstream = value;
    },
    forwarded: state.forwarded,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  return gateway;
}
