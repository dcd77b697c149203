/**
 * Sending a file from a fixed folder without ever leaving it. The request path is split into
 * segments, each percent-decoded on its own, and any segment that could climb or hide a separator
 * (`..`, `%2f`, `\`, NUL) refuses the request before the file system is touched.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

export function contentTypeOf(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/** The absolute file path for `relativePath` inside `root`, or undefined if it is not a safe path. */
export function resolveInside(root: string, relativePath: string): string | undefined {
  const segments: string[] = [];
  for (const raw of relativePath.split('/')) {
    if (raw === '') continue;
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
    if (segment === '.' || segment === '..' || /[/\\\0]/.test(segment)) return undefined;
    segments.push(segment);
  }
  if (segments.length === 0) return undefined;
  const base = resolve(root);
  const target = resolve(base, ...segments);
  // Belt and braces: the checks above should already make this impossible.
  return target.startsWith(base + sep) ? target : undefined;
}

export async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** A streamed file response; `undefined` when there is no regular file at `path`. */
export async function fileResponse(
  path: string,
  method: string,
  headers: Record<string, string>,
): Promise<Response | undefined> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) return undefined;
    size = info.size;
  } catch {
    return undefined;
  }
  const responseHeaders = new Headers({ ...headers, 'Content-Type': contentTypeOf(path) });
  responseHeaders.set('Content-Length', String(size));
  responseHeaders.set('X-Content-Type-Options', 'nosniff');
  if (method === 'HEAD') return new Response(null, { status: 200, headers: responseHeaders });
  const body = Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>;
  return new Response(body, { status: 200, headers: responseHeaders });
}
