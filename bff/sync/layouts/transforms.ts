/**
 * The named transforms a layout may apply to a field (`"transform": "date"`) and the named
 * computations over several inputs (`"compute": "maskPersonName"`). They are the only code a layout
 * uses; a province needing something new adds one here, once, for every province.
 *
 * A transform receives the field's value (`''` already turned into null) and returns the library
 * value; a value it cannot read is reported as a RowProblem and becomes null. Personal data never
 * leaves a transform in plain form: ID numbers become keyed hashes or masks (bff/privacy/pii.ts).
 */
import { maskIdNumber, maskName, maskPhone, maskPiiInText } from '../../privacy/pii.js';
// The lookup hash is defined next to the lookup that checks it, so the two cannot drift apart.
import { idTailOf, lookupHashMessage } from '../../api/cases/second-factor.js';
import type { RefOf, Run, Scope } from './run-types.js';
import {
  creditCodeRegion,
  isCreditCode,
  parseAreaCode,
  parseDecimal,
  parseInteger,
  parseJsonText,
  parseSourceDateTime,
  problems,
} from '../validate/index.js';

/** `ref(scope)` names the field, only when a problem is reported. */
export type ValueFn = (value: unknown, run: Run, ref: RefOf, scope: Scope) => unknown;

/** Stream settings some transforms read when compiled. */
export interface TransformEnv {
  satisfactionScheme?: 'gbt39046' | 'hcp-national' | undefined;
}

export interface TransformDef {
  summary: string;
  /** Throws an Error with a Chinese message when the args are wrong. */
  compile(args: Record<string, unknown>, env: TransformEnv): ValueFn;
}

/** Scalar text of a value, or null for objects (a transform of text met a nested list). */
function textOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

function stringList(args: Record<string, unknown>, key: string, fallback: readonly string[]): readonly string[] {
  const value = args[key];
  if (value === undefined) return fallback;
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' && v !== '')) return value as string[];
  throw new Error(`参数 ${key} 须为字符串或字符串数组`);
}

function noArgs(name: string, args: Record<string, unknown>): void {
  const keys = Object.keys(args);
  if (keys.length > 0) throw new Error(`${name} 不接受参数（收到 ${keys.join('、')}）`);
}

const DEFAULT_TRUE = ['1', 'Y', 'y', '是', 'true', 'TRUE', 'T'];
const DEFAULT_FALSE = ['0', 'N', 'n', '否', 'false', 'FALSE', 'F'];

/** I–IV level words as provinces write 网上办理深度: 四级（全程网办）, IV级, 3. */
const DEPTH_WORDS: ReadonlyArray<[RegExp, number]> = [
  [/^(?:IV|Ⅳ|四|4)/, 4],
  [/^(?:III|Ⅲ|三|3)/, 3],
  [/^(?:II|Ⅱ|二|2)/, 2],
  [/^(?:I|Ⅰ|一|1)(?!V)/, 1],
];

