/**
 * Outbound delivery to a drop-folder front processor (`file:///folder`, architecture §7): the mirror of
 * the inbound drop contract. Each delivered group of one outbound table becomes
 *
 *   <folder>/outbound/<table>.<batch>.jsonl      one JSON object per line, column → value
 *   <folder>/outbound/<table>.<batch>.jsonl.ok   written last: the file is complete and may be taken
 *
 * so the receiving side uses the same rule as we do inbound (never read a file before its `.ok`).
 *
 * Applied once by key: the batch name is a hash of the rows' `row_guid`s, so a redelivery after a crash
 * between writing and marking the outbox rewrites the same name instead of adding a second file, and a
 * file that already has its `.ok` is left alone (`inserted: 0`, the rows count as already at the front).
 * A redelivery in a different grouping would land in another file; every row carries its `row_guid`,
 * which the receiver applies once by key — the same guarantee the outbound tables give by their key.
 *
 * The data is written to a `.part` file, flushed to disk and renamed, so a reader never sees half a
 * file under the final name even without looking at the marker.
 */
import { createHash } from 'node:crypto';
import { mkdir, open, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { OutboundFront } from './front-writer.js';

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/** Writes and flushes `text` to `path` (created or truncated). */
async function writeDurably(path: string, text: string): Promise<void> {
  const handle = await open(path, 'w', 0o640);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function batchName(columns: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const guidAt = columns.indexOf('row_guid');
  const hash = createHash('sha256');
  for (const row of rows) hash.update(String(guidAt >= 0 ? row[guidAt] : JSON.stringify(row))).update('\n');
  return hash.digest('hex').slice(0, 24);
}

/** `folder` is the drop folder itself (the inbound files' folder); outbound files go to its `outbound/`. */
export function openDropFolderOutbound(folder: string, description = folder): OutboundFront {
  const outbound = join(folder, 'outbound');
  return {
    dialect: 'file',
    description,
    async insertOnce(table, columns, rows) {
      if (rows.length === 0) return { inserted: 0 };
      for (const name of [table, ...columns]) {
        // Names come from front-tables.ts, never from users; the check keeps file names plain.
        if (!IDENTIFIER.test(name)) throw new Error(`invalid identifier ${name}`);
      }
      await mkdir(outbound, { recursive: true });
      const file = join(outbound, `${table}.${batchName(columns, rows)}.jsonl`);
      if (await exists(`${file}.ok`)) return { inserted: 0 };
      const lines = rows.map((row) => JSON.stringify(Object.fromEntries(columns.map((c, i) => [c, row[i] ?? null]))));
      await writeDurably(`${file}.part`, lines.join('\n') + '\n');
      await rename(`${file}.part`, file);
      await writeDurably(`${file}.ok`, '');
      return { inserted: rows.length };
    },
    async close() {},
  };
}
