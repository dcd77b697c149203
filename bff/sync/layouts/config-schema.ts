/**
 * The layout file format (config/sync-layouts/*.json; README there explains it with examples). A
 * province is docked by writing such a file, never code, so the format is checked strictly: unknown
 * keys are errors naming the key, and every message names the path in the file, in Chinese first.
 */
import { z } from 'zod';

function strict<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `未知配置项 ${issue.keys.map((key) => `"${key}"`).join('、')}（拼写错误？）/ unknown key(s): ${issue.keys.join(', ')}`
        : undefined,
  });
}

const name = z
  .string({ error: () => '须为字符串 / must be a string' })
  .regex(/^[A-Za-z_][\w$]*$/, { error: () => '须为字母、数字、下划线组成的名称 / must be an identifier' });
const text = z.string({ error: () => '须为字符串 / must be a string' }).min(1, '不能为空 / must not be empty');
const names = z.array(name, { error: () => '须为名称数组 / must be an array of names' });
const oneOf = <const Values extends readonly [string, ...string[]]>(values: Values) =>
  z.enum(values, { error: () => `取值须为 ${values.join(' | ')} / must be one of ${values.join(' | ')}` });

/** Where a field's value comes from, plus optional transform, dictionary and checks. */
export interface FieldSpecConfig {
  $comment?: string;
  /** A source column (a plain string in the file is shorthand for this). */
  column?: string;
  /** `COLUMN.key[0].key`: into a JSON column. */
  path?: string;
  /** Inside a `forEach` record: a path relative to the element; '' is the element itself. */
  each?: string;
  /** Inside a `forEach` record: the element's position, counting from 1. */
  eachIndex?: true;
  const?: unknown;
  context?: 'source';
  /** A JSON object built from fields (jsonb columns). */
  object?: Record<string, FieldSpecConfig>;
  /** A named computation over several inputs (see transforms.ts: COMPUTES). */
  compute?: string;
  inputs?: Record<string, FieldSpecConfig>;
  /** The first of these that is not empty. */
  first?: FieldSpecConfig[];
  transform?: string;
  args?: Record<string, unknown>;
  dictionary?: string;
  /** Refuse the row when the final value is empty. */
  required?: boolean;
  /** The value this field takes when a delete clears an update-only record (default null). */
  cleared?: unknown;
}

const SOURCE_KINDS = ['column', 'path', 'each', 'eachIndex', 'const', 'context', 'object', 'compute', 'first'] as const;

const fieldObject: z.ZodType<FieldSpecConfig> = z.lazy(() =>
  strict({
    $comment: z.string().optional(),
    column: name.optional(),
    path: text.optional(),
    each: z.string({ error: () => '须为字符串 / must be a string' }).optional(),
    eachIndex: z.literal(true, { error: () => '须为 true / must be true' }).optional(),
    const: z.unknown().optional(),
    context: oneOf(['source']).optional(),
    object: z.record(z.string(), fieldSpec).optional(),
    compute: name.optional(),
    inputs: z.record(z.string(), fieldSpec).optional(),
    first: z.array(fieldSpec).min(2, '至少两项 / at least two').optional(),
    transform: name.optional(),
    args: z.record(z.string(), z.unknown()).optional(),
    dictionary: name.optional(),
    required: z.boolean({ error: () => '须为 true 或 false / must be a boolean' }).optional(),
    cleared: z.unknown().optional(),
  }).superRefine((value, ctx) => {
    const kinds = SOURCE_KINDS.filter((kind) => kind in value);
    if (kinds.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message:
          kinds.length === 0
            ? `须且只须指明一个取值来源：${SOURCE_KINDS.join('、')} / exactly one value source required`
            : `取值来源只能有一个，这里有 ${kinds.join('、')} / only one value source allowed`,
      });
    }
    if ('inputs' in value !== 'compute' in value) {
      ctx.addIssue({ code: 'custom', message: 'compute 与 inputs 须同时给出 / compute needs inputs' });
    }
  }),
);

