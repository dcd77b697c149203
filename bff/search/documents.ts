/**
 * The search documents: what a name and an item are findable by, with weights
 *   A  the name: its words and character pairs (营业执 still finds 营业执照 through 营业, 业执)
 *   B  aliases: colloquial phrases of config/search/synonyms.txt that point at the name, the result
 *      certificate (营业执照), pinyin initials and full pinyin
 *   C  guide text: conditions, materials, FAQ, department, legal basis (item documents only)
 */
import type { SearchDictionaries } from './dictionaries.js';
import { DocumentBuilder } from './lexemes.js';
import { namePinyin, pinyinLexemes } from './pinyin.js';
import { searchTokens } from './segmenter.js';
import { bigrams, hasHan, normalizeText } from './text.js';

export interface ItemText {
  code: string;
  name: string;
  deptName: string;
  conditions: string | null;
  resultName: string | null;
  legalBasis: string | null;
  materials: string[];
  faqs: Array<{ question: string; answer: string }>;
}

/** Normalised without spaces: how names, phrases and targets are compared. */
export const compactKey = (text: string): string => normalizeText(text).replace(/ /g, '');

/** Colloquial phrases whose official target the name contains, plus its result certificates. */
export function aliasesOf(name: string, resultNames: readonly string[], dictionaries: SearchDictionaries): string[] {
  const key = compactKey(name);
  const aliases = new Set<string>();
  for (const synonym of dictionaries.synonyms) {
    if (synonym.targets.some((target) => key.includes(target))) {
      for (const phrase of synonym.phrases) aliases.add(phrase);
    }
  }
  for (const result of resultNames) {
    const resultKey = compactKey(result);
    if (resultKey !== '' && resultKey !== key) aliases.add(resultKey);
  }
  return [...aliases];
}

/** Name lexemes depend on the name only; 500,000 entries share a few thousand names. */
const nameLexemeCache = new Map<string, { words: string[]; pinyin: string[] }>();

function nameLexemes(name: string): { words: string[]; pinyin: string[] } {
  let cached = nameLexemeCache.get(name);
  if (!cached) {
    const { initials, full } = pinyinLexemes(name);
    cached = {
      words: [...searchTokens(name), ...bigrams(name)],
      pinyin: [...initials.map((run) => `py:${run}`), ...full.map((run) => `fp:${run}`)],
    };
    if (nameLexemeCache.size > 20_000) nameLexemeCache.clear();
    nameLexemeCache.set(name, cached);
  }
  return cached;
}

const aliasLexemeCache = new Map<string, string[]>();

/** An alias's words, plus its pinyin initials and full pinyin (社保卡 → py:sbk, so `sbk` finds 社会保障卡). */
function aliasLexemes(alias: string): string[] {
  let cached = aliasLexemeCache.get(alias);
  if (!cached) {
    const pinyin = hasHan(alias) ? namePinyin(alias) : undefined;
    cached = [alias, ...searchTokens(alias)];
    if (pinyin && pinyin.initials.length >= 2) cached.push(`py:${pinyin.initials}`, `fp:${pinyin.full}`);
    if (aliasLexemeCache.size > 20_000) aliasLexemeCache.clear();
    aliasLexemeCache.set(alias, cached);
  }
  return cached;
}

function addNameAndAliases(builder: DocumentBuilder, name: string, aliases: readonly string[]): void {
  const lexemes = nameLexemes(name);
  builder.add(lexemes.words, 'A');
  for (const alias of aliases) builder.add(aliasLexemes(alias), 'B');
  builder.add(lexemes.pinyin, 'B');
}

export function nameDocument(name: string, aliases: readonly string[]): string {
  const builder = new DocumentBuilder();
  addNameAndAliases(builder, name, aliases);
  return builder.toLiteral();
}

export function itemDocument(item: ItemText, aliases: readonly string[]): string {
  const builder = new DocumentBuilder();
  addNameAndAliases(builder, item.name, aliases);
  const guide = [
    item.conditions ?? '',
    ...item.materials,
    ...item.faqs.flatMap((faq) => [faq.question, faq.answer]),
    item.deptName,
    item.legalBasis ?? '',
  ];
  for (const text of guide) builder.add(searchTokens(text), 'C');
  return builder.toLiteral();
}
