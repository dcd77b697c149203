-- Service items (政务服务事项): the basic catalogue (基本目录) and the implementation list (实施清单 /
-- 办事指南) with its child lists. Field sources: data-standards b.1; code lists c.2–c.12.

CREATE TABLE item_catalog (
  catalog_code          text PRIMARY KEY,
  local_catalog_code    text,
  name                  text NOT NULL,
  task_type_raw         text,
  task_type             text CHECK (task_type IN (
                          'administrative_power', 'licensing', 'penalty', 'coercion', 'levy', 'payment',
                          'inspection', 'confirmation', 'reward', 'adjudication', 'other_power',
                          'internal_approval', 'public_service', 'other')),
  state_raw             text,
  state                 text CHECK (state IN ('active', 'suspended', 'cancelled')),
  version               integer,
  use_level_raw         text,
  use_levels            text[] NOT NULL DEFAULT '{}'
                          CHECK (use_levels <@ ARRAY['national', 'province', 'city', 'county', 'town', 'village', 'tiered']),
  legal_basis           text,
  plan_effective_at     timestamptz,
  plan_cancel_at        timestamptz,
  extra                 jsonb NOT NULL DEFAULT '{}',
  source                text NOT NULL,
  source_row_guid       text,
  source_version        integer,
  source_changed_at     timestamptz,
  source_batch          text,
  synced_at             timestamptz NOT NULL DEFAULT now(),
  UNIQUE (source, source_row_guid)
);
COMMENT ON TABLE item_catalog IS '基本目录 (up_task_directory), keyed by 基本编码';
COMMENT ON COLUMN item_catalog.task_type IS '事项类型, normalised from GB/T 39046 A.1 (01 licensing … 20 public_service) through a per-source dictionary';
COMMENT ON COLUMN item_catalog.use_levels IS '行使层级 (GB/T 39046 A.2), multi-valued';

