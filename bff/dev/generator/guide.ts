/**
 * 办事指南 text composed from a catalogue item, its department and region: plain Chinese the way real
 * guides read (受理条件, 办理流程, 材料, 收费, 常见问题, 地点, 时间, 电话). Deterministic: no randomness
 * beyond hashes of the department, so a department's phone number is the same on every item.
 */
import { type CatalogItem, TASK_TYPE_NAMES } from './catalog.js';
import type { Department } from './departments.js';
import { phoneAreaCode } from './divisions.js';
import { hashInts } from './prng.js';

/** Fictitious host (RFC 2606 `.example`) so generated links can never hit a real government site. */
export const PORTAL = 'https://zwfw.hlj.example';
export const MOBILE_PORTAL = 'https://m.zwfw.hlj.example';

const STREETS = ['中山路', '友谊路', '建设街', '人民大街', '长江路', '黄河路', '文化路', '新华路', '和平路', '光明街'];

export function deptPhone(dept: Department, purpose: number): string {
  const area = phoneAreaCode(dept.division);
  const h = hashInts(0x7e1, purpose, Number(dept.creditCode.slice(2, 8)), dept.creditCode.charCodeAt(12));
  // 哈尔滨 (0451) has 8-digit local numbers; the other cities of the province use 7 digits.
  const local = area === '0451' ? String(80000000 + (h % 9999999)) : String(2000000 + (h % 7999999));
  return `${area}-${local}`;
}

export function serviceHallAddress(dept: Department): string {
  const division = dept.division;
  const h = hashInts(0xadd, Number(division.code6));
  const street = STREETS[h % STREETS.length] as string;
  const no = 1 + (h % 300);
  const hall = division.level === 'province' ? '黑龙江省政务服务中心' : `${division.fullName}政务服务中心`;
  const window = 1 + (hashInts(0x3d, dept.creditCode.charCodeAt(10), dept.creditCode.charCodeAt(11)) % 40);
  return `${division.fullName}${street}${no}号${hall}${dept.shortName}窗口（${window}号窗口）`;
}

export const TRANSACT_TIME = '工作日上午8:30—11:30，下午13:30—17:00（法定节假日除外；5月1日至9月30日下午13:30—17:30）';

export function acceptCondition(item: CatalogItem): string {
  const who =
    item.audience === 'P'
      ? '申请人为具有完全民事行为能力的自然人（无民事行为能力或限制民事行为能力的，由其监护人代为申请）'
      : item.audience === 'L'
        ? '申请人为依法设立的法人或其他组织，由法定代表人（负责人）或其委托的经办人办理'
        : '申请人为自然人、法人或其他组织；委托他人办理的，应出具授权委托书';
  switch (item.taskType) {
    case '02':
      return `1.当事人存在违反${item.law}规定的行为，且事实清楚、证据确凿；2.依法应当给予行政处罚；3.已告知当事人拟作出处罚的事实、理由、依据及陈述、申辩、要求听证的权利。`;
    case '03':
      return `1.有证据证明当事人的行为或者物品违反${item.law}规定，需要采取行政强制措施；2.经行政机关负责人批准（情况紧急的，事后补办批准手续）；3.由两名以上执法人员实施。`;
    case '06':
      return `依据${item.law}，按照"双随机、一公开"抽查计划或投诉举报线索对检查对象开展检查，检查人员不少于两人并出示执法证件。`;
    default:
      return `1.${who}；2.符合${item.law}规定的${TASK_TYPE_NAMES[item.taskType] ?? ''}条件；3.提交的申请材料齐全、真实、有效，符合法定形式；4.申请事项属于本机关职责范围。`;
  }
}

export function handleFlow(item: CatalogItem): string {
  if (item.taskType === '02') {
    return '1.立案：对发现的违法行为登记立案；2.调查取证：两名以上执法人员调查，制作笔录；3.告知：告知拟处罚内容及陈述申辩、听证权利；4.决定：负责人审查后作出处罚决定；5.送达：七日内送达行政处罚决定书；6.执行：当事人履行或依法强制执行。';
  }
  if (item.taskType === '06') {
    return '1.制定检查计划；2.实施检查并制作检查记录；3.告知检查结果，发现问题的责令整改；4.整改复查；5.检查结果依法公示。';
  }
  if (item.projectType === '1') {
    return `1.申请：申请人通过政务服务网、移动端或到${item.dept === 'tax' ? '办税服务厅' : '政务服务中心窗口'}提交申请；2.受理审核：窗口工作人员当场核验材料；3.办结：材料齐全、符合法定形式的当场办结并出具结果。`;
  }
  const deliver = item.resultName
    ? `5.制证送达：制作${item.resultName}，通过窗口领取或邮政快递送达。`
    : '5.送达：通过窗口或邮政快递送达办理结果。';
  return `1.申请：申请人在线提交或到窗口提交材料；2.受理：材料齐全、符合法定形式的予以受理，不齐全的一次性告知需补正的全部内容；3.审查：对申请材料进行审查，必要时进行现场核查；4.决定：在承诺时限内作出准予或不予办理的决定，不予办理的书面说明理由；${deliver}`;
}

