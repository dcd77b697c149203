/**
 * Guangdong-style AUDIT_ITEM JSON (one object per 实施清单 entry, nested AUDIT_MATERIAL / AUDIT_QA /
 * AUDIT_CHARGE / AUDIT_ITEM_FLOWSHEET lists, upper-case keys, every code with a `*_TEXT` twin) built
 * from the generator's own national rows of the same entry, so the Guangdong layout can be checked
 * against the national one item by item. The code tables below are this fixture's own — deliberately
 * NOT read from config/sync-layouts/guangdong.json — so a wrong dictionary there fails a test instead
 * of cancelling out. What is invented is listed in config/sync-layouts/README.md.
 */
import {
  implementationEntry,
  implementationRows,
  type FrontRow,
  type ImplementationEntry,
  type SyncStamp,
} from '../../../../../bff/dev/generator/index.js';

export type GuangdongItem = Record<string, unknown>;

const TASK_TYPE: Record<string, [string, string]> = {
  '01': ['01', '行政许可'],
  '02': ['02', '行政处罚'],
  '03': ['03', '行政强制'],
  '04': ['04', '行政征收'],
  '05': ['05', '行政给付'],
  '06': ['06', '行政检查'],
  '07': ['07', '行政确认'],
  '08': ['08', '行政奖励'],
  '09': ['09', '行政裁决'],
  '10': ['20', '其他行政权力'],
  '20': ['21', '公共服务'],
};
const SERVE_TYPE: Record<string, [string, string]> = {
  '1': ['10', '自然人'],
  '2': ['20', '企业法人'],
  '3': ['30', '事业单位法人'],
  '4': ['40', '社会组织法人'],
  '5': ['60', '行政机关'],
  '6': ['99', '其他组织'],
};
const USE_LEVEL: Record<string, string> = {
  '1': '国家级',
  '2': '省级',
  '3': '市级',
  '4': '县级',
  '5': '镇级',
  '6': '村级',
};
const SUBJECT_NATURE: Record<string, [string, string]> = {
  '1': ['FD', '法定机关'],
  '2': ['SQ', '授权组织'],
  '3': ['WT', '受委托组织'],
  '9': ['QT', '其他'],
};
const PROJECT_TYPE: Record<string, [string, string]> = { '1': ['0', '即办件'], '2': ['1', '承诺件'] };
/** National 时限单位 (0 天, 1 工作日) → Guangdong (1 工作日, 2 自然日). */
const TIME_UNIT: Record<string, [string, string]> = { '0': ['2', '自然日'], '1': ['1', '工作日'] };
const HANDLE_TYPE: Record<string, [string, string]> = {
  '1': ['CK', '窗口办理'],
  '2': ['WS', '网上办理'],
  '3': ['YD', '移动端办理'],
  '4': ['KD', '快递申请'],
};
const SCOPE_RANGE: Record<string, [string, string]> = {
  '1': ['A', '全国通办'],
  '2': ['B', '跨省通办'],
  '3': ['C', '省内跨市通办'],
  '4': ['D', '市内跨县通办'],
};
const MATERIAL_TYPE_TEXT: Record<string, string> = { '1': '证件证书证明', '2': '申请表格文书', '3': '其他' };
const SOURCE_TYPE_TEXT: Record<string, string> = { '10': '申请人自备', '20': '政府部门核发', '99': '其他' };
const IS_NEED_TEXT: Record<string, string> = { '1': '必要', '2': '非必要', '3': '容缺后补' };
const FORMAT_TEXT: Record<string, string> = { '1': '纸质', '2': '电子化', '3': '纸质/电子化' };
const RESULT_TYPE_TEXT: Record<string, string> = {
  APPROVAL: '批文批复',
  CERTIFICATE: '证件执照',
  PROOF: '证明文件',
  AUTHENTICATION_REPORT: '鉴定报告',
  WORK_RESULT: '其他文件',
};
/** The national 是/否 flags (1/0) as Guangdong writes them. */
const yesNo = (flag: unknown): string | null => (flag === '1' ? 'Y' : flag === '0' ? 'N' : null);
const text = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

