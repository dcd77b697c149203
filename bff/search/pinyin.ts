/**
 * Pinyin of item names with pinyin-pro (context-aware for polyphones: 重庆 chong, 银行 hang), for
 * three things: sorting names the way people expect (拼音序), matching what people type with a
 * pinyin keyboard before choosing characters (gjj, gongjijin), and tolerating homophone typos
 * (户口前移 sounds like 户口迁移).
 */
import { pinyin } from 'pinyin-pro';
import { wordStarts } from './segmenter.js';
import { hasHan } from './text.js';

export interface NamePinyin {
  /** Toneless syllables joined: zhufanggongjijintiqu… */
  full: string;
  /** First letters: zfgjjtq… */
  initials: string;
  /** Sort key: syllables separated by spaces so 'an' sorts before 'ang'. */
  sortKey: string;
}

/** One entry per code point: a syllable for Han characters, the lower-cased character for a–z/0–9, '' otherwise. */
function syllables(text: string): string[] {
  const chars = [...text];
  const raw = pinyin(text, { toneType: 'none', type: 'array', nonZh: 'spaced', v: true });
  return raw.map((value, index) => {
    const char = chars[index] ?? '';
    if (hasHan(char)) return value.toLowerCase();
    return /^[0-9a-z]$/i.test(char) ? char.toLowerCase() : '';
  });
}

const namePinyinCache = new Map<string, NamePinyin>();

export function namePinyin(name: string): NamePinyin {
  let cached = namePinyinCache.get(name);
  if (!cached) {
    const parts = syllables(name);
    cached = {
      full: parts.join(''),
      initials: parts.map((part) => part.charAt(0)).join(''),
      sortKey: parts.filter((part) => part !== '').join(' '),
    };
    // Bounded: a long-running BFF indexes new names over months.
    if (namePinyinCache.size > 20_000) namePinyinCache.clear();
    namePinyinCache.set(name, cached);
  }
  return cached;
}

/** Toneless pinyin of a query fragment, without separators (for the homophone alternative). */
export function pinyinOf(text: string): string {
  return syllables(text).join('');
}

/** Toneless syllables separated by spaces (户口前移 → 'hu kou qian yi'), to compare whole syllables only. */
export function spacedPinyinOf(text: string): string {
  return syllables(text)
    .filter((part) => part !== '')
    .join(' ');
}

/**
 * Pinyin lexemes of a name: for every word start, the initials and the full pinyin from there to
 * the end, so a prefix query finds a run of words anywhere a word begins — `gjjtq` finds
 * 住房公积金提取 (zf|gjj|tq), `shenfenzheng` finds 居民身份证申领.
 */
export function pinyinLexemes(name: string): { initials: string[]; full: string[] } {
  const parts = syllables(name);
  const initials = new Set<string>();
  const full = new Set<string>();
  for (const start of wordStarts(name)) {
    const rest = parts.slice(start);
    const initialRun = rest.map((part) => part.charAt(0)).join('');
    const fullRun = rest.join('');
    if (initialRun.length >= 2) initials.add(initialRun.slice(0, 24));
    if (fullRun.length >= 2) full.add(fullRun.slice(0, 60));
  }
  return { initials: [...initials], full: [...full] };
}
