/**
 * Chinese word segmentation with @node-rs/jieba (native, ~7 M chars/s) and the domain dictionary of
 * config/search/domain-words.txt. Search mode (`cutForSearch`) on both sides: it emits a long word and
 * its dictionary sub-words (居民身份证 → 居民, 身份, 身份证, 居民身份证), so a query for the part finds
 * the whole and the other way round.
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { searchDictionaries } from './dictionaries.js';
import { isIndexable, normalizeText } from './text.js';

let jieba: Jieba | undefined;

function instance(): Jieba {
  if (!jieba) {
    // Loading the dictionary takes ~200 ms: once per process, on first use.
    const created = Jieba.withDict(dict);
    const words = searchDictionaries().domainWords;
    if (words.length > 0) created.loadDict(Buffer.from(words.join('\n') + '\n'));
    jieba = created;
  }
  return jieba;
}

/** Search-mode tokens of normalised text, in order, without separators (duplicates kept). */
export function searchTokens(text: string): string[] {
  const normalized = normalizeText(text);
  if (normalized === '') return [];
  return instance()
    .cutForSearch(normalized, true)
    .map((token) => token.trim())
    .filter(isIndexable);
}

/** Plain segmentation (no sub-words), e.g. 身份证丢了怎么办 → 身份证 / 丢 / 了 / 怎么办. */
export function words(text: string): string[] {
  const normalized = normalizeText(text);
  if (normalized === '') return [];
  return instance()
    .cut(normalized, true)
    .map((token) => token.trim())
    .filter(isIndexable);
}

/**
 * Code-point offsets where a word starts in `text` (as cut, plus the sub-words of long words:
 * 居民身份证 also starts a word at 身份证). `cut` returns a partition of its input, so offsets add up.
 */
export function wordStarts(text: string): number[] {
  const starts = new Set<number>();
  let offset = 0;
  for (const token of instance().cut(text, true)) {
    starts.add(offset);
    for (const sub of instance().cutForSearch(token, true)) {
      const inner = token.indexOf(sub);
      if (inner > 0) starts.add(offset + [...token.slice(0, inner)].length);
    }
    offset += [...token].length;
  }
  return [...starts].sort((a, b) => a - b);
}