/** `yyyy-MM-dd HH:mm:ss` → `yyyyMMddHHmmss` (the Guangdong exchange's compact form). */
export function compactTime(time: string): string {
  return time.replace(/[-: ]/g, '');
}

/** 32 lower-case hex characters, as Guangdong ITEM_IDs are: the national row_guid without dashes. */
export function itemIdOf(rowGuid: string): string {
  return rowGuid.replace(/-/g, '').toLowerCase();
}

function phoneIn(way: unknown): string | null {
  const match = /(\d{3,4}-\d{7,8})/.exec(String(way ?? ''));
  return match ? (match[1] as string) : null;
}

export interface NationalRowsOfEntry {
  basic: FrontRow;
  extend: FrontRow;
  materials: FrontRow[];
  fees: FrontRow[];
  questions: FrontRow[];
}

export function nationalRowsOf(entry: ImplementationEntry, seed: number, stamp: SyncStamp): NationalRowsOfEntry {
  const out: NationalRowsOfEntry = { basic: {}, extend: {}, materials: [], fees: [], questions: [] };
  for (const { table, row } of implementationRows(entry, { seed, stamp })) {
    if (table === 'up_task_general_basic') out.basic = row;
    else if (table === 'up_task_general_extend') out.extend = row;
    else if (table === 'up_task_general_material') out.materials.push(row);
    else if (table === 'up_task_general_fee_project') out.fees.push(row);
    else if (table === 'up_task_general_questions') out.questions.push(row);
  }
  return out;
}

/** Steps of the 办理流程 as Guangdong's AUDIT_ITEM_FLOWSHEET lists them (c.12 STEP / UNTI_LINK). */
function flowsheet(entry: ImplementationEntry, itemId: string): GuangdongItem[] {
  const steps: Array<[string, string, string, string]> = [
    ['addressee', '收件', 'applitAndAccept', '窗口或网上收取申请材料'],
    ['acceptance', '受理', 'applitAndAccept', '材料齐全、符合法定形式的予以受理'],
  ];
  if (entry.item.projectType === '2') steps.push(['investigate', '审查', 'reviewAndDecision', '对申请材料进行审查']);
  steps.push(['decide', '决定', 'reviewAndDecision', '作出准予或不予办理的决定']);
  if (entry.item.resultName)
    steps.push(['accreditation', '制证', 'ConfermentAndService', `制作${entry.item.resultName}`]);
  if (entry.item.projectType === '2') steps.push(['delivery', '送达', 'ConfermentAndService', '窗口领取或邮寄送达']);
  return steps.map(([step, stepText, link, standard], i) => ({
    ROWGUID: `${itemId}-F${i + 1}`,
    ORDERNUM: i + 1,
    STEP: step,
    STEP_TEXT: stepText,
    UNTI_LINK: link,
    UNTI_LINK_TEXT: {
      applitAndAccept: '申请与受理',
      reviewAndDecision: '审查与决定',
      ConfermentAndService: '颁证与送达',
    }[link],
    TRANSACTOR: '窗口工作人员',
    TRANSACT_TIME_LIMIT: step === 'investigate' ? `${entry.item.promiseDays}个工作日` : '即时',
    TRANSACT_RESULT: stepText === '决定' ? '准予或不予办理决定' : null,
    CHECK_STANDARD: standard,
  }));
}

export interface GuangdongItemOptions {
  /** Guangdong OPERATE_TYPE: 1 新增, 2 修改, 3 删除. */
  operateType?: '1' | '2' | '3';
}

