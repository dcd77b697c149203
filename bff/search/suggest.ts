/**
 * Suggestions as you type: item names that start with what was typed, colloquial phrases of the
 * synonym dictionary (开饭店 …), names reached through pinyin initials or full pinyin (gjj, shenfen),
 * then names that contain it. Each name comes with an entry code under the filters, so choosing a
 * suggestion can open the guide directly; names without an entry under the filters are left out.
 */
import type { HighlightedText, SuggestResponse } from '../api/contracts/items.js';
import { highlight } from './highlight.js';
import type { ResolvedFilters } from './item-filters.js';
import { prefix, tsOr } from './lexemes.js';
import { rankNames } from './name-ranker.js';
import { synonymPhraseIndex } from './query.js';
import { representatives, type SearchContext } from './search-service.js';
import { isLatinWord, normalizeText } from './text.js';

const likePrefix = (text: string): string => `${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

/** Marks the characters whose initials spell `typed` (gjj → 公积金 in 住房公积金提取). */
function initialsParts(name: string, initials: string, typed: string): HighlightedText {
  const chars = [...name];
  const letters: number[] = [];
  chars.forEach((char, index) => {
    if (/[\p{Script=Han}a-zA-Z0-9]/u.test(char)) letters.push(index);
  });
  const at = initials.indexOf(typed);
  if (at < 0 || letters.length !== initials.length) return [{ text: name, match: false }];
  const marked = new Set(letters.slice(at, at + typed.length));
  const parts: HighlightedText = [];
  chars.forEach((char, index) => {
    const match = marked.has(index);
    const last = parts[parts.length - 1];
    if (last && last.match === match) last.text += char;
    else parts.push({ text: char, match });
  });
  return parts;
}

let phraseIndex: ReturnType<typeof synonymPhraseIndex> | undefined;

export async function suggest(
  context: SearchContext,
  input: { q: string; filters: ResolvedFilters; limit: number },
): Promise<SuggestResponse> {
  const typed = normalizeText(input.q).replace(/ /g, '');
  if (typed === '') return { query: input.q, suggestions: [] };
  const filters = await context.resolveFilters(input.filters);
  const { sql } = context;
  const names: Array<{ name: string; parts: HighlightedText }> = [];
  const phrases: string[] = [];

  if (isLatinWord(typed)) {
    const { rows } = await sql.query<{ name: string; initials: string; pinyin: string }>(
      `SELECT name, initials, replace(pinyin, ' ', '') AS pinyin FROM search_names
        WHERE document @@ $1::tsquery ORDER BY entry_count DESC, name LIMIT 100`,
      [tsOr([prefix(`py:${typed}`), prefix(`fp:${typed}`)])],
    );
    const rank = (row: { initials: string; pinyin: string }): number =>
      row.initials.startsWith(typed) || row.pinyin.startsWith(typed) ? 0 : 1;
    rows
      .sort((a, b) => rank(a) - rank(b) || a.name.length - b.name.length || (a.name < b.name ? -1 : 1))
      .forEach((row) => names.push({ name: row.name, parts: initialsParts(row.name, row.initials, typed) }));
  } else {
    const { rows } = await sql.query<{ name: string }>(
      `SELECT name FROM search_names WHERE name LIKE $1 ORDER BY entry_count DESC, length(name), name LIMIT $2`,
      [likePrefix(typed), input.limit * 3],
    );
    rows.forEach((row) => names.push({ name: row.name, parts: highlight(row.name, [typed]) }));
    phraseIndex ??= synonymPhraseIndex(context.dictionaries);
    phrases.push(
      ...phraseIndex.phrases
        .filter((phrase) => phrase.startsWith(typed) && phrase !== typed)
        .sort((a, b) => a.length - b.length)
        .slice(0, 3),
    );
    if (names.length < input.limit * 3) {
      const ranking = await rankNames(sql, await context.understand(typed), input.limit * 3);
      for (const ranked of ranking.names) {
        if (!names.some((n) => n.name === ranked.name))
          names.push({ name: ranked.name, parts: highlight(ranked.name, [typed, ...ranked.matched]) });
      }
    }
  }

  const entries = await representatives(
    sql,
    names.map((n) => n.name),
    filters,
    input.limit,
  );
  const codeOf = new Map(entries.map((row) => [row.name, row.code]));
  const nameSuggestions = names
    .filter((n) => codeOf.has(n.name))
    .map((n) => ({ text: n.name, code: codeOf.get(n.name) ?? null, parts: n.parts }));
  const phraseSuggestions = phrases.map((phrase) => ({ text: phrase, code: null, parts: highlight(phrase, [typed]) }));
  // Two phrases at most before the names: they help people who do not know the official name.
  const suggestions = [
    ...nameSuggestions.slice(0, 1),
    ...phraseSuggestions.slice(0, 2),
    ...nameSuggestions.slice(1),
  ].slice(0, input.limit);
  return { query: input.q, suggestions };
}
