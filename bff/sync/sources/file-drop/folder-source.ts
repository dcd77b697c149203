/**
 * The drop-folder front processor (architecture §7, sync-anchors G12): a vendor writes
 * `<table>.<batch>.jsonl|csv` and then `<file>.ok`; only then is the file taken. The SHA-256 of the
 * content is the ledger key (the engine keeps applied_files), so a file re-dropped under another name
 * is still applied once. After the ledger row committed, `archive()` moves the file and its marker into
 * `done/` by rename (atomic within one file system); a crash between the two renames leaves a marker
 * without its file, which the next listing moves after it.
 */
import { mkdir, readdir, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { DropFile, DropFolderSource, DropLine } from '../../contracts.js';
import { sha256File } from './content-hash.js';
import { readCsvLines } from './csv-reader.js';
import { MARKER_SUFFIX, parseDropFileName } from './file-names.js';
import { readJsonlLines } from './jsonl-reader.js';

export interface DropFolderOptions {
  /** The front processor's wall clock, e.g. '+08:00' (values stay text; kept for the description). */
  sourceTimeZone?: string;
  /** Longest line (CSV: record) read; longer ones are refused as `too_long`. Default 16 MiB. */
  maxLineBytes?: number;
}

export const DONE_DIR = 'done';

const DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024;

/** Hashes are costly for big files; a file's hash is reused while its size and mtime are unchanged. */
interface HashEntry {
  size: number;
  mtimeMs: number;
  hash: string;
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';
}

export async function openDropFolderSource(folder: string, options: DropFolderOptions = {}): Promise<DropFolderSource> {
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  try {
    if (!(await stat(folder)).isDirectory()) throw new Error(`投递目录 ${folder} 不是一个目录`);
  } catch (error) {
    if (isMissing(error)) throw new Error(`投递目录 ${folder} 不存在：请先建好目录，或检查前置机地址（file:///…）`);
    throw error;
  }
  const doneDir = join(folder, DONE_DIR);
  const hashes = new Map<string, HashEntry>();

  async function hashOf(path: string): Promise<{ hash: string; size: number }> {
    const info = await stat(path);
    const cached = hashes.get(path);
    if (cached && cached.size === info.size && cached.mtimeMs === info.mtimeMs) return cached;
    const hash = await sha256File(path);
    hashes.set(path, { size: info.size, mtimeMs: info.mtimeMs, hash });
    return { hash, size: info.size };
  }

  async function moveToDone(name: string, hash: string): Promise<void> {
    await mkdir(doneDir, { recursive: true });
    // A second file of the same name (another batch re-using it) must not overwrite the first.
    let target = join(doneDir, name);
    try {
      const existing = await stat(target);
      if (existing.isFile() && (await sha256File(target)) !== hash)
        target = join(doneDir, `${name}.${hash.slice(0, 16)}`);
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
    const targetName = target.slice(doneDir.length + 1);
    try {
      await rename(join(folder, name), target);
    } catch (error) {
      if (!isMissing(error)) throw error; // already moved by a run that crashed before the marker
    }
    try {
      await rename(join(folder, name + MARKER_SUFFIX), join(doneDir, targetName + MARKER_SUFFIX));
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
  }

  function readLines(file: Pick<DropFile, 'name' | 'format'>, path = join(folder, file.name)): AsyncIterable<DropLine> {
    return file.format === 'csv' ? readCsvLines(path, maxLineBytes) : readJsonlLines(path, maxLineBytes);
  }

  /** The file's current place: the folder, `done/<name>`, or `done/<name>.<hash16>`, checked by hash. */
  async function locate(name: string, hash: string): Promise<string | null> {
    for (const path of [join(folder, name), join(doneDir, name), join(doneDir, `${name}.${hash.slice(0, 16)}`)]) {
      try {
        if ((await hashOf(path)).hash === hash) return path;
      } catch (error) {
        if (!isMissing(error)) throw error;
      }
    }
    return null;
  }

  return {
    kind: 'file',
    description: `投递目录 ${folder}${options.sourceTimeZone ? `（时区 ${options.sourceTimeZone}）` : ''}`,

    async listReady(isApplied) {
      const names = new Set(await readdir(folder));
      const ready: DropFile[] = [];
      for (const name of [...names].sort()) {
        const parsed = parseDropFileName(name);
        if (!parsed || !names.has(name + MARKER_SUFFIX)) continue;
        const path = join(folder, name);
        let entry: { hash: string; size: number };
        try {
          if (!(await stat(path)).isFile()) continue;
          entry = await hashOf(path);
        } catch (error) {
          if (isMissing(error)) continue; // archived by another instance meanwhile
          throw error;
        }
        if (await isApplied(entry.hash)) {
          // Applied but not archived (a crash after the ledger commit): finish the move now.
          await moveToDone(name, entry.hash);
          continue;
        }
        ready.push({ name, ...parsed, hash: entry.hash, size: entry.size });
      }
      // Markers whose file was archived before a crash: move them after it.
      for (const name of names) {
        if (!name.endsWith(MARKER_SUFFIX)) continue;
        const dataName = name.slice(0, -MARKER_SUFFIX.length);
        if (parseDropFileName(dataName) && !names.has(dataName)) {
          try {
            await stat(join(doneDir, dataName));
            await rename(join(folder, name), join(doneDir, name));
          } catch (error) {
            if (!isMissing(error)) throw error; // a marker written before its file: not ours to touch
          }
        }
      }
      return ready;
    },

    readLines: (file) => readLines(file),

    async archive(file) {
      await moveToDone(file.name, file.hash);
      hashes.delete(join(folder, file.name));
    },

    async readLine(file, line) {
      const parsed = parseDropFileName(file.name);
      if (!parsed) return null;
      const path = await locate(file.name, file.hash);
      if (!path) return null;
      for await (const candidate of readLines({ name: file.name, format: parsed.format }, path)) {
        if (candidate.line === line) return candidate;
        if (candidate.line > line) return null;
      }
      return null;
    },

    async close() {
      hashes.clear();
    },
  };
}
