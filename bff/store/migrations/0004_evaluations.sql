-- Service evaluations (好差评, data-standards b.3 and c.13). The two satisfaction code orders in use
-- are reversed — GB/T 39046 A.8 has 1 = 非常满意, the national 好差评 interface has 1 = 非常不满意 —
-- so every stored value carries its scheme, and satisfaction_level is normalised to 5 = 非常满意.
-- A CHECK ties level to raw + scheme so the two cannot drift apart.

CREATE TABLE evaluations (
  id                      uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_no              text NOT NULL,
  service_number          text,
  item_code               text,
  item_name               text,
  dept_credit_code        text,
  dept_name               text,
  region_code             text CHECK (region_code ~ '^[0-9]{12}$'),
  assess_number           smallint NOT NULL DEFAULT 1 CHECK (assess_number IN (1, 2)),
  satisfaction_raw        text NOT NULL CHECK (satisfaction_raw ~ '^[1-5]$'),
  satisfaction_scheme     text NOT NULL CHECK (satisfaction_scheme IN ('gbt39046', 'hcp-national')),
  satisfaction_level      smallint NOT NULL CHECK (satisfaction_level BETWEEN 1 AND 5),
  is_negative             boolean GENERATED ALWAYS AS (satisfaction_level <= 2) STORED,
  indicator_codes         text[] NOT NULL DEFAULT '{}',
  text                    text,
  channel_raw             text,
  channel                 text CHECK (channel IN ('pc', 'mobile', 'qr_code', 'hall_tablet', 'hall_terminal', 'phone',
                                                  'sms', 'system_default')),
  evaluator_name_masked   text,
  evaluator_key_hash      key_hash,
  evaluator_type_raw      text,
  evaluator_type          text CHECK (evaluator_type IN ('natural', 'enterprise', 'institution', 'social_org',
                                                         'unincorporated', 'government', 'other_org')),
  -- Set when the evaluation was given through our widget by a logged-in user.
  user_issuer             text,
  user_subject            text,
  review_status_raw       text,
  review_status           text CHECK (review_status IN ('not_required', 'approved', 'pending')),
  is_public               boolean,
  is_anonymous            boolean,
  rectification_status    text CHECK (rectification_status IN ('pending', 'in_progress', 'rectified', 'revisited')),
  rectification_text      text,
  rectified_at            timestamptz,
  revisit_result          text,
  revisited_at            timestamptz,
  evaluated_at            timestamptz NOT NULL,
  source                  text NOT NULL,
  source_row_guid         text,
  source_changed_at       timestamptz,
  source_batch            text,
  synced_at               timestamptz NOT NULL DEFAULT now(),
  created_at              timestamptz NOT NULL DEFAULT now(),
  updated_at              timestamptz NOT NULL DEFAULT now(),
  UNIQUE (source, source_row_guid),
  CONSTRAINT evaluations_level_matches_scheme CHECK (
    satisfaction_level = CASE
      WHEN satisfaction_raw !~ '^[1-5]$' THEN NULL
      WHEN satisfaction_scheme = 'gbt39046' THEN 6 - satisfaction_raw::smallint
      ELSE satisfaction_raw::smallint
    END
  )
);
COMMENT ON TABLE evaluations IS '好差评 评价: one row per evaluation (首次评价 assess_number 1, 追评 2)';
COMMENT ON COLUMN evaluations.satisfaction_raw IS '满意度代码 exactly as received, read with satisfaction_scheme';
COMMENT ON COLUMN evaluations.satisfaction_scheme IS 'gbt39046: 1 非常满意 … 5 非常不满意; hcp-national: 1 非常不满意 … 5 非常满意';
COMMENT ON COLUMN evaluations.satisfaction_level IS 'normalised: 5 非常满意, 4 满意, 3 基本满意, 2 不满意, 1 非常不满意';
COMMENT ON COLUMN evaluations.is_negative IS '差评 = 不满意 + 非常不满意';
COMMENT ON COLUMN evaluations.indicator_codes IS '测评内容代码 (evalDetail), distributed by the national system';
COMMENT ON COLUMN evaluations.channel IS '评价渠道 pf: 1 PC端 … 7 短信 (Zhejiang: 6 短信, 7 系统默认评价)';
COMMENT ON COLUMN evaluations.rectification_status IS '差评整改: 待整改 pending / 整改中 in_progress / 已整改 rectified / 已回访 revisited';
CREATE INDEX evaluations_case_idx ON evaluations (project_no, assess_number);
CREATE INDEX evaluations_dept_idx ON evaluations (dept_credit_code, evaluated_at DESC);
CREATE INDEX evaluations_item_idx ON evaluations (item_code, evaluated_at DESC);
CREATE INDEX evaluations_user_idx ON evaluations (user_issuer, user_subject) WHERE user_subject IS NOT NULL;
CREATE INDEX evaluations_rectification_idx ON evaluations (rectification_status)
  WHERE is_negative AND rectification_status IS DISTINCT FROM 'revisited';
