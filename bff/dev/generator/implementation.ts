/**
 * 实施清单 (implementation lists): catalogue items × the implementing department of each region where
 * the item is exercised. Entries are addressed by index and computed on demand, so 500,000 entries
 * never sit in memory: index → (round, item, region). Round 0 is the natural list (~30,000 entries);
 * rounds 1… add 业务办理项 (33-char `task_handle_item` = 实施编码 + 2 digits) per situation, which is how
 * real lists grow to hundreds of thousands of rows.
 */
import { CATALOG, type CatalogItem, serverTypeOf } from './catalog.js';
import { type Department, departmentFor } from './departments.js';
import { COUNTIES, type Division, PREFECTURES, PROVINCE } from './divisions.js';
import type { FrontRecord } from './front-tables.js';
import { TABLE_ID } from './front-tables.js';
import {
  acceptCondition,
  defaultResultName,
  deptPhone,
  faqsFor,
  handleFlow,
  materialsFor,
  MOBILE_PORTAL,
  PORTAL,
  resultTypeOf,
  serviceHallAddress,
  TRANSACT_TIME,
} from './guide.js';
import { keyGuid } from './prng.js';
import { type SyncStamp, syncColumns } from './sync-stamp.js';

export interface ImplementationEntry {
  index: number;
  item: CatalogItem;
  dept: Department;
  division: Division;
  /** 0 = the entry itself; ≥1 = a 业务办理项 variant. */
  round: number;
  /** 31 chars: USCC + 行使层级 + 基本编码 (c.1). */
  taskCode: string;
  /** 33 chars for variants, null otherwise. */
  taskHandleItem: string | null;
  taskName: string;
}

const SITUATIONS = [
  '全程网办',
  '窗口办理',
  '容缺受理',
  '跨省通办',
  '告知承诺制',
  '帮办代办',
  '预约办理',
  '自助终端办理',
  '延时服务',
  '邮寄办理',
  '省内通办',
  '上门服务',
  '企业开办一网通办',
  '"一件事"集成办理',
  '老年人绿色通道',
  '残疾人绿色通道',
  '周末办理',
  '首次申请',
  '变更',
  '延续',
];

function regionsForLevel(level: string): readonly Division[] {
  return level === 'P' ? [PROVINCE] : level === 'C' ? PREFECTURES : COUNTIES;
}

/** Province first, then 哈尔滨 and its districts, then the rest: small worlds stay around the capital. */
function regionRank(division: Division): number {
  if (division.level === 'province') return 0;
  if (division.code6 === '230100') return 1;
  if (division.code6.startsWith('2301')) return 2;
  return 3;
}

const ITEM_DIVISIONS: Division[][] = CATALOG.map((item) =>
  item.levels
    .flatMap((level) => regionsForLevel(level).filter((d) => departmentFor(item.dept, d)))
    .sort((a, b) => regionRank(a) - regionRank(b)),
);

// Round-robin over items (every item's first region, then every item's second region, …) so that
// a small `entryCount` still covers the whole catalogue. Two typed arrays, ~280 KB for 35,000 entries.
const maxRegions = Math.max(...ITEM_DIVISIONS.map((d) => d.length));
const order: Array<[number, number]> = [];
for (let r = 0; r < maxRegions; r += 1) {
  for (let i = 0; i < ITEM_DIVISIONS.length; i += 1) {
    if ((ITEM_DIVISIONS[i] as Division[]).length > r) order.push([i, r]);
  }
}
const ENTRY_ITEM = Int32Array.from(order, ([i]) => i);
const ENTRY_SLOT = Int32Array.from(order, ([, r]) => r);
const natural = order.length;

/** Entries in round 0; `implementationEntry(i)` wraps into 业务办理项 rounds beyond it. */
export const NATURAL_ENTRY_COUNT = natural;
export const MAX_ENTRY_COUNT = natural * 100;

