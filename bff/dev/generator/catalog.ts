/**
 * The service-item catalogue (基本目录) built from `item-seeds.ts`: one `CatalogItem` per distinct item
 * with its 12-char 基本编码 (c.1: 2 source + 2 type + 5 主项 + 3 子项). Items in a `g=` group share a
 * 主项 and get 子项 001…; others use 000. Source code `00` = national 基本目录 item.
 */
import { type DeptKey, ministryCodeOf } from './departments.js';
import { ITEM_GROUPS } from './item-seeds.js';

export type Audience = 'P' | 'L' | 'PL';
export type Level = 'P' | 'C' | 'X';

export interface CatalogItem {
  index: number;
  name: string;
  catalogCode: string;
  /** 事项类型 c.2 */
  taskType: string;
  dept: DeptKey;
  audience: Audience;
  /** 面向自然人主题 c.11, null for 法人-only items. */
  userTheme: string | null;
  /** 面向法人主题 c.11, null for 自然人-only items. */
  corpTheme: string | null;
  levels: readonly Level[];
  /** 办件类型 c.7: 1 即办件, 2 承诺件 */
  projectType: '1' | '2';
  /** 法定办结时限 (工作日) */
  lawDays: number;
  /** 承诺办结时限 (工作日); 0 for 即办件 */
  promiseDays: number;
  fee: string | null;
  resultName: string | null;
  materials: readonly string[];
  law: string;
  group: string | null;
}

export const TASK_TYPE_NAMES: Readonly<Record<string, string>> = {
  '01': '行政许可',
  '02': '行政处罚',
  '03': '行政强制',
  '04': '行政征收',
  '05': '行政给付',
  '06': '行政检查',
  '07': '行政确认',
  '08': '行政奖励',
  '09': '行政裁决',
  '10': '其他行政权力',
  '20': '公共服务',
};

function parseOverrides(line: string): { name: string; opts: Map<string, string> } {
  const [name, ...parts] = line.split(';');
  const opts = new Map<string, string>();
  for (const part of parts) {
    const eq = part.indexOf('=');
    opts.set(part.slice(0, eq), part.slice(eq + 1));
  }
  return { name: (name as string).trim(), opts };
}

function buildCatalog(): CatalogItem[] {
  const items: CatalogItem[] = [];
  const mainSeq = new Map<string, number>();
  const groupCodes = new Map<string, { main: string; next: number }>();
  for (const group of ITEM_GROUPS) {
    for (const line of group.items) {
      const { name, opts } = parseOverrides(line);
      const taskType = opts.get('t') ?? group.type;
      const audience = (opts.get('a') ?? group.audience) as Audience;
      const projectType = (opts.get('pj') ?? group.project) as '1' | '2';
      const lawDays = Number(opts.get('d') ?? group.lawDays);
      const promiseDays = projectType === '1' ? 0 : Number(opts.get('p') ?? group.promiseDays);
      const groupName = opts.get('g') ?? null;
      const seqKey = `${taskType}:${group.dept}`;
      let main: string;
      let sub: string;
      const known = groupName ? groupCodes.get(groupName) : undefined;
      if (known) {
        known.next += 1;
        main = known.main;
        sub = String(known.next).padStart(3, '0');
      } else {
        const seq = (mainSeq.get(seqKey) ?? 0) + 1;
        mainSeq.set(seqKey, seq);
        main = ministryCodeOf(group.dept) + String(seq).padStart(3, '0');
        if (groupName) {
          groupCodes.set(groupName, { main, next: 1 });
          sub = '001';
        } else sub = '000';
      }
      const extra = opts.get('m');
      items.push({
        index: items.length,
        name,
        catalogCode: `00${taskType}${main}${sub}`,
        taskType,
        dept: group.dept,
        audience,
        userTheme: audience === 'L' ? null : (opts.get('u') ?? group.userTheme),
        corpTheme: audience === 'P' ? null : (opts.get('c') ?? group.corpTheme),
        levels: [...(opts.get('lv') ?? group.levels)] as Level[],
        projectType,
        lawDays: projectType === '1' && !opts.has('d') ? Math.max(1, lawDays) : lawDays,
        promiseDays,
        fee: opts.get('fee') ?? null,
        resultName: opts.get('r') ?? null,
        materials: [...group.materials, ...(extra ? extra.split('、') : [])],
        law: group.law,
        group: groupName,
      });
    }
  }
  return items;
}

export const CATALOG: readonly CatalogItem[] = buildCatalog();

/** 服务对象 c.6 (multi-value): 1 自然人, 2 企业法人, 3 事业法人, 4 社会组织法人. */
export function serverTypeOf(item: CatalogItem): string {
  if (item.audience === 'P') return '1';
  if (item.audience === 'L') return '2,3,4';
  return '1,2,3,4';
}

/** 行使层级 c.3 list for the directory row. */
export function useLevelsOf(item: CatalogItem): string {
  return item.levels.map((l) => (l === 'P' ? '2' : l === 'C' ? '3' : '4')).join(',');
}
