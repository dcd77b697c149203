/**
 * Turns one field specification of a layout into a getter closure, once, when the layout is loaded:
 * at map time a field is a few function calls, no lookups by name and no parsing of the config.
 * Configuration mistakes are collected with the path where they are (`streams[3].records[0].fields.x`).
 */
import type { DictionaryConfig, FieldSpecConfig } from './config-schema.js';
import type { RefOf, Run, Scope } from './run-types.js';
import { COMPUTES, TRANSFORMS, type TransformEnv, type ValueFn } from './transforms.js';
import { type ColumnSpec, type FieldRef, problems } from '../validate/index.js';

export type Getter = (scope: Scope, run: Run) => unknown;

export interface CompiledDictionary {
  name: string;
  label: string;
  lookup: ReadonlyMap<string, unknown>;
  unknown: DictionaryConfig['unknown'];
}

export interface FieldEnv extends TransformEnv {
  dictionaries: ReadonlyMap<string, CompiledDictionary>;
  /** Declared top-level columns of the stream (by name) with their specs. */
  columns: ReadonlyMap<string, ColumnSpec>;
  /** Columns the fields read: together with the declared ones they are the stream's known columns. */
  referenced: Set<string>;
  inForEach: boolean;
  errors: string[];
}

type Step = string | number;

/** `KEY.SUB[0].X` → ['KEY', 'SUB', 0, 'X']; '' → []; null when malformed. */
export function parseSteps(path: string): Step[] | null {
  if (path === '') return [];
  const steps: Step[] = [];
  for (const segment of path.split('.')) {
    const match = /^([^.[\]]+)((?:\[\d+\])*)$/.exec(segment);
    if (!match) return null;
    steps.push(match[1] as string);
    for (const index of (match[2] ?? '').matchAll(/\[(\d+)\]/g)) steps.push(Number(index[1]));
  }
  return steps;
}

function follow(value: unknown, steps: readonly Step[]): unknown {
  let current = value;
  for (const step of steps) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[step];
  }
  return current;
}

/** Source values and JSON leaves as the library sees them: '' and undefined are "no value". */
function normalise(value: unknown): unknown {
  return value === undefined || value === '' ? null : value;
}

