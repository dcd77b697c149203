/**
 * 评价渠道 (pf, data-standards c.13) of an evaluation given through our widget, from the request
 * itself: the user never chooses it and the widget never sends it. Only the two online channels can
 * reach the BFF — 1 PC端 and 2 移动服务端; hall terminals, SMS and phone come in through the sync.
 */
import type { EvaluationChannel } from '../../sync/outbox/payloads.js';

/** Phones and tablets (tablets count as 移动端, as the national list has no tablet channel online). */
const MOBILE_USER_AGENT =
  /Mobi|Android|iPhone|iPad|iPod|HarmonyOS|OpenHarmony|Windows Phone|MicroMessenger|AlipayClient|DingTalk|BlackBerry|Opera Mini/i;

export function channelOf(headers: {
  get(name: string): string | null | undefined;
}): Extract<EvaluationChannel, 'pc' | 'mobile'> {
  // User-Agent Client Hints first: Chromium browsers may freeze the UA string but still say this.
  const hint = headers.get('Sec-CH-UA-Mobile');
  if (hint === '?1') return 'mobile';
  if (hint === '?0') return 'pc';
  return MOBILE_USER_AGENT.test(headers.get('User-Agent') ?? '') ? 'mobile' : 'pc';
}
