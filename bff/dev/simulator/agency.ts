/**
 * The simulated agency (承办部门) behind the service management platform. Each tick it picks up what
 * GovDock sent out — consultation tickets (out_consult_ticket) and evaluations (out_evaluate_record) —
 * and, a few ticks later, answers the way a department does:
 *
 *   ticket   → up_consult_reply: 已受理 (with the promised date), then 已答复 (the answer), then 已办结;
 *              a ticket with next to no content is 不予受理 at once.
 *   差评 (satisfaction ≤ 2) → up_evaluate_record under the evaluation's own row_guid: taken on
 *              (reviewed, no result yet), then 已整改 (rectification text and date), then 已回访 (the
 *              回访 result in `answer`, answer_status 1).
 *              Every step re-pushes the row with the tick's cd_time/cd_batch, so the incremental sync
 *              sees it as a change.
 *
 * Timing and wording depend only on (seed, the outbound row), counted in ticks from when the row was
 * first seen, so a run is reproducible. Progress lives in `govdock_sim_agency` in the front DB: a
 * restart continues, and replayed writes hit the same row_guids.
 * Codes (status, answer_status) are ours — bff/dev/generator/README.md.
 */
import type { FrontRecord, FrontRow } from '../generator/front-tables.js';
import { TABLE_ID } from '../generator/front-tables.js';
import type { FrontTarget } from '../front-processor/front-target.js';
import type { RecordWriter } from '../front-processor/record-writer.js';
import { keyGuid, Random, seedToInt } from '../generator/prng.js';
import { syncColumns, type SyncStamp } from '../generator/sync-stamp.js';
import { addWorkingDays, formatBeijing, parseBeijing } from '../generator/time.js';

interface AgencyRow {
  rowGuid: string;
  kind: 'ticket' | 'evaluation';
  /** Next step to take: 1, 2, 3; 0 = nothing more to do. */
  stage: number;
  dueMs: number;
}

export interface AgencyTickResult {
  replies: number;
  rectifications: number;
}

const AGENCY_TABLE = 'govdock_sim_agency';

export async function ensureAgencyTable(front: FrontTarget): Promise<void> {
  await front.exec(
    `CREATE TABLE IF NOT EXISTS ${AGENCY_TABLE} (row_guid varchar(50) NOT NULL PRIMARY KEY, ` +
      'kind varchar(12) NOT NULL, stage integer NOT NULL, due_ms bigint NOT NULL, seen_ms bigint NOT NULL)',
  );
}

/** A datetime column as `yyyy-MM-dd HH:mm:ss` text on every dialect (PGlite would hand back a Date). */
function timeText(front: FrontTarget, column: string): string {
  return front.dialect === 'mysql'
    ? `DATE_FORMAT(${column}, '%Y-%m-%d %H:%i:%s') AS ${column}`
    : `to_char(${column}, 'YYYY-MM-DD HH24:MI:SS') AS ${column}`;
}

const TYPE_NAME: Record<string, string> = { '1': '咨询', '2': '投诉', '3': '建议' };

const CONSULT_ANSWERS = [
  '办理该事项需携带本人有效身份证件和申请材料原件，可先在网上预约，再到政务服务大厅相应窗口办理，办理时限以办事指南为准',
  '该事项已开通网上办理，登录后在“我要办事”中搜索事项名称即可在线申请；材料齐全的，在承诺时限内办结',
  '申请材料的具体要求请以办事指南中“申请材料”一栏为准；材料不全的，窗口会一次性告知需要补充的内容',
  '该事项不收取费用，办结后可选择窗口领取，也可选择免费邮寄送达',
];
const COMPLAINT_FINDINGS = [
  '情况属实，已对相关窗口工作人员进行批评教育，并重新落实一次性告知制度',
  '经调取窗口录像和办件记录，工作人员解释不够清楚，已责成整改，并向您致歉',
  '因系统升级造成办理延迟，现已恢复正常，您的事项已安排优先办理',
];
const SUGGESTION_RESPONSES = [
  '将在下一步优化办事流程时予以采纳',
  '已转相关业务处室研究，作为改进服务的参考',
  '已纳入本年度政务服务改进清单，感谢您的参与',
];
const RECTIFIED = [
  '已约谈窗口负责人，增设引导岗，高峰时段增开窗口',
  '已统一材料清单口径并在办事指南中公示，对窗口人员进行业务培训',
  '已优化网上申报系统，修复提交失败的问题，并电话告知申请人',
  '已督促承办科室加快办理，建立超期预警，办理进度短信告知申请人',
];
const REVISITS = [
  '经电话回访，群众对整改结果表示满意',
  '经电话回访，群众对整改结果表示基本满意，并建议继续改进',
  '经短信回访，群众确认问题已解决',
];

