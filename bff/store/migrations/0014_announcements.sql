-- Site announcements (站点公告, issue 9) pushed by the service management platform through the front
-- processor (up_site_announcement, config/sync-layouts/national-announcements.json), and what the
-- inbox needs to tell sync-produced notices apart and to let them go after the retention period.

CREATE TABLE announcements (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  title               text NOT NULL,
  body                text NOT NULL,
  publisher           text,
  category_raw        text,
  category            text CHECK (category IN ('maintenance', 'policy', 'reminder', 'other')),
  -- NULL: the whole province; else the 12-digit area it is for (its sub-areas see it too).
  region_code         text CHECK (region_code ~ '^[0-9]{12}$'),
  -- As received: the API passes on only a same-site path or #fragment (never an external URL).
  link                text,
  published_at        timestamptz NOT NULL,
  expires_at          timestamptz,
  -- Set when the `announcement` event was broadcast, so a replayed page does not broadcast it again.
  announced_at        timestamptz,
  source              text NOT NULL,
  source_row_guid     text,
  source_changed_at   timestamptz,
  source_batch        text,
  synced_at           timestamptz NOT NULL DEFAULT now(),
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  UNIQUE (source, source_row_guid)
);
COMMENT ON TABLE announcements IS '站点公告: 系统维护、政策发布、办事提醒 from the service management platform';
COMMENT ON COLUMN announcements.category IS '公告类别: 1 系统维护 maintenance / 2 政策发布 policy / 3 办事提醒 reminder (GovDock codes)';
CREATE INDEX announcements_current_idx ON announcements (published_at DESC);

-- What a notice is about, so the inbox and the events can name it without parsing text; an
-- announcement's notices go when the announcement is withdrawn (deleted at the source).
ALTER TABLE notices ADD COLUMN project_no text;
ALTER TABLE notices ADD COLUMN tracking_no text;
ALTER TABLE notices ADD COLUMN announcement_id uuid REFERENCES announcements (id) ON DELETE CASCADE;
CREATE INDEX notices_announcement_idx ON notices (announcement_id) WHERE announcement_id IS NOT NULL;
-- The retention purge deletes by age across all users.
CREATE INDEX notices_created_idx ON notices (created_at);
