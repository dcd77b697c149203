/**
 * Implementing departments (实施主体) of 黑龙江省 at province, prefecture and county level. Names follow
 * the real naming patterns (省厅 / 市局 / 区县局, 公安分局, 生态环境分局 after the vertical reform); the
 * 统一社会信用代码 are generated deterministically and are fictitious: the 9-char 主体标识码 always starts
 * with "GD" (GovDock), with a correct GB 11714 and GB 32100 check character so validators accept them.
 */
import { buildUscc, USCC_ALPHABET } from './check-codes.js';
import { COUNTIES, type Division, PREFECTURES, PROVINCE } from './divisions.js';
import { hashInts } from './prng.js';

export type DeptKey =
  | 'psb'
  | 'hrss'
  | 'medins'
  | 'hpf'
  | 'amr'
  | 'ca'
  | 'hc'
  | 'tr'
  | 'nr'
  | 'tax'
  | 'edu'
  | 'com'
  | 'ct'
  | 'ee'
  | 'hud'
  | 'em'
  | 'ag'
  | 'wr'
  | 'jus'
  | 'va'
  | 'fire'
  | 'dr';

interface DeptKind {
  key: DeptKey;
  /** 2-digit 中央业务指导部门 code used in 主项代码 (fictitious numbering, stable). */
  ministryCode: string;
  province: string;
  /** City-level name from the prefecture name, or null when the kind has no office there. */
  city: ((pref: Division) => string) | null;
  /** County-level name, or null when counties are served by the city office. */
  county: ((county: Division, pref: Division) => string) | null;
  /** USCC 机构类别: 1 机关, 2 事业单位. */
  category: '1' | '2';
  shortName: string;
}

const cityStem = (pref: Division): string => pref.name.replace(/地区$/, '');
const countyLocal = (county: Division, pref: Division): string =>
  county.isDistrict ? pref.name + county.name : county.name;

