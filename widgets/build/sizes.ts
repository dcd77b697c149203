/**
 * Size measurement shared by the post-build gate and the bundle-size benchmark, so both count the same way:
 * gzip and brotli at their highest levels (what `gzip -9` / bundlesize report), 1 kB = 1024 bytes.
 */
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export interface Sizes {
  raw: number;
  gzip: number;
  brotli: number;
}

export function measure(content: Buffer | string): Sizes {
  const buffer = typeof content === 'string' ? Buffer.from(content) : content;
  return {
    raw: buffer.length,
    gzip: gzipSync(buffer, { level: 9 }).length,
    brotli: brotliCompressSync(buffer, {
      params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY },
    }).length,
  };
}

export const KB = 1024;

/** Gzip budgets (widget-anchors.md §4 "Proposed targets"). */
export const GZIP_BUDGETS = { loader: 2 * KB, runtime: 9 * KB, widget: 12 * KB } as const;

export function budgetFor(file: string): number | undefined {
  if (file === 'loader.js') return GZIP_BUDGETS.loader;
  if (file === 'runtime.js') return GZIP_BUDGETS.runtime;
  if (/^gov-[a-z0-9-]+\.js$/.test(file)) return GZIP_BUDGETS.widget;
  return undefined;
}

export function formatBytes(bytes: number): string {
  return bytes >= KB ? `${(bytes / KB).toFixed(2)} kB` : `${bytes} B`;
}
