/**
 * Deterministic demo applicants whose cases the simulator keeps moving, so a demo login sees progress.
 * The dev auth platform (`bff/dev/auth-platform/accounts.ts`) imports these to build its demo accounts:
 * match on `idNumber` (自然人) or `creditCode` (法人). All numbers are fictitious with valid check chars.
 */
import { buildUscc, idCheckDigit } from './check-codes.js';

export interface DemoPerson {
  key: string;
  kind: 'person';
  name: string;
  /** 证件类型 c.8: 111 居民身份证 */
  idType: '111';
  idNumber: string;
  mobile: string;
  /** 12-digit area code of the residence. */
  areaCode: string;
  address: string;
  /** Whether the person has registered at the unified auth platform (for the dev login). */
  registered: boolean;
}

export interface DemoCompany {
  key: string;
  kind: 'company';
  name: string;
  creditCode: string;
  legalRepresentative: string;
  /** 经办人 who logs in on behalf of the company. */
  agent: { name: string; idType: '111'; idNumber: string; mobile: string };
  areaCode: string;
  address: string;
  registered: boolean;
}

export type DemoApplicant = DemoPerson | DemoCompany;

const withCheck = (first17: string): string => first17 + idCheckDigit(first17);

export const DEMO_APPLICANTS: readonly DemoApplicant[] = [
  {
    key: 'zhangsan',
    kind: 'person',
    name: '张三',
    idType: '111',
    idNumber: withCheck('23010219880315123'),
    mobile: '13800451001',
    areaCode: '230102000000',
    address: '黑龙江省哈尔滨市道里区中央大街示范小区1单元101室',
    registered: true,
  },
  {
    key: 'lisi',
    kind: 'person',
    name: '李四',
    idType: '111',
    idNumber: withCheck('23010319920708234'),
    mobile: '13900451002',
    areaCode: '230103000000',
    address: '黑龙江省哈尔滨市南岗区学府路示范小区2单元202室',
    registered: true,
  },
  {
    key: 'bingcheng',
    kind: 'company',
    name: '黑龙江冰城示范科技有限公司',
    creditCode: buildUscc('9', '1', '230109', 'MA1DEM01'),
    legalRepresentative: '王五',
    agent: { name: '赵六', idType: '111', idNumber: withCheck('23010919900101345'), mobile: '13700451003' },
    areaCode: '230109000000',
    address: '黑龙江省哈尔滨市松北区世茂大道示范科技园8号',
    registered: true,
  },
];

export function demoApplicantByKey(key: string): DemoApplicant | undefined {
  return DEMO_APPLICANTS.find((applicant) => applicant.key === key);
}