CREATE TABLE items (
  code                      text PRIMARY KEY,
  task_handle_item          text,
  local_code                text,
  catalog_code              text,
  local_catalog_code        text,
  name                      text NOT NULL,
  version                   integer,
  task_type_raw             text,
  task_type                 text CHECK (task_type IN (
                              'administrative_power', 'licensing', 'penalty', 'coercion', 'levy', 'payment',
                              'inspection', 'confirmation', 'reward', 'adjudication', 'other_power',
                              'internal_approval', 'public_service', 'other')),
  state_raw                 text,
  state                     text CHECK (state IN ('active', 'suspended', 'cancelled')),
  use_level_raw             text,
  use_levels                text[] NOT NULL DEFAULT '{}'
                              CHECK (use_levels <@ ARRAY['national', 'province', 'city', 'county', 'town', 'village', 'tiered']),
  dept_credit_code          text NOT NULL,
  dept_name                 text NOT NULL,
  dept_type_raw             text,
  dept_type                 text CHECK (dept_type IN ('statutory', 'authorised', 'entrusted', 'other')),
  entrusted_dept_name       text,
  region_code               text CHECK (region_code ~ '^[0-9]{12}$'),
  town_code                 text,
  village_code              text,
  power_source_raw          text,
  power_source              text CHECK (power_source IN (
                              'own', 'delegated', 'authorised_by_superior', 'authorised_by_peer',
                              'entrusted_by_superior', 'entrusted_by_peer')),
  service_objects_raw       text,
  service_objects           text[] NOT NULL DEFAULT '{}'
                              CHECK (service_objects <@ ARRAY['natural', 'enterprise', 'institution', 'social_org',
                                                              'unincorporated', 'government', 'other_org']),
  project_type_raw          text,
  project_type              text CHECK (project_type IN ('immediate', 'promised', 'other')),
  statutory_limit           integer,
  statutory_limit_unit_raw  text,
  statutory_limit_unit      text CHECK (statutory_limit_unit IN ('working_day', 'calendar_day', 'month', 'year', 'hour')),
  statutory_limit_note      text,
  promised_limit            integer,
  promised_limit_unit_raw   text,
  promised_limit_unit       text CHECK (promised_limit_unit IN ('working_day', 'calendar_day', 'month', 'year', 'hour')),
  promised_limit_note       text,
  accept_conditions         text,
  handling_flow             text,
  handle_forms_raw          text,
  handle_forms              text[] NOT NULL DEFAULT '{}'
                              CHECK (handle_forms <@ ARRAY['window', 'pc_online', 'mobile_online', 'express', 'other']),
  place                     text,
  hours                     text,
  consult_phone             text,
  consult_way               text,
  complaint_phone           text,
  complaint_way             text,
  legal_basis               text,
  special_procedure         text,
  is_fee_raw                text,
  is_fee                    boolean,
  fee_basis                 text,
  limit_scene_num           integer CHECK (limit_scene_num >= 0),
  limit_scene_note          text,
  online_url                text,
  online_sso_raw            text,
  online_sso                boolean,
  mobile_url                text,
  mobile_sso_raw            text,
  mobile_sso                boolean,
  -- Service channels (是否进驻大厅/网办/快递/网上支付/预约/自助终端); the raw flags together in channels_raw.
  channels_raw              jsonb NOT NULL DEFAULT '{}',
  in_service_hall           boolean,
  online_handling           boolean,
  express_delivery          boolean,
  online_payment            boolean,
  appointment               boolean,
  self_service_terminal     boolean,
  online_depth_raw          text,
  online_depth              smallint CHECK (online_depth BETWEEN 1 AND 4),
  handle_area_raw           text,
  handle_area               text CHECK (handle_area IN ('national', 'cross_province', 'cross_city', 'cross_county')),
  result_type_raw           text,
  result_name               text,
  result_sample_url         text,
  natural_theme_raw         text,
  legal_theme_raw           text,
  -- Source fields with no column yet (per-province extensions, extend_field) so nothing is lost.
  extra                     jsonb NOT NULL DEFAULT '{}',
  source                    text NOT NULL,
  source_row_guid           text,
  source_version            integer,
  source_changed_at         timestamptz,
  source_batch              text,
  synced_at                 timestamptz NOT NULL DEFAULT now(),
  created_at                timestamptz NOT NULL DEFAULT now(),
  updated_at                timestamptz NOT NULL DEFAULT now(),
  UNIQUE (source, source_row_guid)
);
COMMENT ON TABLE items IS '实施清单 / 办事指南 (up_task_*_basic + _extend), keyed by 实施编码 (task_code)';
COMMENT ON COLUMN items.code IS '实施编码: 18 统一社会信用代码 + 1 行使层级 + 12 基本编码 in practice; stored as opaque text';
COMMENT ON COLUMN items.task_handle_item IS '业务办理项编码 (实施编码 + 2 digits)';
COMMENT ON COLUMN items.dept_credit_code IS '实施主体编码 (统一社会信用代码)';
COMMENT ON COLUMN items.project_type IS '办件类型 (GB/T 39046 A.6): 1 即办件 immediate, 2 承诺件 promised';
COMMENT ON COLUMN items.statutory_limit IS '法定办结时限 (anticipate_day) in statutory_limit_unit';
COMMENT ON COLUMN items.promised_limit IS '承诺办结时限 (promise_day) in promised_limit_unit; unit codes differ by source (c.9)';
COMMENT ON COLUMN items.limit_scene_num IS '到办事现场次数 (跑动次数)';
COMMENT ON COLUMN items.online_sso IS '计算机端在线办理是否对接单点登录';
COMMENT ON COLUMN items.mobile_sso IS '移动端办理是否对接单点登录';
COMMENT ON COLUMN items.online_depth IS '网上办理深度 I–IV 级';
COMMENT ON COLUMN items.handle_area IS '通办范围';
CREATE INDEX items_dept_idx ON items (dept_credit_code);
CREATE INDEX items_region_idx ON items (region_code);
CREATE INDEX items_catalog_idx ON items (catalog_code);
CREATE INDEX items_task_handle_item_idx ON items (task_handle_item);

CREATE TABLE item_themes (
  item_code   text NOT NULL REFERENCES items (code) ON DELETE CASCADE,
  audience    text NOT NULL,
  theme_code  text NOT NULL,
  PRIMARY KEY (item_code, audience, theme_code),
  FOREIGN KEY (audience, theme_code) REFERENCES themes (audience, code)
);
COMMENT ON TABLE item_themes IS '事项主题分类: an item in the 自然人 and/or 法人 theme lists';
CREATE INDEX item_themes_theme_idx ON item_themes (audience, theme_code);

