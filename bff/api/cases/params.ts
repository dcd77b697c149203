/** Request shapes of the case-tracking API, validated with zod (messages in plain Chinese). */
import { z, type ZodType } from 'zod';
import { cursorParam, pageLimit } from '../shared/params.js';

/** 办件编号: GB/T 39046 says an..50 and nothing more (data-standards c.1.4); some provinces add - or _. */
export const projectNoParam = z
  .string('请填写办件编号')
  .trim()
  .min(1, '请填写办件编号')
  .max(50, '不能超过50个字符')
  .regex(/^[0-9A-Za-z_-]+$/, '只能包含数字、字母和短横线，请对照受理通知书填写');

export const caseListParams = z.object({
  status: z
    .enum(
      ['all', 'in_progress', 'completed', 'needs_action'],
      '只能是 in_progress（办理中）、completed（已办结）或 needs_action（需要我处理）',
    )
    .default('all'),
  cursor: cursorParam,
  limit: pageLimit(50, 20),
});

export type LookupBody =
  { projectNo: string; queryCode: string } | { projectNo: string; applicantName: string; idTail: string };

/** The body asked for by the configured second factor; the other factor's fields are ignored. */
export function lookupBody(secondFactor: 'query_code' | 'name_id_tail', idTailLength: number): ZodType<LookupBody> {
  if (secondFactor === 'query_code') {
    return z.object({
      projectNo: projectNoParam,
      queryCode: z.string('请填写查询码').trim().min(1, '请填写查询码').max(32, '查询码过长，请对照受理通知书填写'),
    });
  }
  return z.object({
    projectNo: projectNoParam,
    applicantName: z
      .string('请填写申请人姓名或名称')
      .trim()
      .min(1, '请填写申请人姓名或名称')
      .max(100, '不能超过100个字'),
    idTail: z
      .string(`请填写证件号码后${idTailLength}位`)
      .trim()
      // Letters too: a 统一社会信用代码 (法人) may end in one, a 身份证号 in X.
      .regex(new RegExp(`^[0-9A-Za-z]{${idTailLength}}$`), `请填写证件号码的最后${idTailLength}位（数字或字母）`),
  });
}

export const FIELD_NAMES: Readonly<Record<string, string>> = {
  status: '办理状态',
  cursor: '翻页位置',
  limit: '每页条数',
  no: '办件编号',
  projectNo: '办件编号',
  queryCode: '查询码',
  applicantName: '申请人姓名',
  idTail: '证件号码后几位',
};
