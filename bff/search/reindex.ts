/**
 * Index maintenance. Segmenting Chinese needs jieba, i.e. JavaScript, so triggers cannot build the
 * documents; they only queue the codes of changed items (migration 0010). Whoever writes items calls
 *
 *   await reindexItems(sql, writtenCodes)   // after the write commits: those items, at once
 *   await reindexItems(sql)                 // anything still queued (a writer that forgot, a crash)
 *   await rebuildSearchIndex(sql)           // everything, e.g. after editing config/search
 *
 * Each batch is one transaction: item documents, the name documents and facet counts they touch,
 * and the queue rows, so a reader never sees an item counted but not findable.
 */
import type { Sql } from '../store/types.js';
import { type SearchDictionaries, searchDictionaries } from './dictionaries.js';
import { aliasesOf, compactKey, type ItemText, itemDocument, nameDocument } from './documents.js';
import { rebuildFacetRollup, refreshFacetRollup } from './facet-rollup.js';
import { namePinyin } from './pinyin.js';

export interface ReindexOptions {
  dictionaries?: SearchDictionaries;
  /** Items per transaction (default 500). */
  batchSize?: number;
}

export interface ReindexResult {
  /** Items whose documents were (re)written. */
  indexed: number;
  /** Codes given or queued that no longer exist as items. */
  removed: number;
  generation: number;
}

interface ItemRow {
  code: string;
  name: string;
  dept_credit_code: string;
  dept_name: string;
  accept_conditions: string | null;
  result_name: string | null;
  legal_basis: string | null;
}

async function loadItemTexts(sql: Sql, codes: readonly string[]): Promise<Array<ItemText & { deptCode: string }>> {
  // One after the other: inside a transaction they share one connection anyway.
  const items = await sql.query<ItemRow>(
    `SELECT code, name, dept_credit_code, dept_name, accept_conditions, result_name, legal_basis
       FROM items WHERE code = ANY($1::text[])`,
    [codes],
  );
  const materials = await sql.query<{ item_code: string; name: string }>(
    'SELECT item_code, name FROM item_materials WHERE item_code = ANY($1::text[]) ORDER BY item_code, sort_order, id',
    [codes],
  );
  const faqs = await sql.query<{ item_code: string; question: string; answer: string }>(
    'SELECT item_code, question, answer FROM item_faqs WHERE item_code = ANY($1::text[]) ORDER BY item_code, sort_order, id',
    [codes],
  );
  const materialsOf = groupBy(materials.rows, (row) => row.item_code);
  const faqsOf = groupBy(faqs.rows, (row) => row.item_code);
  return items.rows.map((row) => ({
    code: row.code,
    name: row.name,
    deptCode: row.dept_credit_code,
    deptName: row.dept_name,
    conditions: row.accept_conditions,
    resultName: row.result_name,
    legalBasis: row.legal_basis,
    materials: (materialsOf.get(row.code) ?? []).map((m) => m.name),
    faqs: (faqsOf.get(row.code) ?? []).map((f) => ({ question: f.question, answer: f.answer })),
  }));
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const list = out.get(key(row));
    if (list) list.push(row);
    else out.set(key(row), [row]);
  }
  return out;
}