-- Child lists reference their item with ON DELETE CASCADE: the sync resolves task_guid to the item
-- before writing children, and a removed item takes its guide with it.
CREATE TABLE item_materials (
  id                  bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  item_code           text NOT NULL REFERENCES items (code) ON DELETE CASCADE,
  name                text NOT NULL,
  necessity_raw       text,
  necessity           text CHECK (necessity IN ('required', 'optional', 'deferrable')),
  material_type_raw   text,
  material_type       text CHECK (material_type IN ('certificate', 'form', 'other')),
  format_raw          text,
  format              text CHECK (format IN ('paper', 'electronic', 'paper_or_electronic')),
  paper_copies        integer CHECK (paper_copies >= 0),
  original_copies     integer CHECK (original_copies >= 0),
  photocopy_copies    integer CHECK (photocopy_copies >= 0),
  page_spec           text,
  source_channel_raw  text,
  source_channel      text CHECK (source_channel IN ('applicant', 'government', 'other')),
  source_channel_note text,
  issuing_org         text,
  blank_form_url      text,
  sample_url          text,
  accept_standard     text,
  legal_basis         text,
  fill_notes          text,
  remark              text,
  sort_order          integer NOT NULL DEFAULT 0,
  source              text NOT NULL,
  source_row_guid     text,
  source_changed_at   timestamptz,
  source_batch        text,
  synced_at           timestamptz NOT NULL DEFAULT now(),
  UNIQUE (source, source_row_guid)
);
COMMENT ON TABLE item_materials IS '申请材料 (*_material)';
COMMENT ON COLUMN item_materials.necessity IS '材料必要性: 必要 required / 非必要 optional / 容缺后补 deferrable';
COMMENT ON COLUMN item_materials.format IS '材料形式 / 提交形式: 纸质 / 电子化 / 纸质或电子化';
COMMENT ON COLUMN item_materials.paper_copies IS '纸质材料份数 (page_num)';
COMMENT ON COLUMN item_materials.source_channel IS '来源渠道: 申请人自备 / 政府部门核发 / 其他';
CREATE INDEX item_materials_item_idx ON item_materials (item_code, sort_order);

CREATE TABLE item_fees (
  id                 bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  item_code          text NOT NULL REFERENCES items (code) ON DELETE CASCADE,
  name               text NOT NULL,
  standard           text,
  reducible_raw      text,
  reducible          boolean,
  reduction_basis    text,
  legal_basis        text,
  remark             text,
  sort_order         integer NOT NULL DEFAULT 0,
  source             text NOT NULL,
  source_row_guid    text,
  source_changed_at  timestamptz,
  source_batch       text,
  synced_at          timestamptz NOT NULL DEFAULT now(),
  UNIQUE (source, source_row_guid)
);
COMMENT ON TABLE item_fees IS '收费项目 (*_fee_project): 收费标准, 是否允许减免, 减免依据, 收费依据';
CREATE INDEX item_fees_item_idx ON item_fees (item_code, sort_order);

CREATE TABLE item_faqs (
  id                 bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  item_code          text NOT NULL REFERENCES items (code) ON DELETE CASCADE,
  question           text NOT NULL,
  answer             text NOT NULL,
  sort_order         integer NOT NULL DEFAULT 0,
  source             text NOT NULL,
  source_row_guid    text,
  source_changed_at  timestamptz,
  source_batch       text,
  synced_at          timestamptz NOT NULL DEFAULT now(),
  UNIQUE (source, source_row_guid)
);
COMMENT ON TABLE item_faqs IS '常见问题 (*_questions)';
CREATE INDEX item_faqs_item_idx ON item_faqs (item_code, sort_order);

CREATE TABLE item_process_steps (
  id                 bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  item_code          text NOT NULL REFERENCES items (code) ON DELETE CASCADE,
  name               text NOT NULL,
  step_raw           text,
  step               text CHECK (step IN ('receipt', 'acceptance', 'review', 'decision', 'certification', 'delivery', 'other')),
  stage_raw          text,
  description        text,
  handler_role       text,
  time_limit_text    text,
  sort_order         integer NOT NULL DEFAULT 0,
  source             text NOT NULL,
  source_row_guid    text,
  source_changed_at  timestamptz,
  source_batch       text,
  synced_at          timestamptz NOT NULL DEFAULT now(),
  UNIQUE (source, source_row_guid)
);
COMMENT ON TABLE item_process_steps IS '办理流程环节 (AUDIT_ITEM_FLOWSHEET style): 收件/受理/审查/决定/制证/送达';
CREATE INDEX item_process_steps_item_idx ON item_process_steps (item_code, sort_order);
