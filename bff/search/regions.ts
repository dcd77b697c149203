/**
 * Region words in a query (哈尔滨 公积金提取 → region filter 哈尔滨市 and everything below it), read
 * from the `regions` table so each province's own list works without configuration, plus the aliases
 * of config/search/regions.txt. A short form that two regions share (向阳 in 鹤岗 and 佳木斯) is left
 * out rather than guessed.
 */
import type { Sql } from '../store/types.js';
import type { SearchDictionaries } from './dictionaries.js';

export interface RegionRef {
  code: string;
  name: string;
  /** 0 province … 4 village: the deeper of two mentioned regions wins. */
  depth: number;
}

export interface RegionLexicon {
  /** Words longest first, so 齐齐哈尔 is tried before 哈尔滨 could match inside a longer word. */
  readonly words: readonly string[];
  lookup(word: string): RegionRef | undefined;
}

const DEPTH: Readonly<Record<string, number>> = { province: 0, city: 1, county: 2, town: 3, village: 4 };
const SUFFIX = /(自治县|自治州|地区|林区|市|区|县|省|镇|乡|街道)$/;

interface RegionRow {
  code: string;
  name: string;
  level: string;
  parent_name: string | null;
}

export function buildRegionLexicon(rows: readonly RegionRow[], dictionaries: SearchDictionaries): RegionLexicon {
  const byWord = new Map<string, RegionRef | null>();
  const put = (word: string, ref: RegionRef): void => {
    if (word.length < 2) return;
    const known = byWord.get(word);
    // Two different regions under one word: ambiguous, never used as a filter.
    byWord.set(word, known === undefined || known?.code === ref.code ? ref : null);
  };
  const byFullName = new Map<string, RegionRef>();
  for (const row of rows) {
    const ref = {
      code: row.code,
      name: row.parent_name && DEPTH[row.level]! >= 2 ? row.parent_name + row.name : row.name,
      depth: DEPTH[row.level] ?? 4,
    };
    put(row.name, ref);
    if (row.parent_name) {
      put(row.parent_name + row.name, ref);
      byFullName.set(row.parent_name + row.name, ref);
    }
    byFullName.set(row.name, ref);
    const short = row.name.replace(SUFFIX, '');
    if (short !== row.name && !dictionaries.blockedRegionShortNames.has(short)) put(short, ref);
  }
  for (const [alias, fullName] of dictionaries.regionAliases) {
    const ref = byFullName.get(fullName);
    if (ref) byWord.set(alias, ref);
  }
  const words = [...byWord.entries()]
    .filter(([, ref]) => ref !== null)
    .map(([word]) => word)
    .sort((a, b) => b.length - a.length);
  return { words, lookup: (word) => byWord.get(word) ?? undefined };
}

export async function loadRegionLexicon(sql: Sql, dictionaries: SearchDictionaries): Promise<RegionLexicon> {
  const { rows } = await sql.query<RegionRow>(
    `SELECT r.code, r.name, r.level, p.name AS parent_name
       FROM regions r LEFT JOIN regions p ON p.code = r.parent_code`,
  );
  return buildRegionLexicon(rows, dictionaries);
}

/** The region and every region below it (for `region=` filters), through the parent links. */
export async function regionWithDescendants(sql: Sql, code: string): Promise<string[]> {
  const { rows } = await sql.query<{ code: string }>(
    `WITH RECURSIVE tree AS (
       SELECT code FROM regions WHERE code = $1
       UNION ALL
       SELECT r.code FROM regions r JOIN tree t ON r.parent_code = t.code
     )
     SELECT code FROM tree`,
    [code],
  );
  // An item may name a region the regions table does not (yet) hold: it still matches itself.
  return rows.length === 0 ? [code] : rows.map((row) => row.code);
}
