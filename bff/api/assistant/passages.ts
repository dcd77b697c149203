/**
 * An item's 办事指南 as answerable passages: 受理条件, 申请材料, 办理流程, 收费, 办理时限, 地点与电话, and
 * each of its 常见问题. Each passage has a key that is the same for every regional entry of the item
 * (`guide:fees`, `faq:2`), so the index scores one entry per name and the answer is then read from the
 * entry the visitor's page is about (its own fees, window and phone).
 *
 * `cues` are the everyday words people use for that part of a guide (要带什么 → 材料); they are indexed
 * but never shown.
 */
import type { Sql } from '../../store/types.js';

export interface ItemRow {
  code: string;
  name: string;
  dept_name: string;
  accept_conditions: string | null;
  handling_flow: string | null;
  project_type: string | null;
  statutory_limit: number | null;
  statutory_limit_unit: string | null;
  promised_limit: number | null;
  promised_limit_unit: string | null;
  is_fee: boolean | null;
  fee_basis: string | null;
  place: string | null;
  hours: string | null;
  consult_phone: string | null;
  consult_way: string | null;
}

export interface ItemData {
  item: ItemRow;
  materials: Array<{ name: string; necessity: string | null }>;
  fees: Array<{ name: string; standard: string | null }>;
  faqs: Array<{ question: string; answer: string }>;
}

export interface Passage {
  key: string;
  kind: 'guide' | 'item_faq';
  /** The item's name (guides) or the FAQ question (item FAQs). */
  title: string;
  /** Plain text shown as the answer. */
  answer: string;
  /** Indexed only. */
  cues: string;
}

const ITEM_COLUMNS = `i.code, i.name, i.dept_name, i.accept_conditions, i.handling_flow, i.project_type,
  i.statutory_limit, i.statutory_limit_unit, i.promised_limit, i.promised_limit_unit, i.is_fee, i.fee_basis,
  i.place, i.hours, i.consult_phone, i.consult_way`;

/**
 * One entry per distinct name among indexed items (the one a province-wide page would show: the
 * highest level, as the search's representatives() picks), with its child lists.
 */
export async function loadRepresentativeItems(sql: Sql): Promise<ItemData[]> {
  const { rows } = await sql.query<ItemRow>(
    `SELECT ${ITEM_COLUMNS} FROM (
        SELECT DISTINCT ON (s.name) s.item_code FROM item_search s ORDER BY s.name, s.region_code NULLS LAST, s.item_code
      ) r JOIN items i ON i.code = r.item_code ORDER BY i.name`,
  );
  return withChildren(sql, rows);
}

export async function loadItems(sql: Sql, codes: readonly string[]): Promise<ItemData[]> {
  if (codes.length === 0) return [];
  const { rows } = await sql.query<ItemRow>(`SELECT ${ITEM_COLUMNS} FROM items i WHERE i.code = ANY($1::text[])`, [
    codes,
  ]);
  return withChildren(sql, rows);
}

async function withChildren(sql: Sql, items: ItemRow[]): Promise<ItemData[]> {
  const codes = items.map((item) => item.code);
  const [materials, fees, faqs] = await Promise.all([
    sql.query<{ item_code: string; name: string; necessity: string | null }>(
      'SELECT item_code, name, necessity FROM item_materials WHERE item_code = ANY($1::text[]) ORDER BY item_code, sort_order, id',
      [codes],
    ),
    sql.query<{ item_code: string; name: string; standard: string | null }>(
      'SELECT item_code, name, standard FROM item_fees WHERE item_code = ANY($1::text[]) ORDER BY item_code, sort_order, id',
      [codes],
    ),
    sql.query<{ item_code: string; question: string; answer: string }>(
      'SELECT item_code, question, answer FROM item_faqs WHERE item_code = ANY($1::text[]) ORDER BY item_code, sort_order, id',
      [codes],
    ),
  ]);
  const group = <T extends { item_code: string }>(rows: T[]): Map<string, T[]> => {
    const out = new Map<string, T[]>();
    for (const row of rows) {
      const list = out.get(row.item_code) ?? [];
      list.push(row);
      out.set(row.item_code, list);
    }
    return out;
  };
  const m = group(materials.rows);
  const f = group(fees.rows);
  const q = group(faqs.rows);
  return items.map((item) => ({
    item,
    materials: m.get(item.code) ?? [],
    fees: f.get(item.code) ?? [],
    faqs: q.get(item.code) ?? [],
  }));
}

