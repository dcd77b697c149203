-- Search index and facet counts of the navigation API (bff/search/README.md).
--
-- PGlite has no zhparser, so nothing here segments Chinese: the BFF cuts the text with jieba and
-- writes ready tsvectors (lexemes as they are, i.e. what the 'simple' configuration would keep).
-- The same SQL then runs unchanged on PGlite and PostgreSQL. JavaScript owns the contents; these
-- triggers only remember WHICH items changed (search_queue), so a writer that forgets to call
-- reindexItems() leaves a visible backlog instead of a silently stale index.

-- One row per item (实施编码): the full document. Weights: A name, B aliases (synonyms, colloquial
-- phrases, pinyin), C guide text (条件, 材料, 流程, 结果, 常见问题).
-- No foreign key to items: when an item is deleted its row stays until reindexItems removes it,
-- because that is where its name and department are read to refresh search_names and the facet
-- counts. Whatever shows items joins `items`, so such a row is never shown; counts may include it
-- until that reindex, exactly like item_facet_counts.
CREATE TABLE item_search (
  item_code         text PRIMARY KEY,
  name              text NOT NULL,
  document          tsvector NOT NULL,
  -- Toneless pinyin of the name, for ORDER BY name in the order people expect (拼音序).
  sort_key          text NOT NULL,
  -- The facet values as indexed (the same as item_facet_counts): lists filter and sort on this
  -- narrow row and its covering indexes and read `items` only for the rows of the page. After a
  -- delete they still name the department whose counts need a refresh.
  dept_credit_code  text NOT NULL,
  region_code       text,
  task_type         text,
  service_objects   text[] NOT NULL DEFAULT '{}',
  online            boolean,
  visits            integer,
  project_type      text,
  natural_themes    text[] NOT NULL DEFAULT '{}',
  legal_themes      text[] NOT NULL DEFAULT '{}',
  updated_at        timestamptz,
  indexed_at        timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE item_search IS 'Full-text document and filter values per item, written by bff/search/reindex.ts';
CREATE INDEX item_search_document_idx ON item_search USING gin (document);
CREATE INDEX item_search_name_idx ON item_search (name, region_code, item_code);
CREATE INDEX item_search_sort_idx ON item_search (sort_key, item_code)
  INCLUDE (dept_credit_code, region_code, task_type, service_objects, online, visits, project_type, natural_themes, legal_themes);
CREATE INDEX item_search_updated_idx ON item_search (updated_at DESC, item_code DESC)
  INCLUDE (dept_credit_code, region_code, task_type, service_objects, online, visits, project_type, natural_themes, legal_themes);
CREATE INDEX item_search_dept_idx ON item_search (dept_credit_code);
CREATE INDEX item_search_region_idx ON item_search (region_code);

-- One row per distinct item name. Hundreds of thousands of implementation entries share a few
-- thousand names (the same 事项 in every county), and ranking depends on the name and its aliases,
-- so ranking runs here and then expands to entries: its cost follows the names, not the entries.
CREATE TABLE search_names (
  name         text PRIMARY KEY,
  -- A: name words and character bigrams; B: aliases, pinyin initials and full pinyin.
  document     tsvector NOT NULL,
  -- Toneless syllables separated by spaces: zhu fang gong ji jin ti qu …
  pinyin       text NOT NULL,
  initials     text NOT NULL,
  -- Colloquial phrases and result names (结果证照) that mean this item: the ranker reads them.
  aliases      text[] NOT NULL DEFAULT '{}',
  entry_count  integer NOT NULL CHECK (entry_count > 0)
);
COMMENT ON TABLE search_names IS 'Distinct item names with their search document: the ranking unit of /search and /suggest';
CREATE INDEX search_names_document_idx ON search_names USING gin (document);
CREATE INDEX search_names_prefix_idx ON search_names (name text_pattern_ops);

-- Facet and total counts without scanning the items: one row per combination of facet values,
-- refreshed per department by reindexItems(). Counting 500,000 wide item rows per facet is what
-- this avoids.
CREATE TABLE item_facet_counts (
  dept_credit_code  text NOT NULL,
  dept_name         text NOT NULL,
  region_code       text,
  task_type         text,
  service_objects   text[] NOT NULL,
  online            boolean,
  visits            integer,
  project_type      text,
  natural_themes    text[] NOT NULL,
  legal_themes      text[] NOT NULL,
  items             integer NOT NULL CHECK (items > 0)
);
COMMENT ON TABLE item_facet_counts IS 'Item counts per combination of facet values (bff/search/facet-rollup.ts)';
CREATE INDEX item_facet_counts_dept_idx ON item_facet_counts (dept_credit_code);
CREATE INDEX item_facet_counts_region_idx ON item_facet_counts (region_code);

-- Items whose index rows are out of date. The sync calls reindexItems(sql, codes) after writing;
-- reindexItems(sql) without codes drains this queue (so a missed call is caught up later).
CREATE TABLE search_queue (
  item_code  text PRIMARY KEY,
  queued_at  timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE search_queue IS 'Items changed since they were last indexed (filled by triggers, drained by reindexItems)';

-- Bumped by every reindex: part of the ETag, and what in-process caches compare against.
CREATE TABLE search_state (
  id          boolean PRIMARY KEY DEFAULT true CHECK (id),
  generation  bigint NOT NULL DEFAULT 0,
  indexed_at  timestamptz
);
INSERT INTO search_state (id) VALUES (true);

-- Statement-level triggers with transition tables: one INSERT … SELECT of 100,000 items costs one
-- queue insert, not 100,000 trigger calls. (A trigger with transition tables serves one event.)
CREATE FUNCTION search_queue_items() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO search_queue (item_code) SELECT DISTINCT code FROM changed ON CONFLICT (item_code) DO NOTHING;
  RETURN NULL;
END $$;
CREATE FUNCTION search_queue_children() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO search_queue (item_code) SELECT DISTINCT item_code FROM changed ON CONFLICT (item_code) DO NOTHING;
  RETURN NULL;
END $$;

CREATE TRIGGER items_search_insert AFTER INSERT ON items
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION search_queue_items();
CREATE TRIGGER items_search_update AFTER UPDATE ON items
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION search_queue_items();
CREATE TRIGGER items_search_delete AFTER DELETE ON items
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION search_queue_items();

CREATE TRIGGER item_faqs_search_insert AFTER INSERT ON item_faqs
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION search_queue_children();
CREATE TRIGGER item_faqs_search_update AFTER UPDATE ON item_faqs
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION search_queue_children();
CREATE TRIGGER item_faqs_search_delete AFTER DELETE ON item_faqs
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION search_queue_children();

CREATE TRIGGER item_materials_search_insert AFTER INSERT ON item_materials
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION search_queue_children();
CREATE TRIGGER item_materials_search_update AFTER UPDATE ON item_materials
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION search_queue_children();
CREATE TRIGGER item_materials_search_delete AFTER DELETE ON item_materials
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION search_queue_children();

CREATE TRIGGER item_themes_search_insert AFTER INSERT ON item_themes
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION search_queue_children();
CREATE TRIGGER item_themes_search_update AFTER UPDATE ON item_themes
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION search_queue_children();
CREATE TRIGGER item_themes_search_delete AFTER DELETE ON item_themes
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION search_queue_children();