function monthDay(ms: number): string {
  const text = formatBeijing(ms);
  return `${Number(text.slice(5, 7))}月${Number(text.slice(8, 10))}日`;
}

function rngFor(seed: number, rowGuid: string, stage: number): Random {
  return new Random(seed, seedToInt(rowGuid), stage);
}

/** Ticks until the next step: the agency's pace, deterministic per (seed, row, step). */
function stepDelayTicks(seed: number, rowGuid: string, stage: number): number {
  const rng = rngFor(seed, rowGuid, stage + 100);
  return stage === 1 ? rng.int(1, 2) : stage === 2 ? rng.int(2, 4) : rng.int(1, 3);
}

export interface AgencyTickContext {
  front: FrontTarget;
  writer: RecordWriter;
  seed: number;
  at: number;
  tickMs: number;
  stamp: SyncStamp;
}

async function discover(context: AgencyTickContext): Promise<AgencyRow[]> {
  const { front, seed, at, tickMs } = context;
  const found: AgencyRow[] = [];
  const tickets = await front.query<{ row_guid: string; content: string }>(
    `SELECT t.row_guid, t.content FROM out_consult_ticket t LEFT JOIN ${AGENCY_TABLE} a ON a.row_guid = t.row_guid ` +
      'WHERE a.row_guid IS NULL ORDER BY t.cd_time, t.row_guid LIMIT 200',
  );
  for (const t of tickets) {
    found.push({
      rowGuid: t.row_guid,
      kind: 'ticket',
      stage: 1,
      dueMs: at + stepDelayTicks(seed, t.row_guid, 1) * tickMs,
    });
  }
  const evaluations = await front.query<{ row_guid: string; satisfaction: string }>(
    `SELECT e.row_guid, e.satisfaction FROM out_evaluate_record e LEFT JOIN ${AGENCY_TABLE} a ON a.row_guid = e.row_guid ` +
      'WHERE a.row_guid IS NULL ORDER BY e.cd_time, e.row_guid LIMIT 200',
  );
  for (const e of evaluations) {
    // 差评 = 不满意 + 非常不满意 (interface scheme: 1, 2). Good ones are noted so they are not read again.
    const bad = Number(e.satisfaction) <= 2;
    found.push({
      rowGuid: e.row_guid,
      kind: 'evaluation',
      stage: bad ? 1 : 0,
      dueMs: bad ? at + stepDelayTicks(seed, e.row_guid, 1) * tickMs : 0,
    });
  }
  return found;
}

async function saveRows(front: FrontTarget, rows: readonly AgencyRow[], seenMs: number): Promise<void> {
  for (const row of rows) {
    const p = (n: number) => front.param(n);
    const tail =
      front.dialect === 'mysql'
        ? ' ON DUPLICATE KEY UPDATE stage = VALUES(stage), due_ms = VALUES(due_ms)'
        : ' ON CONFLICT (row_guid) DO UPDATE SET stage = EXCLUDED.stage, due_ms = EXCLUDED.due_ms';
    await front.query(
      `INSERT INTO ${AGENCY_TABLE} (row_guid, kind, stage, due_ms, seen_ms) VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)})${tail}`,
      [row.rowGuid, row.kind, row.stage, row.dueMs, seenMs],
    );
  }
}

async function dueRows(front: FrontTarget, at: number): Promise<AgencyRow[]> {
  const rows = await front.query<Record<string, unknown>>(
    `SELECT row_guid, kind, stage, due_ms FROM ${AGENCY_TABLE} WHERE stage > 0 AND due_ms <= ${front.param(1)} ` +
      'ORDER BY due_ms, row_guid LIMIT 200',
    [at],
  );
  return rows.map((r) => ({
    rowGuid: String(r.row_guid),
    kind: r.kind === 'ticket' ? 'ticket' : 'evaluation',
    stage: Number(r.stage),
    dueMs: Number(r.due_ms),
  }));
}

/** The ticket's state carried in every reply row (front-tables.ts: up_consult_reply). */
interface TicketState {
  promiseMs: number | null;
  repliedTime: string | null;
  closedTime: string | null;
}

