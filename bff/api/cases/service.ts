/** What the case routes call: the caller's cases, one of them, and the anonymous lookup. No HTTP here. */
import type { CaseListResponse, CaseLookupResponse } from '../contracts/cases.js';
import { decodeCursor, encodeCursor } from '../shared/cursor.js';
import type { Sql } from '../../store/types.js';
import { evaluableCases } from '../evaluations/evaluable.js';
import type { EvaluationsConfig } from '../evaluations/config.js';
import type { CaseLookupConfig } from './config.js';
import { caseSummary, lookupAnswer, ownerCaseDetail, type OwnerCaseDetail } from './present.js';
import { selectLookupCandidate, selectMyCase, selectMyCasesPage, type CaseFilter } from './queries.js';
import { nameTailMatches, normalizeQueryCode, queryCodeFor, sameText } from './second-factor.js';

export interface CaseServiceDeps {
  sql: Sql;
  /** Keyed-hash secret (config.piiHashKey or the embedded one); without it no 查询码 can exist. */
  piiHashKey: string | undefined;
  lookup: CaseLookupConfig;
  /**
   * When a case may be rated (config.evaluations), for `canEvaluate`: the tracker's 评价 button. The
   * same rules as the form (bff/api/evaluations/eligibility.ts); absent, the defaults apply.
   */
  evaluationRules?: Pick<EvaluationsConfig, 'atServiceNodes' | 'followUpWindowDays'>;
}

const DEFAULT_RATING_RULES = { atServiceNodes: false, followUpWindowDays: 15 };

/** The keys' cases among `projectNos` that may be rated now (one query for a page). */
function evaluable(deps: CaseServiceDeps, projectNos: readonly string[], keys: readonly string[]) {
  return evaluableCases(deps.sql, projectNos, keys, deps.evaluationRules ?? DEFAULT_RATING_RULES);
}

const EMPTY_COUNTS = { all: 0, inProgress: 0, completed: 0, needsAction: 0 };

export async function listMyCases(
  deps: CaseServiceDeps,
  keys: readonly string[],
  options: { filter: CaseFilter; cursor: string | undefined; limit: number },
): Promise<CaseListResponse> {
  const scope = `cases:${options.filter}`;
  const after = options.cursor ? decodeCursor(options.cursor, scope, 2) : null;
  // A registered user without real-name data has no key: logged in, but no cases can be theirs.
  if (keys.length === 0) return { cases: [], nextCursor: null, counts: EMPTY_COUNTS };
  const { rows, counts } = await selectMyCasesPage(deps.sql, keys, {
    filter: options.filter,
    after: after ? { sortKey: String(after[0]), projectNo: String(after[1]) } : null,
    limit: options.limit + 1,
  });
  const page = rows.slice(0, options.limit);
  const last = page.at(-1);
  const rules = deps.evaluationRules ?? DEFAULT_RATING_RULES;
  // Unfinished cases can be rated only at service nodes (config); otherwise they are not asked about.
  const candidates = page.filter((row) => rules.atServiceNodes || row.completed_at !== null);
  const open = await evaluable(
    deps,
    candidates.map((row) => row.project_no),
    keys,
  );
  return {
    cases: page.map((row) => ({ ...caseSummary(row), canEvaluate: open.has(row.project_no) })),
    nextCursor: rows.length > options.limit && last ? encodeCursor(scope, [last.sort_key, last.project_no]) : null,
    counts,
  };
}

export async function myCaseDetail(
  deps: CaseServiceDeps,
  keys: readonly string[],
  projectNo: string,
): Promise<OwnerCaseDetail | undefined> {
  if (keys.length === 0) return undefined;
  const found = await selectMyCase(deps.sql, keys, projectNo);
  if (!found) return undefined;
  const { row } = found;
  const queryCode =
    deps.lookup.secondFactor === 'query_code' && deps.piiHashKey
      ? (row.supplied_query_code ?? queryCodeFor(row.project_no, deps.piiHashKey))
      : undefined;
  const detail = ownerCaseDetail(row, found, queryCode);
  detail.canEvaluate = (await evaluable(deps, [row.project_no], keys)).has(row.project_no);
  return detail;
}

const STAND_IN_HASH = '0'.repeat(64);

export type LookupInput =
  { projectNo: string; queryCode: string } | { projectNo: string; applicantName: string; idTail: string };

/**
 * The case when the second factor matches, else undefined — the same undefined for "no such case"
 * and "wrong factor", after the same work: a missing case is checked against a stand-in.
 */
export async function lookupCase(deps: CaseServiceDeps, input: LookupInput): Promise<CaseLookupResponse | undefined> {
  const found = await selectLookupCandidate(deps.sql, input.projectNo);
  const candidate = found?.row;
  let matches: boolean;
  if ('queryCode' in input) {
    // Without the key no code can have been handed out; the stand-in keeps the work the same.
    const key = deps.piiHashKey ?? 'no-key-configured';
    const expected = candidate?.supplied_query_code ?? queryCodeFor(input.projectNo, key);
    matches = sameText(normalizeQueryCode(expected), normalizeQueryCode(input.queryCode)) && Boolean(candidate);
    if (!deps.piiHashKey && !candidate?.supplied_query_code) matches = false;
  } else {
    matches =
      nameTailMatches(
        {
          // A missing case still goes through the hash comparison, against a value nothing matches.
          applicantLookupHash: candidate ? candidate.applicant_lookup_hash : STAND_IN_HASH,
          applicantNameMasked: candidate?.applicant_name_masked ?? '',
          applicantIdMasked: candidate?.applicant_id_masked ?? null,
          naturalPerson: !candidate?.applicant_type || candidate.applicant_type === 'natural',
        },
        input,
        deps.lookup.idTailLength,
        deps.piiHashKey,
      ) && Boolean(candidate);
  }
  if (!found || !matches) return undefined;
  return lookupAnswer(found.row, found);
}
