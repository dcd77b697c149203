/**
 * Writes Guangdong AUDIT_ITEM drop files the way the province's exchange would: the JSON Lines file
 * first, the `.ok` marker last (architecture §7), so a reader never sees a half-written file as ready.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { GuangdongItem } from './audit-item.js';

export interface WrittenDrop {
  name: string;
  path: string;
}

export async function writeGuangdongDrop(
  folder: string,
  batch: string,
  items: readonly GuangdongItem[],
  options: { complete?: boolean } = {},
): Promise<WrittenDrop> {
  const name = `AUDIT_ITEM.${batch}.jsonl`;
  const path = join(folder, name);
  await writeFile(path, items.map((item) => JSON.stringify(item)).join('\n') + '\n');
  if (options.complete ?? true) await writeFile(`${path}.ok`, '');
  return { name, path };
}
