-- Anonymous case lookup by 申请人姓名 + the last N characters of the 证件号码 (issue 6, item 2;
-- bff/api/cases/README.md). A partial ID number cannot be re-hashed into applicant_key_hash, so the
-- sync stores a second keyed hash of exactly what the visitor types: HMAC(name, tail) computed from
-- the raw row (bff/api/cases/second-factor.ts applicantLookupHash, N = caseLookup.idTailLength).
-- NULL until a layout fills it; the lookup then compares the masked forms instead (weaker, so the
-- per-case-number rate limit applies either way).
--
-- case_overview (SELECT a.*) keeps its column list from 0003: readers that need this column join
-- case_acceptances, so no view has to be re-created under other areas' feet.

ALTER TABLE case_acceptances ADD COLUMN applicant_lookup_hash key_hash;
COMMENT ON COLUMN case_acceptances.applicant_lookup_hash IS
  'keyed hash of 申请人名称 + last N chars of 证件号码 (caseLookup.idTailLength) for the anonymous lookup; never the number';

-- The personal space lists "my evaluations" by the caller's ID key hash as well as by platform
-- subject (bff/api/me/my-evaluations.ts); without this that read scans every evaluation.
CREATE INDEX evaluations_evaluator_idx ON evaluations (evaluator_key_hash, evaluated_at DESC)
  WHERE evaluator_key_hash IS NOT NULL;
