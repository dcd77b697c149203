/**
 * Ranks item names for a query in two steps:
 *   1. PostgreSQL full text over search_names (a few thousand rows however many entries share the
 *      names) picks candidates generously: any word, character pair, alias or pinyin of any concept;
 *   2. this module scores each candidate on what a person means — how many of the asked-for things the
 *      name contains (as typed, as its official form, as an alias, as a homophone), how much of the
 *      name the query explains, and whether it is the name exactly.
 * Step 2 is plain string work on a few hundred candidates (~1 ms), so its rules stay readable and
 * testable instead of hiding in ts_rank weights.
 */
import type { Sql } from '../store/types.js';
import { prefix, term, tsAnd, tsOr } from './lexemes.js';
import { namePinyin, spacedPinyinOf } from './pinyin.js';
import type { Concept, UnderstoodQuery } from './query.js';
import { searchTokens } from './segmenter.js';
import { bigrams, hasHan } from './text.js';
import { compactKey } from './documents.js';

export interface RankedName {
  name: string;
  score: number;
  /** 0..1: the share of the asked-for things the name (or its aliases) contains. */
  coverage: number;
  entryCount: number;
  /** Strings of the query (or their official forms) found in the name, for highlighting. */
  matched: string[];
}

interface Candidate {
  name: string;
  key: string;
  /** Syllables joined (zhufanggongjijin…) for Latin queries. */
  pinyin: string;
  /** ' zhu fang gong ji jin … ' with a space at both ends, for whole-syllable homophone matching. */
  syllables: string;
  initials: string;
  aliases: string[];
  entryCount: number;
}

const CANDIDATE_LIMIT = 2000;
/** A concept counts as held by a name from this score up (contained, exact alias, every word). */
const HELD = 0.7;
/** Ranked names handed on: enough for any page a person reads, bounded for the entry expansion. */
export const RANKED_NAME_LIMIT = 300;

function alternativesOf(concept: Concept): string[] {
  return [concept.text, ...concept.targets];
}

/**
 * What makes a name a candidate for one concept: any of its forms with all its words (居民身份证申领 →
 * 居民身份证 & 申领), the form as an alias, its character pairs, its pinyin or sound.
 */
function conceptQuery(concept: Concept): string {
  if (concept.latin) return tsOr([prefix(`py:${concept.text}`), prefix(`fp:${concept.text}`)]);
  const parts: string[] = [];
  for (const alt of alternativesOf(concept)) {
    parts.push(term(alt));
    if ([...alt].length === 1) parts.push(prefix(alt));
    const tokens = [...new Set(searchTokens(alt).filter((token) => [...token].length > 1))];
    if (tokens.length > 0) parts.push(tsAnd(tokens.map(term)));
  }
  if ([...concept.text].length >= 3) parts.push(tsAnd(bigrams(concept.text).map(term)));
  if (concept.pinyin) parts.push(prefix(`fp:${concept.pinyin}`));
  return tsOr([...new Set(parts)]);
}

/**
 * The candidate query: `all` — names with every (non-trivial) concept, the usual case and cheap;
 * `any` — names with at least one, when `all` finds too few (a word no name holds, a partial match).
 */
export function candidateQuery(query: UnderstoodQuery, mode: 'all' | 'any' = 'any'): string {
  const strong = query.concepts.filter((concept) => concept.weight >= 1);
  const concepts = mode === 'all' && strong.length > 0 ? strong : query.concepts;
  const parts = concepts.map(conceptQuery);
  return mode === 'all' ? tsAnd(parts) : tsOr(parts);
}

const syllableCache = new Map<string, string>();
function syllablesOf(text: string): string {
  let sound = syllableCache.get(text);
  if (sound === undefined) {
    sound = spacedPinyinOf(text);
    if (syllableCache.size > 5000) syllableCache.clear();
    syllableCache.set(text, sound);
  }
  return sound;
}

