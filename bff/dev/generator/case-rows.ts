/**
 * Front-table rows for one planned case event: process steps (up_pro_process), the 受理 record with its
 * materials (up_pro_accept, up_pro_material), 特别程序, 办结 (up_pro_result) and 好差评
 * (up_evaluate_record, including 差评整改 as an update). Row content depends only on (seed, case, event),
 * never on which events were generated before, so a resumed simulator writes identical rows.
 */
import type { CasePlan, PlanEvent, StepKind } from './case-plan.js';
import type { FrontRecord, FrontRow } from './front-tables.js';
import { TABLE_ID } from './front-tables.js';
import { keyGuid, Random } from './prng.js';
import { type SyncStamp, syncColumns } from './sync-stamp.js';
import { formatBeijing, MINUTE_MS } from './time.js';

/** 业务动作 (GB: 通过/退回/其他; national codes unknown): 1 通过, 2 退回, 9 其他. */
const PASS = '1';
const RETURN = '2';
const OTHER = '9';

/**
 * 办结结果: no national code list exists (data-standards c.7); the legacy 电子监察 DONERESULT list is used:
 * 0 出证办结 (准予), 1 不予许可, 2 作废办结 (撤回), 6 不予受理.
 */
export const RESULT_CODES = { granted: '0', denied: '1', withdrawn: '2', rejected: '6' } as const;

const STEP_NAMES: Readonly<Record<StepKind, string>> = {
  receive: '收件',
  accept: '受理',
  review: '审查',
  correction: '审查',
  resubmit: '收件',
  decide: '决定',
  certify: '制证',
  deliver: '送达',
};

const BAD_TEXTS = [
  '窗口排队时间太长，等了一个多小时才办上',
  '材料要求前后说法不一致，来回跑了两次',
  '网上申请页面经常卡顿，提交不了',
  '超过承诺时间了还没办完，也没人通知进度',
  '工作人员态度生硬，解释不耐心',
  '补正材料的要求没有一次性告知清楚',
];
const GOOD_TEXTS = [
  '办事效率高，工作人员热情',
  '网上办理很方便，不用跑腿',
  '一次就办好了，点赞',
  '指南写得清楚，材料一次备齐',
];
/** 评价指标 codes are distributed by the national system (c.13); these stand in for that list. */
const BAD_INDICATORS = ['501', '502', '503', '504', '505', '506'];
const RECTIFICATIONS = [
  '已约谈窗口负责人，增设自助取号和引导岗，高峰时段增开窗口',
  '已统一材料清单口径并在办事指南中公示，对相关人员进行业务培训',
  '已联系技术支撑单位优化系统性能，申请人已于次日在线提交成功',
  '已督促承办科室加快办理并电话告知申请人办理进度，建立超期预警',
];

export interface CaseRowOptions {
  seed: number;
  stamp: SyncStamp;
  /**
   * When true (initial fill of history), each row's cd_time is its event time plus a minute, capped at
   * `stamp.time`, as if the platform had pushed it right after the event. Otherwise cd_time = stamp.time.
   */
  historicTimes?: boolean;
}

function stampFor(options: CaseRowOptions, at: number): SyncStamp {
  if (!options.historicTimes) return options.stamp;
  return { ...options.stamp, time: Math.min(at + MINUTE_MS, options.stamp.time) };
}

