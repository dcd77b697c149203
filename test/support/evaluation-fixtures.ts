/**
 * 好差评 fixtures: a small region tree, and reproducible random ratings written straight into the
 * evaluations table the way the sync and the widget write them — both satisfaction schemes
 * (GB/T 39046 'gbt39046' 1 = 非常满意, the interface's 'hcp-national' 1 = 非常不满意), 差评 in every
 * 整改 state, some without a department, region or item, spread over a year in Beijing time. The
 * statistics tests compare the API with a direct SQL count over exactly these rows.
 */
import type { Sql } from '../../bff/store/types.js';

/** Mulberry32: small, seeded, the same sequence on every run for a given seed. */
export function seededRandom(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 黑龙江 → 哈尔滨 (道里, 南岗) and 齐齐哈尔 (龙沙); 大庆 has no ratings of its own. */
export const FIXTURE_REGIONS = [
  { code: '230000000000', name: '黑龙江省', level: 'province', parent: null },
  { code: '230100000000', name: '哈尔滨市', level: 'city', parent: '230000000000' },
  { code: '230102000000', name: '道里区', level: 'county', parent: '230100000000' },
  { code: '230103000000', name: '南岗区', level: 'county', parent: '230100000000' },
  { code: '230200000000', name: '齐齐哈尔市', level: 'city', parent: '230000000000' },
  { code: '230202000000', name: '龙沙区', level: 'county', parent: '230200000000' },
  { code: '230600000000', name: '大庆市', level: 'city', parent: '230000000000' },
] as const;

export const FIXTURE_DEPTS = [
  { code: '11230100MB0000001X', name: '哈尔滨市市场监督管理局' },
  { code: '11230100MB0000002X', name: '哈尔滨市公安局' },
  { code: '11230200MB0000003X', name: '齐齐哈尔市人力资源和社会保障局' },
] as const;

export const FIXTURE_ITEMS = [
  { code: '11230100MB0000001X200136030000101', name: '食品经营许可证核发' },
  { code: '11230100MB0000002X200136030000201', name: '居住证申领' },
  { code: '11230200MB0000003X200136030000301', name: '社会保障卡申领' },
  { code: '11230100MB0000001X200136030000401', name: '个体工商户设立登记' },
] as const;

export async function seedRegions(sql: Sql): Promise<void> {
  for (const region of FIXTURE_REGIONS) {
    await sql.query(
      `INSERT INTO regions (code, name, level, parent_code, source) VALUES ($1, $2, $3, $4, 'fixture')
       ON CONFLICT (code) DO NOTHING`,
      [region.code, region.name, region.level, region.parent],
    );
  }
}

export interface FixtureEvaluation {
  projectNo: string;
  level: 1 | 2 | 3 | 4 | 5;
  scheme: 'gbt39046' | 'hcp-national';
  deptCode: string | null;
  deptName: string | null;
  regionCode: string | null;
  itemCode: string | null;
  itemName: string | null;
  assessNumber: 1 | 2;
  rectification: 'pending' | 'in_progress' | 'rectified' | 'revisited' | null;
  evaluatedAt: Date;
}

const pick = <T>(next: () => number, list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;

/**
 * `count` ratings between `from` and `to` (epoch ms). Levels lean to 非常满意 as real data does, with
 * enough 差评 to exercise the 整改 counts.
 */
export function randomEvaluations(seed: number, count: number, from: number, to: number): FixtureEvaluation[] {
  const next = seededRandom(seed);
  const regionCodes = [...FIXTURE_REGIONS.map((r) => r.code).filter((c) => c !== '230600000000'), null];
  const out: FixtureEvaluation[] = [];
  for (let n = 0; n < count; n += 1) {
    const draw = next();
    const level = (
      draw < 0.55 ? 5 : draw < 0.75 ? 4 : draw < 0.85 ? 3 : draw < 0.93 ? 2 : 1
    ) as FixtureEvaluation['level'];
    const dept = next() < 0.08 ? null : pick(next, FIXTURE_DEPTS);
    const item = next() < 0.05 ? null : pick(next, FIXTURE_ITEMS);
    out.push({
      projectNo: `EV${seed}${String(n).padStart(6, '0')}`,
      level,
      scheme: next() < 0.5 ? 'gbt39046' : 'hcp-national',
      deptCode: dept?.code ?? null,
      deptName: dept?.name ?? null,
      regionCode: pick(next, regionCodes),
      itemCode: item?.code ?? null,
      itemName: item?.name ?? null,
      assessNumber: next() < 0.1 ? 2 : 1,
      rectification:
        level <= 2 ? pick(next, ['pending', 'in_progress', 'rectified', 'revisited', null] as const) : null,
      evaluatedAt: new Date(from + Math.floor(next() * (to - from))),
    });
  }
  return out;
}

/** Writes the ratings as the sync would (raw value in its own scheme, level normalised). */
export async function insertEvaluations(
  sql: Sql,
  rows: readonly FixtureEvaluation[],
  source = 'fixture',
): Promise<void> {
  const payload = rows.map((row, index) => ({
    project_no: row.projectNo,
    satisfaction_raw: String(row.scheme === 'gbt39046' ? 6 - row.level : row.level),
    satisfaction_scheme: row.scheme,
    satisfaction_level: row.level,
    dept_credit_code: row.deptCode,
    dept_name: row.deptName,
    region_code: row.regionCode,
    item_code: row.itemCode,
    item_name: row.itemName,
    assess_number: row.assessNumber,
    rectification_status: row.rectification,
    evaluated_at: row.evaluatedAt.toISOString(),
    source,
    source_row_guid: `${row.projectNo}-${index}`,
  }));
  await sql.query(
    `INSERT INTO evaluations (project_no, satisfaction_raw, satisfaction_scheme, satisfaction_level, dept_credit_code,
                              dept_name, region_code, item_code, item_name, assess_number, rectification_status,
                              evaluated_at, source, source_row_guid)
     SELECT project_no, satisfaction_raw, satisfaction_scheme, satisfaction_level, dept_credit_code, dept_name,
            region_code, item_code, item_name, assess_number, rectification_status, evaluated_at, source, source_row_guid
       FROM json_populate_recordset(NULL::evaluations, $1::json)`,
    [JSON.stringify(payload)],
  );
}