const tokenCache = new Map<string, string[]>();
function multiCharTokens(text: string): string[] {
  let tokens = tokenCache.get(text);
  if (!tokens) {
    tokens = [...new Set(searchTokens(text).filter((token) => [...token].length > 1))];
    if (tokenCache.size > 5000) tokenCache.clear();
    tokenCache.set(text, tokens);
  }
  return tokens;
}

interface AltMatch {
  score: number;
  /** Characters of the name explained by this match (for the fit bonus). */
  covered: number;
  matched: string | null;
}

const NO_MATCH: AltMatch = { score: 0, covered: 0, matched: null };

function matchAlternative(alt: string, candidate: Candidate): AltMatch {
  const length = [...alt].length;
  if (candidate.key.includes(alt)) return { score: 1, covered: length, matched: alt };
  if (candidate.aliases.includes(alt)) return { score: 0.9, covered: length * 0.6, matched: null };
  if (candidate.aliases.some((alias) => alias.includes(alt)))
    return { score: 0.65, covered: length * 0.4, matched: null };
  const tokens = multiCharTokens(alt);
  const found = tokens.filter((token) => candidate.key.includes(token));
  if (tokens.length > 1 && found.length === tokens.length) {
    return { score: 0.85, covered: found.reduce((sum, token) => sum + [...token].length, 0), matched: found.join(' ') };
  }
  if (length >= 2) {
    const sound = syllablesOf(alt);
    // A homophone typo (户口前移 for 户口迁移): the same whole syllables, other characters.
    if (sound.length >= 5 && candidate.syllables.includes(` ${sound} `))
      return { score: 0.7, covered: length * 0.8, matched: null };
  }
  if (length >= 3) {
    const pairs = bigrams(alt);
    const hits = pairs.filter((pair) => candidate.key.includes(pair)).length;
    const share = hits / pairs.length;
    if (share >= 0.5) return { score: 0.6 * share, covered: hits + 1, matched: null };
  }
  return NO_MATCH;
}

/** Initials of the colloquial aliases (社保卡 → sbk), computed once per alias. */
function aliasInitials(candidate: Candidate): string[] {
  return candidate.aliases.filter((alias) => hasHan(alias)).map((alias) => namePinyin(alias).initials);
}

function matchLatin(text: string, candidate: Candidate): AltMatch {
  if (text.length >= 2 && aliasInitials(candidate).includes(text))
    return { score: 0.9, covered: text.length * 0.6, matched: null };
  if (candidate.initials.startsWith(text)) return { score: 0.95, covered: text.length, matched: null };
  if (text.length >= 4 && candidate.pinyin.startsWith(text))
    return { score: 0.95, covered: text.length / 3, matched: null };
  if (candidate.initials.includes(text)) return { score: 0.85, covered: text.length, matched: null };
  if (text.length >= 4 && candidate.pinyin.includes(text))
    return { score: 0.85, covered: text.length / 3, matched: null };
  return NO_MATCH;
}

function matchConcept(concept: Concept, candidate: Candidate): AltMatch {
  if (concept.latin) return matchLatin(concept.text, candidate);
  let best = NO_MATCH;
  for (const alt of alternativesOf(concept)) {
    const match = matchAlternative(alt, candidate);
    if (match.score > best.score || (match.score === best.score && match.covered > best.covered)) best = match;
  }
  return best;
}

export interface NameRanking {
  names: RankedName[];
  /** Concepts no name matched (火化 in 火化证明): the guide text may still hold them. */
  unmatched: Concept[];
}