function acceptRow(plan: CasePlan, options: CaseRowOptions, stamp: SyncStamp, promiseAt: number | null): FrontRow {
  const { entry, applicant } = plan;
  const rejected = plan.scenario === 'rejected';
  const year = formatBeijing(plan.acceptAt).slice(0, 4);
  return {
    project_no: plan.projectNo,
    task_code: entry.taskCode,
    task_handle_item: entry.taskHandleItem,
    catalog_code: entry.item.catalogCode,
    local_catalog_code: null,
    local_task_code: null,
    task_name: entry.taskName,
    task_version: 1,
    project_name: `${applicant.name}申请${entry.taskName}`,
    applyer_name: applicant.name,
    applyer_type: applicant.type,
    applyer_page_type: applicant.pageType,
    applyer_page_code: applicant.pageCode,
    legal: applicant.legal,
    contact_name: applicant.contactName,
    contact_type: '111',
    contact_code: applicant.contactCode,
    contact_mobile: applicant.contactMobile,
    address: applicant.address,
    zip_code: applicant.zipCode,
    apply_date: formatBeijing(plan.applyAt),
    apply_type: plan.applyType,
    project_type: entry.item.projectType,
    org_name: entry.dept.name,
    org_code: entry.dept.creditCode,
    handle_user_name: plan.staff[0],
    accept_date: formatBeijing(plan.acceptAt),
    accept_doc_no: `${entry.dept.shortName}${rejected ? '不受' : '受'}〔${year}〕${plan.projectNo.slice(-6)}号`,
    promise_date: promiseAt === null ? null : formatBeijing(promiseAt),
    ...syncColumns(stamp, keyGuid(options.seed, TABLE_ID.up_pro_accept, plan.caseId)),
  };
}

function processRow(
  plan: CasePlan,
  event: PlanEvent,
  index: number,
  options: CaseRowOptions,
  stamp: SyncStamp,
): FrontRecord {
  const kind = event.step as StepKind;
  const item = plan.entry.item;
  const rng = new Random(options.seed, 0x9a0c, plan.caseId, index);
  let action = PASS;
  let explain: string;
  let user = plan.staff[1];
  switch (kind) {
    case 'receive':
      user = plan.staff[0];
      explain = `收取申请材料${plan.materials.length}份，${plan.applyType === '1' ? '窗口当场核验原件' : '网上申报材料已在线预审'}`;
      break;
    case 'accept':
      user = plan.staff[0];
      if (plan.scenario === 'rejected') {
        action = RETURN;
        explain = '不予受理：申请事项不属于本机关职权范围或申请人不符合申请条件，已出具不予受理通知书并告知理由';
      } else explain = '申请材料齐全，符合法定形式，予以受理';
      break;
    case 'correction':
      action = RETURN;
      explain = `申请材料不齐全，一次性告知需补正：${rng.pick(plan.materials).name}（内容不完整或已过有效期）`;
      break;
    case 'resubmit':
      user = plan.staff[0];
      explain = '申请人已按补正告知书提交全部补正材料，重新进入审查';
      break;
    case 'review':
      explain =
        plan.scenario === 'withdrawn'
          ? '审查期间申请人提交撤回申请，终止办理'
          : `经审查，申请材料真实有效，符合${item.law}规定的条件`;
      break;
    case 'decide':
      user = plan.staff[2];
      if (plan.scenario === 'denied') {
        action = OTHER;
        explain = '经审查不符合法定条件，决定不予批准，已书面说明理由并告知申请行政复议或提起行政诉讼的权利';
      } else explain = item.projectType === '1' ? '材料齐全，当场办结' : '同意办理，准予' + plan.entry.taskName;
      break;
    case 'certify':
      explain = `已制作${plan.resultName}`;
      break;
    case 'deliver':
      explain =
        plan.applyType === '4' || rng.chance(0.4)
          ? `已通过EMS邮寄送达，运单号${rng.digits(13)}`
          : '申请人已到窗口领取办理结果';
      break;
  }
  return {
    table: 'up_pro_process',
    row: {
      project_no: plan.projectNo,
      process_name: STEP_NAMES[kind],
      event_name: action,
      handle_user_name: user,
      handle_explain: explain,
      event_start_time: formatBeijing(event.at - event.durationMs),
      event_end_time: formatBeijing(event.at),
      remark: null,
      ...syncColumns(stamp, keyGuid(options.seed, TABLE_ID.up_pro_process, plan.caseId, index)),
    },
  };
}

