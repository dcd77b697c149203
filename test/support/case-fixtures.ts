/**
 * Case fixtures for the case-tracking tests: front-processor rows in the generator's shapes
 * (bff/dev/generator/case-rows.ts: up_pro_accept, up_pro_process, up_pro_special_procedure,
 * up_pro_result, up_pro_material) written into the library tables by direct SQL, mapped the way the
 * national layout does (config/sync-layouts/national.json) — ID numbers only as keyed hash + masked
 * form (bff/privacy/pii.ts), names masked for natural persons. Also fills applicant_lookup_hash
 * (migration 0012), which a layout does not fill yet.
 *
 * `caseRows(spec)` builds the rows of one case in a named situation, so every status path of
 * bff/api/cases/status.ts has a fixture.
 */
import { applicantLookupHash } from '../../bff/api/cases/second-factor.js';
import { formatBeijing, parseBeijing } from '../../bff/dev/generator/time.js';
import { applicantKeyHash, maskIdNumber, maskName, maskPhone } from '../../bff/privacy/pii.js';
import type { Sql } from '../../bff/store/types.js';

type Text = string | null;

/** up_pro_accept (受理信息), the columns the library keeps. */
export interface FrontAccept {
  project_no: string;
  task_code: string;
  task_handle_item: Text;
  catalog_code: Text;
  task_name: string;
  project_name: Text;
  applyer_name: string;
  /** 1 自然人, 2 法人 */
  applyer_type: '1' | '2';
  /** 111 居民身份证, 001 统一社会信用代码 */
  applyer_page_type: string;
  applyer_page_code: string;
  legal: Text;
  contact_name: Text;
  contact_type: Text;
  contact_code: Text;
  contact_mobile: Text;
  apply_date: Text;
  apply_type: Text;
  project_type: Text;
  org_name: string;
  org_code: string;
  handle_user_name: Text;
  accept_date: Text;
  accept_doc_no: Text;
  promise_date: Text;
}

/** up_pro_process (过程信息); event_name 1 通过, 2 退回, 9 其他 (generator codes). */
export interface FrontProcess {
  project_no: string;
  process_name: string;
  event_name: '1' | '2' | '9';
  handle_user_name: string;
  handle_explain: string;
  event_start_time: string;
  event_end_time: Text;
}

/** up_pro_special_procedure; special_type 1 延长审批, 2 其他. */
export interface FrontSpecial {
  project_no: string;
  special_type: '1' | '2';
  special_name: string;
  special_reason: string;
  special_time: string;
  end_time: Text;
  special_explain: Text;
  result: Text;
  handle_user: Text;
}

/** up_pro_result; result_type per 电子监察 DONERESULT (national.json resultType). */
export interface FrontResult {
  project_no: string;
  result_date: string;
  result_type: string;
  result_explain: Text;
  result_cetr_name: Text;
  result_cetr_no: Text;
  is_delivery_results: '0' | '1';
  handle_user_name: Text;
}

export interface FrontMaterial {
  project_no: string;
  material_name: string;
  get_type: Text;
  get_num: number | null;
}

export interface FrontCase {
  accept: FrontAccept;
  process: FrontProcess[];
  special: FrontSpecial[];
  result: FrontResult | null;
  materials: FrontMaterial[];
}

export interface FixtureApplicant {
  name: string;
  type: '1' | '2';
  /** 身份证号 or 统一社会信用代码, raw: it never reaches the library. */
  idNumber: string;
  mobile: string;
  /** 经办人 filing for the applicant (a 法人's agent, or someone filing for a relative). */
  contact?: { name: string; idNumber: string; mobile: string };
}

/** The national layout's dictionaries (config/sync-layouts/national.json, codes/gbt39046.json). */
const APPLICANT_TYPE: Readonly<Record<string, string>> = { '1': 'natural', '2': 'enterprise' };
const ACTION: Readonly<Record<string, string>> = { '1': 'pass', '2': 'return', '9': 'other' };
const RESULT_TYPE: Readonly<Record<string, string>> = {
  '0': 'approved',
  '1': 'denied',
  '2': 'voided',
  '3': 'deleted',
  '4': 'forwarded',
  '5': 'returned',
  '6': 'not_accepted',
};
const SPECIAL_TYPE: Readonly<Record<string, string>> = { '1': 'extension', '2': 'other' };
const APPLY_CHANNEL: Readonly<Record<string, string>> = {
  '1': 'window',
  '2': 'pc_online',
  '3': 'mobile_online',
  '4': 'express',
};
const PROJECT_TYPE: Readonly<Record<string, string>> = { '1': 'immediate', '2': 'promised' };

