/**
 * Fictitious applicants: names from common surnames and given-name characters, 身份证号 with a
 * 黑龙江 area prefix, a plausible birth date and a valid GB 11643 check digit, mobile numbers, and
 * companies with a valid 统一社会信用代码. Any match with a real person is coincidence.
 */
import { buildUscc, idCheckDigit, USCC_ALPHABET } from './check-codes.js';
import type { Division } from './divisions.js';
import type { Random } from './prng.js';

const SURNAMES = [
  ...'王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史',
];
const GIVEN = [
  ...'伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红梅鑫波斌宇浩凯健俊帆帅旭宁欣悦晨阳博文雪丹琳婷颖鹏辉亮成东岩松峰涛志国建春海',
];
const SHOP_WORDS = [
  '兴隆',
  '鑫源',
  '北疆',
  '龙江',
  '冰城',
  '松花江',
  '黑土地',
  '金谷',
  '雪乡',
  '通达',
  '华信',
  '恒昌',
  '宏远',
  '瑞丰',
  '北大荒',
  '兴安',
];
const INDUSTRIES = [
  '商贸',
  '科技',
  '农业发展',
  '建筑工程',
  '餐饮管理',
  '物流',
  '食品',
  '医药',
  '信息技术',
  '文化传媒',
  '装饰工程',
  '汽车服务',
];
const FORMS = ['有限公司', '有限责任公司', '股份有限公司', '农民专业合作社'];
const ROADS = ['中山路', '红旗大街', '学府路', '和平路', '西大直街', '东风路', '友谊路', '建设街', '新阳路', '民主街'];

export function personName(rng: Random): string {
  const surname = rng.pick(SURNAMES);
  return rng.chance(0.35) ? surname + rng.pick(GIVEN) : surname + rng.pick(GIVEN) + rng.pick(GIVEN);
}

/** 18-digit 身份证号: 6-digit area + yyyyMMdd + 3-digit sequence (odd = male) + check digit. */
export function idNumber(rng: Random, area6: string, birthYearMin = 1945, birthYearMax = 2006, male?: boolean): string {
  const year = rng.int(birthYearMin, birthYearMax);
  const month = rng.int(1, 12);
  const day = rng.int(1, 28);
  let seq = rng.int(0, 999);
  const isMale = male ?? rng.chance(0.5);
  if ((seq % 2 === 1) !== isMale) seq = (seq + 1) % 1000;
  const first17 = `${area6}${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${String(seq).padStart(3, '0')}`;
  return first17 + idCheckDigit(first17);
}

export function mobileNumber(rng: Random): string {
  return `1${rng.pick(['3', '5', '7', '8', '9'])}${rng.digits(9)}`;
}

export function companyName(rng: Random, division: Division): string {
  const place = division.fullName.replace(/地区|市|县|区/g, '').slice(0, 3);
  const form = rng.chance(0.92) ? rng.pick(FORMS.slice(0, 3)) : '农民专业合作社';
  return `${place}${rng.pick(SHOP_WORDS)}${rng.pick(INDUSTRIES)}${form}`;
}

/** USCC of an enterprise (登记管理部门 9 工商, 类别 1 企业) with a "MA" body as new registrations have. */
export function enterpriseUscc(rng: Random, area6: string): string {
  let body = 'MA';
  for (let i = 0; i < 6; i += 1) body += USCC_ALPHABET[rng.int(0, 30)];
  return buildUscc('9', '1', area6, body);
}

export function streetAddress(rng: Random, division: Division): string {
  return `${division.fullName}${rng.pick(ROADS)}${rng.int(1, 399)}号${rng.int(1, 30)}单元${rng.int(1, 28)}0${rng.int(1, 6)}室`;
}

/** 邮政编码 of the prefecture (15xxxx/16xxxx in 黑龙江). */
export function zipCodeOf(division: Division): string {
  const zips: Record<string, string> = {
    '2301': '150000',
    '2302': '161000',
    '2303': '158100',
    '2304': '154100',
    '2305': '155100',
    '2306': '163000',
    '2307': '153000',
    '2308': '154000',
    '2309': '154600',
    '2310': '157000',
    '2311': '164300',
    '2312': '152000',
    '2327': '165000',
  };
  return zips[division.code6.slice(0, 4)] ?? '150000';
}
