/**
 * HighlightedText (contract): text split into plain and matched parts, so widgets mark matches
 * with <mark> from data and never inject HTML.
 */
import type { HighlightedText } from '../api/contracts/items.js';

export function highlight(text: string, needles: readonly string[]): HighlightedText {
  const marked = new Uint8Array(text.length);
  for (const needle of needles) {
    if (needle === '') continue;
    for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) {
      marked.fill(1, at, at + needle.length);
    }
  }
  const parts: HighlightedText = [];
  let start = 0;
  for (let i = 1; i <= text.length; i += 1) {
    if (i === text.length || marked[i] !== marked[start]) {
      parts.push({ text: text.slice(start, i), match: marked[start] === 1 });
      start = i;
    }
  }
  return parts;
}

/** About `width` characters of `text` around the first needle found (the start when none is). */
export function excerpt(text: string, needles: readonly string[], width = 60): string {
  const chars = [...text];
  if (chars.length <= width) return text;
  let at = -1;
  for (const needle of needles) {
    const found = text.indexOf(needle);
    if (found >= 0 && (at < 0 || found < at)) at = found;
  }
  const center = at < 0 ? 0 : [...text.slice(0, at)].length;
  const start = Math.max(0, Math.min(center - Math.floor(width / 3), chars.length - width));
  const body = chars.slice(start, start + width).join('');
  return `${start > 0 ? '…' : ''}${body}${start + width < chars.length ? '…' : ''}`;
}
