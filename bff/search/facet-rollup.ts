/**
 * item_facet_counts: item counts per combination of facet values, so facets and totals read a few
 * thousand rows instead of every item. Rebuilt per department (an item belongs to one), counting
 * indexed items only, so lists, totals and facets describe the same set.
 */
import type { Sql } from '../store/types.js';

const ROLLUP_SELECT = `
  SELECT i.dept_credit_code, max(i.dept_name), i.region_code, i.task_type, i.service_objects,
         i.online_handling, i.limit_scene_num, i.project_type, th.natural_themes, th.legal_themes, count(*)
    FROM items i
    JOIN item_search s ON s.item_code = i.code
   CROSS JOIN LATERAL (
     SELECT coalesce(array_agg(t.theme_code ORDER BY t.theme_code) FILTER (WHERE t.audience = 'natural'), '{}') AS natural_themes,
            coalesce(array_agg(t.theme_code ORDER BY t.theme_code) FILTER (WHERE t.audience = 'legal'), '{}') AS legal_themes
       FROM item_themes t WHERE t.item_code = i.code
   ) th`;
const ROLLUP_GROUP = `
   GROUP BY i.dept_credit_code, i.region_code, i.task_type, i.service_objects, i.online_handling,
            i.limit_scene_num, i.project_type, th.natural_themes, th.legal_themes`;
const ROLLUP_INSERT = `INSERT INTO item_facet_counts (dept_credit_code, dept_name, region_code, task_type,
  service_objects, online, visits, project_type, natural_themes, legal_themes, items)`;

export async function refreshFacetRollup(sql: Sql, deptCodes: readonly string[]): Promise<void> {
  if (deptCodes.length === 0) return;
  await sql.query('DELETE FROM item_facet_counts WHERE dept_credit_code = ANY($1::text[])', [deptCodes]);
  await sql.query(`${ROLLUP_INSERT} ${ROLLUP_SELECT} WHERE i.dept_credit_code = ANY($1::text[]) ${ROLLUP_GROUP}`, [
    deptCodes,
  ]);
}

export async function rebuildFacetRollup(sql: Sql): Promise<void> {
  await sql.query('DELETE FROM item_facet_counts');
  await sql.query(`${ROLLUP_INSERT} ${ROLLUP_SELECT} ${ROLLUP_GROUP}`);
}
