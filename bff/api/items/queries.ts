/**
 * SQL of the navigation API. Lists read items joined to their index row (item_search), so a list, its
 * total (item_facet_counts) and the facets describe the same, indexed set; see bff/search/reindex.ts.
 */
import {
  andClause,
  type FacetName,
  filterPredicates,
  type ResolvedFilters,
  SqlParams,
  whereClause,
} from '../../search/item-filters.js';
import { REGION_JOINS, REGION_NAME } from '../../search/sql-fragments.js';
import type { Sql } from '../../store/types.js';
import type { Cursor, ItemSort } from './cursor.js';

export interface SummaryRow {
  code: string;
  name: string;
  dept_credit_code: string;
  dept_name: string;
  region_code: string | null;
  region_name: string | null;
  task_type: string | null;
  project_type: 'immediate' | 'promised' | 'other' | null;
  promised_limit: number | null;
  promised_limit_unit: string | null;
  limit_scene_num: number | null;
  online_handling: boolean | null;
  /** The keyset key of this row under the requested sort. */
  sort_value: string | number;
}

const SUMMARY_COLUMNS = `i.code, i.name, i.dept_credit_code, i.dept_name, i.region_code, ${REGION_NAME} AS region_name,
  i.task_type, i.project_type, i.promised_limit, i.promised_limit_unit, i.limit_scene_num, i.online_handling`;

export interface ListQuery {
  filters: ResolvedFilters;
  sort: ItemSort;
  cursor: Cursor | null;
  limit: number;
  /** Ranked names for sort=relevance (search/name-ranker.ts). */
  rankedNames?: readonly string[];
}

/**
 * One page plus one row (to know whether there is a next page). Filtering and ordering happen on
 * item_search and its covering indexes; items are read for the page's rows only, so a selective
 * filter never costs one item row per skipped entry.
 */
export async function listItemRows(sql: Sql, query: ListQuery): Promise<SummaryRow[]> {
  const params = new SqlParams();
  const where = filterPredicates(query.filters, params, 's');
  const key = query.cursor?.key;
  let from = 'item_search s';
  let sortValue: string;
  let order: string;
  if (query.sort === 'relevance') {
    from = `unnest(${params.add(query.rankedNames ?? [])}::text[]) WITH ORDINALITY AS n(name, ord)
            JOIN item_search s ON s.name = n.name`;
    sortValue = 'n.ord::int';
    order = 'n.ord, s.item_code';
    if (key) where.push(`(n.ord, s.item_code) > (${params.add(Number(key[0]))}::bigint, ${params.add(key[1])})`);
  } else if (query.sort === 'updated') {
    // Text, not a JS Date: timestamptz has microseconds, a Date only milliseconds.
    sortValue = 's.updated_at::text';
    order = 's.updated_at DESC, s.item_code DESC';
    if (key)
      where.push(`(s.updated_at, s.item_code) < (${params.add(String(key[0]))}::timestamptz, ${params.add(key[1])})`);
  } else {
    sortValue = 's.sort_key';
    order = 's.sort_key, s.item_code';
    if (key) where.push(`(s.sort_key, s.item_code) > (${params.add(String(key[0]))}, ${params.add(key[1])})`);
  }
  const { rows } = await sql.query<SummaryRow>(
    `WITH page AS MATERIALIZED (
       SELECT s.item_code, ${sortValue} AS sort_value, row_number() OVER (ORDER BY ${order}) AS position
         FROM ${from} ${whereClause(where)}
        ORDER BY ${order}
        LIMIT ${params.add(query.limit + 1)}
     )
     SELECT ${SUMMARY_COLUMNS}, page.sort_value
       FROM page JOIN items i ON i.code = page.item_code ${REGION_JOINS}
      ORDER BY page.position`,
    params.values,
  );
  return rows;
}