/** Writes item_search rows; returns the names and departments before and after, for the roll-ups. */
async function writeItemDocuments(
  tx: Sql,
  codes: readonly string[],
  dictionaries: SearchDictionaries,
): Promise<{ indexed: number; removed: number; names: Set<string>; depts: Set<string> }> {
  const before = await tx.query<{ name: string; dept_credit_code: string }>(
    'SELECT name, dept_credit_code FROM item_search WHERE item_code = ANY($1::text[])',
    [codes],
  );
  const items = await loadItemTexts(tx, codes);
  const names = new Set(before.rows.map((row) => row.name));
  const depts = new Set(before.rows.map((row) => row.dept_credit_code));
  // Aliases depend on the name only: computed once per distinct name in the batch.
  const aliasCache = new Map<string, string[]>();
  const columns = {
    code: [] as string[],
    name: [] as string[],
    doc: [] as string[],
    sort: [] as string[],
  };
  for (const item of items) {
    let aliases = aliasCache.get(item.name);
    if (!aliases) {
      aliases = aliasesOf(item.name, [], dictionaries);
      aliasCache.set(item.name, aliases);
    }
    const resultKey = item.resultName ? compactKey(item.resultName) : '';
    const itemAliases =
      resultKey !== '' && resultKey !== compactKey(item.name) && !aliases.includes(resultKey)
        ? [...aliases, resultKey]
        : aliases;
    columns.code.push(item.code);
    columns.name.push(item.name);
    columns.doc.push(itemDocument(item, itemAliases));
    columns.sort.push(namePinyin(item.name).sortKey);
    names.add(item.name);
    depts.add(item.deptCode);
  }
  if (items.length > 0) {
    await tx.query(
      // Filter values straight from items (and item_themes) in the same statement: what lists
      // filter on is exactly what was indexed.
      `INSERT INTO item_search (item_code, name, document, sort_key, dept_credit_code, region_code, task_type,
                                service_objects, online, visits, project_type, natural_themes, legal_themes,
                                updated_at, indexed_at)
       SELECT t.code, t.name, t.doc::tsvector, t.sort, i.dept_credit_code, i.region_code, i.task_type,
              i.service_objects, i.online_handling, i.limit_scene_num, i.project_type,
              th.natural_themes, th.legal_themes, i.updated_at, now()
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS t(code, name, doc, sort)
         JOIN items i ON i.code = t.code
        CROSS JOIN LATERAL (
          SELECT coalesce(array_agg(x.theme_code ORDER BY x.theme_code) FILTER (WHERE x.audience = 'natural'), '{}') AS natural_themes,
                 coalesce(array_agg(x.theme_code ORDER BY x.theme_code) FILTER (WHERE x.audience = 'legal'), '{}') AS legal_themes
            FROM item_themes x WHERE x.item_code = i.code
        ) th
       ON CONFLICT (item_code) DO UPDATE SET name = EXCLUDED.name, document = EXCLUDED.document,
         sort_key = EXCLUDED.sort_key, dept_credit_code = EXCLUDED.dept_credit_code,
         region_code = EXCLUDED.region_code, task_type = EXCLUDED.task_type,
         service_objects = EXCLUDED.service_objects, online = EXCLUDED.online, visits = EXCLUDED.visits,
         project_type = EXCLUDED.project_type, natural_themes = EXCLUDED.natural_themes,
         legal_themes = EXCLUDED.legal_themes, updated_at = EXCLUDED.updated_at, indexed_at = EXCLUDED.indexed_at`,
      [columns.code, columns.name, columns.doc, columns.sort],
    );
  }
  const found = new Set(columns.code);
  const missing = codes.filter((code) => !found.has(code));
  if (missing.length > 0) await tx.query('DELETE FROM item_search WHERE item_code = ANY($1::text[])', [missing]);
  return { indexed: items.length, removed: missing.length, names, depts };
}

interface NameStats {
  name: string;
  entry_count: number;
  results: string[] | null;
}

async function writeNameDocuments(
  tx: Sql,
  rows: readonly NameStats[],
  dictionaries: SearchDictionaries,
): Promise<void> {
  const columns = {
    name: [] as string[],
    doc: [] as string[],
    pinyin: [] as string[],
    initials: [] as string[],
    aliases: [] as string[],
    count: [] as number[],
  };
  for (const row of rows) {
    const aliases = aliasesOf(row.name, row.results ?? [], dictionaries);
    const pinyin = namePinyin(row.name);
    columns.name.push(row.name);
    columns.doc.push(nameDocument(row.name, aliases));
    // Spaced syllables: homophone matching compares whole syllables (bff/search/name-ranker.ts).
    columns.pinyin.push(pinyin.sortKey);
    columns.initials.push(pinyin.initials);
    // text[] travels as JSON: an array of arrays through unnest would flatten.
    columns.aliases.push(JSON.stringify(aliases));
    columns.count.push(row.entry_count);
  }
  if (rows.length === 0) return;
  await tx.query(
    `INSERT INTO search_names (name, document, pinyin, initials, aliases, entry_count)
     SELECT name, doc::tsvector, pinyin, initials, ARRAY(SELECT jsonb_array_elements_text(aliases::jsonb)), count
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[])
            AS t(name, doc, pinyin, initials, aliases, count)
     ON CONFLICT (name) DO UPDATE SET document = EXCLUDED.document, pinyin = EXCLUDED.pinyin,
       initials = EXCLUDED.initials, aliases = EXCLUDED.aliases, entry_count = EXCLUDED.entry_count`,
    [columns.name, columns.doc, columns.pinyin, columns.initials, columns.aliases, columns.count],
  );
}

const NAME_STATS = `
  SELECT s.name, count(*)::int AS entry_count,
         array_remove(array_agg(DISTINCT i.result_name), NULL) AS results
    FROM item_search s JOIN items i ON i.code = s.item_code`;