function resultRow(plan: CasePlan, event: PlanEvent, options: CaseRowOptions, stamp: SyncStamp): FrontRow {
  const code =
    plan.scenario === 'rejected'
      ? RESULT_CODES.rejected
      : plan.scenario === 'denied'
        ? RESULT_CODES.denied
        : plan.scenario === 'withdrawn'
          ? RESULT_CODES.withdrawn
          : RESULT_CODES.granted;
  const granted = code === RESULT_CODES.granted;
  const certificate = granted && plan.entry.item.resultName !== null;
  const explain = {
    [RESULT_CODES.granted]: `准予办理，出具${plan.resultName}`,
    [RESULT_CODES.denied]: '不予批准，已书面告知理由',
    [RESULT_CODES.withdrawn]: '申请人撤回申请，作废办结',
    [RESULT_CODES.rejected]: '不予受理，已出具不予受理通知书',
  }[code];
  return {
    project_no: plan.projectNo,
    result_date: formatBeijing(event.at),
    result_type: code,
    result_explain: explain,
    result_cetr_name: certificate ? plan.resultName : null,
    result_cetr_no: certificate
      ? `黑${plan.entry.division.code6}${formatBeijing(event.at).slice(0, 4)}${plan.projectNo.slice(-7)}`
      : null,
    is_delivery_results: granted && (plan.applyType === '4' || plan.applyType === '2') ? '1' : '0',
    satisfaction: null,
    handle_user_name: plan.staff[2],
    ...syncColumns(stamp, keyGuid(options.seed, TABLE_ID.up_pro_result, plan.caseId)),
  };
}

function evaluationRow(
  plan: CasePlan,
  event: PlanEvent,
  options: CaseRowOptions,
  stamp: SyncStamp,
  withRectification: PlanEvent | null,
): FrontRow {
  const rng = new Random(options.seed, 0xe7a1, plan.caseId);
  const satisfaction = plan.satisfaction ?? 5;
  const bad = satisfaction <= 2;
  const pf =
    plan.applyType === '1'
      ? rng.weighted(['4', '5', '7', '6'], [50, 15, 25, 10])
      : plan.applyType === '2'
        ? rng.weighted(['1', '2'], [80, 20])
        : plan.applyType === '3'
          ? rng.weighted(['2', '3'], [85, 15])
          : rng.weighted(['7', '6'], [60, 40]);
  const online = pf === '1' || pf === '2' || pf === '3';
  const { entry, applicant } = plan;
  const indicators = bad ? [rng.pick(BAD_INDICATORS), rng.pick(BAD_INDICATORS)] : [];
  const text = bad ? rng.pick(BAD_TEXTS) : rng.chance(0.15) ? rng.pick(GOOD_TEXTS) : null;
  const agent = applicant.type === '2';
  return {
    project_no: plan.projectNo,
    pf,
    dept_code: entry.dept.creditCode,
    area_code: entry.division.code,
    task_code: entry.taskCode,
    task_handle_item: entry.taskHandleItem,
    task_name: entry.taskName,
    sub_matter: applicant.type === '1' ? (entry.item.userTheme ?? '999') : (entry.item.corpTheme ?? '999'),
    pro_status: '3',
    pro_depart: entry.dept.name,
    pro_depart_code: entry.dept.creditCode,
    pro_manager: plan.staff[0],
    cert_key: online ? applicant.accountId : null,
    cert_key_gov: online ? null : applicant.pageCode,
    user_name: applicant.name,
    user_prop: applicant.type,
    user_page_type: applicant.pageType,
    handle_user_name: agent ? applicant.contactName : null,
    handle_user_page_type: agent ? '111' : null,
    handle_user_page_code: agent ? applicant.contactCode : null,
    satisfaction: String(satisfaction),
    eval_detail: bad ? [...new Set(indicators)].join(',') : null,
    writing_evaluation: text,
    assess_time: formatBeijing(event.at),
    assess_number: 1,
    service_number: `${plan.projectNo}01`,
    app_status: bad ? (withRectification ? '2' : '3') : '1',
    promise_time: entry.item.projectType,
    accept_date: formatBeijing(plan.acceptAt),
    rectification: withRectification ? rng.pick(RECTIFICATIONS) : null,
    rectification_date: withRectification ? formatBeijing(withRectification.at) : null,
    answer: withRectification ? '您反映的问题已核实并整改，感谢您的监督。如有疑问请拨打12345政务服务便民热线。' : null,
    answer_status: withRectification ? '1' : null,
    ...syncColumns(stamp, keyGuid(options.seed, TABLE_ID.up_evaluate_record, plan.caseId)),
  };
}

