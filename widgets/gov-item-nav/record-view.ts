import type { ActivityInput } from '../../bff/api/contracts/push.js';
import { getBffClient, getSessionStore } from '../runtime/index.js';

/**
 * Tells the recommender that the signed-in user opened an item's guide (issue 9: views, kept only with consent —
 * the BFF answers 204 and stores nothing without it). A trimmed copy of widgets/gov-recommend/activity.ts
 * (`recordActivity`, the departmental builds' export; keep the two in step): one module imported by two widget
 * entries would become a shared chunk, which the build refuses, and the runtime chunk is full.
 *
 * Never throws and never waits for the user: a lost record is not worth an error on screen. Anonymous visitors are
 * never recorded (no profiling without an account).
 */
export async function recordView(itemCode: string): Promise<void> {
  try {
    const store = getSessionStore();
    const state = store.state.status === 'unknown' ? await store.refresh() : store.state;
    if (state.status !== 'authenticated') return;
    const body: ActivityInput = { kind: 'view', itemCode };
    await getBffClient().post('/api/v1/recommendations/activity', body);
  } catch {
    // Deliberately quiet: see above.
  }
}