const UNITS: Readonly<Record<string, string>> = {
  working_day: '个工作日',
  calendar_day: '天',
  month: '个月',
  year: '年',
  hour: '小时',
};
const NECESSITY: Readonly<Record<string, string>> = { optional: '（非必要）', deferrable: '（可容缺后补）' };

const limitText = (value: number | null, unit: string | null): string | null =>
  value === null || value === undefined ? null : `${value}${UNITS[unit ?? ''] ?? '个工作日'}`;

/** Answers quote the guide; a runaway text field must not become a wall of text. */
export function clip(text: string, max: number): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

const ANSWER_MAX = 400;

export function itemPassages(data: ItemData): Passage[] {
  const { item } = data;
  const name = item.name;
  const out: Passage[] = [];
  const add = (key: string, kind: Passage['kind'], title: string, answer: string, cues: string): void => {
    out.push({ key, kind, title, answer: clip(answer, ANSWER_MAX), cues });
  };
  if (item.accept_conditions) {
    add(
      'guide:conditions',
      'guide',
      name,
      `办理“${name}”的受理条件：${item.accept_conditions}`,
      '受理条件 申请条件 条件 要求 资格 符合 哪些人 谁能',
    );
  }
  if (data.materials.length > 0) {
    const list = data.materials.map((m, i) => `${i + 1}.${m.name}${NECESSITY[m.necessity ?? ''] ?? ''}`).join('；');
    add(
      'guide:materials',
      'guide',
      name,
      `办理“${name}”需要准备的材料：${list}。`,
      '申请材料 材料 资料 证件 准备 携带 带 带什么 提交 清单',
    );
  }
  if (item.handling_flow) {
    add(
      'guide:process',
      'guide',
      name,
      `办理“${name}”的流程：${item.handling_flow}`,
      '办理流程 流程 步骤 程序 环节 顺序',
    );
  }
  const feeList = data.fees.map((fee) => (fee.standard ? `${fee.name}：${fee.standard}` : fee.name)).join('；');
  if (item.is_fee !== null || data.fees.length > 0) {
    const charged = item.is_fee === true || data.fees.length > 0;
    add(
      'guide:fees',
      'guide',
      name,
      charged ? `办理“${name}”收费。${feeList || item.fee_basis || ''}`.trim() : `办理“${name}”不收费。`,
      '收费 费用 多少钱 钱 工本费 免费 交钱 花钱',
    );
  }
  const statutory = limitText(item.statutory_limit, item.statutory_limit_unit);
  const promised = limitText(item.promised_limit, item.promised_limit_unit);
  if (item.project_type === 'immediate' || statutory || promised) {
    const parts: string[] = [];
    if (item.project_type === 'immediate') parts.push('即办件，材料齐全、符合法定形式的当场办结');
    else {
      if (statutory) parts.push(`法定办结时限${statutory}`);
      if (promised) parts.push(`承诺办结时限${promised}`);
    }
    add(
      'guide:time',
      'guide',
      name,
      `“${name}”的办理时限：${parts.join('，')}。`,
      '办理时限 时限 期限 多久 多长时间 几天 时间 办结 办好 拿到 工作日',
    );
  }
  const where: string[] = [];
  if (item.place) where.push(`办理地点：${item.place}`);
  if (item.hours) where.push(`办理时间：${item.hours}`);
  if (item.consult_phone) where.push(`咨询电话：${item.consult_phone}`);
  else if (item.consult_way) where.push(`咨询方式：${item.consult_way}`);
  if (where.length > 0) {
    add(
      'guide:place',
      'guide',
      name,
      `“${name}”${where.join('；')}。`,
      '办理地点 地点 地址 哪里 哪儿 窗口 大厅 办公时间 上班 几点 咨询电话 电话 联系',
    );
  }
  data.faqs.forEach((faq, index) => {
    add(`faq:${index}`, 'item_faq', faq.question, `关于“${name}”：${faq.answer}`, '');
  });
  return out;
}
