/**
 * The curated FAQ base (config/assistant/faq.json): platform-wide questions no item guide answers
 * (登录, 12345, 好差评 …) and the common ones asked in everyday words. Validated on load so a bad edit
 * stops start-up with the entry named, instead of the assistant quietly answering less.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const DEFAULT_FAQ_PATH = fileURLToPath(new URL('../../../config/assistant/faq.json', import.meta.url));

/** Answers are shown as plain text; markup in the file is a mistake, not formatting. */
const plain = z
  .string()
  .trim()
  .min(1)
  .refine((text) => !/<[a-z!/]/i.test(text), 'must be plain text (no HTML)');

const entrySchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/, 'id: lower-case letters, digits and "-"'),
  question: plain,
  alternates: z.array(plain).default([]),
  answer: plain,
  keywords: z.array(plain).default([]),
  /** Item names the answer is about: offered as related items (the entry under the page's filters). */
  items: z.array(plain).default([]),
  /** Department-name fragments; on a departmental page the entry counts only if the department's name has one. */
  deptKeywords: z.array(plain).default([]),
});

const baseSchema = z.object({ description: z.string().optional(), entries: z.array(entrySchema).min(1) });

export type FaqEntry = z.infer<typeof entrySchema>;

export function parseFaqBase(json: unknown, origin = 'faq.json'): FaqEntry[] {
  const parsed = baseSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${origin}: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  const seen = new Set<string>();
  for (const entry of parsed.data.entries) {
    if (seen.has(entry.id)) throw new Error(`${origin}: duplicate id ${entry.id}`);
    seen.add(entry.id);
  }
  return parsed.data.entries;
}

export function loadFaqBase(path: string = DEFAULT_FAQ_PATH): FaqEntry[] {
  return parseFaqBase(JSON.parse(readFileSync(path, 'utf8')) as unknown, path);
}
