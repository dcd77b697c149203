-- Reference data of the resource library (资源库基础数据): administrative regions (行政区划),
-- implementing organisations (实施主体) and the life-event theme code lists (主题分类).
--
-- Conventions for every migration (docs/decisions/0001-store-dialect.md):
--   * one PostgreSQL dialect that runs unchanged on PGlite and PostgreSQL 15: no extensions;
--   * timestamptz for instants, date for calendar days, text for codes and names (province sources
--     disagree on lengths, so lengths are validated by the sync, not by varchar(n));
--   * a coded source field is stored twice: `<field>_raw` exactly as the source sent it, and `<field>`
--     normalised to a small English vocabulary (CHECK-constrained) or to a national code list;
--   * synced rows carry `source` (which front processor / layout), `source_row_guid` (row_guid),
--     `source_version`, `source_changed_at` (cd_time) and `source_batch` (cd_batch), for version-guarded
--     upserts and for tracing a value back to the row it came from.

-- Personal data (个人信息) is never stored in plain form (bff/privacy/pii.ts): an ID number or a
-- 统一社会信用代码 of an applicant is kept as a keyed hash (HMAC-SHA-256, hex) for matching and a masked
-- form for display. These domains make a plain value in such a column a constraint violation.
CREATE DOMAIN key_hash AS text CHECK (VALUE ~ '^[0-9a-f]{64}$');
COMMENT ON DOMAIN key_hash IS 'HMAC-SHA-256 hex of an ID number / 统一社会信用代码 (pii.applicantKeyHash); never the number itself';
CREATE DOMAIN masked_text AS text CHECK (VALUE = '' OR strpos(VALUE, '*') > 0);
COMMENT ON DOMAIN masked_text IS 'Masked ID number or mobile (pii.maskIdNumber / maskPhone): must contain *';

CREATE TABLE regions (
  code         text PRIMARY KEY CHECK (code ~ '^[0-9]{12}$'),
  name         text NOT NULL,
  level        text NOT NULL CHECK (level IN ('province', 'city', 'county', 'town', 'village')),
  -- Deferred: a sync run may deliver a county before its city; the check happens at COMMIT.
  parent_code  text REFERENCES regions (code) DEFERRABLE INITIALLY DEFERRED,
  source       text NOT NULL,
  synced_at    timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE regions IS '行政区划: GB/T 2260 six digits right-padded to the 12-digit 统计用区划代码 layout';
CREATE INDEX regions_parent_idx ON regions (parent_code);

CREATE TABLE organisations (
  credit_code        text PRIMARY KEY CHECK (credit_code ~ '^[0-9A-Z]{18}$'),
  org_code           text,
  name               text NOT NULL,
  short_name         text,
  region_code        text CHECK (region_code ~ '^[0-9]{12}$'),
  level_raw          text,
  level              text CHECK (level IN ('national', 'province', 'city', 'county', 'town', 'village')),
  -- Plain text, no foreign key: departments arrive in any order and the parent may be outside this province.
  parent_credit_code text,
  exist_task         boolean,
  sort_order         integer,
  source             text NOT NULL,
  source_row_guid    text,
  source_changed_at  timestamptz,
  source_batch       text,
  synced_at          timestamptz NOT NULL DEFAULT now(),
  UNIQUE (source, source_row_guid)
);
COMMENT ON TABLE organisations IS '实施主体 (up_zone_organization): keyed by 统一社会信用代码 (GB 32100)';
COMMENT ON COLUMN organisations.org_code IS '组织机构代码 (9 characters, legacy)';
COMMENT ON COLUMN organisations.exist_task IS '部门是否存在并且行使政务服务事项';
CREATE INDEX organisations_region_idx ON organisations (region_code);
CREATE INDEX organisations_parent_idx ON organisations (parent_credit_code);

CREATE TABLE themes (
  audience   text NOT NULL CHECK (audience IN ('natural', 'legal')),
  code       text NOT NULL,
  name       text NOT NULL,
  -- Provinces add their own themes (地方特色分类); those rows come from configuration, not this seed.
  is_local   boolean NOT NULL DEFAULT false,
  sort_order integer NOT NULL DEFAULT 0,
  PRIMARY KEY (audience, code)
);
COMMENT ON TABLE themes IS '主题分类: 面向自然人 (user_topic_type) / 面向法人 (corp_topic_type) life-event themes';

-- data-standards c.11 (080 is absent from both source lists).
INSERT INTO themes (audience, code, name, sort_order) VALUES
  ('natural', '005', '生育收养', 5), ('natural', '010', '户籍办理', 10), ('natural', '015', '民族宗教', 15),
  ('natural', '020', '教育科研', 20), ('natural', '025', '入伍服役', 25), ('natural', '030', '就业创业', 30),
  ('natural', '035', '设立变更', 35), ('natural', '040', '准营准办', 40), ('natural', '045', '抵押质押', 45),
  ('natural', '050', '职业资格', 50), ('natural', '055', '行政缴费', 55), ('natural', '060', '婚姻登记', 60),
  ('natural', '065', '优待抚恤', 65), ('natural', '070', '规划建设', 70), ('natural', '075', '住房保障', 75),
  ('natural', '085', '社会保障（社会保险、社会救助）', 85), ('natural', '090', '证件办理', 90),
  ('natural', '095', '交通出行', 95), ('natural', '100', '旅游观光', 100), ('natural', '105', '出境入境', 105),
  ('natural', '110', '消费维权', 110), ('natural', '115', '公共安全', 115), ('natural', '120', '司法公证', 120),
  ('natural', '125', '知识产权', 125), ('natural', '130', '环保绿化', 130), ('natural', '135', '文化体育', 135),
  ('natural', '140', '公用事业', 140), ('natural', '145', '医疗卫生', 145), ('natural', '150', '离职退休', 150),
  ('natural', '155', '死亡殡葬', 155), ('natural', '998', '地方特色分类', 998), ('natural', '999', '其他', 999),
  ('legal', '005', '设立变更', 5), ('legal', '010', '准营准办', 10), ('legal', '015', '资质认证', 15),
  ('legal', '020', '年检年审', 20), ('legal', '025', '税收财务', 25), ('legal', '030', '人力资源', 30),
  ('legal', '035', '社会保障', 35), ('legal', '040', '投资审批', 40), ('legal', '045', '融资信贷', 45),
  ('legal', '050', '抵押质押', 50), ('legal', '055', '商务贸易', 55), ('legal', '060', '招标拍卖', 60),
  ('legal', '065', '海关口岸', 65), ('legal', '070', '涉外服务', 70), ('legal', '075', '农林牧渔', 75),
  ('legal', '085', '国土和规划建设', 85), ('legal', '090', '交通运输', 90), ('legal', '095', '环保绿化', 95),
  ('legal', '100', '应对气候变化', 100), ('legal', '105', '水务气象', 105), ('legal', '110', '医疗卫生', 110),
  ('legal', '115', '科技创新', 115), ('legal', '120', '文体教育', 120), ('legal', '125', '知识产权', 125),
  ('legal', '130', '民族宗教', 130), ('legal', '135', '质量技术', 135), ('legal', '140', '检验检疫', 140),
  ('legal', '145', '安全生产', 145), ('legal', '150', '公安消防', 150), ('legal', '155', '司法公证', 155),
  ('legal', '160', '公用事业', 160), ('legal', '165', '法人注销', 165), ('legal', '170', '档案文物', 170),
  ('legal', '998', '地方特色分类', 998), ('legal', '999', '其他', 999);
UPDATE themes SET is_local = true WHERE code = '998';