/** The AUDIT_ITEM object of one implementation entry. */
export function guangdongItem(
  rows: NationalRowsOfEntry,
  entry: ImplementationEntry,
  options: GuangdongItemOptions = {},
): GuangdongItem {
  const { basic, extend } = rows;
  const itemId = itemIdOf(String(basic.row_guid));
  const taskType = TASK_TYPE[String(basic.task_type)] as [string, string];
  const serve = String(basic.server_type)
    .split(',')
    .map((code) => SERVE_TYPE[code] as [string, string]);
  const handle = String(basic.handle_type ?? '')
    .split(',')
    .filter(Boolean)
    .map((code) => HANDLE_TYPE[code] as [string, string]);
  const nature = SUBJECT_NATURE[String(basic.dept_type)] as [string, string];
  const project = PROJECT_TYPE[String(basic.project_type)] as [string, string];
  const anticipate = TIME_UNIT[String(basic.anticipate_type)] as [string, string];
  const promise = TIME_UNIT[String(basic.promise_type)] as [string, string];
  const depth =
    extend.online_handle_depth === null ? null : String(extend.online_handle_depth).startsWith('四') ? 'IV' : 'III';
  const scope = extend.handle_area === null ? null : (SCOPE_RANGE[String(extend.handle_area)] as [string, string]);
  const creditCode = String(basic.dept_code);
  return {
    ITEM_ID: itemId,
    OPERATE_TYPE: options.operateType ?? '1',
    UPDATE_TIME: compactTime(String(basic.cd_time)),
    SYNC_BATCH: `GD${String(basic.cd_batch).slice(1)}`,
    VERSION: basic.task_version,
    TASK_CODE: basic.task_code,
    TASKHANDLEITEM: basic.task_handle_item,
    CATALOG_CODE: basic.catalog_code,
    CATANAME: basic.task_name,
    TASK_NAME: entry.item.name,
    TASK_TYPE: taskType[0],
    TASK_TYPE_TEXT: taskType[1],
    TASK_STATE: '1',
    TASK_STATE_TEXT: '在用',
    USE_LEVEL: basic.use_level,
    USE_LEVEL_TEXT: USE_LEVEL[String(basic.use_level)],
    DEPT_CODE: creditCode.slice(8, 17),
    TONGYI_CODE: creditCode,
    DEPT_NAME: basic.dept_name,
    SUBJECT_NATURE: nature[0],
    SUBJECT_NATURE_TEXT: nature[1],
    SERVE_TYPE: serve.map((s) => s[0]).join(','),
    SERVE_TYPE_TEXT: serve.map((s) => s[1]).join(','),
    PROJECT_TYPE: project[0],
    PROJECT_TYPE_TEXT: project[1],
    ANTICIPATE_DAY: basic.anticipate_day,
    ANTICIPATE_TYPE: anticipate[0],
    ANTICIPATE_TYPE_TEXT: anticipate[1],
    FDBLSXSM: basic.anticipate_explain,
    PROMISE_DAY: basic.promise_day,
    PROMISE_TYPE: promise[0],
    PROMISE_TYPE_TEXT: promise[1],
    CRBJSXSM: basic.promise_explain,
    ACCEPT_CONDITION: basic.accept_condition,
    CKBLLC: basic.handle_flow,
    WSBLLC: extend.is_online === '1' ? '登录广东政务服务网，在线填写申请并上传材料，审核通过后在线领取结果' : null,
    HANDLE_TYPE: handle.map((h) => h[0]).join(','),
    HANDLE_TYPE_TEXT: handle.map((h) => h[1]).join(','),
    WBSD_LEVEL: depth,
    WBSD_LEVEL_TEXT: depth === null ? null : `${depth}级`,
    ONLINECHECK: extend.is_online,
    ONLINECHECK_TEXT: extend.is_online === '1' ? '是' : '否',
    IS_FEE: yesNo(basic.is_fee),
    IS_FEE_TEXT: basic.is_fee === '1' ? '是' : '否',
    LINK_TEL: phoneIn(basic.link_way),
    TSTEL: phoneIn(basic.supervise_way),
    XHTSDZ: null,
    LIMIT_SCENE_NUM: basic.limit_scene_num,
    SPECIAL_PROGRAM: basic.special_procedure,
    TRANSACT_WEB_URL: basic.link_addr,
    TRANSACT_APP_URL: basic.mobile_terminal_url,
    IS_ENTRY_CENTER: yesNo(extend.is_entry_center),
    IS_EXPRESS: yesNo(extend.is_express),
    IS_PAY_ONLINE: yesNo(extend.is_pay_online),
    IS_SCHEDULE: yesNo(extend.is_schedule),
    CAN_SELF_TERMINAL_APPLY: extend.is_service_terminals,
    ZRR_THEME: extend.user_topic_type === null ? null : String(extend.user_topic_type).split(',').join(';'),
    FR_THEME: extend.corp_topic_type === null ? null : String(extend.corp_topic_type).split(',').join(';'),
    SCOPES: scope ? [{ SCOPERANGE: scope[0], SCOPERANGE_TEXT: scope[1], DIVISIONS: [] }] : [],
    LAW: [{ LAWNAME: entry.item.law, TERMSNUMBER: null, TERMSCONTENT: null }],
    AUDIT_CATALOG_LOBBY: [
      {
        NAME: `${entry.dept.shortName}综合受理窗口`,
        ADDRESS: basic.transact_addr,
        TIME: basic.transact_time,
        TEL: phoneIn(basic.link_way),
      },
    ],
    AUDIT_ITEM_RESULT: [
      {
        NAME: extend.result_name,
        RESULT_TYPE: extend.result_type,
        RESULT_TYPE_TEXT: RESULT_TYPE_TEXT[String(extend.result_type)],
        RESULT_SAMPLE: extend.result_guid
          ? [{ ATTACHNAME: `${String(extend.result_name)}（样本）.pdf`, FILEPATH: extend.result_guid }]
          : [],
      },
    ],
    AUDIT_MATERIAL: rows.materials.map((m) => ({
      MATERIALGUID: itemIdOf(String(m.row_guid)),
      ORDERNUM: m.order_num,
      MATERIAL_NAME: m.material_name,
      MATERIAL_TYPE: m.material_type,
      MATERIAL_TYPE_TEXT: MATERIAL_TYPE_TEXT[String(m.material_type)],
      SOURCE_TYPE: m.source_type,
      SOURCE_TYPE_TEXT: SOURCE_TYPE_TEXT[String(m.source_type)],
      SOURCE_EXPLAIN: m.source_explain,
      IS_NEED: m.is_need,
      IS_NEED_TEXT: IS_NEED_TEXT[String(m.is_need)],
      ZZHDZB: m.material_format,
      ZZHDZB_TEXT: FORMAT_TEXT[String(m.material_format)],
      PAGE_NUM: text(m.page_num),
      PAGE_COPYNUM: null,
      PAGE_FORMAT: m.page_format,
      ACCEPT_STAND: m.accept_stand,
      BY_LAW: m.by_law,
      FILL_EXPLIAN: m.fill_explain,
      FORM_GUID: m.form_guid
        ? [{ ATTACHNAME: `${String(m.material_name)}（空白表格）.docx`, FILEPATH: m.form_guid }]
        : [],
      EXAMPLE_GUID: m.example_guid
        ? [{ ATTACHNAME: `${String(m.material_name)}（示例）.pdf`, FILEPATH: m.example_guid }]
        : [],
    })),
    AUDIT_CHARGE: rows.fees.map((f) => ({
      ROWGUID: itemIdOf(String(f.row_guid)),
      ORDERNUM: f.order_num,
      FEE_NAME: f.fee_name,
      FEE_STAND: f.fee_stand,
      IS_DESC: yesNo(f.is_desc),
      DESC_EXPLAIN: f.desc_explain,
      BY_LAW: f.by_law,
    })),
    AUDIT_QA: rows.questions.map((q) => ({
      ROWGUID: itemIdOf(String(q.row_guid)),
      ORDERNUM: q.order_num,
      QUESTION: q.question,
      ANSWER: q.answer,
    })),
    AUDIT_ITEM_FLOWSHEET: flowsheet(entry, itemId),
  };
}

export interface GuangdongEntry {
  entry: ImplementationEntry;
  national: NationalRowsOfEntry;
  item: GuangdongItem;
}

/** Entries `indexes` of the generator's implementation list, with their national rows and AUDIT_ITEM. */
export function guangdongEntries(
  indexes: readonly number[],
  seed: number,
  stamp: SyncStamp,
  options: GuangdongItemOptions = {},
): GuangdongEntry[] {
  return indexes.map((index) => {
    const entry = implementationEntry(index);
    const national = nationalRowsOf(entry, seed, stamp);
    return { entry, national, item: guangdongItem(national, entry, options) };
  });
}