async function refreshNames(tx: Sql, names: readonly string[], dictionaries: SearchDictionaries): Promise<void> {
  if (names.length === 0) return;
  const { rows } = await tx.query<NameStats>(`${NAME_STATS} WHERE s.name = ANY($1::text[]) GROUP BY s.name`, [names]);
  await writeNameDocuments(tx, rows, dictionaries);
  const kept = rows.map((row) => row.name);
  await tx.query('DELETE FROM search_names WHERE name = ANY($1::text[]) AND NOT (name = ANY($2::text[]))', [
    names,
    kept,
  ]);
}

/** The index generation: what in-process caches of public answers compare against (answer-cache.ts). */
export async function searchGeneration(sql: Sql): Promise<number> {
  const { rows } = await sql.query<{ generation: string | number }>('SELECT generation FROM search_state');
  return Number(rows[0]?.generation ?? 0);
}

async function bumpGeneration(tx: Sql): Promise<number> {
  const { rows } = await tx.query<{ generation: number }>(
    'UPDATE search_state SET generation = generation + 1, indexed_at = now() RETURNING generation',
  );
  return Number(rows[0]?.generation ?? 0);
}

async function reindexBatch(
  sql: Sql,
  codes: readonly string[],
  dictionaries: SearchDictionaries,
): Promise<{ indexed: number; removed: number; generation: number }> {
  return sql.transaction(async (tx) => {
    const written = await writeItemDocuments(tx, codes, dictionaries);
    await refreshNames(tx, [...written.names], dictionaries);
    await refreshFacetRollup(tx, [...written.depts]);
    await tx.query('DELETE FROM search_queue WHERE item_code = ANY($1::text[])', [codes]);
    const generation = await bumpGeneration(tx);
    return { indexed: written.indexed, removed: written.removed, generation };
  });
}

/** Re-indexes the given items, or every queued item when `codes` is omitted. */
export async function reindexItems(
  sql: Sql,
  codes?: readonly string[],
  options: ReindexOptions = {},
): Promise<ReindexResult> {
  const dictionaries = options.dictionaries ?? searchDictionaries();
  const batchSize = options.batchSize ?? 500;
  const total: ReindexResult = { indexed: 0, removed: 0, generation: 0 };
  const add = (result: { indexed: number; removed: number; generation: number }): void => {
    total.indexed += result.indexed;
    total.removed += result.removed;
    total.generation = result.generation;
  };
  if (codes) {
    const unique = [...new Set(codes)];
    for (let i = 0; i < unique.length; i += batchSize)
      add(await reindexBatch(sql, unique.slice(i, i + batchSize), dictionaries));
    return total;
  }
  for (;;) {
    const { rows } = await sql.query<{ item_code: string }>(
      'SELECT item_code FROM search_queue ORDER BY item_code LIMIT $1',
      [batchSize],
    );
    if (rows.length === 0) return total;
    add(
      await reindexBatch(
        sql,
        rows.map((row) => row.item_code),
        dictionaries,
      ),
    );
  }
}

/**
 * Rebuilds every document. Items go in keyset batches; names and facet counts once at the end (per
 * batch they would be recomputed for the same names hundreds of times).
 */
export async function rebuildSearchIndex(sql: Sql, options: ReindexOptions = {}): Promise<ReindexResult> {
  const dictionaries = options.dictionaries ?? searchDictionaries();
  const batchSize = options.batchSize ?? 1000;
  let indexed = 0;
  let after = '';
  for (;;) {
    const { rows } = await sql.query<{ code: string }>(
      'SELECT code FROM items WHERE code > $1 ORDER BY code LIMIT $2',
      [after, batchSize],
    );
    if (rows.length === 0) break;
    const codes = rows.map((row) => row.code);
    const written = await sql.transaction((tx) => writeItemDocuments(tx, codes, dictionaries));
    indexed += written.indexed;
    after = codes[codes.length - 1] as string;
  }
  return sql.transaction(async (tx) => {
    await tx.query('DELETE FROM item_search s WHERE NOT EXISTS (SELECT 1 FROM items i WHERE i.code = s.item_code)');
    await rebuildNameIndex(tx, dictionaries);
    await rebuildFacetRollup(tx);
    await tx.query('DELETE FROM search_queue');
    return { indexed, removed: 0, generation: await bumpGeneration(tx) };
  });
}

/** Every name document from item_search (also used by the benchmark after bulk SQL inserts). */
export async function rebuildNameIndex(
  sql: Sql,
  dictionaries: SearchDictionaries = searchDictionaries(),
): Promise<void> {
  const { rows } = await sql.query<NameStats>(`${NAME_STATS} GROUP BY s.name`);
  await sql.query('DELETE FROM search_names');
  for (let i = 0; i < rows.length; i += 1000) await writeNameDocuments(sql, rows.slice(i, i + 1000), dictionaries);
}
