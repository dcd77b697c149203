import type { ActivityInput } from '../../bff/api/contracts/push.js';
import { getBffClient, getSessionStore } from '../runtime/index.js';

/**
 * Tells the recommender that the signed-in user viewed an item (`{ kind: 'view', itemCode }`) or searched
 * (`{ kind: 'search', query }`): `POST /api/v1/recommendations/activity`. For a departmental build's item page or
 * search box; script-tag pages can make the same call themselves (with `X-CSRF: 1` and credentials).
 *
 * Never throws and never waits for the user: a failed record is not worth an error on screen. Anonymous
 * visitors are never recorded (no profiling without an account), and the BFF drops the record (204) unless the
 * user has consented to 个性化推荐. Queries are cut to the contract's 50 characters; the BFF masks ID numbers and
 * mobiles before storing.
 *
 * `<gov-item-nav>` (views) and `<gov-search>` (searches) carry trimmed copies (record-view.ts, record-search.ts):
 * importing this module from two widget entries would make it a shared chunk, which the build refuses. Keep the
 * three in step.
 */
export async function recordActivity(input: ActivityInput): Promise<void> {
  try {
    const store = getSessionStore();
    const state = store.state.status === 'unknown' ? await store.refresh() : store.state;
    if (state.status !== 'authenticated') return;
    const body: ActivityInput =
      input.kind === 'search'
        ? { kind: 'search', query: (input.query ?? '').trim().slice(0, 50) }
        : { kind: 'view', itemCode: (input.itemCode ?? '').trim() };
    if (!body.query && !body.itemCode) return;
    await getBffClient().post('/api/v1/recommendations/activity', body);
  } catch {
    // Deliberately quiet: see above.
  }
}
