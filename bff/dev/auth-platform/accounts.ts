/**
 * Demo accounts of the development unified-auth platform (统一身份认证平台, 开发环境).
 * Every person, company and number here is fictitious; the check digits are valid only so that
 * validators accept them. All passwords are `demo1234`.
 */
import { demoApplicantByKey, type DemoCompany, type DemoPerson } from '../generator/demo-applicants.js';

/** 'natural' = 自然人, 'legal' = 法人 (the logged-in person acts as 经办人 for an organisation). */
export type UserType = 'natural' | 'legal';

/** 1 = 注册未实名, 2 = 初级实名, 3 = 高级实名 (the Zhejiang `authlevel` scale, common across provinces). */
export type RealNameLevel = 1 | 2 | 3;

/** The claims a provincial platform returns in its user info, under OIDC-style snake_case names. */
export interface PlatformUserClaims {
  readonly preferred_username: string;
  readonly name?: string;
  readonly user_type: UserType;
  readonly real_name_level: RealNameLevel;
  /** GA/T 517 证件类型: '111' 居民身份证; '001' 统一社会信用代码 for 法人 accounts. */
  readonly id_type?: string;
  /** Raw, as the platform has it. GovDock masks it at once (bff/privacy/pii.ts). */
  readonly id_number?: string;
  readonly phone_number?: string;
  readonly org_name?: string;
  readonly credit_code?: string;
  readonly agent_name?: string;
}

export interface DemoAccount {
  /** The OIDC `sub`: a stable 用户编码, never the username, so renaming a login keeps the identity. */
  readonly accountId: string;
  readonly username: string;
  readonly password: string;
  /** Shown on the login page next to the account, in Chinese. */
  readonly description: string;
  readonly claims: PlatformUserClaims;
}

export const DEMO_PASSWORD = 'demo1234';

/**
 * The people and the company come from the front-processor generator's demo applicants, so a
 * demo user who logs in finds "their" cases (matched on ID number or 统一社会信用代码).
 */
function person(key: string): DemoPerson {
  const applicant = demoApplicantByKey(key);
  if (applicant?.kind !== 'person') throw new Error(`demo applicant ${key} (自然人) is missing`);
  return applicant;
}

function company(key: string): DemoCompany {
  const applicant = demoApplicantByKey(key);
  if (applicant?.kind !== 'company') throw new Error(`demo applicant ${key} (法人) is missing`);
  return applicant;
}

function naturalAccount(key: string, accountId: string, level: 2 | 3, levelText: string): DemoAccount {
  const applicant = person(key);
  return {
    accountId,
    username: key,
    password: DEMO_PASSWORD,
    description: `${applicant.name}：自然人，${levelText}`,
    claims: {
      preferred_username: key,
      name: applicant.name,
      user_type: 'natural',
      real_name_level: level,
      id_type: applicant.idType,
      id_number: applicant.idNumber,
      phone_number: applicant.mobile,
    },
  };
}

function legalAccount(key: string, accountId: string): DemoAccount {
  const applicant = company(key);
  return {
    accountId,
    username: key,
    password: DEMO_PASSWORD,
    description: `法人：${applicant.name}，经办人 ${applicant.agent.name}`,
    claims: {
      preferred_username: key,
      // The person at the keyboard is the 经办人; the organisation is in org_name.
      name: applicant.agent.name,
      user_type: 'legal',
      real_name_level: 3,
      // '001' 统一社会信用代码 as holder type, so cases match on one key whatever the user type.
      id_type: '001',
      id_number: applicant.creditCode,
      phone_number: applicant.agent.mobile,
      org_name: applicant.name,
      credit_code: applicant.creditCode,
      agent_name: applicant.agent.name,
    },
  };
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  naturalAccount('zhangsan', 'demo-natural-0001', 3, '高级实名（三级）'),
  naturalAccount('lisi', 'demo-natural-0002', 2, '初级实名（二级）'),
  legalAccount('bingcheng', 'demo-legal-0001'),
  {
    accountId: 'demo-natural-0003',
    username: 'weishiming',
    password: DEMO_PASSWORD,
    description: '已注册、未实名认证的用户（一级）',
    // Platforms return real-name data only from level 2 up, so this account has none; it has no
    // cases either (not a generator applicant).
    claims: {
      preferred_username: 'weishiming',
      user_type: 'natural',
      real_name_level: 1,
      phone_number: '13800000003',
    },
  },
];

export function findDemoAccountById(accountId: string): DemoAccount | undefined {
  return DEMO_ACCOUNTS.find((account) => account.accountId === accountId);
}

export function findDemoAccountByUsername(username: string): DemoAccount | undefined {
  const wanted = username.trim().toLowerCase();
  return DEMO_ACCOUNTS.find((account) => account.username === wanted);
}
