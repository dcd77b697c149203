/**
 * The assistant: a question → the best passage of the curated FAQ base or of an item's guide, with a
 * confidence, its sources, related items and the fallbacks. No HTTP types here.
 *
 * Retrieval is BM25 over jieba terms (analyze.ts, bm25.ts). The index is built on first use and
 * rebuilt when the item library changes: at most every `refreshSeconds` a question checks the count
 * and last indexing time of item_search, and a change starts a rebuild while the old index keeps
 * answering. A departmental or regional page pre-filters: only item names with an entry under the
 * filters (and FAQ entries for that department) can answer.
 *
 * It never composes text of its own: an answer is a passage as written (FAQ answer, guide field),
 * and below the threshold it answers nothing and says so.
 */
import type {
  AssistantAnswer,
  AssistantQuestion,
  AssistantRelatedItem,
  AssistantSource,
} from '../contracts/consultations.js';
import { rankNames } from '../../search/name-ranker.js';
import { type SearchContext, representatives } from '../../search/search-service.js';
import { andClause, filterPredicates, type ResolvedFilters, SqlParams } from '../../search/item-filters.js';
import type { Sql } from '../../store/types.js';
import { createAnalyzer, type Analyzer, type QueryTerms } from './analyze.js';
import { Bm25Index, type Bm25Hit } from './bm25.js';
import type { AssistantConfig } from './config.js';
import { type FaqEntry, loadFaqBase } from './faq-base.js';
import { clip, itemPassages, loadItems, loadRepresentativeItems, type Passage } from './passages.js';
import { confidenceLabel, confidenceOf, type Features, statusOf } from './calibration.js';

export interface AssistantDeps {
  sql: Sql;
  search: SearchContext;
  config: Pick<AssistantConfig, 'hotline' | 'hotlineLabel' | 'refreshSeconds'>;
  /** The curated FAQ base; config/assistant/faq.json when absent. */
  faqs?: FaqEntry[];
  now?: () => number;
}

type Doc = { kind: 'faq'; entry: FaqEntry } | { kind: 'item'; name: string; code: string; passage: Passage };

interface BuiltIndex {
  generation: string;
  docs: Doc[];
  bm25: Bm25Index;
  builtAt: number;
}

/** One ranked answer candidate: what the evaluation compares with the expected FAQ id or item name. */
export interface RankedCandidate {
  faqId: string | null;
  itemName: string | null;
  passageKey: string | null;
  score: number;
  coverage: number;
}

export interface AssistantResult {
  answer: AssistantAnswer;
  /** Distinct FAQ entries / item names, best first (at most 10). */
  ranked: RankedCandidate[];
  /** What the confidence was computed from (null when nothing matched at all): for calibration. */
  features: Features | null;
}

export interface Assistant {
  ask(input: AssistantQuestion): Promise<AssistantResult>;
  /** Builds or rebuilds now (tests, warm-up); questions otherwise build lazily. */
  refresh(): Promise<void>;
}

const CANDIDATES = 30;
const EXCERPT_MAX = 80;
const MAX_SOURCES = 3;
const MAX_RELATED = 4;

function faqIndexText(entry: FaqEntry): string {
  // The question counts twice: what people ask matters more than the words of the answer.
  return [entry.question, entry.question, ...entry.alternates, ...entry.keywords, entry.answer].join(' ');
}

function itemIndexText(name: string, passage: Passage): string {
  return passage.kind === 'item_faq'
    ? [name, passage.title, passage.title, passage.answer].join(' ')
    : [name, name, passage.cues, passage.answer].join(' ');
}

async function generationOf(sql: Sql): Promise<string> {
  const { rows } = await sql.query<{ n: number; at: string | null }>(
    'SELECT count(*)::int AS n, max(indexed_at)::text AS at FROM item_search',
  );
  return `${rows[0]?.n ?? 0}@${rows[0]?.at ?? ''}`;
}