function specialRow(plan: CasePlan, event: PlanEvent, options: CaseRowOptions, stamp: SyncStamp): FrontRow {
  return {
    project_no: plan.projectNo,
    special_type: '1',
    special_name: '延长审批期限',
    special_reason: '案情复杂，需组织现场核查和专家评审，不能在承诺时限内作出决定',
    special_time: formatBeijing(event.at),
    end_time: formatBeijing(plan.extendedPromiseAt ?? event.at),
    special_explain: '经本机关负责人批准，延长10个工作日，并书面告知申请人延长理由',
    result: '同意延长10个工作日',
    handle_user: plan.staff[2],
    applyer_user_name: plan.applicant.name,
    ...syncColumns(stamp, keyGuid(options.seed, TABLE_ID.up_pro_special_procedure, plan.caseId)),
  };
}

/** Rows written when event `index` of `plan` happens. */
export function caseEventRecords(plan: CasePlan, index: number, options: CaseRowOptions): FrontRecord[] {
  const event = plan.events[index];
  if (!event) throw new RangeError(`case ${plan.caseId} has no event ${index}`);
  const stamp = stampFor(options, event.at);
  const out: FrontRecord[] = [];
  switch (event.kind) {
    case 'step':
      out.push(processRow(plan, event, index, options, stamp));
      if (event.step === 'accept') {
        out.push({ table: 'up_pro_accept', row: acceptRow(plan, options, stamp, plan.promiseAt) });
        for (let i = 0; i < plan.materials.length; i += 1) {
          const m = plan.materials[i] as (typeof plan.materials)[number];
          const electronic = plan.applyType !== '1';
          out.push({
            table: 'up_pro_material',
            row: {
              project_no: plan.projectNo,
              material_name: m.name,
              // 收取方式 (national codes unknown): 1 纸质收取, 2 电子材料.
              get_type: electronic ? '2' : '1',
              get_num: m.pages,
              material_attach_name: electronic ? `${m.name.replace(/[《》（）()]/g, '')}.pdf` : null,
              remark: null,
              ...syncColumns(stamp, keyGuid(options.seed, TABLE_ID.up_pro_material, plan.caseId, i)),
            },
          });
        }
      }
      break;
    case 'special':
      out.push({ table: 'up_pro_special_procedure', row: specialRow(plan, event, options, stamp) });
      // The deadline moves: the platform re-pushes the 受理 record as an update.
      out.push({
        table: 'up_pro_accept',
        row: acceptRow(plan, options, { ...stamp, operation: 'U' }, plan.extendedPromiseAt),
      });
      break;
    case 'result':
      out.push({ table: 'up_pro_result', row: resultRow(plan, event, options, stamp) });
      break;
    case 'evaluation':
      out.push({ table: 'up_evaluate_record', row: evaluationRow(plan, event, options, stamp, null) });
      break;
    case 'rectification': {
      const evaluation = plan.events.find((e) => e.kind === 'evaluation') as PlanEvent;
      out.push({
        table: 'up_evaluate_record',
        row: evaluationRow(plan, evaluation, options, { ...stamp, operation: 'U' }, event),
      });
      break;
    }
  }
  return out;
}
