/**
 * Life-event bundles (生活事件, config/recommendations/life-events.json): a case of a trigger item
 * suggests the follow-ups a person usually still has to do (出生医学证明 → 出生登记, 新生儿医保参保 …).
 * Items are matched by name substrings or 基本编码, because each province's library names and codes its
 * items itself; a pattern that matches nothing in the library simply recommends nothing.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const pattern = z.string().trim().min(2, 'a pattern needs at least 2 characters').max(60);

const bundleSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/),
  name: z.string().min(1).max(20),
  withinDays: z.number().int().min(1).max(3650).default(365),
  triggers: z.array(pattern).min(1),
  triggerCatalogCodes: z.array(z.string().regex(/^[0-9A-Za-z]{12}$/)).default([]),
  followUps: z.array(pattern).min(1),
  followUpCatalogCodes: z.array(z.string().regex(/^[0-9A-Za-z]{12}$/)).default([]),
});

const fileSchema = z.object({ bundles: z.array(bundleSchema).min(1) });

export type LifeEventBundle = z.infer<typeof bundleSchema>;

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

export class LifeEventsError extends Error {
  override name = 'LifeEventsError';
}

/** Reads and validates the bundles; a broken file stops start-up rather than silently recommending nothing. */
export function loadLifeEvents(path: string): LifeEventBundle[] {
  const file = resolve(projectRoot, path);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new LifeEventsError(`生活事件配置无法读取 (cannot read life events) ${file}: ${(error as Error).message}`);
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new LifeEventsError(
      `生活事件配置有误 (invalid life events) ${file}: ${issue?.path.join('.')} ${issue?.message}`,
    );
  }
  const ids = new Set<string>();
  for (const bundle of parsed.data.bundles) {
    if (ids.has(bundle.id)) throw new LifeEventsError(`生活事件编号重复 (duplicate bundle id): ${bundle.id}`);
    ids.add(bundle.id);
  }
  return parsed.data.bundles;
}

/** Whether an item (by name and 基本编码) is one of the bundle's triggers. */
export function isTrigger(bundle: LifeEventBundle, name: string | null, catalogCode: string | null): boolean {
  if (catalogCode && bundle.triggerCatalogCodes.includes(catalogCode)) return true;
  return name !== null && bundle.triggers.some((p) => name.includes(p));
}

/** The follow-up pattern an item satisfies, or undefined. */
export function followUpIndex(bundle: LifeEventBundle, name: string, catalogCode: string | null): number | undefined {
  if (catalogCode) {
    const byCode = bundle.followUpCatalogCodes.indexOf(catalogCode);
    if (byCode >= 0) return bundle.followUps.length + byCode;
  }
  const index = bundle.followUps.findIndex((p) => name.includes(p));
  return index >= 0 ? index : undefined;
}