export function createAssistant(deps: AssistantDeps): Assistant {
  const { sql, search, config } = deps;
  const now = deps.now ?? Date.now;
  const faqs = deps.faqs ?? loadFaqBase();
  const analyzer: Analyzer = createAnalyzer(search.dictionaries);
  let current: BuiltIndex | undefined;
  let building: Promise<BuiltIndex> | undefined;
  let checkedAt = 0;
  const namesUnder = new Map<string, { names: Set<string>; generation: string }>();

  async function build(generation: string): Promise<BuiltIndex> {
    const docs: Doc[] = faqs.map((entry) => ({ kind: 'faq', entry }));
    const texts: string[][] = faqs.map((entry) => analyzer.documentTerms(faqIndexText(entry)));
    for (const data of await loadRepresentativeItems(sql)) {
      for (const passage of itemPassages(data)) {
        docs.push({ kind: 'item', name: data.item.name, code: data.item.code, passage });
        texts.push(analyzer.documentTerms(itemIndexText(data.item.name, passage)));
      }
    }
    return { generation, docs, bm25: new Bm25Index(texts), builtAt: now() };
  }

  function rebuild(generation: string): Promise<BuiltIndex> {
    building ??= build(generation)
      .then((index) => (current = index))
      .finally(() => (building = undefined));
    return building;
  }

  async function index(): Promise<BuiltIndex> {
    if (!current) {
      checkedAt = now();
      return rebuild(await generationOf(sql));
    }
    if (now() - checkedAt >= config.refreshSeconds * 1000) {
      checkedAt = now();
      const generation = await generationOf(sql);
      // The old index answers while the new one is built; only the very first question waits.
      if (generation !== current.generation) void rebuild(generation).catch(() => (checkedAt = 0));
    }
    return current;
  }

  async function eligibleNames(filters: ResolvedFilters, generation: string): Promise<Set<string> | null> {
    if (!filters.dept && !filters.region) return null;
    const key = `${filters.dept ?? ''}|${(filters.regionCodes ?? []).join(',')}`;
    const cached = namesUnder.get(key);
    if (cached && cached.generation === generation) return cached.names;
    const params = new SqlParams();
    const { rows } = await sql.query<{ name: string }>(
      `SELECT DISTINCT s.name FROM item_search s WHERE true ${andClause(filterPredicates(filters, params, 's'))}`,
      params.values,
    );
    const names = new Set(rows.map((row) => row.name));
    if (namesUnder.size > 500) namesUnder.clear();
    namesUnder.set(key, { names, generation });
    return names;
  }

  async function deptName(dept: string | undefined): Promise<string | null> {
    if (!dept) return null;
    const { rows } = await sql.query<{ name: string }>(
      'SELECT dept_name AS name FROM items WHERE dept_credit_code = $1 LIMIT 1',
      [dept],
    );
    return rows[0]?.name ?? '';
  }

  /** The entry under the filters for each name (the page's region, else the highest level). */
  async function entriesFor(
    names: string[],
    filters: ResolvedFilters,
  ): Promise<Map<string, { code: string; deptName: string }>> {
    const rows = await representatives(sql, [...new Set(names)], filters, names.length);
    return new Map(rows.map((row) => [row.name, { code: row.code, deptName: row.dept_name }]));
  }

  function fallback(status: AssistantAnswer['status']): AssistantAnswer['fallback'] {
    return { hotline: config.hotline, hotlineLabel: config.hotlineLabel, ticketSuggested: status !== 'answered' };
  }

  function unknown(
    question: string,
    ranked: RankedCandidate[],
    features: Features | null = null,
    confidence = 0,
  ): AssistantResult {
    return {
      answer: {
        question,
        status: 'unknown',
        answer: null,
        confidence,
        confidenceLabel: confidenceLabel(confidence),
        sources: [],
        relatedItems: [],
        fallback: fallback('unknown'),
      },
      ranked,
      features,
    };
  }

  function rankedOf(built: BuiltIndex, hits: Bm25Hit[]): RankedCandidate[] {
    const seen = new Set<string>();
    const out: RankedCandidate[] = [];
    for (const hit of hits) {
      const doc = built.docs[hit.doc] as Doc;
      const key = doc.kind === 'faq' ? `faq:${doc.entry.id}` : `item:${doc.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({
        faqId: doc.kind === 'faq' ? doc.entry.id : null,
        itemName: doc.kind === 'item' ? doc.name : null,
        passageKey: doc.kind === 'item' ? doc.passage.key : null,
        score: +hit.score.toFixed(3),
        coverage: +hit.coverage.toFixed(3),
      });
      if (out.length >= 10) break;
    }
    return out;
  }

  async function ask(input: AssistantQuestion): Promise<AssistantResult> {
    const question = input.question.trim();
    const built = await index();
    const query: QueryTerms = analyzer.queryTerms(question);
    if (query.concepts.length === 0) return unknown(question, []);

    const filters = await search.resolveFilters({
      ...(input.dept ? { dept: input.dept } : {}),
      ...(input.region ? { region: input.region } : {}),
    });
    const names = await eligibleNames(filters, built.generation);
    const pageDept = await deptName(filters.dept);
    const faqAllowed = (entry: FaqEntry): boolean =>
      pageDept === null ||
      entry.deptKeywords.length === 0 ||
      entry.deptKeywords.some((word) => pageDept.includes(word));
    const eligible = (docIndex: number): boolean => {
      const doc = built.docs[docIndex] as Doc;
      return doc.kind === 'faq' ? faqAllowed(doc.entry) : names === null || names.has(doc.name);
    };
    const hits = built.bm25.search(query, CANDIDATES, eligible);
    const ranked = rankedOf(built, hits);
    const top = hits[0];
    if (!top) return unknown(question, ranked);
    const second = hits.find((hit) => {
      const a = built.docs[hit.doc] as Doc;
      const b = built.docs[top.doc] as Doc;
      return (a.kind === 'faq' ? a.entry.id : a.name) !== (b.kind === 'faq' ? b.entry.id : b.name);
    });
    const features: Features = { coverage: top.coverage, score: top.score, runnerUp: second?.score ?? 0 };
    const confidence = confidenceOf(features);
    const status = statusOf(confidence);
    if (status === 'unknown') return unknown(question, ranked, features, confidence);

    // Sources: the answering passage, then up to two more that explain the question nearly as well
    // and are about something else (another FAQ or item).
    const chosen: Bm25Hit[] = [top];
    const keyOf = (hit: Bm25Hit): string => {
      const doc = built.docs[hit.doc] as Doc;
      return doc.kind === 'faq' ? `faq:${doc.entry.id}` : `item:${doc.name}`;
    };
    for (const hit of hits.slice(1)) {
      if (chosen.length >= MAX_SOURCES) break;
      if (hit.coverage < top.coverage * 0.8 || hit.score < top.score * 0.6) continue;
      if (chosen.some((other) => keyOf(other) === keyOf(hit))) continue;
      chosen.push(hit);
    }
    const chosenDocs = chosen.map((hit) => built.docs[hit.doc] as Doc);
    const itemNames = chosenDocs.flatMap((doc) => (doc.kind === 'item' ? [doc.name] : []));
    const relatedNames = chosenDocs.flatMap((doc) => (doc.kind === 'faq' ? doc.entry.items : []));
    const entries = await entriesFor([...itemNames, ...relatedNames], filters);
    const reread = await loadItems(sql, [
      ...new Set(itemNames.map((name) => entries.get(name)?.code).filter((code): code is string => !!code)),
    ]);
    const passagesByCode = new Map(reread.map((data) => [data.item.code, itemPassages(data)]));

    const sources: AssistantSource[] = [];
    let answerText: string | null = null;
    for (const doc of chosenDocs) {
      if (doc.kind === 'faq') {
        sources.push({
          kind: 'faq',
          title: doc.entry.question,
          itemCode: null,
          excerpt: clip(doc.entry.answer, EXCERPT_MAX),
        });
        answerText ??= doc.entry.answer;
        continue;
      }
      const entry = entries.get(doc.name);
      // Gone since the index was built (removed, or not under the filters any more): not a source.
      if (!entry) continue;
      const passage = passagesByCode.get(entry.code)?.find((p) => p.key === doc.passage.key) ?? doc.passage;
      sources.push({
        kind: passage.kind,
        title: passage.kind === 'item_faq' ? passage.title : doc.name,
        itemCode: entry.code,
        excerpt: clip(passage.answer, EXCERPT_MAX),
      });
      answerText ??= passage.answer;
    }
    if (answerText === null) return unknown(question, ranked, features, confidence);

    const related: AssistantRelatedItem[] = [];
    const addRelated = (item: AssistantRelatedItem): void => {
      if (related.length < MAX_RELATED && !related.some((known) => known.code === item.code)) related.push(item);
    };
    for (const name of relatedNames) {
      const entry = entries.get(name);
      if (entry) addRelated({ code: entry.code, name, deptName: entry.deptName });
    }
    if (related.length < MAX_RELATED) {
      // The search's name ranking, without its guide-text fallback: related items are a suggestion,
      // and the full-text scan would double the answer's latency.
      const ranking = await rankNames(sql, await search.understand(question.slice(0, 100)));
      const rows = await representatives(
        sql,
        ranking.names.slice(0, 20).map((ranked) => ranked.name),
        filters,
        MAX_RELATED,
      );
      for (const row of rows) addRelated({ code: row.code, name: row.name, deptName: row.dept_name });
    }

    return {
      answer: {
        question,
        status,
        answer: answerText,
        confidence,
        confidenceLabel: confidenceLabel(confidence),
        sources,
        relatedItems: related,
        fallback: fallback(status),
      },
      ranked,
      features,
    };
  }

  return {
    ask,
    async refresh() {
      checkedAt = now();
      await rebuild(await generationOf(sql));
    },
  };
}
