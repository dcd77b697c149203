/**
 * Loading a layout: `loadLayout('national')` reads config/sync-layouts/national.json, `loadLayout(path)`
 * any file. The file is validated (zod, strict), its `imports` (shared code lists) merged in — the
 * layout's own dictionaries win over imported ones of the same name — and compiled once; the result is
 * cached per file, so every caller shares one precompiled layout.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { type DictionaryConfig, dictionaryFileSchema, layoutSchema } from './config-schema.js';
import { type CompiledLayout, compileLayout, LayoutError } from './compile-stream.js';

/** config/sync-layouts/ of this checkout. */
export const LAYOUTS_DIR = fileURLToPath(new URL('../../../config/sync-layouts/', import.meta.url));

const cache = new Map<string, CompiledLayout>();

export function layoutPath(nameOrPath: string): string {
  if (/^[A-Za-z][\w-]*$/.test(nameOrPath)) return resolve(LAYOUTS_DIR, `${nameOrPath}.json`);
  return isAbsolute(nameOrPath) ? nameOrPath : resolve(nameOrPath);
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? '文件不存在' : (error as Error).message;
    throw new LayoutError(file, [`无法读取：${reason}`]);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new LayoutError(file, [`不是有效的 JSON：${(error as Error).message}`]);
  }
}

/** `streams[3](up_pro_accept).records[0].fields.task_type: …` — the stream's name helps find it. */
function describeIssues(error: z.ZodError, input: unknown): string[] {
  return error.issues.map((issue) => {
    let text = '';
    let node: unknown = input;
    for (const part of issue.path) {
      const key = typeof part === 'symbol' ? String(part) : part;
      text += typeof key === 'number' ? `[${key}]` : text === '' ? key : `.${key}`;
      node = node !== null && typeof node === 'object' ? (node as Record<string | number, unknown>)[key] : undefined;
      const streamName =
        text.startsWith('streams[') && /^streams\[\d+\]$/.test(text) ? (node as { name?: unknown })?.name : undefined;
      if (typeof streamName === 'string') text += `(${streamName})`;
    }
    return `${text || '(文件)'}: ${issue.message}`;
  });
}

/** Reads, validates and compiles a layout file; throws LayoutError naming every problem. */
export function loadLayoutFile(file: string): CompiledLayout {
  const input = readJson(file);
  const parsed = layoutSchema.safeParse(input);
  if (!parsed.success) throw new LayoutError(file, describeIssues(parsed.error, input));
  const dictionaries = new Map<string, DictionaryConfig>();
  const importErrors: string[] = [];
  for (const [i, relative] of parsed.data.imports.entries()) {
    const path = resolve(dirname(file), relative);
    const imported = dictionaryFileSchema.safeParse(readJson(path));
    if (!imported.success) {
      importErrors.push(
        ...describeIssues(imported.error, undefined).map((issue) => `imports[${i}] ${relative}: ${issue}`),
      );
      continue;
    }
    for (const [name, dictionary] of Object.entries(imported.data.dictionaries)) dictionaries.set(name, dictionary);
  }
  if (importErrors.length > 0) throw new LayoutError(file, importErrors);
  for (const [name, dictionary] of Object.entries(parsed.data.dictionaries)) dictionaries.set(name, dictionary);
  return compileLayout(parsed.data, dictionaries, file);
}

/** A shipped layout by name (`national`, `guangdong`) or a layout file by path; cached. */
export function loadLayout(nameOrPath: string): CompiledLayout {
  const file = layoutPath(nameOrPath);
  let layout = cache.get(file);
  if (!layout) {
    layout = loadLayoutFile(file);
    cache.set(file, layout);
  }
  return layout;
}
