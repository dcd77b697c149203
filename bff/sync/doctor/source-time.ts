/**
 * Source times are text in the source's own zone ('2026-11-29 10:15:00.250'); two of them from the
 * same source compare by reading both as if they were UTC — the zone cancels out.
 */
const SOURCE_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d+)?/;

function epochOf(text: string): number | undefined {
  const match = SOURCE_TIME.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, fraction] = match;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  return ms + (fraction ? Math.round(Number(fraction) * 1000) : 0);
}

/** Whole seconds from `older` to `newer`, or undefined when either is not a source time. */
export function secondsBetween(older: string, newer: string): number | undefined {
  const from = epochOf(older);
  const to = epochOf(newer);
  if (from === undefined || to === undefined) return undefined;
  return Math.round((to - from) / 1000);
}

/** 95 → '1 分 35 秒', 90061 → '1 天 1 小时'. */
export function describeDuration(seconds: number): string {
  const abs = Math.abs(seconds);
  if (abs < 60) return `${abs} 秒`;
  if (abs < 3600) return `${Math.floor(abs / 60)} 分 ${abs % 60} 秒`;
  if (abs < 86_400) return `${Math.floor(abs / 3600)} 小时 ${Math.floor((abs % 3600) / 60)} 分`;
  return `${Math.floor(abs / 86_400)} 天 ${Math.floor((abs % 86_400) / 3600)} 小时`;
}