/** One reply row; its guid is fixed by (seed, ticket, step). */
function replyRow(
  context: AgencyTickContext,
  ticket: Record<string, unknown>,
  seq: number,
  status: '1' | '2' | '3' | '4',
  content: string,
  state: TicketState,
): FrontRecord {
  const ticketGuid = String(ticket.row_guid);
  const row: FrontRow = {
    tracking_no: String(ticket.tracking_no),
    ticket_row_guid: ticketGuid,
    reply_seq: seq,
    status,
    reply_content: content,
    reply_dept_name: (ticket.dept_name as string | null) ?? '12345政务服务便民热线',
    reply_dept_code: (ticket.dept_code as string | null) ?? null,
    reply_user_name: '承办人',
    reply_time: formatBeijing(context.at),
    is_final: status === '2' || status === '4' ? '1' : '0',
    promise_reply_date: state.promiseMs === null ? null : formatBeijing(state.promiseMs).slice(0, 10) + ' 00:00:00',
    replied_time: state.repliedTime,
    closed_time: state.closedTime,
    ...syncColumns(context.stamp, keyGuid(context.seed, TABLE_ID.up_consult_reply, seedToInt(ticketGuid), seq)),
  };
  return { table: 'up_consult_reply', row };
}

/** Takes step `row.stage` of a ticket; returns the row's next state. */
async function answerTicket(context: AgencyTickContext, row: AgencyRow, records: FrontRecord[]): Promise<AgencyRow> {
  const { front, seed, at, tickMs } = context;
  const [ticket] = await front.query<Record<string, unknown>>(
    `SELECT row_guid, tracking_no, ticket_type, title, content, dept_name, dept_code, ${timeText(front, 'promise_reply_date')} ` +
      `FROM out_consult_ticket WHERE row_guid = ${front.param(1)}`,
    [row.rowGuid],
  );
  if (!ticket) return { ...row, stage: 0 };
  const type = String(ticket.ticket_type);
  const typeName = TYPE_NAME[type] ?? '留言';
  const dept = (ticket.dept_name as string | null) ?? '市政务服务中心';
  const title = String(ticket.title);
  const rng = rngFor(seed, row.rowGuid, row.stage);
  const next = (stage: number): AgencyRow => ({
    ...row,
    stage,
    dueMs: at + stepDelayTicks(seed, row.rowGuid, stage) * tickMs,
  });
  const now = formatBeijing(at);
  const promiseMs = ticket.promise_reply_date ? parseBeijing(String(ticket.promise_reply_date)) : addWorkingDays(at, 5);
  if (row.stage === 1) {
    if ([...String(ticket.content).trim()].length < 5) {
      const refusal = '您提交的内容过于简单，无法受理。请写明具体事项和遇到的问题后重新提交。';
      records.push(replyRow(context, ticket, 1, '4', refusal, { promiseMs: null, repliedTime: null, closedTime: now }));
      return { ...row, stage: 0 };
    }
    const accepted = `您的${typeName}已受理，由${dept}负责办理，将于${monthDay(promiseMs)}前答复您。`;
    records.push(replyRow(context, ticket, 1, '1', accepted, { promiseMs, repliedTime: null, closedTime: null }));
    return next(2);
  }
  if (row.stage === 2) {
    const body =
      type === '2'
        ? `您好！您投诉的“${title}”，${dept}已调查核实：${rng.pick(COMPLAINT_FINDINGS)}。感谢您的监督。`
        : type === '3'
          ? `您好！感谢您提出的建议“${title}”。${dept}已认真研究，${rng.pick(SUGGESTION_RESPONSES)}。`
          : `您好！关于您咨询的“${title}”，${dept}答复如下：${rng.pick(CONSULT_ANSWERS)}。如还有疑问，可拨打12345政务服务便民热线。`;
    records.push(replyRow(context, ticket, 2, '2', body, { promiseMs, repliedTime: now, closedTime: null }));
    return next(3);
  }
  const repliedTime = await replyTimeOf(front, row.rowGuid, 2);
  const closing = '本件已办结。如对答复不满意，可拨打12345政务服务便民热线反映。';
  records.push(replyRow(context, ticket, 3, '3', closing, { promiseMs, repliedTime, closedTime: now }));
  return { ...row, stage: 0 };
}

/** The time of step `seq` as written earlier (carried forward into later rows). */
async function replyTimeOf(front: FrontTarget, ticketGuid: string, seq: number): Promise<string | null> {
  const [row] = await front.query<Record<string, unknown>>(
    `SELECT ${timeText(front, 'reply_time')} FROM up_consult_reply WHERE ticket_row_guid = ${front.param(1)} ` +
      `AND reply_seq = ${front.param(2)}`,
    [ticketGuid, seq],
  );
  return row?.reply_time ? String(row.reply_time) : null;
}

