/**
 * The word lists under config/search (see its README): parsed once per process. Parsing is split
 * from reading so tests can feed their own lines.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { normalizeText } from './text.js';

export const DEFAULT_DICTIONARY_DIR = fileURLToPath(new URL('../../config/search/', import.meta.url));

export interface Synonym {
  /** The colloquial phrases / abbreviations, normalised (no spaces). */
  phrases: string[];
  /** Official names or name parts; a name containing one of them is what the phrase means. */
  targets: string[];
}

export interface SearchDictionaries {
  /** jieba user dictionary lines (`词 词频`). */
  domainWords: string[];
  synonyms: Synonym[];
  /** Wrong → right, longest wrong form first. */
  confusions: Array<[wrong: string, right: string]>;
  /** Dropped from queries. */
  stopwords: ReadonlySet<string>;
  /** Question words: not a constraint on the name, but a hint for FAQ answers. */
  questionWords: ReadonlySet<string>;
  /** Extra region names → the region's full name (or 上级全称+名称). */
  regionAliases: ReadonlyMap<string, string>;
  /** Short region forms that are ordinary words. */
  blockedRegionShortNames: ReadonlySet<string>;
}

function contentLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter((line) => line !== '');
}

/** Spaces inside a phrase carry no meaning in Chinese; `开 饭店` and `开饭店` are one phrase. */
const phraseKey = (text: string): string => normalizeText(text).replace(/ /g, '');

function splitArrow(line: string, file: string): [string, string] {
  const at = line.indexOf('=>');
  if (at < 0) throw new Error(`config/search/${file}: missing "=>" in line: ${line}`);
  return [line.slice(0, at), line.slice(at + 2)];
}

const alternatives = (side: string): string[] =>
  side
    .split('|')
    .map(phraseKey)
    .filter((value) => value !== '');

export function parseSynonyms(text: string): Synonym[] {
  return contentLines(text).map((line) => {
    const [left, right] = splitArrow(line, 'synonyms.txt');
    const synonym = { phrases: alternatives(left), targets: alternatives(right) };
    if (synonym.phrases.length === 0 || synonym.targets.length === 0) {
      throw new Error(`config/search/synonyms.txt: empty side in line: ${line}`);
    }
    return synonym;
  });
}

export function parseConfusions(text: string): Array<[string, string]> {
  return contentLines(text)
    .map((line): [string, string] => {
      const [wrong, right] = splitArrow(line, 'confusions.txt');
      return [phraseKey(wrong), phraseKey(right)];
    })
    .sort((a, b) => b[0].length - a[0].length);
}

export function parseStopwords(text: string): { stopwords: Set<string>; questionWords: Set<string> } {
  const stopwords = new Set<string>();
  const questionWords = new Set<string>();
  for (const line of contentLines(text)) {
    for (const word of line.split(/\s+/)) {
      if (word.startsWith('~')) questionWords.add(word.slice(1));
      else stopwords.add(word);
    }
  }
  return { stopwords, questionWords };
}

export function parseRegionWords(text: string): { aliases: Map<string, string>; blocked: Set<string> } {
  const aliases = new Map<string, string>();
  const blocked = new Set<string>();
  for (const line of contentLines(text)) {
    if (line.startsWith('-')) blocked.add(phraseKey(line.slice(1)));
    else {
      const [alias, full] = splitArrow(line, 'regions.txt');
      aliases.set(phraseKey(alias), phraseKey(full));
    }
  }
  return { aliases, blocked };
}

export function loadSearchDictionaries(dir: string = DEFAULT_DICTIONARY_DIR): SearchDictionaries {
  const read = (name: string): string => readFileSync(join(dir, name), 'utf8');
  const { stopwords, questionWords } = parseStopwords(read('stopwords.txt'));
  const regions = parseRegionWords(read('regions.txt'));
  return {
    domainWords: contentLines(read('domain-words.txt')),
    synonyms: parseSynonyms(read('synonyms.txt')),
    confusions: parseConfusions(read('confusions.txt')),
    stopwords,
    questionWords,
    regionAliases: regions.aliases,
    blockedRegionShortNames: regions.blocked,
  };
}

let cached: SearchDictionaries | undefined;

/** The dictionaries of config/search, read on first use. */
export function searchDictionaries(): SearchDictionaries {
  cached ??= loadSearchDictionaries();
  return cached;
}
