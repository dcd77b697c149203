-- Login flows in progress (issue 3): what /auth/login must remember until /auth/callback — the
-- return page, PKCE verifier, state and nonce — kept server-side so that any BFF instance can
-- finish a flow another one started. Rows live about ten minutes and are taken exactly once.

CREATE TABLE login_flows (
  id          text PRIMARY KEY,
  data        jsonb NOT NULL,
  expires_at  timestamptz NOT NULL
);
COMMENT ON TABLE login_flows IS '登录流程: one row per started login, deleted when the callback takes it (single use)';
CREATE INDEX login_flows_expiry_idx ON login_flows (expires_at);
