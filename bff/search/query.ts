/**
 * What a query means, before any SQL: wrong characters corrected, region words taken as a filter,
 * colloquial phrases mapped to official terms, the rest segmented into concepts. A concept is one
 * thing the person asked for, with the alternative spellings that count as the same thing.
 *
 *   身分证丢了怎么办   → concept 身份证丢了 (targets 居民身份证补领 | 居民身份证挂失申报 | …)
 *   哈尔滨 公积金提取  → region 哈尔滨市; concepts 公积金 (→ 住房公积金), 提取
 *   gjjtq             → pinyin concept gjjtq
 */
import type { SearchDictionaries, Synonym } from './dictionaries.js';
import { pinyinOf } from './pinyin.js';
import type { RegionLexicon, RegionRef } from './regions.js';
import { words } from './segmenter.js';
import { hasHan, isLatinWord, normalizeText } from './text.js';

export interface Concept {
  /** As typed (after corrections), e.g. 办身份证, 提取, gjj. */
  text: string;
  /** Official names or name parts that mean the same (from config/search/synonyms.txt). */
  targets: string[];
  /** Pinyin or pinyin initials typed with a Latin keyboard. */
  latin: boolean;
  /** Toneless pinyin of a Han concept (≥ 2 syllables), for homophone typos. */
  pinyin: string | null;
  /** Single characters narrow little: they count less when ranking. */
  weight: number;
}

export interface UnderstoodQuery {
  /** The normalised query. */
  normalized: string;
  concepts: Concept[];
  /** Question words (收费, 多久 …): not required in the name, they pick FAQ answers. */
  questionWords: string[];
  /** Runs of ≥ 2 kept words as typed together (营业执 → 营业 + 执): a name holding the run verbatim fits better. */
  phrases: string[];
  region: RegionRef | null;
  /** Wrong → right replacements that were applied. */
  corrections: Array<[string, string]>;
}

function applyConfusions(
  text: string,
  dictionaries: SearchDictionaries,
): { text: string; corrections: Array<[string, string]> } {
  const corrections: Array<[string, string]> = [];
  let out = text;
  for (const [wrong, right] of dictionaries.confusions) {
    if (out.includes(wrong)) {
      out = out.split(wrong).join(right);
      corrections.push([wrong, right]);
    }
  }
  return { text: out, corrections };
}

/** Removes every occurrence of the longest matching words; returns what was found. */
function extractLongest<T>(
  text: string,
  candidates: readonly string[],
  found: (word: string) => T | undefined,
): { rest: string; hits: Array<{ word: string; value: T }> } {
  const hits: Array<{ word: string; value: T }> = [];
  let rest = text;
  for (const word of candidates) {
    if (!rest.includes(word)) continue;
    const value = found(word);
    if (value === undefined) continue;
    hits.push({ word, value });
    rest = rest.split(word).join(' ');
  }
  return { rest, hits };
}

/** All synonym phrases, longest first, for one pass of longest-match extraction. */
export function synonymPhraseIndex(dictionaries: SearchDictionaries): {
  phrases: string[];
  byPhrase: Map<string, Synonym>;
} {
  const byPhrase = new Map<string, Synonym>();
  for (const synonym of dictionaries.synonyms) {
    for (const phrase of synonym.phrases) {
      const known = byPhrase.get(phrase);
      // A phrase listed twice means both lines: merge their targets.
      byPhrase.set(
        phrase,
        known ? { phrases: known.phrases, targets: [...new Set([...known.targets, ...synonym.targets])] } : synonym,
      );
    }
  }
  return { phrases: [...byPhrase.keys()].sort((a, b) => b.length - a.length), byPhrase };
}

const phraseIndexCache = new WeakMap<SearchDictionaries, ReturnType<typeof synonymPhraseIndex>>();

function conceptOf(text: string, targets: string[]): Concept {
  const latin = isLatinWord(text);
  const syllables = !latin && hasHan(text) && [...text].length >= 2 ? pinyinOf(text) : '';
  return {
    text,
    targets,
    latin,
    pinyin: syllables.length >= 4 ? syllables : null,
    weight: [...text].length <= 1 ? 0.3 : 1,
  };
}

export function understandQuery(
  raw: string,
  dictionaries: SearchDictionaries,
  regions: RegionLexicon | null,
): UnderstoodQuery {
  const normalized = normalizeText(raw).slice(0, 100);
  const { text: corrected, corrections } = applyConfusions(normalized, dictionaries);

  const concepts: Concept[] = [];
  const questionWords: string[] = [];
  const chunks = corrected.split(' ').filter(Boolean);
  const latinChunks = chunks.filter(isLatinWord);
  let hanText = chunks.filter((chunk) => !isLatinWord(chunk)).join(' ');

  let region: RegionRef | null = null;
  if (regions) {
    const { rest, hits } = extractLongest(hanText, regions.words, (word) => regions.lookup(word));
    hanText = rest;
    // 哈尔滨 道里区 …: the deeper region is the narrower filter.
    for (const hit of hits) if (!region || hit.value.depth > region.depth) region = hit.value;
  }

  const phraseIndex = phraseIndexCache.get(dictionaries) ?? synonymPhraseIndex(dictionaries);
  phraseIndexCache.set(dictionaries, phraseIndex);
  const synonymHits = extractLongest(hanText, phraseIndex.phrases, (phrase) => phraseIndex.byPhrase.get(phrase));
  for (const hit of synonymHits.hits) concepts.push(conceptOf(hit.word, hit.value.targets));

  const phrases: string[] = [];
  for (const chunk of synonymHits.rest.split(' ').filter(Boolean)) {
    const kept: string[] = [];
    for (const word of words(chunk)) {
      if (dictionaries.stopwords.has(word)) continue;
      if (dictionaries.questionWords.has(word)) {
        questionWords.push(word);
        continue;
      }
      kept.push(word);
      if (!concepts.some((concept) => concept.text === word)) concepts.push(conceptOf(word, []));
    }
    if (kept.length >= 2) phrases.push(kept.join(''));
  }
  for (const chunk of latinChunks) if (chunk.length >= 2) concepts.push(conceptOf(chunk, []));

  return { normalized, concepts, questionWords, phrases, region, corrections };
}

/** Every string the query can match with (concept texts and targets), for highlighting. */
export function matchStrings(query: UnderstoodQuery): string[] {
  const out = new Set<string>();
  for (const concept of query.concepts) {
    if (concept.latin) continue;
    out.add(concept.text);
    for (const target of concept.targets) out.add(target);
  }
  for (const word of query.questionWords) out.add(word);
  return [...out].sort((a, b) => b.length - a.length);
}