/** Total under the filters: from the roll-up, or (with a query) over the ranked names' entries. */
export async function countItems(sql: Sql, filters: ResolvedFilters, rankedNames?: readonly string[]): Promise<number> {
  const params = new SqlParams();
  if (rankedNames) {
    const names = params.add(rankedNames);
    const { rows } = await sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM item_search s
        WHERE s.name = ANY(${names}::text[]) ${andClause(filterPredicates(filters, params, 's'))}`,
      params.values,
    );
    return rows[0]?.n ?? 0;
  }
  const { rows } = await sql.query<{ n: number }>(
    `SELECT coalesce(sum(f.items), 0)::int AS n FROM item_facet_counts f ${whereClause(filterPredicates(filters, params, 'f'))}`,
    params.values,
  );
  return rows[0]?.n ?? 0;
}

export interface FacetRow {
  value: string;
  label: string;
  count: number;
}

const DEPT_FACET_LIMIT = 200;

/** One facet's counts from the roll-up, under every filter but the facet's own. */
export async function facetRows(
  sql: Sql,
  facet: FacetName,
  filters: ResolvedFilters,
  options: { regionParent: string | null },
): Promise<FacetRow[]> {
  const params = new SqlParams();
  const source = 'item_facet_counts';
  const where = filterPredicates(filters, params, 'f', facet);
  const conditions = whereClause(where);
  const and = andClause(where);
  let text: string;
  switch (facet) {
    case 'dept':
      text = `SELECT f.dept_credit_code AS value, max(f.dept_name) AS label, sum(f.items)::int AS count
                FROM ${source} f ${conditions} GROUP BY f.dept_credit_code
               ORDER BY count DESC, label LIMIT ${DEPT_FACET_LIMIT}`;
      break;
    case 'region': {
      // Each descendant of the chosen region mapped to the child it lies under.
      const parent = options.regionParent === null ? 'IS NULL' : `= ${params.add(options.regionParent)}`;
      text = `WITH RECURSIVE tree AS (
                SELECT code, code AS child FROM regions WHERE parent_code ${parent}
                UNION ALL
                SELECT r.code, t.child FROM regions r JOIN tree t ON r.parent_code = t.code
              )
              SELECT t.child AS value, rg.name AS label, sum(f.items)::int AS count
                FROM ${source} f JOIN tree t ON t.code = f.region_code JOIN regions rg ON rg.code = t.child
               ${conditions} GROUP BY t.child, rg.name ORDER BY t.child`;
      break;
    }
    case 'theme': {
      const audience = filters.audience;
      const part = (which: 'natural' | 'legal', qualified: boolean) => `
        SELECT ${qualified ? `'${which}:' || ` : ''}th.code AS value,
               th.name${qualified ? ` || '（${which === 'natural' ? '个人' : '法人'}）'` : ''} AS label,
               sum(f.items)::int AS count, min(th.sort_order) AS sort_order, '${which}' AS audience
          FROM ${source} f CROSS JOIN unnest(f.${which}_themes) AS u(code)
          JOIN themes th ON th.audience = '${which}' AND th.code = u.code
         ${conditions} GROUP BY th.code, th.name`;
      text = audience
        ? `SELECT value, label, count FROM (${part(audience, false)}) x ORDER BY sort_order`
        : `SELECT value, label, count FROM (${part('natural', true)} UNION ALL ${part('legal', true)}) x ORDER BY audience DESC, sort_order`;
      break;
    }
    case 'type':
      text = `SELECT f.task_type AS value, '' AS label, sum(f.items)::int AS count
                FROM ${source} f WHERE f.task_type IS NOT NULL ${and} GROUP BY f.task_type ORDER BY count DESC, value`;
      break;
    case 'object':
      text = `SELECT u.value, '' AS label, sum(f.items)::int AS count
                FROM ${source} f CROSS JOIN unnest(f.service_objects) AS u(value) ${conditions}
               GROUP BY u.value ORDER BY count DESC, u.value`;
      break;
    case 'online':
      text = `SELECT '1' AS value, '' AS label, coalesce(sum(f.items) FILTER (WHERE f.online), 0)::int AS count
                FROM ${source} f ${conditions}`;
      break;
    case 'visits':
      text = `SELECT v.value, '' AS label, coalesce(sum(f.items) FILTER (WHERE f.visits <= v.max), 0)::int AS count
                FROM (VALUES ('0', 0), ('1', 1)) AS v(value, max) CROSS JOIN ${source} f ${conditions}
               GROUP BY v.value ORDER BY v.value`;
      break;
    case 'projectType':
      text = `SELECT f.project_type AS value, '' AS label, sum(f.items)::int AS count
                FROM ${source} f WHERE f.project_type IN ('immediate', 'promised') ${and}
               GROUP BY f.project_type ORDER BY f.project_type`;
      break;
  }
  const { rows } = await sql.query<FacetRow>(text, params.values);
  return rows.filter((row) => row.count > 0);
}

/** Per-item facet values of the ranked names' entries (facets under a query; the roll-up knows no names). */
export interface FacetItemRow {
  dept_credit_code: string;
  region_code: string | null;
  task_type: string | null;
  service_objects: string[];
  online: boolean | null;
  visits: number | null;
  project_type: string | null;
  natural_themes: string[];
  legal_themes: string[];
}

export async function facetItemRows(sql: Sql, rankedNames: readonly string[]): Promise<FacetItemRow[]> {
  const { rows } = await sql.query<FacetItemRow>(
    `SELECT s.dept_credit_code, s.region_code, s.task_type, s.service_objects, s.online, s.visits,
            s.project_type, s.natural_themes, s.legal_themes
       FROM item_search s WHERE s.name = ANY($1::text[])`,
    [rankedNames],
  );
  return rows;
}

/** Department names for facet labels (the roll-up keeps the name each department was indexed under). */
export async function deptNames(sql: Sql, codes: readonly string[]): Promise<Map<string, string>> {
  const { rows } = await sql.query<{ code: string; name: string }>(
    `SELECT dept_credit_code AS code, max(dept_name) AS name FROM item_facet_counts
      WHERE dept_credit_code = ANY($1::text[]) GROUP BY dept_credit_code`,
    [codes],
  );
  return new Map(rows.map((row) => [row.code, row.name]));
}

/** Each region below `parent` (or every region when null) mapped to the child of `parent` it lies under. */
export async function regionChildren(
  sql: Sql,
  parent: string | null,
): Promise<Array<{ code: string; child: string; label: string }>> {
  const { rows } = await sql.query<{ code: string; child: string; label: string }>(
    `WITH RECURSIVE tree AS (
       SELECT code, code AS child FROM regions WHERE ${parent === null ? 'parent_code IS NULL' : 'parent_code = $1'}
       UNION ALL
       SELECT r.code, t.child FROM regions r JOIN tree t ON r.parent_code = t.code
     )
     SELECT t.code, t.child, rg.name AS label FROM tree t JOIN regions rg ON rg.code = t.child`,
    parent === null ? [] : [parent],
  );
  return rows;
}

/** The region whose children the region facet lists: the chosen one, else the single root. */
export async function regionFacetParent(sql: Sql, region: string | undefined): Promise<string | null> {
  if (region) return region;
  const { rows } = await sql.query<{ code: string }>('SELECT code FROM regions WHERE parent_code IS NULL LIMIT 2');
  return rows.length === 1 ? (rows[0] as { code: string }).code : null;
}

export interface GuideRow extends Omit<SummaryRow, 'sort_value'> {
  accept_conditions: string | null;
  handling_flow: string | null;
  is_fee: boolean | null;
  statutory_limit: number | null;
  statutory_limit_unit: string | null;
  place: string | null;
  hours: string | null;
  consult_phone: string | null;
  consult_way: string | null;
  complaint_phone: string | null;
  complaint_way: string | null;
  legal_basis: string | null;
  online_url: string | null;
  online_sso: boolean | null;
  mobile_url: string | null;
  service_objects: string[];
  result_name: string | null;
  updated_at: Date | null;
}

export async function guideRows(sql: Sql, code: string) {
  const item = await sql.query<GuideRow>(
    `SELECT ${SUMMARY_COLUMNS}, i.accept_conditions, i.handling_flow, i.is_fee, i.statutory_limit, i.statutory_limit_unit,
            i.place, i.hours, i.consult_phone, i.consult_way, i.complaint_phone, i.complaint_way, i.legal_basis,
            i.online_url, i.online_sso, i.mobile_url, i.service_objects, i.result_name, i.updated_at
       FROM items i ${REGION_JOINS} WHERE i.code = $1`,
    [code],
  );
  const row = item.rows[0];
  if (!row) return null;
  const materials = await sql.query<{
    name: string;
    necessity: string | null;
    format: string | null;
    paper_copies: number | null;
    source_channel: string | null;
    source_channel_note: string | null;
    blank_form_url: string | null;
    sample_url: string | null;
    accept_standard: string | null;
    fill_notes: string | null;
    remark: string | null;
  }>(
    `SELECT name, necessity, format, paper_copies, source_channel, source_channel_note, blank_form_url, sample_url,
            accept_standard, fill_notes, remark
       FROM item_materials WHERE item_code = $1 ORDER BY sort_order, id`,
    [code],
  );
  const fees = await sql.query<{
    name: string;
    standard: string | null;
    reducible: boolean | null;
    legal_basis: string | null;
  }>('SELECT name, standard, reducible, legal_basis FROM item_fees WHERE item_code = $1 ORDER BY sort_order, id', [
    code,
  ]);
  const faqs = await sql.query<{ question: string; answer: string }>(
    'SELECT question, answer FROM item_faqs WHERE item_code = $1 ORDER BY sort_order, id',
    [code],
  );
  const steps = await sql.query<{
    name: string;
    description: string | null;
    handler_role: string | null;
    time_limit_text: string | null;
  }>(
    'SELECT name, description, handler_role, time_limit_text FROM item_process_steps WHERE item_code = $1 ORDER BY sort_order, id',
    [code],
  );
  const themes = await sql.query<{ audience: 'natural' | 'legal'; code: string; label: string }>(
    `SELECT t.audience, t.theme_code AS code, th.name AS label
       FROM item_themes t JOIN themes th ON th.audience = t.audience AND th.code = t.theme_code
      WHERE t.item_code = $1 ORDER BY t.audience DESC, th.sort_order`,
    [code],
  );
  return {
    item: row,
    materials: materials.rows,
    fees: fees.rows,
    faqs: faqs.rows,
    steps: steps.rows,
    themes: themes.rows,
  };
}
