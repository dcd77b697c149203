/**
 * Query parameters of the navigation API, validated with zod. A wrong value is answered 400 with a
 * message a resident can read, naming the parameter; unknown parameters are ignored (cache busters,
 * analytics tags a site adds).
 */
import { z } from 'zod';
import type { ZodType } from 'zod';
import { badRequest } from '../../http/errors.js';
import { PROJECT_TYPE_LABELS, SERVICE_OBJECT_LABELS, TASK_TYPE_LABELS } from './labels.js';

const filterShape = {
  dept: z
    .string()
    .regex(/^[0-9A-Z]{18}$/, '应为18位统一社会信用代码')
    .optional(),
  // Six-digit GB/T 2260 codes are accepted and padded the way the library stores them (c.10).
  region: z
    .string()
    .regex(/^\d{6}(\d{6})?$/, '应为6位或12位行政区划代码')
    .transform((code) => code.padEnd(12, '0'))
    .optional(),
  theme: z
    .string()
    .regex(/^((natural|legal):)?\d{3}$/, '应为3位主题代码')
    .optional(),
  audience: z.enum(['natural', 'legal'], '只能是 natural（个人）或 legal（法人）').optional(),
  type: z.enum(Object.keys(TASK_TYPE_LABELS) as [string, ...string[]], '不是已知的事项类型').optional(),
  object: z.enum(Object.keys(SERVICE_OBJECT_LABELS) as [string, ...string[]], '不是已知的服务对象').optional(),
  online: z.literal('1', '只能是 1（可网上办理）').optional(),
  visits: z.enum(['0', '1'], '只能是 0（零跑动）或 1（最多跑一次）').optional(),
  projectType: z
    .enum(
      Object.keys(PROJECT_TYPE_LABELS).filter((key) => key !== 'other') as ['immediate', 'promised'],
      '只能是 immediate（即办件）或 promised（承诺件）',
    )
    .optional(),
};

const q = z.string().trim().max(100, '不能超过100个字').optional();
const limit = (max: number, fallback: number) =>
  z.coerce.number().int('应为整数').min(1, '至少为1').max(max, `不能超过${max}`).default(fallback);

export const listParams = z.object({
  ...filterShape,
  q,
  sort: z.enum(['relevance', 'name', 'updated'], '只能是 relevance、name 或 updated').optional(),
  cursor: z.string().max(512, '过长').optional(),
  limit: limit(100, 20),
});

export const facetParams = z.object({ ...filterShape, q });

export const searchParams = z.object({
  ...filterShape,
  q: z.string().trim().min(1, '请输入要查找的内容').max(100, '不能超过100个字'),
  limit: limit(50, 10),
});

export const suggestParams = z.object({
  ...filterShape,
  q: z.string().trim().max(50, '不能超过50个字').default(''),
  limit: limit(20, 8),
});

export const itemCodeParam = z.string().regex(/^[0-9A-Za-z-]{1,64}$/, '事项编码格式不正确');

const PARAM_NAMES: Readonly<Record<string, string>> = {
  dept: '部门',
  region: '地区',
  theme: '主题',
  audience: '办事对象',
  type: '事项类型',
  object: '服务对象',
  online: '网上办理',
  visits: '跑动次数',
  projectType: '办件类型',
  q: '查询内容',
  sort: '排序方式',
  cursor: '翻页位置',
  limit: '每页条数',
};

/** Parses or throws AppError 400 with the first problem in plain Chinese. */
export function parseParams<T>(schema: ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = String(issue?.path[0] ?? '');
  const name = PARAM_NAMES[field] ?? field;
  throw badRequest(`参数“${name}”（${field}）有误：${issue?.message ?? '格式不正确'}`);
}
