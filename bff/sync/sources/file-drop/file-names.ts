/**
 * Drop file names (architecture §7): `<table>.<batch>.jsonl` or `<table>.<batch>.csv`, complete once
 * `<file name>.ok` exists beside it. The table is the front-table name (no dots); the batch may hold
 * anything but a path separator and sorts by time (`B20261129T101500-0001`).
 */
export interface DropFileName {
  table: string;
  batch: string;
  format: 'jsonl' | 'csv';
}

const NAME = /^([A-Za-z_][\w$]*)\.([^/\\]+)\.(jsonl|csv)$/;

export const MARKER_SUFFIX = '.ok';

export function parseDropFileName(name: string): DropFileName | null {
  const match = NAME.exec(name);
  if (!match) return null;
  return { table: match[1] as string, batch: match[2] as string, format: match[3] as 'jsonl' | 'csv' };
}