export interface MaterialSpec {
  name: string;
  isNeed: '1' | '2' | '3';
  materialType: '1' | '2' | '3';
  format: '1' | '2' | '3';
  pages: number;
  sourceType: '10' | '20' | '99';
  sourceExplain: string;
  hasForm: boolean;
}

const ISSUED_BY_GOVERNMENT = /证书|证明|执照|许可证|决定书|户口簿|结婚证|身份证|登记证|退役证|残疾人证/;

function material(name: string, isNeed: '1' | '2' | '3' = '1'): MaterialSpec {
  const form = /申请表|申请书|声明|承诺书|委托书|审批表|信息表/.test(name);
  const issued = !form && ISSUED_BY_GOVERNMENT.test(name);
  return {
    name,
    isNeed,
    materialType: form ? '2' : issued ? '1' : '3',
    format: form ? '3' : issued ? '3' : '1',
    pages: form ? 1 : issued ? 1 : 2,
    sourceType: issued ? '20' : form ? '10' : '99',
    sourceExplain: issued ? '政府部门核发' : form ? '申请人自备（可在线下载空白表格）' : '申请人自备',
    hasForm: form,
  };
}

export function materialsFor(item: CatalogItem): MaterialSpec[] {
  if (item.taskType === '02' || item.taskType === '03' || item.taskType === '06') {
    return [material('当事人身份证明或营业执照'), material('陈述、申辩材料（当事人提出时提供）', '2')];
  }
  const list: MaterialSpec[] = [material(`《${item.name}申请表》`)];
  if (item.audience !== 'L') list.push(material('申请人居民身份证'));
  if (item.audience !== 'P') {
    list.push(material('营业执照或统一社会信用代码证书'), material('法定代表人身份证明书'));
  }
  for (const name of item.materials) list.push(material(name));
  list.push(material('授权委托书及受托人居民身份证（委托他人办理时提供）', '2'));
  if (item.projectType === '2' && item.materials.length > 1) list.push(material('其他相关补充材料', '3'));
  return list;
}

export interface Faq {
  question: string;
  answer: string;
}

export function faqsFor(item: CatalogItem, sceneVisits: number): Faq[] {
  const faqs: Faq[] = [
    {
      question: `办理${item.name}需要本人到现场吗？`,
      answer:
        sceneVisits === 0
          ? '可全程网上办理，无需到现场。登录黑龙江政务服务网或移动端，完成实名认证后在线申请即可。'
          : '最多跑一次：网上预审通过后，携带原件到窗口核验一次即可领取结果，也可选择邮寄送达。',
    },
    {
      question: `${item.name}多长时间能办好？`,
      answer:
        item.projectType === '1'
          ? '即办件：材料齐全、符合法定形式的，当场办结。'
          : `法定办结时限为${item.lawDays}个工作日，承诺${item.promiseDays}个工作日内办结（补正材料、听证、检验检测等特别程序时间不计算在内）。`,
    },
    {
      question: `办理${item.name}收费吗？`,
      answer: item.fee ? `收费。${item.fee}，可现场或网上支付。` : '不收费。',
    },
  ];
  if (item.audience !== 'L') {
    faqs.push({
      question: '可以委托他人代为办理吗？',
      answer: '可以。受托人需携带本人居民身份证原件、委托人签字的授权委托书及委托人身份证件。',
    });
  }
  return faqs;
}

export function resultTypeOf(item: CatalogItem): string {
  if (item.resultName) return 'CERTIFICATE';
  if (item.taskType === '01' || item.taskType === '09' || item.taskType === '02') return 'APPROVAL';
  if (item.taskType === '07' || item.taskType === '20') return 'PROOF';
  return 'WORK_RESULT';
}

export function defaultResultName(item: CatalogItem): string {
  if (item.resultName) return item.resultName;
  switch (item.taskType) {
    case '01':
      return '准予行政许可决定书';
    case '02':
      return '行政处罚决定书';
    case '03':
      return '行政强制措施决定书';
    case '04':
      return '税费缴纳凭证';
    case '05':
      return '待遇核定通知书';
    case '06':
      return '检查结果告知书';
    case '08':
      return '表彰奖励决定';
    case '09':
      return '行政裁决书';
    case '10':
      return '备案回执';
    default:
      return '办理结果告知单';
  }
}