/** Scores candidates; exported for unit tests of the ranking rules. */
export function scoreCandidates(query: UnderstoodQuery, candidates: readonly Candidate[]): NameRanking {
  const concepts = query.concepts;
  const matches = candidates.map((candidate) => concepts.map((concept) => matchConcept(concept, candidate)));
  // A concept no candidate holds (a word no item name uses) does not count against anyone; a loose
  // hit (part of an alias, some characters) does not make it held.
  const effective = concepts.map((_, c) => matches.some((row) => (row[c]?.score ?? 0) >= HELD));
  const unmatched = concepts.filter((_, c) => !effective[c]);
  const totalWeight = concepts.reduce((sum, concept, c) => sum + (effective[c] ? concept.weight : 0), 0);
  if (totalWeight === 0) return { names: [], unmatched };
  const typed = compactKey(query.normalized);
  const ranked = candidates.map((candidate, i): RankedName => {
    const row = matches[i] as AltMatch[];
    let weighted = 0;
    let covered = 0;
    const matched: string[] = [];
    row.forEach((match, c) => {
      if (!effective[c]) return;
      weighted += match.score * (concepts[c] as Concept).weight;
      covered += match.covered;
      if (match.matched) matched.push(...match.matched.split(' '));
    });
    const coverage = weighted / totalWeight;
    const nameLength = [...candidate.key].length || 1;
    const fit = Math.min(1, covered / nameLength);
    const exact = candidate.key === typed || row.some((m) => m.matched !== null && m.matched === candidate.key) ? 1 : 0;
    const leading = matched.some((text) => candidate.key.startsWith(text)) ? 1 : 0;
    const phrase = query.phrases.some((run) => candidate.key.includes(run))
      ? 1.5
      : query.phrases.some((run) => candidate.aliases.some((alias) => alias.includes(run)))
        ? 1
        : 0;
    return {
      name: candidate.name,
      score: +(coverage * 10 + fit * 2 + exact * 3 + leading * 0.5 + phrase).toFixed(4),
      coverage,
      entryCount: candidate.entryCount,
      matched,
    };
  });
  const best = Math.max(...ranked.map((r) => r.coverage));
  const floor = Math.max(0.45, best - 0.5);
  const names = ranked
    .filter((r) => r.coverage >= floor)
    .sort((a, b) => b.score - a.score || a.name.length - b.name.length || (a.name < b.name ? -1 : 1));
  return { names, unmatched };
}

interface CandidateRow {
  name: string;
  pinyin: string;
  initials: string;
  aliases: string[];
  entry_count: number;
}

async function candidates(sql: Sql, tsquery: string): Promise<CandidateRow[]> {
  if (tsquery === '') return [];
  const { rows } = await sql.query<CandidateRow>(
    `SELECT name, pinyin, initials, aliases, entry_count
       FROM search_names
      WHERE document @@ $1::tsquery
      ORDER BY ts_rank('{0.05, 0.2, 0.5, 1.0}', document, $1::tsquery) DESC, name
      LIMIT ${CANDIDATE_LIMIT}`,
    [tsquery],
  );
  return rows;
}

/** Below this many names holding every concept, names holding some of them are considered too. */
const ENOUGH_CANDIDATES = 30;

export async function rankNames(sql: Sql, query: UnderstoodQuery, limit = RANKED_NAME_LIMIT): Promise<NameRanking> {
  if (query.concepts.length === 0) return { names: [], unmatched: [...query.concepts] };
  let rows = await candidates(sql, candidateQuery(query, 'all'));
  if (rows.length < ENOUGH_CANDIDATES && query.concepts.length > 1) {
    const seen = new Set(rows.map((row) => row.name));
    rows = [...rows, ...(await candidates(sql, candidateQuery(query, 'any'))).filter((row) => !seen.has(row.name))];
  }
  const ranking = scoreCandidates(
    query,
    rows.map((row) => ({
      name: row.name,
      key: compactKey(row.name),
      pinyin: row.pinyin.replace(/ /g, ''),
      syllables: ` ${row.pinyin} `,
      initials: row.initials,
      aliases: row.aliases,
      entryCount: row.entry_count,
    })),
  );
  return { names: ranking.names.slice(0, limit), unmatched: ranking.unmatched };
}