const at = (text: Text): Date | null => (text ? new Date(parseBeijing(text)) : null);

export interface WriteOptions {
  piiHashKey: string;
  /** caseLookup.idTailLength; applicant_lookup_hash is left NULL when false (the masked fallback). */
  idTailLength: number | false;
  source?: string;
}

/** Writes one case (replacing an earlier write of the same 办件编号). */
export async function writeFrontCase(sql: Sql, rows: FrontCase, options: WriteOptions): Promise<void> {
  const { accept } = rows;
  const key = options.piiHashKey;
  const source = options.source ?? 'fixture';
  const natural = accept.applyer_type === '1';
  const maskedName = natural ? maskName(accept.applyer_name) : accept.applyer_name;
  const no = accept.project_no;
  await sql.transaction(async (tx) => {
    for (const table of [
      'case_process_steps',
      'case_special_procedures',
      'case_results',
      'case_materials',
      'case_acceptances',
    ]) {
      await tx.query(`DELETE FROM ${table} WHERE project_no = $1`, [no]);
    }
    await tx.query(
      `INSERT INTO case_acceptances (
         project_no, item_code, task_handle_item, catalog_code, item_name, summary, applicant_name_masked,
         applicant_type_raw, applicant_type, applicant_id_type_raw, applicant_id_type, applicant_key_hash,
         applicant_id_masked, legal_rep_name_masked, contact_name_masked, contact_id_type_raw, contact_id_type,
         contact_key_hash, contact_id_masked, contact_mobile_masked, apply_channel_raw, apply_channel,
         project_type_raw, project_type, dept_credit_code, dept_name, acceptor_name, accept_doc_no,
         applied_at, accepted_at, promised_at, source, source_row_guid, applicant_lookup_hash)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,$25,$26,$27,$28,
               $29,$30,$31,$32,$33,$34)`,
      [
        no,
        accept.task_handle_item ?? accept.task_code,
        accept.task_handle_item,
        accept.catalog_code,
        accept.task_name,
        // The layout's maskNameInText: the applicant's name inside the summary is masked too.
        accept.project_name && natural
          ? accept.project_name.replaceAll(accept.applyer_name, maskedName)
          : accept.project_name,
        maskedName,
        accept.applyer_type,
        APPLICANT_TYPE[accept.applyer_type] ?? null,
        accept.applyer_page_type,
        /^\d{3}$/.test(accept.applyer_page_type) ? accept.applyer_page_type : null,
        applicantKeyHash(accept.applyer_page_code, key),
        maskIdNumber(accept.applyer_page_code),
        accept.legal ? maskName(accept.legal) : null,
        accept.contact_name ? maskName(accept.contact_name) : null,
        accept.contact_type,
        accept.contact_type && /^\d{3}$/.test(accept.contact_type) ? accept.contact_type : null,
        accept.contact_code ? applicantKeyHash(accept.contact_code, key) : null,
        accept.contact_code ? maskIdNumber(accept.contact_code) : null,
        accept.contact_mobile ? maskPhone(accept.contact_mobile) : null,
        accept.apply_type,
        accept.apply_type ? (APPLY_CHANNEL[accept.apply_type] ?? 'other') : null,
        accept.project_type,
        accept.project_type ? (PROJECT_TYPE[accept.project_type] ?? 'other') : null,
        accept.org_code,
        accept.org_name,
        accept.handle_user_name,
        accept.accept_doc_no,
        at(accept.apply_date),
        at(accept.accept_date),
        at(accept.promise_date),
        source,
        `${no}-accept`,
        options.idTailLength === false
          ? null
          : applicantLookupHash(accept.applyer_name, accept.applyer_page_code, options.idTailLength, key),
      ],
    );
    for (const [index, step] of rows.process.entries()) {
      await tx.query(
        `INSERT INTO case_process_steps (project_no, seq, node_name, action_raw, action, handler_name, opinion,
                                         started_at, ended_at, source, source_row_guid)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [
          no,
          index + 1,
          step.process_name,
          step.event_name,
          ACTION[step.event_name] ?? null,
          step.handle_user_name,
          step.handle_explain,
          at(step.event_start_time),
          // GB: without an end time, the start time stands in.
          at(step.event_end_time ?? step.event_start_time),
          source,
          `${no}-process-${index}`,
        ],
      );
    }
    for (const [index, special] of rows.special.entries()) {
      await tx.query(
        `INSERT INTO case_special_procedures (project_no, type_raw, type, name, reason, started_at, ended_at,
                                              explanation, result, handler_name, source, source_row_guid)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [
          no,
          special.special_type,
          SPECIAL_TYPE[special.special_type] ?? null,
          special.special_name,
          special.special_reason,
          at(special.special_time),
          at(special.end_time),
          special.special_explain,
          special.result,
          special.handle_user,
          source,
          `${no}-special-${index}`,
        ],
      );
    }
    if (rows.result) {
      const result = rows.result;
      await tx.query(
        `INSERT INTO case_results (project_no, completed_at, result_type_raw, result_type, description,
                                   certificate_name, certificate_no, delivery_raw, delivery, handler_name,
                                   source, source_row_guid)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [
          no,
          at(result.result_date),
          result.result_type,
          RESULT_TYPE[result.result_type] ?? null,
          result.result_explain,
          result.result_cetr_name,
          result.result_cetr_no,
          result.is_delivery_results,
          result.is_delivery_results === '1',
          result.handle_user_name,
          source,
          `${no}-result`,
        ],
      );
    }
    for (const [index, material] of rows.materials.entries()) {
      await tx.query(
        `INSERT INTO case_materials (project_no, name, receive_method_raw, received_count, source, source_row_guid)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [no, material.material_name, material.get_type, material.get_num, source, `${no}-material-${index}`],
      );
    }
  });
}