/** A plain string is shorthand for `{ "column": "…" }`. */
export const fieldSpec: z.ZodType<FieldSpecConfig, unknown> = z.lazy(() =>
  z.preprocess((value) => (typeof value === 'string' ? { column: value } : value), fieldObject),
);

const dictionary = strict({
  $comment: z.string().optional(),
  description: z.string().optional(),
  /** Source code → normalised value. */
  values: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
  /** Codes kept as they are (a code list without translation, e.g. 主题 codes). */
  codes: z.array(text).optional(),
  /** What an unlisted code does: refuse the row (default), become null, or be kept as it is. */
  unknown: oneOf(['refuse', 'null', 'keep']).default('refuse'),
}).refine((value) => (value.values === undefined) !== (value.codes === undefined), {
  error: () => '须给出 values 或 codes 之一 / exactly one of values or codes',
});
export type DictionaryConfig = z.infer<typeof dictionary>;

const recordTemplate = strict({
  $comment: z.string().optional(),
  /** Library table. */
  target: name,
  conflictKey: names.min(1, '至少一列 / at least one column'),
  write: oneOf(['upsert', 'update']).default('upsert'),
  /** One record per element of this list (a JSON array, or a split list). */
  forEach: fieldSpec.optional(),
  replaceScope: names.min(1).optional(),
  parent: strict({
    target: name,
    key: z.record(z.string(), fieldSpec),
    fill: z.record(z.string(), name).optional(),
  }).optional(),
  /**
   * Adds source, source_row_guid, source_changed_at, source_batch (and source_version when the
   * version names one): true (default for upserts), false (default for update-only records), or a list.
   */
  trace: z.union([z.boolean(), names], { error: () => '须为 true、false 或列名数组 / boolean or names' }).optional(),
  /** What a delete at the source does: delete the record (default), clear the owned fields, or nothing. */
  onDelete: oneOf(['delete', 'clear', 'skip']).optional(),
  fields: z.record(z.string(), fieldSpec),
});
export type RecordTemplateConfig = z.infer<typeof recordTemplate>;

const stream = strict({
  $comment: z.string().optional(),
  name,
  kind: oneOf(['items', 'cases', 'evaluations', 'organisations', 'replies', 'notices']),
  sourceTable: text,
  cursor: strict({ timeColumn: name, idColumn: name }),
  /** The operation flag; absent = every row is an insert or update. */
  operation: strict({
    column: name,
    upsert: z.array(text).min(1),
    delete: z.array(text).default([]),
  }).optional(),
  /** Column holding the batch number (source_batch). */
  batchColumn: name.optional(),
  /** The version number column (source_version), when the source has one. */
  versionColumn: name.optional(),
  /** 满意度 code order of this source (c.13): recorded with every evaluation. */
  satisfactionScheme: oneOf(['gbt39046', 'hcp-national']).optional(),
  /** Whether the layout's sharedColumns apply to this stream (default true). */
  sharedColumns: z.boolean().default(true),
  columns: z.record(z.string(), text),
  records: z.array(recordTemplate).min(1, '至少一种记录 / at least one record'),
});
export type StreamConfig = z.infer<typeof stream>;

export const layoutSchema = strict({
  $comment: z.string().optional(),
  /** Like the file name: letters, digits, `_` and `-`. */
  name: z.string({ error: () => '须为字符串 / must be a string' }).regex(/^[A-Za-z][\w-]*$/, {
    error: () => '须为字母开头，由字母、数字、下划线、连字符组成 / must be a name like national',
  }),
  description: z.string().optional(),
  /** Further files (relative to this one) whose `dictionaries` are merged in: shared code lists. */
  imports: z.array(text).default([]),
  dictionaries: z.record(z.string(), dictionary).default({}),
  /** Column specifications every stream has (the sync columns of the front tables). */
  sharedColumns: z.record(z.string(), text).default({}),
  streams: z.array(stream).min(1, '至少一个数据流 / at least one stream'),
});
export type LayoutConfig = z.infer<typeof layoutSchema>;

/** A file that only carries shared code lists. */
export const dictionaryFileSchema = strict({
  $comment: z.string().optional(),
  description: z.string().optional(),
  dictionaries: z.record(z.string(), dictionary),
});
