/**
 * The indicator list (测评内容) the form offers per satisfaction level. It is configuration, not code
 * (data-standards c.13: the national system distributes the codes), so a bad file stops start-up
 * with a message naming the file and the problem, like any other configuration error.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { EvaluationIndicator, SatisfactionLevel } from '../contracts/evaluations.js';
import { ConfigError } from '../../config.js';

export type IndicatorList = Readonly<Record<SatisfactionLevel, readonly EvaluationIndicator[]>>;

export const LEVELS: readonly SatisfactionLevel[] = [5, 4, 3, 2, 1];

/** out_evaluate_record.eval_detail is varchar(200): a level's codes joined by commas must fit. */
const EVAL_DETAIL_LENGTH = 200;

const indicator = z.object({
  code: z.string().regex(/^[0-9A-Za-z_.-]{1,20}$/, '指标代码只能是 1–20 位字母、数字或 _ . -'),
  label: z.string().trim().min(1, '指标名称不能为空').max(50, '指标名称不能超过 50 个字'),
});

const levelList = z
  .array(indicator)
  .max(30, '一个等级最多 30 项指标')
  .refine((list) => new Set(list.map((item) => item.code)).size === list.length, '同一等级内指标代码重复')
  .refine(
    (list) => list.map((item) => item.code).join(',').length <= EVAL_DETAIL_LENGTH,
    `同一等级全部指标代码连起来不能超过 ${EVAL_DETAIL_LENGTH} 个字符（测评内容代码字段长度）`,
  );

const fileSchema = z.object({
  name: z.string().optional(),
  description: z.string().optional(),
  levels: z.object({ '1': levelList, '2': levelList, '3': levelList, '4': levelList, '5': levelList }),
});

const projectRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** Relative paths are relative to the project (like widgetsDir), so the cwd does not matter. */
export function indicatorsPath(file: string): string {
  return isAbsolute(file) ? file : resolve(projectRoot, file);
}

export function parseIndicatorList(json: unknown, where: string): IndicatorList {
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => ({
        key: `evaluations.indicatorsFile (${where}) ${issue.path.join('.')}`,
        problem: issue.message,
      })),
    );
  }
  const { levels } = parsed.data;
  return { 1: levels['1'], 2: levels['2'], 3: levels['3'], 4: levels['4'], 5: levels['5'] };
}

export function loadIndicatorList(file: string): IndicatorList {
  const path = indicatorsPath(file);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError([
      {
        key: 'evaluations.indicatorsFile (EVALUATION_INDICATORS_FILE)',
        problem: `无法读取评价指标文件 ${path}: ${(error as Error).message}`,
      },
    ]);
  }
  return parseIndicatorList(json, path);
}