export const DEPT_KINDS: readonly DeptKind[] = [
  {
    key: 'psb',
    ministryCode: '11',
    province: '黑龙江省公安厅',
    city: (p) => `${p.name}公安局`,
    county: (c, p) => (c.isDistrict ? `${p.name}公安局${c.name.replace(/区$/, '')}分局` : `${c.name}公安局`),
    category: '1',
    shortName: '公安',
  },
  {
    key: 'hrss',
    ministryCode: '15',
    province: '黑龙江省人力资源和社会保障厅',
    city: (p) => `${p.name}人力资源和社会保障局`,
    county: (c, p) => `${countyLocal(c, p)}人力资源和社会保障局`,
    category: '1',
    shortName: '人社',
  },
  {
    key: 'medins',
    ministryCode: '44',
    province: '黑龙江省医疗保障局',
    city: (p) => `${p.name}医疗保障局`,
    county: (c, p) => `${countyLocal(c, p)}医疗保障局`,
    category: '1',
    shortName: '医保',
  },
  {
    key: 'hpf',
    ministryCode: '18',
    province: '黑龙江省住房公积金管理中心',
    city: (p) => `${cityStem(p).replace(/市$/, '')}住房公积金管理中心`,
    county: null,
    category: '2',
    shortName: '公积金',
  },
  {
    key: 'amr',
    ministryCode: '32',
    province: '黑龙江省市场监督管理局',
    city: (p) => `${p.name}市场监督管理局`,
    county: (c, p) => `${countyLocal(c, p)}市场监督管理局`,
    category: '1',
    shortName: '市场监管',
  },
  {
    key: 'ca',
    ministryCode: '13',
    province: '黑龙江省民政厅',
    city: (p) => `${p.name}民政局`,
    county: (c, p) => `${countyLocal(c, p)}民政局`,
    category: '1',
    shortName: '民政',
  },
  {
    key: 'hc',
    ministryCode: '25',
    province: '黑龙江省卫生健康委员会',
    city: (p) => `${p.name}卫生健康委员会`,
    county: (c, p) => `${countyLocal(c, p)}卫生健康局`,
    category: '1',
    shortName: '卫健',
  },
  {
    key: 'tr',
    ministryCode: '20',
    province: '黑龙江省交通运输厅',
    city: (p) => `${p.name}交通运输局`,
    county: (c, p) => `${countyLocal(c, p)}交通运输局`,
    category: '1',
    shortName: '交通',
  },
  {
    key: 'nr',
    ministryCode: '16',
    province: '黑龙江省自然资源厅',
    city: (p) => (p.code6 === '230100' ? '哈尔滨市自然资源和规划局' : `${p.name}自然资源局`),
    county: (c, p) => (c.isDistrict ? `${p.name}自然资源局${c.name}分局` : `${c.name}自然资源局`),
    category: '1',
    shortName: '自然资源',
  },
  {
    key: 'tax',
    ministryCode: '36',
    province: '国家税务总局黑龙江省税务局',
    city: (p) => `国家税务总局${p.name}税务局`,
    county: (c, p) => `国家税务总局${countyLocal(c, p)}税务局`,
    category: '1',
    shortName: '税务',
  },
  {
    key: 'edu',
    ministryCode: '12',
    province: '黑龙江省教育厅',
    city: (p) => `${p.name}教育局`,
    county: (c, p) => `${countyLocal(c, p)}教育局`,
    category: '1',
    shortName: '教育',
  },
  {
    key: 'com',
    ministryCode: '23',
    province: '黑龙江省商务厅',
    city: (p) => `${p.name}商务局`,
    county: (c, p) => `${countyLocal(c, p)}商务局`,
    category: '1',
    shortName: '商务',
  },
  {
    key: 'ct',
    ministryCode: '24',
    province: '黑龙江省文化和旅游厅',
    city: (p) => `${p.name}文化广电和旅游局`,
    county: (c, p) => `${countyLocal(c, p)}文体广电和旅游局`,
    category: '1',
    shortName: '文旅',
  },
  {
    key: 'ee',
    ministryCode: '17',
    province: '黑龙江省生态环境厅',
    city: (p) => `${p.name}生态环境局`,
    county: (c, p) => `${p.name}生态环境局${c.name.replace(/(区|县|市)$/, '')}分局`,
    category: '1',
    shortName: '生态环境',
  },
  {
    key: 'hud',
    ministryCode: '19',
    province: '黑龙江省住房和城乡建设厅',
    city: (p) => `${p.name}住房和城乡建设局`,
    county: (c, p) => `${countyLocal(c, p)}住房和城乡建设局`,
    category: '1',
    shortName: '住建',
  },
  {
    key: 'em',
    ministryCode: '45',
    province: '黑龙江省应急管理厅',
    city: (p) => `${p.name}应急管理局`,
    county: (c, p) => `${countyLocal(c, p)}应急管理局`,
    category: '1',
    shortName: '应急',
  },
  {
    key: 'ag',
    ministryCode: '21',
    province: '黑龙江省农业农村厅',
    city: (p) => `${p.name}农业农村局`,
    county: (c, p) => `${countyLocal(c, p)}农业农村局`,
    category: '1',
    shortName: '农业农村',
  },
  {
    key: 'wr',
    ministryCode: '22',
    province: '黑龙江省水利厅',
    city: (p) => `${p.name}水务局`,
    county: (c, p) => `${countyLocal(c, p)}水务局`,
    category: '1',
    shortName: '水利',
  },
  {
    key: 'jus',
    ministryCode: '14',
    province: '黑龙江省司法厅',
    city: (p) => `${p.name}司法局`,
    county: (c, p) => `${countyLocal(c, p)}司法局`,
    category: '1',
    shortName: '司法',
  },
  {
    key: 'va',
    ministryCode: '46',
    province: '黑龙江省退役军人事务厅',
    city: (p) => `${p.name}退役军人事务局`,
    county: (c, p) => `${countyLocal(c, p)}退役军人事务局`,
    category: '1',
    shortName: '退役军人',
  },
  {
    key: 'fire',
    ministryCode: '47',
    province: '黑龙江省消防救援总队',
    city: (p) => `${p.name}消防救援支队`,
    county: (c, p) => `${countyLocal(c, p)}消防救援大队`,
    category: '1',
    shortName: '消防',
  },
  {
    key: 'dr',
    ministryCode: '10',
    province: '黑龙江省发展和改革委员会',
    city: (p) => `${p.name}发展和改革委员会`,
    county: (c, p) => `${countyLocal(c, p)}发展和改革局`,
    category: '1',
    shortName: '发改',
  },
];

