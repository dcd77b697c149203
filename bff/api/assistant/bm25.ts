/**
 * A small in-memory BM25 index (Okapi, k1 = 1.2, b = 0.75). The corpus is the curated FAQ base plus
 * one set of passages per distinct item name — a few thousand names however many regional entries
 * share them — so it fits in memory comfortably and scores a question in about a millisecond.
 */
import type { QueryTerms } from './analyze.js';

const K1 = 1.2;
const B = 0.75;
/** BM25 candidates re-ranked by coverage. */
const RERANK_DEPTH = 100;
/** Re-ranking key: score × (COVERAGE_FLOOR + coverage); lower floors lean harder on coverage. */
const COVERAGE_FLOOR = 0.5;

export interface Bm25Hit {
  doc: number;
  score: number;
  /**
   * Share of the question's concepts (IDF-weighted) the document explains (0–1). BM25 scores are not
   * comparable across questions; this is, and it is what tells "nothing here" from "found it".
   */
  coverage: number;
}

export class Bm25Index {
  private readonly postings = new Map<string, Array<[doc: number, tf: number]>>();
  private readonly lengths: number[] = [];
  private readonly termSets: Array<ReadonlySet<string>> = [];
  private readonly avgLength: number;

  constructor(documents: ReadonlyArray<readonly string[]>) {
    documents.forEach((terms, doc) => {
      const counts = new Map<string, number>();
      for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
      for (const [term, tf] of counts) {
        let list = this.postings.get(term);
        if (!list) this.postings.set(term, (list = []));
        list.push([doc, tf]);
      }
      this.lengths.push(terms.length);
      this.termSets.push(new Set(counts.keys()));
    });
    const total = this.lengths.reduce((a, b) => a + b, 0);
    this.avgLength = this.lengths.length > 0 ? Math.max(1, total / this.lengths.length) : 1;
  }

  get size(): number {
    return this.lengths.length;
  }

  /** Inverse document frequency; a term no document holds gets the highest value there is. */
  idf(term: string): number {
    const n = this.lengths.length;
    const df = this.postings.get(term)?.length ?? 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /**
   * Best `limit` documents among those `eligible` admits, best first: BM25 over every term of the
   * question (a term named by several concepts counts once, at its highest weight), then re-ranked
   * by how much of the question each document explains — a guide that repeats one official word
   * many times must not beat the FAQ entry that holds every word asked.
   */
  search(query: QueryTerms, limit: number, eligible: (doc: number) => boolean = () => true): Bm25Hit[] {
    const terms = new Map<string, number>();
    for (const concept of query.concepts) {
      for (const [term, weight] of concept.alternatives) terms.set(term, Math.max(terms.get(term) ?? 0, weight));
    }
    const scores = new Map<number, number>();
    for (const [term, weight] of terms) {
      const idf = this.idf(term);
      for (const [doc, tf] of this.postings.get(term) ?? []) {
        if (!eligible(doc)) continue;
        const norm = tf + K1 * (1 - B + (B * (this.lengths[doc] ?? 0)) / this.avgLength);
        scores.set(doc, (scores.get(doc) ?? 0) + (weight * idf * (tf * (K1 + 1))) / norm);
      }
    }
    const ranked = [...scores].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, RERANK_DEPTH);
    const conceptWeights = query.concepts.map(
      (concept) => concept.weight * Math.max(...concept.typed.map((term) => this.idf(term))),
    );
    const total = conceptWeights.reduce((a, b) => a + b, 0);
    return ranked
      .map(([doc, score]) => {
        const terms = this.termSets[doc] as ReadonlySet<string>;
        let explained = 0;
        query.concepts.forEach((concept, index) => {
          for (const term of concept.alternatives.keys()) {
            if (terms.has(term)) {
              explained += conceptWeights[index] ?? 0;
              break;
            }
          }
        });
        return { doc, score, coverage: total > 0 ? explained / total : 0 };
      })
      .sort(
        (a, b) => b.score * (COVERAGE_FLOOR + b.coverage) - a.score * (COVERAGE_FLOOR + a.coverage) || a.doc - b.doc,
      )
      .slice(0, limit);
  }
}
