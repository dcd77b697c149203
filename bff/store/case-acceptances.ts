/**
 * Writing a case acceptance (办件受理) without ever storing the applicant's ID number: the raw number
 * goes in, only its keyed hash and masked form come out (bff/privacy/pii.ts). The sync's batch
 * upserts follow the same rule; this helper is the reference and what tests and fixtures use.
 */
import { applicantKeyHash, maskIdNumber, maskName, maskPhone } from '../privacy/pii.js';
import type { Sql } from './types.js';

export interface CaseAcceptanceInput {
  projectNo: string;
  itemCode: string;
  itemName?: string;
  applicant: {
    /** 申请人名称; masked unless the applicant is a legal person (whose name is public). */
    name: string;
    /** 身份证号 / 统一社会信用代码 as received — hashed and masked here, never stored. */
    idNumber: string;
    idTypeRaw?: string;
    /** GA/T 2000.156 three-digit code after mapping (111 居民身份证, 001 统一社会信用代码). */
    idType?: string;
    typeRaw?: string;
    type?: 'natural' | 'enterprise' | 'institution' | 'social_org' | 'unincorporated' | 'government' | 'other_org';
  };
  contact?: { name?: string; idNumber?: string; mobile?: string };
  projectTypeRaw?: string;
  projectType?: 'immediate' | 'promised' | 'other';
  deptCreditCode?: string;
  deptName?: string;
  regionCode?: string;
  appliedAt?: Date;
  acceptedAt?: Date;
  promisedAt?: Date;
  source: string;
  sourceRowGuid?: string;
  /** cd_time: a row older than the stored one is ignored (late or replayed delivery). */
  sourceChangedAt?: Date;
}

export interface PiiKey {
  /** Config.piiHashKey: the HMAC key for ID numbers. */
  piiHashKey: string;
}

/** Inserts or updates by project_no; returns false when a newer version is already stored. */
export async function writeCaseAcceptance(
  sql: Sql,
  input: CaseAcceptanceInput,
  { piiHashKey }: PiiKey,
): Promise<boolean> {
  const { applicant, contact } = input;
  const isNaturalPerson = applicant.type === undefined || applicant.type === 'natural';
  const values: Record<string, unknown> = {
    project_no: input.projectNo,
    item_code: input.itemCode,
    item_name: input.itemName ?? null,
    applicant_name_masked: isNaturalPerson ? maskName(applicant.name) : applicant.name.trim(),
    applicant_type_raw: applicant.typeRaw ?? null,
    applicant_type: applicant.type ?? null,
    applicant_id_type_raw: applicant.idTypeRaw ?? null,
    applicant_id_type: applicant.idType ?? null,
    applicant_key_hash: applicantKeyHash(applicant.idNumber, piiHashKey),
    applicant_id_masked: maskIdNumber(applicant.idNumber),
    contact_name_masked: contact?.name ? maskName(contact.name) : null,
    contact_key_hash: contact?.idNumber ? applicantKeyHash(contact.idNumber, piiHashKey) : null,
    contact_id_masked: contact?.idNumber ? maskIdNumber(contact.idNumber) : null,
    contact_mobile_masked: contact?.mobile ? maskPhone(contact.mobile) : null,
    project_type_raw: input.projectTypeRaw ?? null,
    project_type: input.projectType ?? null,
    dept_credit_code: input.deptCreditCode ?? null,
    dept_name: input.deptName ?? null,
    region_code: input.regionCode ?? null,
    applied_at: input.appliedAt ?? null,
    accepted_at: input.acceptedAt ?? null,
    promised_at: input.promisedAt ?? null,
    source: input.source,
    source_row_guid: input.sourceRowGuid ?? null,
    source_changed_at: input.sourceChangedAt ?? null,
  };
  const columns = Object.keys(values);
  const placeholders = columns.map((_, index) => `$${index + 1}`);
  const updates = columns
    .filter((column) => column !== 'project_no')
    .map((column) => `${column} = EXCLUDED.${column}`)
    .concat('updated_at = now()', 'synced_at = now()');
  const result = await sql.query(
    `INSERT INTO case_acceptances (${columns.join(', ')}) VALUES (${placeholders.join(', ')})
     ON CONFLICT (project_no) DO UPDATE SET ${updates.join(', ')}
     WHERE case_acceptances.source_changed_at IS NULL
        OR EXCLUDED.source_changed_at IS NULL
        OR EXCLUDED.source_changed_at >= case_acceptances.source_changed_at`,
    Object.values(values),
  );
  return (result.affectedRows ?? 0) > 0;
}