export const TRANSFORMS: Readonly<Record<string, TransformDef>> = {
  text: {
    summary: '数字等按文本保存',
    compile: (args) => {
      noArgs('text', args);
      return (value) => (value === null ? null : (textOf(value) ?? JSON.stringify(value)));
    },
  },
  trim: {
    summary: '去掉首尾空白',
    compile: (args) => {
      noArgs('trim', args);
      return (value) => {
        const text = textOf(value)?.trim();
        return text ? text : null;
      };
    },
  },
  int: {
    summary: '整数',
    compile: (args) => {
      noArgs('int', args);
      return (value, run, ref, scope) => {
        if (value === null) return null;
        const text = textOf(value);
        const n = text === null ? null : parseInteger(typeof value === 'number' ? value : text);
        if (n === null) run.out.add(problems.badNumber(ref(scope), value, true));
        return n;
      };
    },
  },
  number: {
    summary: '数字（可有小数）',
    compile: (args) => {
      noArgs('number', args);
      return (value, run, ref, scope) => {
        if (value === null) return null;
        const text = textOf(value);
        const n = text === null ? null : parseDecimal(typeof value === 'number' ? value : text);
        if (n === null) run.out.add(problems.badNumber(ref(scope), value, false));
        return n;
      };
    },
  },
  bool: {
    summary: '是/否：默认 1/0、Y/N、是/否、true/false；args.true / args.false 可改',
    compile: (args) => {
      const yes = new Set(stringList(args, 'true', DEFAULT_TRUE));
      const no = new Set(stringList(args, 'false', DEFAULT_FALSE));
      for (const key of Object.keys(args)) if (key !== 'true' && key !== 'false') throw new Error(`未知参数 ${key}`);
      return (value, run, ref, scope) => {
        if (value === null) return null;
        if (value === true || value === false) return value;
        const text = textOf(value)?.trim() ?? '';
        if (yes.has(text)) return true;
        if (no.has(text)) return false;
        run.out.add(problems.unknownCode(ref(scope), value, '是/否'));
        return null;
      };
    },
  },
  date: {
    summary: '日期时间 → 带时区的 ISO-8601（源时区，保留小数秒）',
    compile: (args) => {
      noArgs('date', args);
      return (value, run, ref, scope) => {
        if (value === null) return null;
        const text = textOf(value);
        const parsed = text === null ? null : parseSourceDateTime(text, run.zone);
        if (parsed?.ok) return parsed.iso;
        run.out.add(problems.badDate(ref(scope), value, parsed?.zero ?? false));
        return null;
      };
    },
  },
  splitList: {
    summary: '多值文本拆成列表（默认按英文或中文逗号、顿号、分号），去空、去重',
    compile: (args) => {
      const separators = stringList(args, 'separator', [',', '，', '、', ';', '；']);
      for (const key of Object.keys(args)) if (key !== 'separator') throw new Error(`未知参数 ${key}`);
      const pattern = new RegExp(separators.map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'));
      return (value) => {
        if (value === null) return [];
        if (Array.isArray(value)) return value;
        const text = textOf(value);
        if (text === null) return [];
        const parts: string[] = [];
        for (const part of text.split(pattern)) {
          const item = part.trim();
          if (item && !parts.includes(item)) parts.push(item);
        }
        return parts;
      };
    },
  },
  keyHash: {
    summary: '证件号码 → 带密钥的散列（pii.applicantKeyHash），原号码不保存',
    compile: (args) => {
      noArgs('keyHash', args);
      return (value, run) => {
        const text = textOf(value)?.trim();
        return text ? run.ctx.keyHash(text) : null;
      };
    },
  },
  maskName: {
    summary: '姓名遮蔽：张**',
    compile: (args) => {
      noArgs('maskName', args);
      return (value) => {
        const text = textOf(value)?.trim();
        return text ? maskName(text) : null;
      };
    },
  },
  maskId: {
    summary: '证件号码遮蔽：1101**********1234',
    compile: (args) => {
      noArgs('maskId', args);
      return (value) => {
        const text = textOf(value)?.trim();
        return text ? maskIdNumber(text) : null;
      };
    },
  },
  maskMobile: {
    summary: '手机号遮蔽：138****5678',
    compile: (args) => {
      noArgs('maskMobile', args);
      return (value) => {
        const text = textOf(value)?.trim();
        return text ? maskPhone(text) : null;
      };
    },
  },
  maskPii: {
    summary: '自由文本中出现的身份证号、手机号遮蔽（办理意见、备注、文字评价等）',
    compile: (args) => {
      noArgs('maskPii', args);
      return (value) => {
        const text = textOf(value);
        return text === null || text === '' ? null : maskPiiInText(text);
      };
    },
  },
  areaCode: {
    summary: '12 位行政区划代码（6 位、9 位右补 0）',
    compile: (args) => {
      noArgs('areaCode', args);
      return (value, run, ref, scope) => {
        if (value === null) return null;
        const code = parseAreaCode(textOf(value) ?? '');
        if (code === null) run.out.add(problems.badAreaCode(ref(scope), value));
        return code;
      };
    },
  },
  creditCode: {
    summary: '18 位统一社会信用代码',
    compile: (args) => {
      noArgs('creditCode', args);
      return (value, run, ref, scope) => {
        if (value === null) return null;
        const text = textOf(value)?.trim() ?? '';
        if (isCreditCode(text)) return text;
        run.out.add(problems.badCreditCode(ref(scope), value));
        return null;
      };
    },
  },
  creditCodeRegion: {
    summary: '统一社会信用代码第 3–8 位（登记管理机关行政区划）→ 12 位区划代码；认不出时为空',
    compile: (args) => {
      noArgs('creditCodeRegion', args);
      return (value) => {
        const text = textOf(value)?.trim();
        return text ? creditCodeRegion(text) : null;
      };
    },
  },
  onlineDepth: {
    summary: '网上办理深度 一级…四级 / I…IV → 1…4；认不出时为空（原文保留在 *_raw）',
    compile: (args) => {
      noArgs('onlineDepth', args);
      return (value) => {
        const text = textOf(value)?.trim();
        if (!text) return null;
        for (const [pattern, level] of DEPTH_WORDS) if (pattern.test(text)) return level;
        return null;
      };
    },
  },
  json: {
    summary: 'JSON 文本 → 对象或数组',
    compile: (args) => {
      noArgs('json', args);
      return (value, run, ref, scope) => {
        if (typeof value !== 'string') return value;
        const parsed = parseJsonText(value);
        if (parsed.ok) return parsed.value;
        run.out.add(problems.badJson(ref(scope), parsed.reason));
        return null;
      };
    },
  },
  satisfactionLevel: {
    summary: '满意度代码 → 统一等级（5 = 非常满意），按数据流的 satisfactionScheme 读',
    compile: (args, env) => {
      noArgs('satisfactionLevel', args);
      const scheme = env.satisfactionScheme;
      if (!scheme) throw new Error('satisfactionLevel 需要数据流写明 satisfactionScheme（gbt39046 或 hcp-national）');
      const list = scheme === 'gbt39046' ? '满意度代码（GB/T 39046 A.8）' : '满意度（国家好差评接口）';
      return (value, run, ref, scope) => {
        if (value === null) return null;
        const text = textOf(value)?.trim() ?? '';
        if (text.length !== 1 || text < '1' || text > '5') {
          run.out.add(problems.unknownCode(ref(scope), value, list));
          return null;
        }
        const n = Number(text);
        // GB/T 39046 A.8 counts from 非常满意; the national 好差评 interface from 非常不满意 (c.13).
        return scheme === 'gbt39046' ? 6 - n : n;
      };
    },
  },
};

export type ComputeFn = (inputs: Readonly<Record<string, unknown>>, run: Run) => unknown;

export interface ComputeDef {
  summary: string;
  inputs: readonly string[];
  compile(args: Record<string, unknown>): ComputeFn;
}

export const COMPUTES: Readonly<Record<string, ComputeDef>> = {
  maskPersonName: {
    summary: '自然人姓名遮蔽，法人名称公开保留；类型认不出时按自然人遮蔽',
    inputs: ['name', 'type'],
    compile: (args) => {
      noArgs('maskPersonName', args);
      return ({ name, type }) => {
        const text = textOf(name ?? null)?.trim();
        if (!text) return null;
        const legalPerson = typeof type === 'string' && type !== 'natural';
        return legalPerson ? text : maskName(text);
      };
    },
  },
  maskNameInText: {
    summary: '文本（如办理摘要“张三申请…”）中的自然人姓名遮蔽，身份证号、手机号一并遮蔽',
    inputs: ['text', 'name', 'type'],
    compile: (args) => {
      noArgs('maskNameInText', args);
      return ({ text, name, type }) => {
        const value = textOf(text ?? null);
        if (!value) return null;
        const person = textOf(name ?? null)?.trim();
        const legalPerson = typeof type === 'string' && type !== 'natural';
        const named = person && !legalPerson ? value.split(person).join(maskName(person)) : value;
        return maskPiiInText(named);
      };
    },
  },
  rectificationStatus: {
    summary: '差评整改状态：已回访 / 已整改 / 待整改；非差评为空',
    inputs: ['level', 'rectification', 'answered'],
    compile: (args) => {
      noArgs('rectificationStatus', args);
      return ({ level, rectification, answered }) => {
        if (answered === true) return 'revisited';
        if (typeof rectification === 'string' && rectification.trim() !== '') return 'rectified';
        return typeof level === 'number' && level <= 2 ? 'pending' : null;
      };
    },
  },
  caseLookupHash: {
    summary:
      '匿名查件的第二因素：申请人名称 + 证件号码后 N 位 → 带密钥的散列；N 取配置 caseLookup.idTailLength（未配置时取 args.idTailLength，默认 6）',
    inputs: ['name', 'idNumber'],
    compile: (args) => {
      const length = args.idTailLength ?? 6;
      if (typeof length !== 'number' || !Number.isInteger(length) || length < 4 || length > 8) {
        throw new Error('参数 idTailLength 须为 4 到 8 之间的整数（与 caseLookup.idTailLength 相同）');
      }
      for (const key of Object.keys(args)) if (key !== 'idTailLength') throw new Error(`未知参数 ${key}`);
      return ({ name, idNumber }, run) => {
        // The API checks the tail the configuration asks for: a different N here would make every
        // synced case unfindable, so the configured N wins over the layout's.
        const tail = run.ctx.caseLookupIdTailLength ?? length;
        const person = textOf(name ?? null)?.trim();
        const id = textOf(idNumber ?? null)?.trim();
        if (!person || !id || id.length < tail) return null;
        // Through the context's keyed hash: the key is the configured one, never one of the layout's.
        return run.ctx.keyHash(lookupHashMessage(person, idTailOf(id, tail), tail));
      };
    },
  },
  join: {
    summary: '把各输入按顺序用 args.separator（默认 ":"）连成文本，空的跳过',
    inputs: [],
    compile: (args) => {
      const separator = args.separator ?? ':';
      if (typeof separator !== 'string') throw new Error('参数 separator 须为字符串');
      for (const key of Object.keys(args)) if (key !== 'separator') throw new Error(`未知参数 ${key}`);
      return (inputs) => {
        let out = '';
        for (const key in inputs) {
          const text = textOf(inputs[key] ?? null);
          if (text === null || text === '') continue;
          out = out === '' ? text : out + separator + text;
        }
        return out === '' ? null : out;
      };
    },
  },
};