const KIND_BY_KEY = new Map(DEPT_KINDS.map((k, i) => [k.key, { kind: k, index: i }]));

export interface Department {
  key: DeptKey;
  name: string;
  shortName: string;
  creditCode: string;
  /** 组织机构代码 (the 9 chars inside the USCC). */
  orgCode: string;
  division: Division;
  /** 行使层级 c.3: 2 省级, 3 市级, 4 县级. */
  useLevel: '2' | '3' | '4';
  /** 实施主体性质 c.4: 1 法定机关, 2 授权组织 (公积金中心 is an authorised organisation). */
  deptType: '1' | '2';
  ministryCode: string;
}

function deptName(kind: DeptKind, division: Division): string | null {
  if (division.level === 'province') return kind.province;
  if (division.level === 'prefecture') return kind.city ? kind.city(division) : null;
  const pref = PREFECTURES.find((p) => p.code === division.parentCode);
  if (!pref || !kind.county) return null;
  return kind.county(division, pref);
}

function fictitiousBody(kindIndex: number, division: Division): string {
  let h = hashInts(0x60d0c, kindIndex, Number(division.code6));
  let body = 'GD';
  for (let i = 0; i < 6; i += 1) {
    body += USCC_ALPHABET[h % 31];
    h = Math.floor(h / 31) ^ hashInts(h, i);
    h >>>= 0;
  }
  return body;
}

const cache = new Map<string, Department | null>();

/** The department of `key` in `division`, or null when that kind has no office at that level. */
export function departmentFor(key: DeptKey, division: Division): Department | null {
  const cacheKey = `${key}:${division.code}`;
  const hit = cache.get(cacheKey);
  if (hit !== undefined) return hit;
  const entry = KIND_BY_KEY.get(key);
  if (!entry) throw new Error(`unknown department kind ${key}`);
  const name = deptName(entry.kind, division);
  let dept: Department | null = null;
  if (name) {
    const body8 = fictitiousBody(entry.index, division);
    const creditCode = buildUscc('1', entry.kind.category, division.code6, body8);
    dept = {
      key,
      name,
      shortName: entry.kind.shortName,
      creditCode,
      orgCode: creditCode.slice(8, 17),
      division,
      useLevel: division.level === 'province' ? '2' : division.level === 'prefecture' ? '3' : '4',
      deptType: entry.kind.category === '2' ? '2' : '1',
      ministryCode: entry.kind.ministryCode,
    };
  }
  cache.set(cacheKey, dept);
  return dept;
}

/** Every department that exists, province first, then each prefecture with its counties. */
export function* allDepartments(): Generator<Department> {
  const divisions = [PROVINCE, ...PREFECTURES, ...COUNTIES];
  for (const division of divisions) {
    for (const kind of DEPT_KINDS) {
      const dept = departmentFor(kind.key, division);
      if (dept) yield dept;
    }
  }
}

export function ministryCodeOf(key: DeptKey): string {
  const entry = KIND_BY_KEY.get(key);
  if (!entry) throw new Error(`unknown department kind ${key}`);
  return entry.kind.ministryCode;
}