export function implementationEntry(index: number): ImplementationEntry {
  if (index < 0 || index >= MAX_ENTRY_COUNT) throw new RangeError(`entry ${index} out of range`);
  const round = Math.floor(index / natural);
  const offset = index % natural;
  const itemIndex = ENTRY_ITEM[offset] as number;
  const item = CATALOG[itemIndex] as CatalogItem;
  const division = (ITEM_DIVISIONS[itemIndex] as Division[])[ENTRY_SLOT[offset] as number] as Division;
  const dept = departmentFor(item.dept, division) as Department;
  const taskCode = dept.creditCode + dept.useLevel + item.catalogCode;
  const situation = round === 0 ? '' : (SITUATIONS[round - 1] ?? `情形${round}`);
  return {
    index,
    item,
    dept,
    division,
    round,
    taskCode,
    taskHandleItem: round === 0 ? null : taskCode + String(round).padStart(2, '0'),
    taskName: round === 0 ? item.name : `${item.name}（${situation}）`,
  };
}

/** 到办事现场次数: 0 for items that are fully online, 1 otherwise (最多跑一次). */
export function sceneVisitsOf(entry: ImplementationEntry): number {
  const item = entry.item;
  if (item.taskType === '02' || item.taskType === '03' || item.taskType === '06') return 1;
  return item.projectType === '1' || item.taskType === '04' || entry.round === 1 ? 0 : 1;
}

export interface ImplementationRowOptions {
  seed: number;
  stamp: SyncStamp;
}

