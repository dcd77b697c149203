/**
 * Login flows between /auth/login and /auth/callback. `take` deletes and returns in one step, so a
 * replayed callback (same state, same code) finds nothing: single use even across BFF instances
 * when the store is shared.
 */
import type { Sql } from '../store/store.js';

export interface LoginFlow {
  /** Also the OAuth `state`, and part of the flow cookie's name. */
  id: string;
  /** Must equal the flow cookie's value: binds the flow to the browser that started it. */
  binding: string;
  codeVerifier: string;
  nonce: string;
  returnTo: string;
  /** The site the login started on (bff/auth/sites.ts): it must finish there, with that site's redirect URI. */
  site?: string;
  createdAt: number;
  expiresAt: number;
}

export interface LoginFlowStore {
  put(flow: LoginFlow): Promise<void>;
  /** The flow, removed; undefined when unknown, already taken, or expired. */
  take(id: string): Promise<LoginFlow | undefined>;
}

export function createSqlLoginFlowStore(sql: Sql, now: () => number = Date.now): LoginFlowStore {
  return {
    async put(flow) {
      // Abandoned flows (the user closed the tab) are swept here rather than by a timer.
      await sql.query('DELETE FROM login_flows WHERE expires_at < $1', [new Date(now())]);
      await sql.query('INSERT INTO login_flows (id, data, expires_at) VALUES ($1, $2, $3)', [
        flow.id,
        JSON.stringify(flow),
        new Date(flow.expiresAt),
      ]);
    },
    async take(id) {
      const { rows } = await sql.query<{ data: LoginFlow | string }>(
        'DELETE FROM login_flows WHERE id = $1 RETURNING data',
        [id],
      );
      const raw = rows[0]?.data;
      if (raw === undefined) return undefined;
      const flow = typeof raw === 'string' ? (JSON.parse(raw) as LoginFlow) : raw;
      return flow.expiresAt > now() ? flow : undefined;
    },
  };
}

/** In-process flows, for a single BFF instance without a store (and unit tests). */
export function createMemoryLoginFlowStore(now: () => number = Date.now): LoginFlowStore {
  const flows = new Map<string, LoginFlow>();
  return {
    async put(flow) {
      for (const [id, existing] of flows) if (existing.expiresAt < now()) flows.delete(id);
      flows.set(flow.id, flow);
    },
    async take(id) {
      const flow = flows.get(id);
      flows.delete(id);
      return flow && flow.expiresAt > now() ? flow : undefined;
    },
  };
}
