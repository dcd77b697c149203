/**
 * The 好差评 API tests' stack: the shared API stack (../../support/api-stack.ts) over PGlite in
 * memory with an operator token, and a scan for raw personal numbers in responses and logs.
 */
import { openStore } from '../../../../../bff/store/store.js';
import { PII_HASH_KEY, startApiStack, type ApiStack, type CallResult } from '../../support/api-stack.js';

export { PII_HASH_KEY, type CallResult };
export const ADMIN_TOKEN = 'evaluation-test-admin-token-0123456789abcdef';

export type EvaluationStack = ApiStack;

/** The shared API stack over PGlite in memory, with an operator token (the CSV export). */
export async function startEvaluationStack(overrides: Record<string, unknown> = {}): Promise<EvaluationStack> {
  const store = await openStore({ dataDir: 'memory://' });
  return startApiStack({
    store,
    overrides: { adminToken: ADMIN_TOKEN, ...overrides },
    releaseStore: () => store.close(),
  });
}

/** Raw personal numbers in text: the known ones verbatim, and anything shaped like a full 身份证号 or mobile. */
export function rawPiiIn(text: string, known: readonly string[]): string[] {
  const found = new Set<string>();
  for (const value of known) if (text.includes(value)) found.add(value);
  for (const match of text.matchAll(/(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g)) found.add(match[0]);
  for (const match of text.matchAll(/(?<!\d)1[3-9]\d{9}(?!\d)/g)) found.add(match[0]);
  return [...found];
}