/** Every row of one implementation entry: basic, extend, materials, fee, questions. */
export function* implementationRows(
  entry: ImplementationEntry,
  options: ImplementationRowOptions,
): Generator<FrontRecord> {
  const { item, dept } = entry;
  const { seed, stamp } = options;
  const basicGuid = keyGuid(seed, TABLE_ID.up_task_general_basic, entry.index);
  const visits = sceneVisitsOf(entry);
  const online = visits === 0 || item.taskType === '20' || item.taskType === '07';
  const enforcement = item.taskType === '02' || item.taskType === '03' || item.taskType === '06';
  const link = enforcement ? null : `${PORTAL}/item/${entry.taskHandleItem ?? entry.taskCode}`;
  const consult = deptPhone(dept, 1);
  const supervise = deptPhone(dept, 2);
  yield {
    table: 'up_task_general_basic',
    row: {
      task_code: entry.taskCode,
      task_handle_item: entry.taskHandleItem,
      local_task_code: `HLJ${entry.taskCode.slice(18)}${dept.division.code6}`,
      catalog_code: item.catalogCode,
      local_catalog_code: null,
      task_name: entry.taskName,
      task_type: item.taskType,
      task_state: '1',
      task_version: 1,
      use_level: dept.useLevel,
      dept_name: dept.name,
      dept_code: dept.creditCode,
      dept_type: dept.deptType,
      entrust_name: null,
      power_source: dept.useLevel === '4' && item.levels.length > 1 ? '2' : '1',
      server_type: serverTypeOf(item),
      project_type: item.projectType,
      anticipate_day: item.lawDays,
      anticipate_type: '1',
      anticipate_explain: `法定办结时限${item.lawDays}个工作日`,
      promise_day: item.promiseDays,
      promise_type: 1,
      promise_explain:
        item.projectType === '1'
          ? '即办件，材料齐全当场办结'
          : `承诺${item.promiseDays}个工作日内办结（不含特别程序时间）`,
      accept_condition: acceptCondition(item),
      handle_flow: handleFlow(item),
      handle_type: enforcement ? '1' : online ? '1,2,3' : '1,2',
      is_fee: item.fee ? '1' : '0',
      fee_basis: item.fee ? '按照国家和我省有关收费标准执行' : null,
      limit_scene_num: visits,
      special_procedure: item.projectType === '2' ? '现场核查、专家评审、听证、补正材料的时间不计算在承诺时限内' : '无',
      link_way: `咨询电话：${consult}；12345政务服务便民热线`,
      supervise_way: `监督电话：${supervise}；12345政务服务便民热线；黑龙江政务服务网"好差评"`,
      transact_addr: serviceHallAddress(dept),
      transact_time: TRANSACT_TIME,
      link_addr: link,
      is_single_login: link ? '1' : '0',
      mobile_terminal_url: link ? `${MOBILE_PORTAL}/item/${entry.taskHandleItem ?? entry.taskCode}` : null,
      app_is_single_login: link ? '1' : '0',
      ...syncColumns(stamp, basicGuid),
    },
  };
  yield {
    table: 'up_task_general_extend',
    row: {
      task_guid: basicGuid,
      user_topic_type: item.userTheme,
      user_character_topic_type: null,
      corp_topic_type: item.corpTheme,
      corp_character_topic_type: null,
      handle_area: entry.round === 4 ? '2' : item.projectType === '1' ? '4' : null,
      is_entry_center: '1',
      is_online: online && !enforcement ? '1' : '0',
      is_express: item.resultName && item.projectType === '2' ? '1' : '0',
      is_pay_online: item.fee ? '1' : '0',
      is_schedule: '1',
      is_service_terminals: item.projectType === '1' ? '1' : '0',
      online_handle_depth: enforcement ? null : visits === 0 ? '四级（全程网办）' : '三级（网上预审）',
      online_handle_url: link,
      other_dept: null,
      service_type: null,
      limit_explain: null,
      limit_scene_explain: visits > 0 ? '需到现场核验原件、采集信息或领取结果' : null,
      result_type: resultTypeOf(item),
      result_name: defaultResultName(item),
      result_guid: `${PORTAL}/files/samples/${item.catalogCode}.pdf`,
      town_code: null,
      town_name: null,
      village_code: null,
      village_name: null,
      extend_field: null,
      ...syncColumns(stamp, keyGuid(seed, TABLE_ID.up_task_general_extend, entry.index)),
    },
  };
  const materials = materialsFor(item);
  for (let i = 0; i < materials.length; i += 1) {
    const m = materials[i] as (typeof materials)[number];
    yield {
      table: 'up_task_general_material',
      row: {
        task_guid: basicGuid,
        material_name: m.name,
        is_need: m.isNeed,
        material_type: m.materialType,
        material_format: m.format,
        page_num: m.pages,
        page_format: 'A4',
        source_type: m.sourceType,
        source_explain: m.sourceExplain,
        form_guid: m.hasForm ? `${PORTAL}/files/forms/${item.catalogCode}-${i + 1}.docx` : null,
        example_guid: m.hasForm ? `${PORTAL}/files/samples/${item.catalogCode}-${i + 1}.pdf` : null,
        accept_stand:
          m.materialType === '1' ? '原件核验，复印件留存；证件应在有效期内' : '内容完整、填写规范、签字（盖章）清晰',
        by_law: item.law,
        fill_explain: m.hasForm ? '用黑色签字笔或钢笔填写，字迹工整，不得涂改' : null,
        order_num: i + 1,
        remark: null,
        ...syncColumns(stamp, keyGuid(seed, TABLE_ID.up_task_general_material, entry.index, i)),
      },
    };
  }
  if (item.fee) {
    yield {
      table: 'up_task_general_fee_project',
      row: {
        task_guid: basicGuid,
        fee_name: item.fee.replace(/\d.*$/, '') || '工本费',
        fee_stand: item.fee,
        is_desc: '1',
        desc_explain: '享受城乡最低生活保障待遇的人员凭有效证明免收',
        by_law: '《国家发展改革委 财政部关于规范收费项目的通知》及我省收费目录清单',
        order_num: 1,
        remark: null,
        ...syncColumns(stamp, keyGuid(seed, TABLE_ID.up_task_general_fee_project, entry.index)),
      },
    };
  }
  const faqs = faqsFor(item, visits);
  for (let i = 0; i < faqs.length; i += 1) {
    const faq = faqs[i] as (typeof faqs)[number];
    yield {
      table: 'up_task_general_questions',
      row: {
        task_guid: basicGuid,
        question: faq.question,
        answer: faq.answer,
        order_num: i + 1,
        ...syncColumns(stamp, keyGuid(seed, TABLE_ID.up_task_general_questions, entry.index, i)),
      },
    };
  }
}
