-- Human tickets submitted through GovDock (issue 8): what the form adds to a consultation, the
-- submitter's idempotency token and duplicate digest, and the attachments themselves.
--
-- Attachments live in the library (bytea), not on a file system: one backup, one access path, and
-- nothing a web server could ever serve by name. A file belongs to the user who uploaded it; it is
-- linked to a ticket when the ticket is submitted, or removed after a day (unattached).

ALTER TABLE consultations ADD COLUMN contact_preference text
  CHECK (contact_preference IN ('site', 'sms', 'phone'));
ALTER TABLE consultations ADD COLUMN item_name text;
-- The 差评 (evaluations.id) a complaint follows up.
ALTER TABLE consultations ADD COLUMN evaluation_id uuid REFERENCES evaluations (id) ON DELETE SET NULL;
-- The widget's clientToken: a double submit finds the first ticket (unique per user below).
ALTER TABLE consultations ADD COLUMN client_token text;
-- sha256 of the stored (masked) title and content: the same text again within minutes is the same ticket.
ALTER TABLE consultations ADD COLUMN content_digest text CHECK (content_digest ~ '^[0-9a-f]{64}$');
COMMENT ON COLUMN consultations.client_token IS 'idempotency token of the submitting widget (GovDock tickets only)';
COMMENT ON COLUMN consultations.content_digest IS 'sha256 of title + content as stored, for duplicate-submission protection';

CREATE UNIQUE INDEX consultations_client_token_idx ON consultations (user_issuer, user_subject, client_token)
  WHERE client_token IS NOT NULL;
CREATE INDEX consultations_digest_idx ON consultations (user_issuer, user_subject, content_digest, created_at)
  WHERE content_digest IS NOT NULL;

CREATE TABLE consultation_attachments (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The uploader: only they may attach or download it.
  user_issuer      text NOT NULL,
  user_subject     text NOT NULL,
  consultation_id  uuid REFERENCES consultations (id) ON DELETE CASCADE,
  -- Cleaned (no path, no control characters, PII masked), extension matching media_type.
  file_name        text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 120),
  -- Found by reading the content, never the declared type.
  media_type       text NOT NULL CHECK (media_type IN ('image/png', 'image/jpeg', 'application/pdf')),
  size_bytes       integer NOT NULL CHECK (size_bytes > 0),
  sha256           text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  content          bytea NOT NULL,
  position         smallint,
  created_at       timestamptz NOT NULL DEFAULT now(),
  attached_at      timestamptz,
  CHECK (octet_length(content) = size_bytes),
  CHECK ((consultation_id IS NULL) = (attached_at IS NULL))
);
COMMENT ON TABLE consultation_attachments IS '咨询投诉附件: checked by content (PNG/JPEG/PDF), owner only, never served inline';
CREATE INDEX consultation_attachments_ticket_idx ON consultation_attachments (consultation_id, position)
  WHERE consultation_id IS NOT NULL;
CREATE INDEX consultation_attachments_pending_idx ON consultation_attachments (user_issuer, user_subject, created_at)
  WHERE consultation_id IS NULL;
CREATE INDEX consultation_attachments_stale_idx ON consultation_attachments (created_at)
  WHERE consultation_id IS NULL;