const EVALUATION_COPY = [
  'project_no',
  'pf',
  'dept_code',
  'area_code',
  'task_code',
  'task_handle_item',
  'task_name',
  'sub_matter',
  'pro_status',
  'pro_depart',
  'pro_depart_code',
  'cert_key',
  'user_name',
  'user_prop',
  'user_page_type',
  'handle_user_name',
  'satisfaction',
  'eval_detail',
  'writing_evaluation',
  'assess_number',
  'service_number',
  'promise_time',
];

/** Takes step `row.stage` of a 差评: re-pushes the evaluation into up_evaluate_record with its 整改 state. */
async function rectify(context: AgencyTickContext, row: AgencyRow, records: FrontRecord[]): Promise<AgencyRow> {
  const { front, seed, at, tickMs, stamp } = context;
  const [evaluation] = await front.query<Record<string, unknown>>(
    `SELECT ${EVALUATION_COPY.join(', ')}, ${timeText(front, 'assess_time')}, ${timeText(front, 'accept_date')} ` +
      `FROM out_evaluate_record WHERE row_guid = ${front.param(1)}`,
    [row.rowGuid],
  );
  if (!evaluation) return { ...row, stage: 0 };
  const base: FrontRow = {};
  for (const column of [...EVALUATION_COPY, 'assess_time', 'accept_date']) {
    const value = evaluation[column];
    base[column] = value === undefined || value === null ? null : typeof value === 'number' ? value : String(value);
  }
  const rng = rngFor(seed, row.rowGuid, row.stage);
  // The rectified state is re-derived at the 回访 step, so its texts come from step 2's generator.
  const rectifiedText = rngFor(seed, row.rowGuid, 2).pick(RECTIFIED);
  // The national layout reads these columns as: rectification empty → 待整改, rectification set → 已整改,
  // answer_status 1 → 已回访 with `answer` as the 回访 result (config/sync-layouts/national.json). Step 1
  // only re-publishes the 差评 as reviewed (app_status 2): the department has it, no result yet.
  const stageColumns =
    row.stage === 1
      ? { rectification: null, rectification_date: null, answer: null, answer_status: '0' }
      : row.stage === 2
        ? { rectification: rectifiedText, rectification_date: formatBeijing(at), answer: null, answer_status: '0' }
        : {
            rectification: rectifiedText,
            rectification_date: (await rectifiedAt(front, row.rowGuid)) ?? formatBeijing(at),
            answer: `回访结果：${rng.pick(REVISITS)}。`,
            answer_status: '1',
          };
  records.push({
    table: 'up_evaluate_record',
    row: {
      ...base,
      pro_manager: null,
      cert_key_gov: null,
      handle_user_page_type: null,
      handle_user_page_code: null,
      // 已审核: the platform checked the 差评 before passing it to the department.
      app_status: '2',
      ...stageColumns,
      ...syncColumns({ ...stamp, operation: row.stage === 1 ? 'I' : 'U' }, row.rowGuid),
    },
  });
  return row.stage < 3
    ? { ...row, stage: row.stage + 1, dueMs: at + stepDelayTicks(seed, row.rowGuid, row.stage + 1) * tickMs }
    : { ...row, stage: 0 };
}

async function rectifiedAt(front: FrontTarget, rowGuid: string): Promise<string | null> {
  const [row] = await front.query<Record<string, unknown>>(
    `SELECT ${timeText(front, 'rectification_date')} FROM up_evaluate_record WHERE row_guid = ${front.param(1)}`,
    [rowGuid],
  );
  return row?.rectification_date ? String(row.rectification_date) : null;
}

/**
 * One agency tick: notice new outbound rows, take every step that is due. Rows are written through
 * `writer` and flushed before the agency's own progress is saved (a crash in between replays the same
 * row_guids).
 */
export async function agencyTick(context: AgencyTickContext): Promise<AgencyTickResult> {
  const { front, writer, at } = context;
  const fresh = await discover(context);
  await saveRows(front, fresh, at);
  const records: FrontRecord[] = [];
  const updates: AgencyRow[] = [];
  let replies = 0;
  let rectifications = 0;
  for (const row of await dueRows(front, at)) {
    const before = records.length;
    updates.push(
      row.kind === 'ticket' ? await answerTicket(context, row, records) : await rectify(context, row, records),
    );
    if (row.kind === 'ticket') replies += records.length - before;
    else rectifications += records.length - before;
  }
  for (const record of records) await writer.add(record);
  await writer.flush();
  await saveRows(front, updates, at);
  return { replies, rectifications };
}
