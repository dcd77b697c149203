/**
 * Text → terms for the assistant's index, reusing the search's jieba segmenter, domain dictionary,
 * wrong-character list, stopwords and colloquial synonyms (config/search), so the assistant and the
 * search understand 身分证 / 公积金取钱 / 上户口 the same way.
 *
 * Documents are segmented as written. Questions are corrected, colloquial phrases are kept and their
 * official targets added at a lower weight (a guess at what was meant counts less than what was typed),
 * stopwords dropped. Question words (收费, 多久, 材料) stay: they pick the passage of a guide.
 */
import type { SearchDictionaries } from '../../search/dictionaries.js';
import { synonymPhraseIndex } from '../../search/query.js';
import { searchTokens } from '../../search/segmenter.js';
import { normalizeText } from '../../search/text.js';

/**
 * A question as concepts: one per word typed, each satisfied by the word, its dictionary parts, or
 * any official term its colloquial phrase stands for (term → weight 0–1). Alternatives are OR: a
 * document scores the best of them, so a long official name does not outweigh the words typed.
 */
export interface QueryTerms {
  concepts: Array<{ alternatives: Map<string, number>; typed: string[]; weight: number }>;
}

/** A synonym target counts this much against a word typed. */
const TARGET_WEIGHT = 0.6;
/** Single characters narrow little (丢, 取, 办). */
const SINGLE_CHAR_WEIGHT = 0.5;

export interface Analyzer {
  documentTerms(text: string): string[];
  queryTerms(question: string): QueryTerms;
}

export function createAnalyzer(dictionaries: SearchDictionaries): Analyzer {
  const phrases = synonymPhraseIndex(dictionaries);
  const kept = (token: string): boolean => !dictionaries.stopwords.has(token);
  return {
    documentTerms(text) {
      return searchTokens(text).filter(kept);
    },
    queryTerms(question) {
      let text = normalizeText(question);
      for (const [wrong, right] of dictionaries.confusions) {
        if (text.includes(wrong)) text = text.split(wrong).join(right);
      }
      const concepts: QueryTerms['concepts'] = [];
      const weightOf = (token: string, weight: number): number =>
        [...token].length === 1 ? weight * SINGLE_CHAR_WEIGHT : weight;
      const concept = (typed: string, parts: string[], targets: string[]): void => {
        // The same word from two overlapping phrases is one concept with both phrases' alternatives.
        let known = concepts.find((c) => c.typed[0] === typed);
        if (!known) {
          known = { alternatives: new Map(), typed: [typed], weight: weightOf(typed, 1) };
          concepts.push(known);
        }
        const { alternatives } = known;
        const put = (token: string, weight: number): void => {
          alternatives.set(token, Math.max(alternatives.get(token) ?? 0, weightOf(token, weight)));
        };
        put(typed, 1);
        parts.forEach((part) => put(part, 1));
        targets.forEach((target) => put(target, TARGET_WEIGHT));
      };
      // cutForSearch emits a word and its parts (居民身份证, 居民, 身份证): the longest words are
      // what was typed, the parts count as the same concept.
      const longestOf = (tokens: string[]): string[] =>
        tokens.filter((token) => !tokens.some((other) => other !== token && other.includes(token)));
      const partsOf = (word: string, tokens: string[]): string[] =>
        tokens.filter((other) => other !== word && word.includes(other) && [...other].length > 1);
      // Phrases longest first; one inside a longer phrase already taken is skipped, but overlapping
      // ones both count (补办身份证: 补办 → 补领, and 办身份证 → 身份证).
      const taken: boolean[] = new Array<boolean>(text.length).fill(false);
      for (const phrase of phrases.phrases) {
        let at = text.indexOf(phrase);
        let used = false;
        while (at >= 0) {
          if (!taken.slice(at, at + phrase.length).every(Boolean)) {
            taken.fill(true, at, at + phrase.length);
            used = true;
          }
          at = text.indexOf(phrase, at + 1);
        }
        if (!used) continue;
        const typed = [...new Set(searchTokens(phrase).filter(kept))];
        const targets = [
          ...new Set(
            (phrases.byPhrase.get(phrase)?.targets ?? []).flatMap((target) => searchTokens(target).filter(kept)),
          ),
        ];
        for (const word of longestOf(typed)) concept(word, partsOf(word, typed), targets);
      }
      const rest = Array.from(text, (_, index) => (taken[index] ? ' ' : text[index])).join('');
      const restTokens = [...new Set(searchTokens(rest).filter(kept))];
      for (const word of longestOf(restTokens)) concept(word, partsOf(word, restTokens), []);
      return { concepts };
    },
  };
}
