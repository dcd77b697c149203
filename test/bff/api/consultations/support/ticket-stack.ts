/**
 * The ticket API tests' stack: the shared API stack (../../support/api-stack.ts) over a store the
 * test chooses — PGlite in memory or a throw-away PostgreSQL database (test/bff/store/store-targets.ts)
 * — and upload files, real ones and liars.
 */
import type { Store } from '../../../../../bff/store/store.js';
import { PII_HASH_KEY, startApiStack, type ApiStack, type CallResult } from '../../support/api-stack.js';

export { PII_HASH_KEY, type CallResult };

export type TicketStack = ApiStack;

/** Starts the shared API stack over `store` (migrated there); close() leaves the store to its owner. */
export function startTicketStack(store: Store, overrides: Record<string, unknown> = {}): Promise<TicketStack> {
  return startApiStack({ store, overrides });
}

/** Minimal real files and liars, by their first bytes. */
export const FILES = {
  png: Uint8Array.from(
    Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
      'base64',
    ),
  ),
  jpeg: Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9]),
  pdf: new TextEncoder().encode('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'),
  html: new TextEncoder().encode('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>'),
  svg: new TextEncoder().encode(
    '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
  ),
  exe: Uint8Array.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xff, 0xff]),
};

export function form(bytes: Uint8Array, name: string, type: string): FormData {
  const data = new FormData();
  data.set('file', new Blob([bytes as Uint8Array<ArrayBuffer>], { type }), name);
  return data;
}
