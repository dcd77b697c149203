/** Plain Chinese for the normalised codes of the resource library (migration 0002's vocabularies). */
import type { TimeLimit } from '../contracts/items.js';

export const TASK_TYPE_LABELS: Readonly<Record<string, string>> = {
  administrative_power: '行政权力',
  licensing: '行政许可',
  penalty: '行政处罚',
  coercion: '行政强制',
  levy: '行政征收',
  payment: '行政给付',
  inspection: '行政检查',
  confirmation: '行政确认',
  reward: '行政奖励',
  adjudication: '行政裁决',
  other_power: '其他行政权力',
  internal_approval: '内部审批',
  public_service: '公共服务',
  other: '其他',
};

export const SERVICE_OBJECT_LABELS: Readonly<Record<string, string>> = {
  natural: '自然人',
  enterprise: '企业法人',
  institution: '事业法人',
  social_org: '社会组织法人',
  unincorporated: '非法人企业',
  government: '行政机关',
  other_org: '其他组织',
};

export const PROJECT_TYPE_LABELS: Readonly<Record<string, string>> = {
  immediate: '即办件',
  promised: '承诺件',
  other: '其他',
};

export const NECESSITY_LABELS: Readonly<Record<string, string>> = {
  required: '必要',
  optional: '非必要',
  deferrable: '容缺后补',
};

export const MATERIAL_FORMAT_LABELS: Readonly<Record<string, string>> = {
  paper: '纸质',
  electronic: '电子',
  paper_or_electronic: '纸质或电子',
};

export const SOURCE_CHANNEL_LABELS: Readonly<Record<string, string>> = {
  applicant: '申请人自备',
  government: '政府部门核发',
  other: '其他',
};

export const AUDIENCE_LABELS: Readonly<Record<string, string>> = { natural: '个人', legal: '法人' };

export const ONLINE_LABEL = '可网上办理';
export const VISITS_LABELS: Readonly<Record<string, string>> = { '0': '零跑动', '1': '最多跑一次' };

const UNIT_TEXT: Readonly<Record<string, (value: number) => string>> = {
  working_day: (v) => `${v}个工作日`,
  calendar_day: (v) => `${v}天`,
  month: (v) => `${v}个月`,
  year: (v) => `${v}年`,
  hour: (v) => `${v}小时`,
};

/** 5个工作日, 即办 (no time limit on an immediate case), 未公布 (nothing known). */
export function timeLimit(value: number | null, unit: string | null, immediate = false): TimeLimit {
  if (value === null || value === undefined) return { value: null, unit, label: immediate ? '即办' : '未公布' };
  if (value === 0) return { value: 0, unit, label: '即办' };
  return { value, unit, label: (UNIT_TEXT[unit ?? ''] ?? ((v: number) => `${v}天`))(value) };
}