export function isEmptyValue(value: unknown): boolean {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

export interface CompiledField {
  get: Getter;
  /** Names the field in messages (resolved only when there is a problem). */
  ref: RefOf;
}

function staticRef(ref: FieldRef): RefOf {
  return () => ref;
}

/** The bare value source, before transform and dictionary. */
function compileSource(spec: FieldSpecConfig, env: FieldEnv, at: string, targetName: string): CompiledField {
  if (spec.column !== undefined) {
    const column = spec.column;
    const declared = env.columns.get(column);
    if (!declared) env.errors.push(`${at}.column: 列“${column}”未在 columns 中声明`);
    env.referenced.add(column);
    const ref: FieldRef = { field: column, label: declared?.label, personal: declared?.personal };
    if (declared?.type === 'json') {
      // A JSON column reads as its parsed value (parsed once per row, shared with validation).
      return {
        get: (scope, run) => {
          const json = scope.reader.json(column);
          if (json === null) return null;
          if (json.ok) return normalise(json.value);
          run.out.add(problems.badJson(ref, json.reason));
          return null;
        },
        ref: staticRef(ref),
      };
    }
    return { get: (scope) => normalise(scope.reader.value(column)), ref: staticRef(ref) };
  }
  if (spec.path !== undefined) {
    const steps = parseSteps(spec.path);
    const column = steps?.[0];
    if (!steps || typeof column !== 'string' || steps.length < 2) {
      env.errors.push(`${at}.path: 路径“${spec.path}”格式错误，应为“列名.键[序号].键”`);
      return { get: () => null, ref: staticRef({ field: spec.path }) };
    }
    const declared = env.columns.get(column);
    if (!declared) env.errors.push(`${at}.path: 列“${column}”未在 columns 中声明`);
    else if (declared.type !== 'json') env.errors.push(`${at}.path: 列“${column}”须声明为 json 才能按路径取值`);
    env.referenced.add(column);
    const rest = steps.slice(1);
    const ref: FieldRef = { field: spec.path, label: declared?.label, personal: declared?.personal };
    return {
      get: (scope, run) => {
        const json = scope.reader.json(column);
        if (json === null) return null;
        if (!json.ok) {
          run.out.add(problems.badJson({ field: column, label: declared?.label }, json.reason));
          return null;
        }
        return normalise(follow(json.value, rest));
      },
      ref: staticRef(ref),
    };
  }
  if (spec.each !== undefined) {
    if (!env.inForEach) env.errors.push(`${at}.each: 只能用在带 forEach 的记录里`);
    const each = spec.each;
    const steps = parseSteps(each);
    if (!steps) {
      env.errors.push(`${at}.each: 路径“${each}”格式错误`);
      return { get: () => null, ref: staticRef({ field: each }) };
    }
    return {
      get: (scope) => normalise(steps.length === 0 ? scope.element : follow(scope.element, steps)),
      ref: (scope) => ({ field: `${scope.listField}[${scope.index}]${each ? `.${each}` : ''}` }),
    };
  }
  if (spec.eachIndex !== undefined) {
    if (!env.inForEach) env.errors.push(`${at}.eachIndex: 只能用在带 forEach 的记录里`);
    return { get: (scope) => scope.index + 1, ref: staticRef({ field: targetName }) };
  }
  if ('const' in spec) {
    const value = spec.const ?? null;
    return { get: () => value, ref: staticRef({ field: targetName }) };
  }
  if (spec.context !== undefined) {
    return { get: (_scope, run) => run.ctx.source, ref: staticRef({ field: targetName }) };
  }
  if (spec.object !== undefined) {
    const entries = Object.entries(spec.object).map(
      ([key, sub]) => [key, compileField(sub, env, `${at}.object.${key}`, key)] as const,
    );
    return {
      get: (scope, run) => {
        const out: Record<string, unknown> = {};
        for (const [key, field] of entries) {
          const value = field.get(scope, run);
          if (value !== null) out[key] = value;
        }
        return out;
      },
      ref: staticRef({ field: targetName }),
    };
  }
  if (spec.compute !== undefined) {
    const def = COMPUTES[spec.compute];
    const inputs = Object.entries(spec.inputs ?? {}).map(
      ([key, sub]) => [key, compileField(sub, env, `${at}.inputs.${key}`, key)] as const,
    );
    if (!def) {
      env.errors.push(`${at}.compute: 没有名为“${spec.compute}”的计算（可用：${Object.keys(COMPUTES).join('、')}）`);
      return { get: () => null, ref: staticRef({ field: targetName }) };
    }
    const missing = def.inputs.filter((input) => !inputs.some(([key]) => key === input));
    if (missing.length > 0) env.errors.push(`${at}.inputs: ${spec.compute} 需要输入 ${missing.join('、')}`);
    let fn: ReturnType<typeof def.compile> = () => null;
    try {
      fn = def.compile(spec.args ?? {});
    } catch (error) {
      env.errors.push(`${at}.args: ${(error as Error).message}`);
    }
    return {
      get: (scope, run) => {
        const values: Record<string, unknown> = {};
        for (const [key, field] of inputs) values[key] = field.get(scope, run);
        return fn(values, run);
      },
      ref: staticRef({ field: targetName }),
    };
  }
  const alternatives = (spec.first ?? []).map((sub, i) => compileField(sub, env, `${at}.first[${i}]`, targetName));
  return {
    get: (scope, run) => {
      for (const field of alternatives) {
        const value = field.get(scope, run);
        if (!isEmptyValue(value)) return value;
      }
      return null;
    },
    ref: (scope) => (alternatives[0] ?? { ref: () => ({ field: targetName }) }).ref(scope),
  };
}

function compileDictionaryLookup(dictionary: CompiledDictionary): ValueFn {
  const { lookup, unknown, label } = dictionary;
  const one = (value: unknown, run: Run, ref: RefOf, scope: Scope): unknown => {
    if (value === null) return null;
    const key = typeof value === 'string' ? value.trim() : String(value);
    if (lookup.has(key)) return lookup.get(key);
    if (unknown === 'keep') return value;
    if (unknown === 'refuse') run.out.add(problems.unknownCode(ref(scope), value, label));
    return null;
  };
  return (value, run, ref, scope) => {
    if (!Array.isArray(value)) return one(value, run, ref, scope);
    const out: unknown[] = [];
    for (const item of value) {
      const mapped = one(item, run, ref, scope);
      if (mapped !== null && !out.includes(mapped)) out.push(mapped);
    }
    return out;
  };
}

/** A field: its source, then the transform, then the dictionary, then the required check. */
export function compileField(spec: FieldSpecConfig, env: FieldEnv, at: string, targetName: string): CompiledField {
  const source = compileSource(spec, env, at, targetName);
  let transform: ValueFn | null = null;
  if (spec.transform !== undefined) {
    const def = TRANSFORMS[spec.transform];
    if (!def) {
      env.errors.push(
        `${at}.transform: 没有名为“${spec.transform}”的转换（可用：${Object.keys(TRANSFORMS).join('、')}）`,
      );
    } else {
      try {
        transform = def.compile(spec.args ?? {}, env);
      } catch (error) {
        env.errors.push(`${at}.args: ${(error as Error).message}`);
      }
    }
  } else if (spec.args !== undefined && spec.compute === undefined) {
    env.errors.push(`${at}.args: 只有 transform 或 compute 才有参数`);
  }
  let lookup: ValueFn | null = null;
  if (spec.dictionary !== undefined) {
    const dictionary = env.dictionaries.get(spec.dictionary);
    if (!dictionary) env.errors.push(`${at}.dictionary: 代码表“${spec.dictionary}”未定义`);
    else lookup = compileDictionaryLookup(dictionary);
  }
  const required = spec.required === true;
  if (!transform && !lookup && !required) return source;
  const { get, ref } = source;
  return {
    get: (scope, run) => {
      let value = get(scope, run);
      if (transform) value = transform(value, run, ref, scope);
      if (lookup) value = lookup(value, run, ref, scope);
      if (required && isEmptyValue(value)) run.out.add(problems.missingRequired(ref(scope)));
      return value;
    },
    ref,
  };
}
