/**
 * What `govdock doctor` produces: the docking acceptance report (对接联调/验收报告) of the standard's
 * §4.2.3 — every check with its verdict (通过 / 警告 / 失败) and the evidence an operator hands over.
 * The report is data first; Markdown and HTML are two renderings of the same object, and the
 * operator API answers it as JSON.
 */

export type CheckStatus = 'pass' | 'warn' | 'fail';

export type CheckGroup = 'config' | 'store' | 'auth' | 'front' | 'dry-read';

export interface CheckResult {
  group: CheckGroup;
  /** Stable and unique within a report, e.g. `front.table.up_pro_accept` (tests and dashboards use it). */
  id: string;
  /** What was checked, in plain Chinese. */
  title: string;
  status: CheckStatus;
  /** One line: the verdict's reason. */
  summary: string;
  /** What was observed: requests and their answers, columns, counts. Never secrets or personal data. */
  evidence: string[];
}

/** The environment the checks ran in (§4.2.1: network, deployment, interfaces). */
export interface DoctorEnvironment {
  product: string;
  version: string;
  node: string;
  hostname: string;
  platform: string;
  deploymentMode: string;
  publicBaseUrl: string | null;
  /** Resource library: kind and the URL with the password masked. */
  store: string;
  /** Front processor: the URL with the password masked, or the embedded simulator. */
  front: string;
  /** Unified identity platform: dialect and issuer, or 未配置. */
  auth: string;
  layout: string;
  sourceTimeZone: string;
}

export interface DoctorSummary {
  pass: number;
  warn: number;
  fail: number;
  /** The worst status of all checks. */
  verdict: CheckStatus;
}

export interface DoctorReport {
  generatedAt: string;
  environment: DoctorEnvironment;
  checks: CheckResult[];
  summary: DoctorSummary;
}

export const STATUS_LABEL: Record<CheckStatus, string> = { pass: '通过', warn: '警告', fail: '失败' };

export const GROUP_LABEL: Record<CheckGroup, string> = {
  config: '配置检查',
  store: '资源库',
  auth: '统一身份认证平台',
  front: '前置机数据表',
  'dry-read': '增量读取演练（不写入）',
};

export function summarize(checks: readonly CheckResult[]): DoctorSummary {
  const count = (status: CheckStatus) => checks.filter((check) => check.status === status).length;
  const summary = { pass: count('pass'), warn: count('warn'), fail: count('fail') };
  return { ...summary, verdict: summary.fail > 0 ? 'fail' : summary.warn > 0 ? 'warn' : 'pass' };
}

/** The worst of several statuses (a check made of sub-checks). */
export function worstOf(statuses: readonly CheckStatus[]): CheckStatus {
  if (statuses.includes('fail')) return 'fail';
  if (statuses.includes('warn')) return 'warn';
  return 'pass';
}