/** Every situation bff/api/cases/status.ts tells apart, with the status and label it must derive. */
export const CASE_SITUATIONS = {
  applied: { status: 'applied', needsAction: false },
  accepted: { status: 'accepted', needsAction: false },
  in_review: { status: 'in_review', needsAction: false },
  correction: { status: 'returned', needsAction: true },
  resubmitted: { status: 'in_review', needsAction: false },
  extended: { status: 'special_procedure', needsAction: false },
  extension_over: { status: 'in_review', needsAction: false },
  overdue: { status: 'in_review', needsAction: false },
  approved: { status: 'approved', needsAction: false },
  denied: { status: 'denied', needsAction: false },
  not_accepted: { status: 'not_accepted', needsAction: false },
  withdrawn: { status: 'voided', needsAction: false },
  returned_result: { status: 'returned', needsAction: false },
  forwarded: { status: 'completed', needsAction: false },
  unmapped_result: { status: 'completed', needsAction: false },
} as const;

export type CaseSituation = keyof typeof CASE_SITUATIONS;

export interface CaseSpec {
  projectNo: string;
  applicant: FixtureApplicant;
  situation: CaseSituation;
  /** When the case was applied for; later events follow at hour steps. Default: 10 days ago. */
  appliedAt?: number;
  itemName?: string;
  deptName?: string;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const DEPT = { name: '哈尔滨市市场监督管理局', code: '11230100MB0000001X' };

/** Rows of one case in `situation`, times relative to `appliedAt` (or now). */
export function caseRows(spec: CaseSpec): FrontCase {
  const { projectNo: no, applicant, situation } = spec;
  const t0 = spec.appliedAt ?? Date.now() - 10 * DAY;
  const time = (hours: number): string => formatBeijing(t0 + hours * HOUR);
  const itemName = spec.itemName ?? '食品经营许可证核发';
  const deptName = spec.deptName ?? DEPT.name;
  const accepted = situation !== 'applied';
  const overdue = situation === 'overdue';
  const accept: FrontAccept = {
    project_no: no,
    task_code: '11230100MB0000001X2001360300001',
    task_handle_item: '11230100MB0000001X200136030000101',
    catalog_code: '001360300001',
    task_name: itemName,
    project_name: `${applicant.name}申请${itemName}`,
    applyer_name: applicant.name,
    applyer_type: applicant.type,
    applyer_page_type: applicant.type === '1' ? '111' : '001',
    applyer_page_code: applicant.idNumber,
    legal: applicant.type === '2' ? '王五' : null,
    contact_name: applicant.contact?.name ?? applicant.name,
    contact_type: '111',
    contact_code: applicant.contact?.idNumber ?? (applicant.type === '1' ? applicant.idNumber : null),
    contact_mobile: applicant.contact?.mobile ?? applicant.mobile,
    apply_date: time(0),
    apply_type: '2',
    project_type: '2',
    org_name: deptName,
    org_code: DEPT.code,
    handle_user_name: '刘受理',
    accept_date: accepted ? time(2) : null,
    accept_doc_no: accepted ? `哈市监受〔2026〕${no.slice(-6)}号` : null,
    // Overdue: the promise passed a day ago; otherwise it lies twenty days ahead.
    promise_date: overdue ? formatBeijing(Date.now() - DAY) : formatBeijing(Date.now() + 20 * DAY),
  };
  const step = (hours: number, name: string, action: '1' | '2' | '9', explain: string): FrontProcess => ({
    project_no: no,
    process_name: name,
    event_name: action,
    handle_user_name: '陈审查',
    handle_explain: explain,
    event_start_time: time(hours),
    event_end_time: time(hours + 1),
  });
  const process: FrontProcess[] = [];
  const special: FrontSpecial[] = [];
  let result: FrontResult | null = null;
  if (accepted) {
    process.push(step(1, '收件', '1', '收取申请材料3份，网上申报材料已在线预审'));
    process.push(
      situation === 'not_accepted'
        ? step(2, '受理', '2', '不予受理：申请事项不属于本机关职权范围，已出具不予受理通知书')
        : step(2, '受理', '1', '申请材料齐全，符合法定形式，予以受理'),
    );
  }
  const reviewed = !['applied', 'accepted', 'not_accepted'].includes(situation);
  if (reviewed) process.push(step(5, '审查', '1', '经审查，申请材料真实有效'));
  if (situation === 'correction' || situation === 'resubmitted') {
    process.push(step(8, '审查', '2', '申请材料不齐全，一次性告知需补正：营业执照副本复印件'));
  }
  if (situation === 'resubmitted') process.push(step(30, '收件', '1', '申请人已按补正告知书提交全部补正材料'));
  if (situation === 'extended' || situation === 'extension_over') {
    special.push({
      project_no: no,
      special_type: '1',
      special_name: '延长审批期限',
      special_reason: '案情复杂，需组织现场核查',
      special_time: time(20),
      end_time: situation === 'extended' ? formatBeijing(Date.now() + 5 * DAY) : formatBeijing(Date.now() - DAY),
      special_explain: '经本机关负责人批准，延长10个工作日',
      result: '同意延长10个工作日',
      handle_user: '周决定',
    });
  }
  const resultOf = (code: string, explain: string, certificate: boolean): FrontResult => ({
    project_no: no,
    result_date: time(48),
    result_type: code,
    result_explain: explain,
    result_cetr_name: certificate ? '食品经营许可证' : null,
    result_cetr_no: certificate ? `JY1230100${no.slice(-6)}` : null,
    is_delivery_results: certificate ? '1' : '0',
    handle_user_name: '周决定',
  });
  switch (situation) {
    case 'approved':
      process.push(step(40, '决定', '1', `同意办理，准予${itemName}`));
      result = resultOf('0', '准予办理，出具食品经营许可证', true);
      break;
    case 'denied':
      process.push(step(40, '决定', '9', '经审查不符合法定条件，决定不予批准'));
      result = resultOf('1', '不予批准，已书面告知理由', false);
      break;
    case 'not_accepted':
      result = resultOf('6', '不予受理，已出具不予受理通知书', false);
      break;
    case 'withdrawn':
      result = resultOf('2', '申请人撤回申请，作废办结', false);
      break;
    case 'returned_result':
      result = resultOf('5', '材料不符合要求，退件', false);
      break;
    case 'forwarded':
      result = resultOf('4', '已转报上级机关办理', false);
      break;
    case 'unmapped_result':
      result = resultOf('X9', '办结', false);
      break;
    default:
      break;
  }
  const materials: FrontMaterial[] = accepted
    ? [
        { project_no: no, material_name: '食品经营许可申请书', get_type: '2', get_num: 1 },
        { project_no: no, material_name: '营业执照副本复印件', get_type: '2', get_num: 1 },
      ]
    : [];
  return { accept, process, special, result, materials };
}
