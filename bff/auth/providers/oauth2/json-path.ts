/**
 * A deliberately tiny JSON path: dot-separated keys with optional array indexes (`custom.idnumber`,
 * `data.list[0].id`). Profiles are written by operators; anything richer (filters, wildcards)
 * would make a typo look like a valid query that silently matches nothing.
 */

const SEGMENT = /^([^.[\]]+)((?:\[\d+\])*)$/;

/** Splits `a.b[0].c` into `['a', 'b', 0, 'c']`; undefined when the path is malformed. */
export function parseJsonPath(path: string): (string | number)[] | undefined {
  if (path.trim() === '') return undefined;
  const parts: (string | number)[] = [];
  for (const segment of path.split('.')) {
    const match = SEGMENT.exec(segment);
    if (!match) return undefined;
    parts.push(match[1] as string);
    for (const index of (match[2] ?? '').matchAll(/\[(\d+)\]/g)) parts.push(Number(index[1]));
  }
  return parts;
}

export function isJsonPath(path: string): boolean {
  return parseJsonPath(path) !== undefined;
}

export function getPath(value: unknown, path: string): unknown {
  const parts = parseJsonPath(path);
  if (!parts) return undefined;
  let current: unknown = value;
  for (const part of parts) {
    if (current === null || typeof current !== 'object') return undefined;
    if (typeof part === 'number' && !Array.isArray(current)) return undefined;
    current = (current as Record<string | number, unknown>)[part];
  }
  return current;
}

/** The path or list of paths as a list (profiles may give several places to look, first wins). */
export function pathList(paths: string | string[] | undefined): string[] {
  if (paths === undefined) return [];
  return Array.isArray(paths) ? paths : [paths];
}

/** A scalar found at the first path that holds a non-empty string or a number, as trimmed text. */
export function textAt(value: unknown, paths: string | string[] | undefined): string | undefined {
  for (const path of pathList(paths)) {
    const found = getPath(value, path);
    if (typeof found === 'number' && Number.isFinite(found)) return String(found);
    if (typeof found === 'string' && found.trim() !== '') return found.trim();
  }
  return undefined;
}
